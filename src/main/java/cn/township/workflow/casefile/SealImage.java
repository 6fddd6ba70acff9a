package cn.township.workflow.casefile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A seal image prepared once for every document the organ issues: its colour and its transparency compressed as a PDF
 * image and soft mask. A document copies the compressed bytes; decoding the PNG and building the mask for every
 * document cost a fifth of a document's CPU (docs/benchmarks.md, issue 21).
 */
public final class SealImage {

  private final int width;
  private final int height;
  private final byte[] colour;
  private final byte[] alpha;

  private SealImage(int width, int height, byte[] colour, byte[] alpha) {
    this.width = width;
    this.height = height;
    this.colour = colour;
    this.alpha = alpha;
  }

  /** The image pixel for pixel: 8-bit RGB and, unless every pixel is opaque, an 8-bit soft mask. */
  public static SealImage of(BufferedImage image) throws IOException {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgb = new byte[argb.length * 3];
    byte[] alpha = new byte[argb.length];
    boolean opaque = true;
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
      alpha[i] = (byte) (argb[i] >>> 24);
      opaque &= alpha[i] == (byte) 0xFF;
    }
    return new SealImage(width, height, deflate(rgb), opaque ? null : deflate(alpha));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The seal as an image of {@code document}, its mask attached: the prepared bytes copied, nothing encoded. */
  PDImageXObject embedIn(PDDocument document) throws IOException {
    PDImageXObject image = new PDImageXObject(document, new ByteArrayInputStream(colour), COSName.FLATE_DECODE, width,
        height, 8, PDDeviceRGB.INSTANCE);
    if (alpha != null) {
      PDImageXObject mask = new PDImageXObject(document, new ByteArrayInputStream(alpha), COSName.FLATE_DECODE, width,
          height, 8, PDDeviceGray.INSTANCE);
      image.getCOSObject().setItem(COSName.SMASK, mask);
    }
    return image;
  }

  private static byte[] deflate(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4);
    try (DeflaterOutputStream zip = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
      zip.write(raw);
    }
    return out.toByteArray();
  }
}
