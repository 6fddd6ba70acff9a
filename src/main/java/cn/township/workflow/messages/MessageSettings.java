package cn.township.workflow.messages;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code township.messages}: which gateway sends ({@code log}, the default, or {@code http}), how often the sender
 * looks for due messages, how many it takes at once, and the delay before each attempt (the first usually 0s; after
 * the last attempt fails the message is FAILED). The HTTP gateway's address and credentials come from the environment.
 */
@ConfigurationProperties(prefix = "township.messages")
public record MessageSettings(String gateway, Boolean schedule, Integer batchSize, List<Duration> attemptDelays,
                              Http http) {

  /** A provincial SMS platform: POST JSON {phone, text, reference} to {@code url} with HTTP Basic credentials. */
  public record Http(String url, String username, String password, Duration timeout) {
    public Http {
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
  }

  public MessageSettings {
    gateway = gateway == null || gateway.isBlank() ? "log" : gateway;
    schedule = schedule == null || schedule;
    batchSize = batchSize == null ? 20 : batchSize;
    attemptDelays = attemptDelays == null || attemptDelays.isEmpty()
        ? List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90)) : List.copyOf(attemptDelays);
    http = http == null ? new Http(null, null, null, null) : http;
  }

  public int maxAttempts() {
    return attemptDelays.size();
  }

  /** The wait before attempt {@code n} (1-based): after enqueueing, or after attempt n-1 failed. */
  public Duration delayBefore(int n) {
    return attemptDelays.get(n - 1);
  }
}
