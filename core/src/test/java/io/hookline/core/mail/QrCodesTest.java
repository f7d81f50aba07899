package io.hookline.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Link;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Quishing: the link sits in a QR code in an image attachment, and the parser reads it. */
class QrCodesTest {

  private static byte[] qrPng(String text) throws Exception {
    BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 240, 240);
    BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }

  private static EmailMessage withImage(byte[] image) throws Exception {
    String raw = "From: IT <it@helpdesk-mail.example>\r\nTo: anna@example.org\r\nSubject: Scan to keep your mailbox\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nScan the code.\r\n"
        + "--b\r\nContent-Type: image/png; name=\"code.png\"\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"code.png\"\r\n\r\n" + Base64.getMimeEncoder().encodeToString(image) + "\r\n--b--\r\n";
    return new MailParser().parse(raw.getBytes(StandardCharsets.US_ASCII), InboundContext.of("q", Instant.EPOCH));
  }

  @Test
  void theAddressInAQrCodeBecomesALinkTheSignalsRead() throws Exception {
    EmailMessage message = withImage(qrPng("https://micros0ft-login.example.top/reset"));
    assertThat(message.getLinks()).extracting(Link::getUrl).contains("https://micros0ft-login.example.top/reset");
    assertThat(message.getLinks().get(0).getAnchorText()).isEqualTo(MailParser.QR_CODE_ANCHOR);
    var vector = new FeatureExtractor(FeatureSpec.CURRENT).extract(message);
    assertThat(vector.value(EngineeredFeature.URL_QR_CODE)).isEqualTo(1);
    assertThat(vector.value(EngineeredFeature.URL_ABUSED_TLD)).isEqualTo(1);
  }

  @Test
  void imagesWithoutACodeOrThatAreNotImagesAddNothing() throws Exception {
    BufferedImage blank = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(blank, "png", png);
    assertThat(withImage(png.toByteArray()).getLinks()).isEmpty();
    assertThat(withImage("not an image at all".getBytes(StandardCharsets.US_ASCII)).getLinks()).isEmpty();
    assertThat(QrCodes.address(qrPng("just some text, no address"))).isNull();
  }

  @Test
  void anImageThatClaimsHugeDimensionsIsNotDecoded() throws Exception {
    byte[] png = qrPng("https://x.example/");
    // the IHDR chunk holds width and height at bytes 16..23: claim 100000 x 100000 pixels
    java.nio.ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
    assertThat(QrCodes.address(png)).isNull();
  }
}
