package cn.township.workflow.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.DuplicateKeyException;
import org.camunda.bpm.engine.ProcessEngineException;
import cn.township.workflow.security.PersonalData;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * Where Camunda's REST (/engine-rest) would answer 500 or an English refusal, an answer the caller can act on, in
 * Chinese: a lost race (two clerks or two cluster nodes completing the same task) is 409; a case of another township
 * (the engine's tenant check, ENGINE-13034) is 404, so that its existence does not leak; a missing permission is 403;
 * a password the policy refuses is 400;
 * a model or decision table refused as code ({@link RefusedModelException}) is 400. The engine reaches Jersey either
 * as itself or wrapped into a RestException (task completion, form submission); both mappers are chosen over
 * Camunda's by priority. Every other error keeps Camunda's answer.
 */
public final class EngineRestErrors {

  public static final String CONCURRENT_CHANGE = "此案件刚被他人（或另一台服务器）同时办理，本次操作未生效：请刷新后查看最新状态。";
  static final String OTHER_TOWNSHIP = "未找到所请求的案件或任务（或它不属于您所在的乡镇）。";
  static final String FORBIDDEN = "您没有办理此项操作的权限。";
  static final String WEAK_PASSWORD = "密码不符合密码策略：至少 10 个字符，含大写字母、小写字母、数字和符号，且不能包含用户名或姓名。";
  /** The engine's refusal of a new or changed password (SaveUserCmd), a plain ProcessEngineException. */
  static final String POLICY_REFUSAL = "Password does not match policy";
  /** The engine's refusal of a command on an instance of a tenant the caller does not belong to. */
  static final String TENANT_CHECK_CODE = "ENGINE-13034";

  private EngineRestErrors() {
  }

  /** Our answer for this failure, or null where Camunda's stands. */
  static Response answer(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof OptimisticLockingException || cause instanceof DuplicateKeyException) {
        return respond(Response.Status.CONFLICT, "OptimisticLockingException", CONCURRENT_CHANGE, cause);
      }
      if (cause instanceof RejectedInputException) {
        // our delegates' and the tenant provider's refusal of what was entered: its message is Chinese and ours
        return respond(Response.Status.BAD_REQUEST, "RejectedInput", PersonalData.mask(cause.getMessage()), null);
      }
      if (cause instanceof RefusedModelException) {
        return respond(Response.Status.BAD_REQUEST, "RefusedModelException", cause.getMessage(), null);
      }
      if (cause instanceof AuthorizationException) {
        return respond(Response.Status.FORBIDDEN, "AuthorizationException", FORBIDDEN, cause);
      }
      if (cause instanceof ProcessEngineException && POLICY_REFUSAL.equals(cause.getMessage())) {
        return respond(Response.Status.BAD_REQUEST, "PasswordPolicyException", WEAK_PASSWORD, null);
      }
      if (cause instanceof ProcessEngineException && cause.getMessage() != null
          && cause.getMessage().startsWith(TENANT_CHECK_CODE)) {
        return respond(Response.Status.NOT_FOUND, "NotFound", OTHER_TOWNSHIP, null);
      }
    }
    return null;
  }

  private static Response respond(Response.Status status, String type, String message, Throwable detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("message", message);
    if (detail != null) {
      body.put("detail", PersonalData.mask(String.valueOf(detail.getMessage())));
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
  }

  /** Camunda's own answer, its message masked: engine messages quote the values they could not use. */
  static Response camunda(Throwable failure) {
    Response response = ExceptionHandlerHelper.getInstance().getResponse(failure);
    if (response.getEntity() instanceof ExceptionDto dto) {
      dto.setMessage(PersonalData.mask(dto.getMessage()));
    }
    return response;
  }

  /** An engine exception that reaches Jersey as itself (most resources). */
  @Priority(1)
  public static class Engine implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response ours = answer(exception);
      return ours != null ? ours : camunda(exception);
    }
  }

  /** Our refusal thrown as itself (a start's tenant provider or first delegate on submit-form and start). */
  @Priority(1)
  public static class Rejected implements ExceptionMapper<RejectedInputException> {
    @Override
    public Response toResponse(RejectedInputException exception) {
      return answer(exception);
    }
  }

  /**
   * Our own write refused by a unique key as itself (a listener's or delegate's insert racing another node's, e.g. two
   * nodes numbering a case's message at once): the lost race, 409, not Jersey's 500.
   */
  @Priority(1)
  public static class DuplicateRow implements ExceptionMapper<DuplicateKeyException> {
    @Override
    public Response toResponse(DuplicateKeyException exception) {
      return answer(exception);
    }
  }

  /** One wrapped into a RestException (task complete and submit-form). */
  @Priority(1)
  public static class Wrapped implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException exception) {
      Response ours = answer(exception.getCause());
      if (ours == null && exception.getStatus() == Response.Status.NOT_FOUND) {
        ours = respond(Response.Status.NOT_FOUND, "NotFound", OTHER_TOWNSHIP, exception);
      }
      return ours != null ? ours : camunda(exception);
    }
  }
}
