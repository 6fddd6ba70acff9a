package cn.township.workflow.system;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors no controller answered (an address that matches nothing, such as an empty segment in /api/cases//…) and
 * requests Tomcat refuses before the application sees them (an encoded "/" or a NUL in the path, a malformed URL…)
 * are answered in Chinese too, as JSON for /api and /engine-rest and as a page elsewhere, never with Tomcat's English
 * page and its version.
 */
@Component
public class ChineseErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      Host host = (Host) context.getParent();
      if (host instanceof StandardHost standard) {
        standard.setErrorReportValveClass(Valve.class.getName());
      }
    });
  }

  /** Spring Boot's error answer (/error) with a Chinese message instead of its English fields. */
  @Component
  public static class Attributes extends DefaultErrorAttributes {
    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
      Map<String, Object> attributes = super.getErrorAttributes(request, options);
      Object status = attributes.get("status");
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("status", status);
      answer.put("message", message(status instanceof Integer code ? code : 500));
      return answer;
    }
  }

  static String message(int status) {
    return switch (status) {
      case 400 -> "请求有误：地址或参数含有不允许的字符。";
      case 401 -> "请先登录。";
      case 403 -> "没有访问权限。";
      case 404 -> "未找到所请求的地址。";
      case 405 -> "不支持此请求方法。";
      case 413 -> "请求内容过大。";
      default -> status < 500 ? "请求有误（" + status + "）。" : "系统内部错误，请联系管理员。";
    };
  }

  /** Tomcat's error report, in Chinese. */
  public static class Valve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      String message = message(status);
      String uri = request.getRequestURI() == null ? "" : request.getRequestURI();
      String accept = request.getHeader("Accept");
      // a request too malformed to have been read (an over-long address) gets JSON, like the API callers it hit
      boolean json = uri.isEmpty() || uri.startsWith("/api") || uri.startsWith("/engine-rest") || uri.startsWith("/camunda/api")
          || accept != null && accept.contains("json");
      try {
        response.setContentType(json ? "application/json" : "text/html");
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(json ? "{\"status\":" + status + ",\"message\":\"" + message + "\"}"
              : "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + status
                  + "</title></head><body><h1>" + message + "</h1></body></html>");
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException ignored) {
        // the client has gone: nothing to answer
      }
    }
  }
}
