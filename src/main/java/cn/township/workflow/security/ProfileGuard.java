package cn.township.workflow.security;

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
 * A person's name is the one the administrator gave them: the case file's step record, the supervision figures and the
 * duty records print it as who did what. The engine lets every user rewrite their own profile (first and last name,
 * e-mail) and delete their own account; here only administrators may. Changing one's own password is left to
 * everyone (its own endpoint, with the password policy).
 */
public class ProfileGuard extends EngineCallGuard {

  /** Groups: the engine's name (two), the user. */
  private static final Pattern PROFILE = Pattern.compile(TaskVariableGuard.ENGINE + "/user/([^/]+)/profile/?$");
  private static final Pattern USER = Pattern.compile(TaskVariableGuard.ENGINE + "/user/([^/]+)/?$");
  static final String REFUSAL = "姓名、电子邮箱和账号由系统管理员维护：请联系管理员修改。";

  public ProfileGuard(IdentityService identity) {
    super(identity, Map.of("PUT", PROFILE, "DELETE", USER));
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    if (!Callers.inGroup(caller, Roles.ADMIN_GROUP)) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "AuthorizationException", REFUSAL);
      return;
    }
    chain.doFilter(request, response); // an administrator
  }
}
