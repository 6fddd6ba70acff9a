package cn.township.workflow.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A provincial SMS platform over HTTP ({@code township.messages.gateway=http}): POSTs
 * {@code {"phone","text","reference"}} as JSON to {@code township.messages.http.url} with HTTP Basic credentials from
 * configuration (the environment, never the repository); any answer but 2xx counts as a failure and is retried.
 * The reference is the message's id, so a platform that deduplicates can drop a resend after a crash.
 */
@Component
@ConditionalOnProperty(prefix = "township.messages", name = "gateway", havingValue = "http")
public class HttpSmsGateway implements SmsGateway {

  private final MessageSettings.Http settings;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  public HttpSmsGateway(MessageSettings settings) {
    this.settings = settings.http();
    if (this.settings.url() == null || this.settings.url().isBlank()) {
      throw new IllegalStateException("township.messages.gateway=http 需要配置 township.messages.http.url");
    }
    this.client = HttpClient.newBuilder().connectTimeout(this.settings.timeout()).build();
  }

  @Override
  public void send(OutgoingMessage message) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url())).timeout(settings.timeout())
        .header("Content-Type", "application/json;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("phone", message.phone(),
            "text", message.text(), "reference", message.id())), StandardCharsets.UTF_8));
    if (settings.username() != null && !settings.username().isBlank()) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (settings.username() + ":" + (settings.password() == null ? "" : settings.password()))
              .getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException("短信平台返回 " + answer.statusCode() + "：" + abbreviate(answer.body()));
    }
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
