package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.rest.mapper.MultipartFormData;
import org.camunda.bpm.engine.rest.mapper.MultipartPayloadProvider;

/**
 * A task's attachment ({@code POST …/task/{id}/attachment/create}) is a link or a file another clerk opens: its link
 * must be an ordinary web address ({@code http://} or {@code https://}), never {@code javascript:}, {@code data:} or
 * {@code file:}, and its texts fit the engine's columns (a longer one failed in the database, 500). The form is read
 * with Camunda's own multipart reader, so what is checked is what the resource stores. 400 in Chinese, nothing stored.
 */
public class TaskAttachmentGuard extends EngineCallGuard {

  /** Groups: the engine's name (two), the task. */
  private static final Pattern CREATE = Pattern.compile(TaskVariableGuard.ENGINE + "/task/([^/]+)/attachment/create/?$");
  /** A file attached is read whole here before the engine reads it; larger ones are refused unread (413). */
  static final int MAX_BODY = 20 << 20;
  /** An absolute web address without spaces or control characters (a browser drops those and may find another scheme). */
  private static final Pattern WEB_ADDRESS = Pattern.compile("(?i)https?://[^\\s\\p{Cntrl}]+");
  /** The engine's columns (ACT_RU/HI_ATTACHMENT): name and type 255 characters, description and address 4000. */
  private static final Map<String, Integer> LONGEST = Map.of("attachment-name", 255, "attachment-type", 255,
      "attachment-description", 4000, "url", 4000);

  public TaskAttachmentGuard(IdentityService identity) {
    super(identity, Map.of("POST", CREATE));
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    CachedBody body = new CachedBody(request, MAX_BODY);
    Optional<TaskVariableGuard.Refusal> refusal = body.whole() ? refusal(request.getContentType(), body.bytes())
        : Optional.of(new TaskVariableGuard.Refusal(413, "附件过大（超过 20 MB），未作任何修改。"));
    if (refusal.isPresent()) {
      TaskVariableGuard.refuse(response, refusal.get());
      return;
    }
    chain.doFilter(body, response);
  }

  /** Why this form may not be stored as an attachment, or empty (a form that is not multipart is the engine's to refuse). */
  static Optional<TaskVariableGuard.Refusal> refusal(String contentType, byte[] form) {
    MultipartFormData parts;
    try {
      MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
      headers.putSingle("content-type", contentType);
      parts = new MultipartPayloadProvider().readFrom(MultipartFormData.class, MultipartFormData.class, null,
          MediaType.MULTIPART_FORM_DATA_TYPE, headers, new ByteArrayInputStream(form));
    } catch (RuntimeException | IOException notMultipart) {
      return Optional.empty();
    }
    for (Map.Entry<String, Integer> field : LONGEST.entrySet()) {
      MultipartFormData.FormPart part = parts.getNamedPart(field.getKey());
      if (part != null && part.getTextContent() != null && part.getTextContent().length() > field.getValue()) {
        return Optional.of(new TaskVariableGuard.Refusal(400, "附件的" + field.getKey() + "超过 " + field.getValue()
            + " 个字符，未作任何修改。"));
      }
    }
    MultipartFormData.FormPart url = parts.getNamedPart("url");
    // with a file (content) the engine stores the file and ignores the address; without, it stores the address
    if (parts.getNamedPart("content") == null && url != null
        && !WEB_ADDRESS.matcher(url.getTextContent() == null ? "" : url.getTextContent()).matches()) {
      return Optional.of(new TaskVariableGuard.Refusal(400, "附件链接只能是以 http:// 或 https:// 开头的网址"
          + "（不能是 javascript:、data:、file: 等），且不含空格。未作任何修改。"));
    }
    return Optional.empty();
  }
}
