#!/usr/bin/env bash
# After `docker compose up`: checks the stack as a user would, with curl only (no kcat, no jq).
# Every service healthy, Prometheus scraping all four, the trainer's API refusing a request without
# its token, and one message through the gateway's Rspamd-compatible API answered with a verdict.
# Exit 0 when all hold; otherwise the first failure is named.
set -uo pipefail
host="${HOOKLINE_HOST:-localhost}"
timeout="${HOOKLINE_SMOKE_TIMEOUT:-180}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok    $*"; }

wait_for() { # name url
  local deadline=$((SECONDS + timeout))
  until curl -fsS -o /dev/null "$2"; do
    ((SECONDS < deadline)) || fail "$1 not healthy at $2 after ${timeout}s (docker compose logs $1)"
    sleep 3
  done
  ok "$1 healthy"
}

wait_for detector "http://$host:9401/healthz"
wait_for monitor "http://$host:9402/healthz"
wait_for trainer "http://$host:9403/healthz"
wait_for gateway "http://$host:9404/healthz"

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$host:9403/retrain" -d '{"reason":"smoke"}')
[[ "$status" == 401 ]] || fail "the trainer's API answered $status without a token (expected 401)"
ok "trainer API refuses a request without its token"

# one message through the gateway, as Rspamd's clients send it; the detector answers once a model serves
message=$'From: "PayPal Support" <service@paypa1-secure.example>\r\nTo: user@example.com\r\nSubject: Your account is limited\r\n\r\nVerify your account within 24 hours or it will be closed: http://paypa1-secure.example/login\r\n'
deadline=$((SECONDS + timeout))
while :; do
  answer=$(printf '%s' "$message" | curl -sS -X POST "http://$host:11333/checkv2" -H 'From: <service@paypa1-secure.example>' \
    -H 'Rcpt: <user@example.com>' -H 'IP: 192.0.2.10' --data-binary @- || true)
  [[ "$answer" == *'"is_skipped":false'* ]] && break
  ((SECONDS < deadline)) || fail "no verdict through the gateway after ${timeout}s; last answer: $answer"
  sleep 5
done
action=$(sed -E 's/.*"action":"([^"]*)".*/\1/' <<<"$answer")
ok "gateway check answered: action \"$action\" ($(grep -oE '"X-Hookline-Verdict":"[^"]*"' <<<"$answer"))"

deadline=$((SECONDS + timeout))
until [[ $(curl -fsS "http://$host:9090/api/v1/targets" | grep -o '"health":"up"' | wc -l) -ge 4 ]]; do
  ((SECONDS < deadline)) || fail "Prometheus does not scrape all four services (http://$host:9090/targets)"
  sleep 5
done
ok "Prometheus scrapes detector, monitor, trainer and gateway"
echo "The stack works."
