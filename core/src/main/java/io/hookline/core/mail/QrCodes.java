package io.hookline.core.mail;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the address a QR code in an image carries: quishing puts the link in a picture so that
 * text scanners never see it. Decoded with ZXing, offline. The image's size is read from its
 * header before any pixel is decoded, so a small file that claims a huge picture is refused
 * instead of filling the heap.
 */
final class QrCodes {
  /** Larger images are not decoded: a phone-scannable code needs far fewer pixels. */
  static final int MAX_PIXELS = 4_000_000;
  static final int MAX_BYTES = 2 * 1024 * 1024;

  private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));

  private QrCodes() {}

  /** The http(s) address the image's QR code holds, or null when there is none or the image cannot be read. */
  static String address(byte[] image) {
    BufferedImage picture = picture(image);
    if (picture == null) {
      return null;
    }
    int width = picture.getWidth();
    int height = picture.getHeight();
    int[] pixels = picture.getRGB(0, 0, width, height, null, 0, width);
    try {
      String text = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))), HINTS).getText();
      String trimmed = text == null ? "" : text.trim();
      return trimmed.regionMatches(true, 0, "http://", 0, 7) || trimmed.regionMatches(true, 0, "https://", 0, 8) ? trimmed : null;
    } catch (ReaderException | RuntimeException e) {
      return null; // no code, or one that does not decode: nothing to report
    }
  }

  private static BufferedImage picture(byte[] image) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        return pixels <= 0 || pixels > MAX_PIXELS ? null : reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null; // a damaged or hostile image is not a QR code we can read
    }
  }
}
