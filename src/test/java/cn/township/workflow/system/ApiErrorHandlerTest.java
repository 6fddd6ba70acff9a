package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** What /api answers for failures no request can show on purpose (races between two callers or nodes). */
class ApiErrorHandlerTest {

  final ApiErrorHandler handler = new ApiErrorHandler();

  @Test
  void aLostRaceIsAConflictWithTheSameMessageAsEngineRest() {
    for (Exception lost : new Exception[] {new OptimisticLockingException("ACT_RU_EXECUTION was updated by another"),
        new ProcessEngineException("correlation failed", new OptimisticLockingException("concurrent update")),
        new org.springframework.dao.DuplicateKeyException("duplicate key value violates unique constraint")}) {
      ResponseEntity<Map<String, Object>> answer = handler.handle(lost);
      assertThat(answer.getStatusCode().value()).isEqualTo(409);
      assertThat(answer.getBody()).containsEntry("status", 409).containsEntry("message", EngineRestErrors.CONCURRENT_CHANGE);
    }
  }

  @Test
  void anythingElseUnforeseenIsAnInternalErrorWithAReferenceAndNoDetail() {
    ResponseEntity<Map<String, Object>> answer = handler.handle(new IllegalStateException("secret table name"));
    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat((String) answer.getBody().get("message")).startsWith("系统内部错误").doesNotContain("secret");
  }

  @Test
  @SuppressWarnings("unchecked")
  void engineRestAnswersALostRaceOnOurTablesAsAConflictToo() {
    org.springframework.dao.DuplicateKeyException duplicate =
        new org.springframework.dao.DuplicateKeyException("duplicate key value violates unique constraint \"tw_message_cause\"");
    for (jakarta.ws.rs.core.Response answer : new jakarta.ws.rs.core.Response[] {
        new EngineRestErrors.DuplicateRow().toResponse(duplicate),
        new EngineRestErrors.Engine().toResponse(new ProcessEngineException("listener failed", duplicate))}) {
      assertThat(answer.getStatus()).isEqualTo(409);
      assertThat((Map<String, Object>) answer.getEntity()).containsEntry("message", EngineRestErrors.CONCURRENT_CHANGE);
    }
  }
}
