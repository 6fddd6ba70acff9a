package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * An authorization is created or changed in Admin, or over the REST API, only as a global authorization or a grant:
 * a REVOKE (type 2), or any type other than 0 and 1, is refused with 400 in Chinese before the engine sees it, and
 * the attempt is recorded ({@link Refusals}). A change ({@code PUT}) cannot turn a grant into a revoke either: the
 * engine would keep the grant without a word, and the administrator would believe a right revoked. Why there are no
 * revokes: {@link RevokeAuthorizations}.
 */
public class AuthorizationTypeGuard extends EngineCallGuard {

  /** Groups: the engine's name (two). */
  private static final Pattern CREATE = Pattern.compile(TaskVariableGuard.ENGINE + "/authorization/create/?$");
  /** Groups: the engine's name (two), the authorization. */
  private static final Pattern UPDATE = Pattern.compile(TaskVariableGuard.ENGINE + "/authorization/([^/]+)/?$");
  /** An authorization's body is a few hundred bytes; a larger one is refused unread. */
  private static final int MAX_BODY = 64 * 1024;

  static final String NOT_JSON = "授权须以 JSON 对象提交（type、permissions、userId 或 groupId、resourceType、resourceId）。"
      + "未作任何修改。";
  static final String NO_TYPE = "请写明授权类型 type：0（全局授权，对所有用户）或 1（授予）。未写类型时引擎会按 0 保存为对所有用户的"
      + "全局授权。未作任何修改。";

  private final Refusals refusals;

  public AuthorizationTypeGuard(IdentityService identity, Refusals refusals) {
    super(identity, Map.of("POST", CREATE, "PUT", UPDATE));
    this.refusals = refusals;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    CachedBody body = new CachedBody(request, MAX_BODY);
    if (!body.whole()) {
      refuse(response, 400, "InvalidRequestException", "提交的授权内容过大（超过 64 KB），未作任何修改。");
      return;
    }
    JsonNode type = body.json().path("type");
    // a change may leave the type out (the engine keeps it); a new authorization names one, 0 or 1
    boolean create = "POST".equals(request.getMethod());
    boolean named = !type.isMissingNode() && !type.isNull();
    if (create && !body.json().isObject()) {
      refuse(response, 400, "InvalidRequestException", NOT_JSON);
      return;
    }
    if (create && !named) {
      // the engine would store it as 0, a global authorization for every user: the type is asked for, not guessed
      refuse(response, 400, "InvalidRequestException", NO_TYPE);
      return;
    }
    if (named && !globalOrGrant(type)) {
      refusals.record(caller.getUserId(), request.getMethod(), request.getRequestURI());
      refuse(response, 400, "InvalidRequestException", RevokeAuthorizations.REFUSAL);
      return;
    }
    chain.doFilter(body, response);
  }

  /** Whether the type sent is one the engine reads as global (0) or grant (1), and nothing else. */
  static boolean globalOrGrant(JsonNode type) {
    String sent = type.isIntegralNumber() ? type.asText() : type.isTextual() ? type.asText().strip() : null;
    return "0".equals(sent) || "1".equals(sent);
  }
}
