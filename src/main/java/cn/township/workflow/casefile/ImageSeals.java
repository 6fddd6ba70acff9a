package cn.township.workflow.casefile;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Seal images from documents/seals/ (demo seals are marked 演示印章), named in documents/organs.csv. */
@Component
public class ImageSeals implements SealProvider {

  private final Map<String, Optional<String>> cache = new ConcurrentHashMap<>();

  @Override
  public Optional<String> imageFor(Organs.Organ organ) {
    if (organ.seal() == null) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(organ.seal(), file -> {
      ClassPathResource image = new ClassPathResource("documents/" + file);
      if (!image.exists()) {
        return Optional.empty();
      }
      try (InputStream in = image.getInputStream()) {
        return Optional.of("data:image/png;base64," + Base64.getEncoder().encodeToString(indexed(in.readAllBytes())));
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    });
  }

  /**
   * The same image as an indexed PNG (palette with alpha) when it has at most 256 colours, as a seal does: PDFBox copies
   * such a PNG into the PDF as it is, where a true-colour image with alpha is decoded and compressed again for every
   * document (a sixth of a delegated-review case's CPU, docs/benchmarks.md). Lossless; anything else is kept as given.
   */
  static byte[] indexed(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null || image.getColorModel() instanceof IndexColorModel) {
        return png;
      }
      Map<Integer, Integer> palette = new LinkedHashMap<>();
      int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
      for (int pixel : argb) {
        palette.putIfAbsent(pixel, palette.size());
        if (palette.size() > 256) {
          return png;
        }
      }
      byte[] r = new byte[palette.size()];
      byte[] g = new byte[palette.size()];
      byte[] b = new byte[palette.size()];
      byte[] a = new byte[palette.size()];
      palette.forEach((pixel, i) -> {
        a[i] = (byte) (pixel >>> 24);
        r[i] = (byte) (pixel >> 16);
        g[i] = (byte) (pixel >> 8);
        b[i] = (byte) pixel.intValue();
      });
      BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
          new IndexColorModel(8, palette.size(), r, g, b, a));
      byte[] pixels = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < argb.length; i++) {
        pixels[i] = (byte) (int) palette.get(argb[i]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      return ImageIO.write(indexed, "png", out) ? out.toByteArray() : png;
    } catch (IOException | RuntimeException unusual) {
      return png; // the seal as given: slower to embed, never lost
    }
  }
}
