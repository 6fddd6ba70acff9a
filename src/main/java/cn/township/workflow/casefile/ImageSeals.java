package cn.township.workflow.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
        return Optional.of("data:image/png;base64," + Base64.getEncoder().encodeToString(in.readAllBytes()));
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    });
  }
}
