package cn.township.workflow.casefile;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Seal images from documents/seals/ (demo seals are marked 演示印章), named in documents/organs.csv, each read and
 * prepared once ({@link SealImage}).
 */
@Component
public class ImageSeals implements SealProvider {

  private final Map<String, Optional<SealImage>> cache = new ConcurrentHashMap<>();

  @Override
  public Optional<SealImage> sealFor(Organs.Organ organ) {
    if (organ.seal() == null) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(organ.seal(), file -> {
      ClassPathResource resource = new ClassPathResource("documents/" + file);
      if (!resource.exists()) {
        return Optional.empty();
      }
      try (InputStream in = resource.getInputStream()) {
        BufferedImage image = ImageIO.read(in);
        return image == null ? Optional.empty() : Optional.of(SealImage.of(image));
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    });
  }
}
