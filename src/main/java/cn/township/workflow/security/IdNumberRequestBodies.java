package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * The body of every /api request of ours, read: a field other than the designated ones ({@link SensitiveVariables})
 * that holds a resident ID number is refused ({@link IdNumbersOutOfPlace}) before the endpoint runs, whether the
 * endpoint writes it into a case (an application's remarks, a report's facts) or into a table of ours (a rating's
 * comment, a reason, a public comment, a mutual evaluation, a level decision's opinion).
 */
@ControllerAdvice(basePackages = "cn.township.workflow")
public class IdNumberRequestBodies extends RequestBodyAdviceAdapter {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final IdNumbersOutOfPlace outOfPlace;
  private final IdentityService identity;

  public IdNumberRequestBodies(IdNumbersOutOfPlace outOfPlace, IdentityService identity) {
    this.outOfPlace = outOfPlace;
    this.identity = identity;
  }

  @Override
  public boolean supports(MethodParameter parameter, Type targetType,
                          Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                              Class<? extends HttpMessageConverter<?>> converterType) {
    JsonNode read;
    try {
      read = JSON.valueToTree(body);
    } catch (IllegalArgumentException notJson) {
      return body; // a body of ours Jackson cannot write back (none today): the endpoint checks its own fields
    }
    String userId = identity.getCurrentAuthentication() == null ? null
        : identity.getCurrentAuthentication().getUserId();
    if (read.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = read.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        outOfPlace.checkJson(userId, field.getKey(), field.getValue());
      }
    } else {
      outOfPlace.checkJson(userId, "body", read);
    }
    return body;
  }
}
