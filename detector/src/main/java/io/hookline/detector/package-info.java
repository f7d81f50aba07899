/**
 * The detector service: consumes {@code mail.inbound}, scores messages in batches and produces a
 * {@code Verdict} per message to {@code mail.verdicts} and the monitor's record to {@code
 * mail.inference-log}. Not built yet; the module exists so the build has its final shape.
 */
package io.hookline.detector;
