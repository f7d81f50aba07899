package io.hookline.core.features;

/** Where a token came from; part of its hash, so "verify" in a subject and in a body differ. */
public enum TokenField {
  SUBJECT("s", "in the subject"),
  BODY("b", "in the body"),
  URL_HOST("uh", "as a link's host"),
  URL_DOMAIN("ud", "as a link's domain"),
  URL_PATH("up", "in a link's path"),
  FROM_DOMAIN("fd", "as the sender's domain"),
  ROUTE_DOMAIN("rd", "as a relay's domain"),
  MESSAGE_ID_DOMAIN("md", "as the Message-ID's domain"),
  REPLY_DOMAIN("rt", "as the Reply-To or Return-Path domain"),
  MAILER("xm", "in the mail program's name"),
  CONTENT_TYPE("ct", "as the message's content type"),
  ATTACHMENT_TYPE("at", "as an attachment's type");

  final String prefix;
  final String where;
  /** The hash state after the prefix, computed once. */
  final long startHash;

  TokenField(String prefix, String where) {
    this.prefix = prefix;
    this.where = where;
    this.startHash = TokenHash.startOf(prefix);
  }

  /** The short name that prefixes the field's tokens: "s" for the subject, "rd" for relays. */
  public String prefix() {
    return prefix;
  }

  /** The field with that prefix, or null. */
  public static TokenField byPrefix(String prefix) {
    for (TokenField field : values()) {
      if (field.prefix.equals(prefix)) {
        return field;
      }
    }
    return null;
  }

  /** How a reason names the field: "in the subject". */
  public String where() {
    return where;
  }
}
