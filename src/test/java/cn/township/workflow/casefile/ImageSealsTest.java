package cn.township.workflow.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.color.PDIndexed;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

/** A seal is embedded as an indexed PNG PDFBox copies as it is, pixel for pixel the seal the office gave. */
class ImageSealsTest {

  static final Path SEAL = Path.of("documents", "seals", "qingshan.png");

  @Test
  void theSealBecomesAnIndexedPngWithTheSamePixels() throws IOException {
    byte[] given = Files.readAllBytes(SEAL);
    BufferedImage original = ImageIO.read(new ByteArrayInputStream(given));
    assertThat(original.getColorModel()).as("the demo seal is true colour with alpha").isNotInstanceOf(
        IndexColorModel.class);

    byte[] prepared = ImageSeals.indexed(given);
    BufferedImage indexed = ImageIO.read(new ByteArrayInputStream(prepared));
    assertThat(indexed.getColorModel()).isInstanceOf(IndexColorModel.class);
    assertThat(indexed.getWidth()).isEqualTo(original.getWidth());
    assertThat(indexed.getHeight()).isEqualTo(original.getHeight());
    for (int y = 0; y < original.getHeight(); y++) {
      for (int x = 0; x < original.getWidth(); x++) {
        assertThat(indexed.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(original.getRGB(x, y));
      }
    }
  }

  @Test
  void pdfboxEmbedsThePreparedSealWithoutEncodingItAgain() throws IOException {
    byte[] given = Files.readAllBytes(SEAL);
    try (PDDocument document = new PDDocument()) {
      PDImageXObject asGiven = PDImageXObject.createFromByteArray(document, given, "seal");
      PDImageXObject prepared = PDImageXObject.createFromByteArray(document, ImageSeals.indexed(given), "seal");
      assertThat(asGiven.getColorSpace()).as("decoded and encoded again (LosslessFactory)")
          .isNotInstanceOf(PDIndexed.class);
      assertThat(prepared.getColorSpace()).as("the PNG's own data, copied (PNGConverter)").isInstanceOf(PDIndexed.class);
      assertThat(prepared.getCOSObject().getCOSDictionary(org.apache.pdfbox.cos.COSName.SMASK))
          .as("its transparency").isNotNull();
    }
  }

  @Test
  void anImageOfMoreThan256ColoursIsKeptAsGiven() throws IOException {
    BufferedImage photo = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < 32 * 32; i++) {
      photo.setRGB(i % 32, i / 32, 0xFF000000 | i * 97);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(photo, "png", out);
    assertThat(ImageSeals.indexed(out.toByteArray())).isEqualTo(out.toByteArray());
  }
}
