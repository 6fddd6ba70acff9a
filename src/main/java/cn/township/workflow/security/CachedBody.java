package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body read once by a filter (a login form, a password check: at most 8 KB are kept, to learn the user id;
 * a task's submission: {@link TaskVariableGuard}), then handed on unread to Camunda's resource.
 */
final class CachedBody extends HttpServletRequestWrapper {

  /** The guards' one reader and writer of JSON (thread-safe once configured), not a new one per body. */
  static final ObjectMapper JSON = new ObjectMapper();
  /** {@link #JSON} that refuses a name twice in one object. */
  private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  /** Jackson's words for it, with the name. */
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private final byte[] body;
  private final boolean whole;

  CachedBody(HttpServletRequest request) throws IOException {
    this(request, 8192);
  }

  /** The body's first {@code limit} bytes ({@link #whole} says whether that was all of it). */
  CachedBody(HttpServletRequest request, int limit) throws IOException {
    super(request);
    byte[] read = request.getInputStream().readNBytes(limit + 1);
    this.whole = read.length <= limit;
    this.body = whole ? read : java.util.Arrays.copyOf(read, limit);
  }

  /** Whether the body was no longer than the limit, so what is kept is all of it. */
  boolean whole() {
    return whole;
  }

  /** The bytes kept. */
  byte[] bytes() {
    return body;
  }

  /** The body as JSON, or a missing node where it is empty or not JSON. */
  JsonNode json() {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    } catch (IOException notJson) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /**
   * The name a JSON object of the body has twice ({@code {"type": "startBeforeActivity", …, "type": "cancel"}}), if any.
   * Camunda's reader takes an instruction's type from the first, a tree (what the guards read) keeps the last: a guard
   * that reads such a body judges another call than the engine makes. Empty for a body without one, or not JSON.
   */
  Optional<String> repeatedName() {
    try {
      if (body.length > 0) {
        STRICT.readTree(body);
      }
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException failed) {
      Matcher repeated = DUPLICATE.matcher(String.valueOf(failed.getOriginalMessage()));
      return repeated.lookingAt() ? Optional.of(repeated.group(1)) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /**
   * The first field {@code name} of a form (application/x-www-form-urlencoded), or "" where there is none. The name is
   * decoded as the value is, as the webapps' form reader does: {@code user%6Eame} is {@code username}.
   */
  String formField(String name) {
    for (String field : new String(body, StandardCharsets.UTF_8).split("&")) {
      int equals = field.indexOf('=');
      try {
        if (equals >= 0 && URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
          return URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException malformed) {
        // not a field the form reader takes either
      }
    }
    return "";
  }

  /** A text field of a JSON object, or "" where there is none or the body is not JSON. */
  String jsonField(String name) {
    try {
      JsonNode node = JSON.readTree(body).path(name);
      return node.isTextual() ? node.asText() : "";
    } catch (IOException notJson) {
      return "";
    }
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("synchronous reads only");
      }

      @Override
      public int read() {
        return in.read();
      }
    };
  }
}
