package cn.township.workflow.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.blend.BlendMode;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seal is prepared once and copied into each document pixel for pixel, and stamped over the box the template gives
 * it (id tw-seal), on the page where that box falls.
 */
class SealImageTest {

  static final Path SEAL = Path.of("documents", "seals", "qingshan.png");
  static DocumentRenderer renderer;
  static BufferedImage given;

  @BeforeAll
  static void read() throws IOException {
    renderer = new DocumentRenderer();
    given = ImageIO.read(SEAL.toFile());
  }

  @Test
  void theEmbeddedSealHasTheGivenPixelsAndTransparency() throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDImageXObject embedded = SealImage.of(given).embedIn(document);
      assertThat(embedded.getCOSObject().getCOSStream(COSName.SMASK)).as("its transparency").isNotNull();
      BufferedImage back = embedded.getImage();
      assertThat(back.getWidth()).isEqualTo(given.getWidth());
      assertThat(back.getHeight()).isEqualTo(given.getHeight());
      int transparent = 0;
      for (int y = 0; y < given.getHeight(); y++) {
        for (int x = 0; x < given.getWidth(); x++) {
          int expected = given.getRGB(x, y);
          int actual = back.getRGB(x, y);
          assertThat(actual >>> 24).as("alpha at %d,%d", x, y).isEqualTo(expected >>> 24);
          if (expected >>> 24 == 0) {
            transparent++;
          } else {
            assertThat(actual & 0xFFFFFF).as("colour at %d,%d", x, y).isEqualTo(expected & 0xFFFFFF);
          }
        }
      }
      assertThat(transparent).as("the demo seal is a round stamp on a transparent square").isPositive();
    }
  }

  @Test
  void anOpaqueImageNeedsNoMask() throws IOException {
    BufferedImage opaque = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    opaque.setRGB(3, 3, 0xCC0000);
    try (PDDocument document = new PDDocument()) {
      PDImageXObject embedded = SealImage.of(opaque).embedIn(document);
      assertThat(embedded.getCOSObject().getCOSStream(COSName.SMASK)).isNull();
      assertThat(embedded.getImage().getRGB(3, 3) & 0xFFFFFF).isEqualTo(0xCC0000);
    }
  }

  /** A page without margins and a 50 × 60 pt box 100 pt from the left and 200 pt from the top, after {@code before}. */
  static String page(String before) {
    return "<html><head><style>@page { size: A4; margin: 0 } body { margin: 0; font-family: CJK }"
        + " .box { position: absolute; left: 100pt; top: 200pt; width: 50pt; height: 60pt }"
        + " .holder { position: relative; height: 300pt; page-break-inside: avoid }</style></head><body>" + before
        + "<div class=\"holder\"><div class=\"box\" id=\"tw-seal\"></div></div></body></html>";
  }

  @Test
  void theSealIsStampedOverItsBoxWithInkBlending() throws IOException {
    SealImage seal = SealImage.of(given);
    assertThat(stamps(render(page(""), null))).as("no seal given: nothing stamped").isEmpty();

    byte[] pdf = render(page(""), seal);
    assertThat(stamps(pdf)).singleElement().satisfies(stamp -> {
      assertThat(stamp.page()).isZero();
      assertThat(stamp.x()).isCloseTo(100, within(0.5f));
      assertThat(stamp.y()).as("from the page's bottom").isCloseTo(841.9f - 200 - 60, within(0.5f));
      assertThat(stamp.width()).isCloseTo(50, within(0.5f));
      assertThat(stamp.height()).isCloseTo(60, within(0.5f));
      assertThat(stamp.blend()).isEqualTo(BlendMode.MULTIPLY);
    });
  }

  @Test
  void aBoxOnTheSecondPageGetsTheSealThereAndNowhereElse() throws IOException {
    byte[] pdf = render(page("<div style=\"height: 700pt\">正文</div>"), SealImage.of(given));
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(2);
    }
    assertThat(stamps(pdf)).singleElement().satisfies(stamp -> {
      assertThat(stamp.page()).isEqualTo(1);
      assertThat(stamp.y()).isCloseTo(841.9f - 200 - 60, within(0.5f));
    });
  }

  @Test
  void withoutABoxThereIsNoSeal() throws IOException {
    byte[] pdf = render("<html><body><p>无印章位置</p></body></html>", SealImage.of(given));
    assertThat(stamps(pdf)).isEmpty();
  }

  private static byte[] render(String xhtml, SealImage seal) throws IOException {
    // the renderer keeps a template once compiled: one file per page
    String name = "seal-test-" + Integer.toHexString(xhtml.hashCode()) + ".html";
    Path template = Path.of("target", "test-classes", "documents", name);
    Files.createDirectories(template.getParent());
    Files.writeString(template, xhtml);
    return renderer.pdf(name, java.util.Map.of(), seal).bytes();
  }

  record Stamp(int page, float x, float y, float width, float height, BlendMode blend) {}

  /** Every image drawn in the PDF, with the page, place and size it is drawn at. */
  static List<Stamp> stamps(byte[] pdf) throws IOException {
    List<Stamp> stamps = new ArrayList<>();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      for (int i = 0; i < document.getNumberOfPages(); i++) {
        int pageNo = i;
        PDPage page = document.getPage(i);
        new PDFGraphicsStreamEngine(page) {
          @Override
          public void drawImage(PDImage image) {
            Matrix at = getGraphicsState().getCurrentTransformationMatrix();
            stamps.add(new Stamp(pageNo, at.getTranslateX(), at.getTranslateY(), at.getScalingFactorX(),
                at.getScalingFactorY(), getGraphicsState().getBlendMode()));
          }

          @Override public void appendRectangle(java.awt.geom.Point2D p0, java.awt.geom.Point2D p1,
                                                java.awt.geom.Point2D p2, java.awt.geom.Point2D p3) {}
          @Override public void clip(int windingRule) {}
          @Override public void moveTo(float x, float y) {}
          @Override public void lineTo(float x, float y) {}
          @Override public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}
          @Override public java.awt.geom.Point2D getCurrentPoint() {
            return new java.awt.geom.Point2D.Float();
          }
          @Override public void closePath() {}
          @Override public void endPath() {}
          @Override public void strokePath() {}
          @Override public void fillPath(int windingRule) {}
          @Override public void fillAndStrokePath(int windingRule) {}
          @Override public void shadingFill(COSName shadingName) {}
        }.processPage(page);
      }
    }
    return stamps;
  }
}
