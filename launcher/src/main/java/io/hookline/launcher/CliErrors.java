package io.hookline.launcher;

import io.hookline.core.config.ConfigException;
import io.hookline.core.mail.MailParseException;
import io.hookline.schemas.registry.SchemaRegistryException;
import io.hookline.schemas.registry.SchemaRegistryUnavailableException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How every {@code hookline} verb fails: one line that says what is wrong and, for a usage error,
 * one line that says where the help is; never a stack trace for something the user can mend (set
 * {@code HOOKLINE_TRACE=1} to see one). Exit codes follow sysexits(3), the same for every verb:
 *
 * <pre>
 *  0  done                        64  usage: an unknown flag, a malformed value
 *  1  the command's "no" (a       65  the input or what was asked for does not fit the data
 *     PHISHING verdict, goals         (not mail, an unknown model version, nothing to roll back)
 *     not met)                    66  an input file is missing or unreadable
 * 69  Kafka, the registry or      70  an internal error (a bug: please report it)
 *     another service unreachable 75  try again later (submit: no verdict in time)
 * 78  a setting is wrong
 * </pre>
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  public static final int USAGE = 64;
  public static final int DATA = 65;
  public static final int NO_INPUT = 66;
  public static final int UNAVAILABLE = 69;
  public static final int INTERNAL = 70;
  public static final int CONFIG = 78;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    int declared = command.getCommandSpec().exitCodeOnInvalidInput();
    return declared == CommandLine.ExitCode.USAGE ? USAGE : declared;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    if (e instanceof ParameterException usage) {
      return handleParseException(usage, parsed.originalArgs().toArray(String[]::new));
    }
    int code = exitCode(e);
    if ((code == INTERNAL || code == UNAVAILABLE) && command.getCommandSpec().exitCodeOnExecutionException() != CommandLine.ExitCode.SOFTWARE) {
      code = command.getCommandSpec().exitCodeOnExecutionException(); // a verb's own contract (submit: 75)
    }
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
    if ("1".equals(System.getenv("HOOKLINE_TRACE"))) {
      e.printStackTrace(err);
    } else if (code == INTERNAL) {
      err.println("This is a bug in Hookline; HOOKLINE_TRACE=1 shows where it happened.");
    }
    err.flush();
    return code;
  }

  /** The exit code a failure means. */
  static int exitCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException || t instanceof FileNotFoundException || t instanceof AccessDeniedException) {
        return NO_INPUT;
      }
      if (t instanceof ConfigException || t instanceof org.apache.kafka.common.config.ConfigException) {
        return CONFIG;
      }
      if (t instanceof SchemaRegistryUnavailableException || t instanceof org.apache.kafka.common.errors.TimeoutException
          || t instanceof java.net.ConnectException) {
        return UNAVAILABLE;
      }
      if (t instanceof SchemaRegistryException || t instanceof org.apache.kafka.common.errors.AuthenticationException
          || t instanceof org.apache.kafka.common.errors.AuthorizationException) {
        return CONFIG; // refused credentials or permissions: a setting to mend
      }
      if (t instanceof MailParseException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
        return DATA;
      }
    }
    return INTERNAL;
  }

  /** What went wrong, in one line: the file for a missing file, the message otherwise. */
  static String describe(Throwable failure) {
    Throwable root = failure instanceof UncheckedIOException && failure.getCause() != null ? failure.getCause() : failure;
    if (root instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (root instanceof AccessDeniedException denied) {
      return "cannot read " + denied.getFile() + " (permission denied)";
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    return message.lines().findFirst().orElse(message);
  }
}
