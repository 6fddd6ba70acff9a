package cn.township.workflow.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.DuplicateKeyException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Camunda's by priority. Every other error keeps Camunda's answer unless that is a 500: where Camunda answers 500 for
 * what the request asked ({@link #fault}: an unknown or unseen id, a missing body, a duplicate, a value too long for
 * its column) the answer is the Chinese 4xx it deserves, and a real fault is a Chinese 500 with a reference number and
 * no engine text. Camunda's and Jersey's own refusals of the request (a value it cannot read, an address no resource
 * has, a method or format not served: 400, 404, 405, 406, 415 …) keep their status and get a Chinese message by status
 * and kind ({@link #refusal}); no English text reaches the caller (it is logged, masked, in one line). The same mappers serve /engine-rest and the
 * webapps' /camunda/api/engine ({@link #MAPPERS}).
 */
public final class EngineRestErrors {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRestErrors.class);

  public static final String CONCURRENT_CHANGE = "此案件刚被他人（或另一台服务器）同时办理，本次操作未生效：请刷新后查看最新状态。";
  /** The answer to an id nobody has and to one the caller may not read alike (also the guards', security/). */
  public static final String OTHER_TOWNSHIP = "未找到所请求的案件或任务（或它不属于您所在的乡镇）。";
  static final String FORBIDDEN = "您没有办理此项操作的权限。";
  static final String WEAK_PASSWORD = "密码不符合密码策略：至少 10 个字符，含大写字母、小写字母、数字和符号，且不能包含用户名或姓名。";
  /** The engine's refusal of a new or changed password (SaveUserCmd), a plain ProcessEngineException. */
  static final String POLICY_REFUSAL = "Password does not match policy";
  /** The engine's refusal of a command on an instance of a tenant the caller does not belong to. */
  static final String TENANT_CHECK_CODE = "ENGINE-13034";
  static final String INCOMPLETE = "请求内容不完整：缺少请求体或必填的值。";
  static final String CONFLICT = "与已有的记录冲突（已存在），未保存。";
  static final String TOO_LONG = "输入的值过长或格式不正确，未保存。";
  static final String VERSION_HAS_CASES = "该部署中的流程版本仍有案件，不能删除。";
  static final String CASE_TASK = "此任务属于在办案件，不能单独删除：它随案件的流程办结。";
  static final String SERVER_FAULT = "系统内部错误，请联系管理员（错误编号 %s）。";
  static final String INVALID = "请求无效：%s。";
  static final String NO_ADDRESS = "未找到所请求的地址。";
  static final String NO_METHOD = "不支持此请求方法。";
  static final String NO_FORMAT = "请求或应答的格式不受支持。";
  static final String NOT_LOGGED_IN = "请先登录。";
  static final String OTHER_REFUSAL = "请求未能处理（HTTP %d）。";
  private static final String PARAMETER = "参数 %s 的值不正确";
  /** What a 400 names, read from Camunda's text (group: the name): a query parameter, a value's type, a variable type. */
  private static final List<Map.Entry<Pattern, String>> HINTS = List.of(
      Map.entry(Pattern.compile("(?i)parameter '([A-Za-z0-9_.\\-]{1,64})'"), PARAMETER),
      Map.entry(Pattern.compile("(?i)unsupported value type '([A-Za-z0-9_]{1,64})'"), "不支持的变量类型 %s"),
      Map.entry(Pattern.compile("(?i)of (?:SerializableValue )?type '([A-Za-z0-9_]{1,64})'"), "值不是有效的 %s 类型"),
      Map.entry(Pattern.compile("(?i)comparator specified: ([A-Za-z0-9_]{1,64})"), "不支持的比较方式 %s"),
      Map.entry(Pattern.compile("(?i)(sortBy|sortOrder|sorting)"), "排序参数 sortBy 和 sortOrder 须同时给出且取值有效"));
  private static final String NO_HINT = "请检查请求的参数和内容";
  /**
   * How the engine says that what an id names is not there (or not the caller's: ENGINE-13034), or has nothing by that
   * name (a signal to an execution that does not wait for it: 500 before, and another township's execution answered
   * so where an unknown one was not found).
   */
  private static final Pattern NOT_FOUND = Pattern.compile("(?i)" + TENANT_CHECK_CODE
      + "|doesn't exist|does not exist|cannot find|\\bno\\b[^.:']{0,60}?\\bfound\\b"
      + "|has not subscribed to a signal event");
  /** ENGINE-03076: a deployment deleted without cascade while its versions have cases. */
  private static final String DEPLOYMENT_IN_USE = "ENGINE-03076";
  /** DeleteTaskCmd's refusal of a task of a process instance. */
  private static final String PART_OF_A_CASE = "The task cannot be deleted because is part of a running process";

  /** Our mappers, for /engine-rest and the webapps' engine API alike. */
  public static final List<Class<?>> MAPPERS = List.of(EngineRestErrors.Engine.class, EngineRestErrors.Wrapped.class,
      EngineRestErrors.Rejected.class, EngineRestErrors.DuplicateRow.class, EngineRestErrors.Unexpected.class,
      EngineRestErrors.UnreadableJson.class, EngineRestErrors.MismatchedJson.class);

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

  private static Response respond(Response.Status status, String type, String message, Throwable logged) {
    return respond(status.getStatusCode(), type, message, logged);
  }

  /**
   * The answer: its type and Chinese message, nothing else. Camunda's English text of {@code logged} (it names ids,
   * users, permissions and classes) is not for the caller: it is one masked line of the log, for whoever diagnoses.
   */
  private static Response respond(int status, String type, String message, Throwable logged) {
    if (logged != null) {
      LOG.info("Engine API: answered {} for \"{}\"", status, oneLine(String.valueOf(logged.getMessage())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("message", message);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
  }

  /** An engine text as one log line: masked, control characters replaced (no line of the caller's own), ≤300. */
  private static String oneLine(String text) {
    String logged = PersonalData.mask(text).replaceAll("\\p{Cntrl}", "?");
    return logged.length() > 300 ? logged.substring(0, 300) + "…" : logged;
  }

  /**
   * Logs a 404 for what a request named (the engine's text, or a guard's account of an id the caller may not read) in
   * one masked line: the same words also come from a model that lost something it names (a task's form: "No Camunda
   * Form Definition was found"), which an operator must be able to find.
   */
  public static void notFound(String what) {
    LOG.info("Engine API: answered 404 for \"{}\"", oneLine(what));
  }

  /** Our answer, else Camunda's, else (Camunda's is a 500) what {@link #fault} makes of it. */
  static Response respondTo(Throwable failure) {
    Response ours = answer(failure);
    if (ours != null) {
      return ours;
    }
    if (ExceptionHandlerHelper.getInstance().getStatus(failure) == Response.Status.INTERNAL_SERVER_ERROR) {
      return fault(failure); // before Camunda's answer, which logs a 500 with the caller's id as sent, line breaks too
    }
    Response camunda = camunda(failure);
    return camunda.getStatus() == Response.Status.INTERNAL_SERVER_ERROR.getStatusCode() ? fault(failure)
        : camunda.getStatus() >= 400 && camunda.getStatus() < 500 ? refusal(camunda, failure) : camunda;
  }

  /**
   * Camunda's (or Jersey's) refusal of the request in Chinese, its status and type kept: what a 400 names (a parameter,
   * a type: {@link #HINTS}), an address not found, a method or a format not served; its English text only in the
   * log. A parameter Jersey cannot convert (a query or path parameter 404 by JAX-RS, others 400) is named.
   */
  static Response refusal(Response camunda, Throwable failure) {
    int status = camunda.getStatus();
    String type = camunda.getEntity() instanceof ExceptionDto dto && dto.getType() != null ? dto.getType()
        : failure.getClass().getSimpleName();
    if (camunda.getEntity() instanceof ExceptionDto dto && dto.getMessage() != null
        && CHINESE.matcher(dto.getMessage()).find()) {
      return camunda; // already in Chinese: one of our refusals inside the engine's (a model's step and the reason)
    }
    String message = failure instanceof org.glassfish.jersey.server.ParamException param
        ? String.format(INVALID, String.format(PARAMETER, named(param.getParameterName()))) : switch (status) {
      case 400 -> String.format(INVALID, hint(failure.getMessage()));
      case 401 -> NOT_LOGGED_IN;
      case 403 -> FORBIDDEN;
      case 404 -> NO_ADDRESS;
      case 405 -> NO_METHOD;
      case 406, 415 -> NO_FORMAT;
      case 409 -> CONFLICT;
      default -> String.format(OTHER_REFUSAL, status);
    };
    return respond(status, type, message, failure);
  }

  /** A text that is ours, or a user's, rather than Camunda's English. */
  private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");

  /** A name the request gave, as an answer quotes it: masked, at most 64 characters. */
  private static String named(String name) {
    String masked = PersonalData.mask(String.valueOf(name));
    return masked.length() > 64 ? masked.substring(0, 64) + "…" : masked;
  }

  /** What Camunda's text of a 400 names ({@link #HINTS}), masked, or a plain request to check the request. */
  static String hint(String message) {
    for (Map.Entry<Pattern, String> hint : HINTS) {
      java.util.regex.Matcher named = hint.getKey().matcher(message == null ? "" : message);
      if (named.find()) {
        return String.format(hint.getValue(), named(named.group(1)));
      }
    }
    return NO_HINT;
  }

  /**
   * What Camunda answers with 500: mostly what the request asked for, which the engine could not find or store. An id
   * nobody has, or one of another township (its text, "doesn't exist", "No job found", ENGINE-13034 quoted in a
   * RestException without cause), is 404 with the answer another township's case gets, so nothing tells them apart; a
   * missing body or value 400; a duplicate 409, a value too long for its column 400. The engine's NullPointerException
   * on an object it looked up by the request's id (the deployed form of an unknown task, suspending an unknown version)
   * is 404, logged; one in the REST layer is a missing body. Anything else is a real fault: 500 in Chinese with a
   * reference, the exception logged under it, no engine text in the answer.
   */
  static Response fault(Throwable failure) {
    SQLException sql = ApiErrorHandler.find(failure, SQLException.class);
    if (sql != null) { // the database's refusal (its text, quoting the statement, is read no further)
      String state = String.valueOf(sql.getSQLState());
      if (state.startsWith("23")) {
        return respond(Response.Status.CONFLICT, "Conflict", CONFLICT, null);
      }
      return state.startsWith("22") ? respond(Response.Status.BAD_REQUEST, "InvalidRequest", TOO_LONG, null)
          : serverFault(failure);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      String message = cause.getMessage() == null ? "" : cause.getMessage();
      if (NOT_FOUND.matcher(message).find()) {
        notFound(message); // mostly an id the caller does not have
        return respond(Response.Status.NOT_FOUND, "NotFound", OTHER_TOWNSHIP, null);
      }
      if (cause instanceof NullValueException) {
        return respond(Response.Status.BAD_REQUEST, "InvalidRequest", INCOMPLETE, cause);
      }
      if (message.startsWith(DEPLOYMENT_IN_USE)) {
        return respond(Response.Status.CONFLICT, "DeploymentInUse", VERSION_HAS_CASES, null);
      }
      if (message.equals(PART_OF_A_CASE)) {
        return respond(Response.Status.BAD_REQUEST, "InvalidRequest", CASE_TASK, null);
      }
      if (cause instanceof NullPointerException) {
        if (thrownByRestLayer(cause)) {
          return respond(Response.Status.BAD_REQUEST, "InvalidRequest", INCOMPLETE, null);
        }
        LOG.warn("The engine found nothing for the request (NullPointerException), answered 404", cause);
        return respond(Response.Status.NOT_FOUND, "NotFound", OTHER_TOWNSHIP, null);
      }
    }
    return serverFault(failure);
  }

  /** A real fault: logged under a reference the answer gives, nothing of the exception in the answer. */
  private static Response serverFault(Throwable failure) {
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("Engine API error, reference {}", reference, failure);
    return respond(Response.Status.INTERNAL_SERVER_ERROR, "ServerError", String.format(SERVER_FAULT, reference), null);
  }

  /** Whether the first of Camunda's frames on the stack is its REST layer's (a resource reading a missing body). */
  private static boolean thrownByRestLayer(Throwable thrown) {
    for (StackTraceElement frame : thrown.getStackTrace()) {
      if (frame.getClassName().startsWith("org.camunda.bpm.engine.")) {
        return frame.getClassName().startsWith("org.camunda.bpm.engine.rest.");
      }
    }
    return false;
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
      return respondTo(exception);
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
      return ours != null ? ours : respondTo(exception);
    }
  }

  /** A body that is not JSON: in place of Camunda's handler, which answered 400 with Jackson's text as plain text. */
  @Priority(1)
  public static class UnreadableJson implements ExceptionMapper<com.fasterxml.jackson.core.JsonParseException> {
    @Override
    public Response toResponse(com.fasterxml.jackson.core.JsonParseException exception) {
      return respond(Response.Status.BAD_REQUEST, "InvalidRequestException",
          String.format(INVALID, "请求内容不是有效的 JSON"), exception);
    }
  }

  /**
   * A body whose field has the wrong kind of value (a date that is no date, a list for a number): in place of
   * Camunda's handler, which answered 400 with Jackson's text as plain text. Names the field.
   */
  @Priority(1)
  public static class MismatchedJson implements ExceptionMapper<com.fasterxml.jackson.databind.JsonMappingException> {
    @Override
    public Response toResponse(com.fasterxml.jackson.databind.JsonMappingException exception) {
      if (exception instanceof com.fasterxml.jackson.databind.exc.InvalidDefinitionException) {
        return serverFault(exception); // a type Jackson cannot handle: ours to fix, not the caller's mistake
      }
      String field = String.join(".", exception.getPath().stream()
          .map(step -> step.getFieldName() != null ? step.getFieldName() : String.valueOf(step.getIndex())).toList());
      return respond(Response.Status.BAD_REQUEST, "InvalidRequestException", String.format(INVALID, field.isEmpty()
          ? NO_HINT : "字段 " + named(field) + " 的值不正确"), exception);
    }
  }

  /**
   * Everything else that reaches Jersey (a NullPointerException, a JDK or Spring exception) — in place of Camunda's
   * handler, which answered 500 with the exception's class and text. Jersey's own (404, 405 …) keep their status.
   */
  @Priority(1)
  public static class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable exception) {
      return respondTo(exception);
    }
  }
}
