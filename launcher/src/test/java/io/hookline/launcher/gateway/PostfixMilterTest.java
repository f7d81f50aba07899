package io.hookline.launcher.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.Label;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.gateway.GatewayConfig;
import io.hookline.gateway.GatewayService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix in front of the gateway, as on a gateway host: mail sent over SMTP passes Postfix's
 * {@code smtpd_milters} to the gateway, the detector scores it through the topics, and Postfix
 * delivers a legitimate message with Hookline's headers, refuses a phishing one with 550 where
 * the policy says reject, and holds it in its hold queue where the policy says quarantine.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PostfixMilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void postfixDeliversHamWithHeadersAndRejectsOrHoldsPhishingAsConfigured(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    try (SmtpSink sink = new SmtpSink();
        LiveGateway live = LiveGateway.start(stack, "gw-postfix.", dir.resolve("store"), Map.of("gateway.action.phishing", "reject"));
        PostfixInstance postfix = PostfixInstance.start(live.gateway().milterPort(), sink.port())) {
      CorpusExample ham = firstScoredAs(live, Label.LEGITIMATE);
      CorpusExample phishing = firstScoredAs(live, Label.PHISHING);

      // a sender's own X-Spam-Flag must not survive next to Hookline's
      byte[] forged = ("X-Spam-Flag: YES\n" + asSent(ham.raw())).getBytes(StandardCharsets.ISO_8859_1);
      SmtpReply accepted = send(postfix.smtpPort(), forged);
      assertThat(accepted.code()).as(accepted.text() + "\n" + postfix.log()).isEqualTo(250);
      String delivered = sink.delivered().poll(60, TimeUnit.SECONDS);
      assertThat(delivered).as("delivered by Postfix to the next hop\n" + postfix.log()).isNotNull();
      String headers = delivered.substring(0, delivered.indexOf("\r\n\r\n"));
      assertThat(headers).contains("X-Spam-Flag: NO", "X-Spam-Status: No, score=", "X-Hookline-Verdict: LEGITIMATE",
          "X-Hookline-Model: phish/v1", "X-Hookline-Id: ").doesNotContain("X-Spam-Flag: YES");

      SmtpReply refused = send(postfix.smtpPort(), phishing.raw());
      assertThat(refused.code()).as(refused.text()).isEqualTo(550);
      assertThat(refused.text()).contains("5.7.1").contains("phishing");
      assertThat(sink.delivered().poll(2, TimeUnit.SECONDS)).as("nothing refused is delivered").isNull();

      // a second gateway instance that quarantines: Postfix moved to it holds the phishing message
      Map<String, String> quarantine = new HashMap<>(live.settings());
      quarantine.put("gateway.action.phishing", "quarantine");
      try (GatewayService holding = GatewayService.start(GatewayConfig.from(ConfigSource.of(quarantine)))) {
        await().atMost(Duration.ofSeconds(30)).until(holding::ready);
        postfix.useMilter(holding.milterPort());
        SmtpReply held = send(postfix.smtpPort(), phishing.raw());
        assertThat(held.code()).as(held.text() + "\n" + postfix.log()).isEqualTo(250);
        await().atMost(Duration.ofSeconds(30)).until(() -> !postfix.held().isEmpty());
        assertThat(sink.delivered().poll(2, TimeUnit.SECONDS)).as("a held message is not delivered").isNull();
      }
    }
  }

  /** The first shipped message the live detector scores with {@code label}, asked through the gateway's JSON API. */
  private static CorpusExample firstScoredAs(LiveGateway live, Label label) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    for (CorpusExample example : corpus.stream().filter(e -> e.label() == label).skip(3).limit(20).toList()) {
      String answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.gateway().checkPort() + "/v1/check"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(example.raw())).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (label.name().equals(JSON.readTree(answer).path("label").asText())) {
        return example;
      }
    }
    throw new AssertionError("no shipped " + label + " message among 20 is scored " + label);
  }

  record SmtpReply(int code, String text) {}

  /** Sends one message as a mail client does and returns the reply to its end of data. */
  private static SmtpReply send(int port, byte[] raw) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      expect(in, 220);
      command(out, "EHLO client.example.org");
      expect(in, 250);
      command(out, "MAIL FROM:<sender@example.org>");
      expect(in, 250);
      command(out, "RCPT TO:<user@example.com>");
      expect(in, 250);
      command(out, "DATA");
      expect(in, 354);
      String text = asSent(raw);
      StringBuilder data = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
      }
      out.write(data.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      SmtpReply reply = read(in);
      command(out, "QUIT");
      return reply;
    }
  }

  /** A corpus message as an SMTP client sends it: LF line ends here (CRLF on the wire), without an mbox separator. */
  private static String asSent(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    return text.startsWith("From ") ? text.substring(text.indexOf('\n') + 1) : text;
  }

  private static void command(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void expect(BufferedReader in, int code) throws IOException {
    SmtpReply reply = read(in);
    if (reply.code() != code) {
      throw new AssertionError("expected SMTP " + code + ", got " + reply.text());
    }
  }

  private static SmtpReply read(BufferedReader in) throws IOException {
    StringBuilder text = new StringBuilder();
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("the SMTP server closed the connection after: " + text);
      }
      text.append(line).append('\n');
    } while (line.length() > 3 && line.charAt(3) == '-');
    return new SmtpReply(Integer.parseInt(line.substring(0, 3)), text.toString().strip());
  }
}
