package cn.township.workflow.system;

import cn.township.workflow.security.PersonalData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Our /api answers every failure with a Chinese message in JSON, never a stack trace. */
@RestControllerAdvice(basePackages = "cn.township.workflow")
public class ApiErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);

  @ExceptionHandler(Exception.class)
  public ResponseEntity<Map<String, Object>> handle(Exception thrown) {
    RejectedInputException rejected = find(thrown, RejectedInputException.class);
    if (rejected != null) {
      return answer(HttpStatus.BAD_REQUEST, rejected.getMessage(), rejected.field());
    }
    if (find(thrown, AuthorizationException.class) != null) {
      return answer(HttpStatus.FORBIDDEN, EngineRestErrors.FORBIDDEN, null);
    }
    ProcessEngineException engine = find(thrown, ProcessEngineException.class);
    if (engine != null && engine.getMessage() != null
        && engine.getMessage().startsWith(EngineRestErrors.TENANT_CHECK_CODE)) {
      return answer(HttpStatus.NOT_FOUND, EngineRestErrors.OTHER_TOWNSHIP, null);
    }
    // two callers or nodes writing the same row of our tables at once (a message's number, a sequence): the unique key
    // refused the second, whose whole transaction was rolled back
    if (find(thrown, OptimisticLockingException.class) != null
        || find(thrown, org.springframework.dao.DuplicateKeyException.class) != null) {
      // two callers (or two cluster nodes) changed the same case at once; the loser's transaction was rolled back
      return answer(HttpStatus.CONFLICT, EngineRestErrors.CONCURRENT_CHANGE, null);
    }
    if (thrown instanceof HttpMessageNotReadableException) {
      return answer(HttpStatus.BAD_REQUEST, "请求内容不是有效的 JSON。", null);
    }
    if (thrown instanceof MethodArgumentTypeMismatchException mismatch) {
      return answer(HttpStatus.BAD_REQUEST, "参数“" + mismatch.getName() + "”的格式不正确。", mismatch.getName());
    }
    if (thrown instanceof ErrorResponse spring) {
      HttpStatus status = HttpStatus.valueOf(spring.getStatusCode().value());
      if (thrown instanceof ResponseStatusException withReason && withReason.getReason() != null) {
        return answer(status, withReason.getReason(), null);
      }
      return answer(status, switch (status) {
        case NOT_FOUND -> "未找到所请求的地址。";
        case METHOD_NOT_ALLOWED -> "不支持此请求方法。";
        case UNSUPPORTED_MEDIA_TYPE -> "请以 JSON（application/json）提交。";
        default -> "请求有误（" + status.value() + "）。";
      }, null);
    }
    if (find(thrown, NotFoundException.class) != null || find(thrown, NullValueException.class) != null) {
      return answer(HttpStatus.NOT_FOUND, "未找到所请求的案件或流程。", null);
    }
    if (find(thrown, BadUserRequestException.class) != null) {
      return answer(HttpStatus.BAD_REQUEST, "请求有误：" + thrown.getMessage(), null);
    }
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("Unhandled error, reference {}", reference, thrown);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, "系统内部错误，请联系管理员（错误编号 " + reference + "）。", null);
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("message", PersonalData.mask(message));
    if (field != null) {
      body.put("field", field);
    }
    return ResponseEntity.status(status).body(body);
  }

  /** The first of {@code thrown} and its causes that is a {@code type}, or null (also for the engine API's errors). */
  static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
