package io.hookline.gateway.check;

/**
 * What the mail server is told to do with a message, and how each front end says it: the milter
 * reply and Rspamd's action name (which Exim, Haraka and rspamd-proxy act on).
 */
public enum Action {
  /** Deliver unchanged but for Hookline's headers. */
  ACCEPT("no action"),
  /** Deliver with headers that mark it as phishing, for the user's filters to sort. */
  ADD_HEADER("add header"),
  /** Hold it for an operator (Postfix's hold queue); Rspamd has no such action, so its clients add headers. */
  QUARANTINE("add header"),
  /** Refuse it with a permanent SMTP error: the sender learns that it bounced. */
  REJECT("reject"),
  /** Refuse it for now: the sending server tries again later. */
  TEMPFAIL("soft reject");

  private final String rspamdName;

  Action(String rspamdName) {
    this.rspamdName = rspamdName;
  }

  /** The {@code action} of Rspamd's {@code /checkv2} answer. */
  public String rspamdName() {
    return rspamdName;
  }
}
