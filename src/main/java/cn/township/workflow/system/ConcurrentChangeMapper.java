package cn.township.workflow.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * Camunda's REST answers a lost race (two clerks, or two cluster nodes, completing the same task at once) with 500:
 * task completion wraps every engine exception into a RestException. It is a conflict, not a fault: 409 with a
 * message the caller can act on. Nothing was changed by the losing call. Every other error keeps Camunda's answer.
 */
public final class ConcurrentChangeMapper {

  static final String MESSAGE = "此案件刚被他人（或另一台服务器）同时办理，本次操作未生效：请刷新后查看最新状态。";

  private ConcurrentChangeMapper() {
  }

  static Response conflict(OptimisticLockingException exception) {
    return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .entity(Map.of("type", "OptimisticLockingException", "message", MESSAGE, "detail",
            String.valueOf(exception.getMessage())))
        .build();
  }

  /** An OptimisticLockingException that reaches Jersey as itself (most REST resources). */
  public static class Direct implements ExceptionMapper<OptimisticLockingException> {
    @Override
    public Response toResponse(OptimisticLockingException exception) {
      return conflict(exception);
    }
  }

  /** One wrapped into a RestException (task complete and submit-form); chosen over Camunda's mapper by priority. */
  @Priority(1)
  public static class Wrapped implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException exception) {
      for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof OptimisticLockingException conflict) {
          return conflict(conflict);
        }
      }
      return ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }
}
