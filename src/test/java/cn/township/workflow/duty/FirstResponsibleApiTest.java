package cn.township.workflow.duty;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.CaseWalker;
import cn.township.workflow.support.Pdfs;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** 首问负责: the registering clerk and the window's phone on the receipt and in the status lookup; the substitute while away. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class FirstResponsibleApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired ProcessEngine engine;

  Api api() {
    return new Api(rest);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> firstResponsibleOf(Map<String, Object> created) {
    ResponseEntity<Map<String, Object>> status = api().get(null, "/api/cases/" + created.get("receiptNo")
        + "?queryCode=" + created.get("queryCode"));
    assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
    return (Map<String, Object>) status.getBody().get("firstResponsible");
  }

  @Test
  void theRegisteringClerkAndTheWindowPhoneAreOnTheReceiptAndInTheStatusLookup() {
    Map<String, Object> created = api().register("qs-clerk", anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    ResponseEntity<List<Map<String, Object>>> issued = api().as("qs-clerk").exchange(
        "/api/cases/" + receiptNo + "/documents", HttpMethod.GET, null, Api.JSON_LIST);
    byte[] receipt = api().as("qs-clerk").getForObject("/api/cases/" + receiptNo + "/documents/"
        + issued.getBody().get(0).get("id"), byte[].class);
    Pdfs.Read read = Pdfs.read(receipt);
    assertThat(read.text()).contains("首问负责人", "张丽", "0571-88880001");
    assertThat(read.pages()).isEqualTo(1);

    assertThat(firstResponsibleOf(created)).isEqualTo(Map.of("name", "张丽", "phone", "0571-88880001"));
    Map<String, Object> baishi = api().register("bs-clerk", anApplication().json());
    assertThat(firstResponsibleOf(baishi)).isEqualTo(Map.of("name", "陈芳", "phone", "0571-88880002"));
  }

  @Test
  void whileTheClerkIsAwayTheSubstituteIsNamed() {
    User colleague = identity.newUser("qs-clerk-second");
    colleague.setFirstName("吴敏");
    colleague.setLastName("");
    colleague.setPassword("demo");
    ((IdentityServiceImpl) identity).saveUser(colleague, true);
    identity.createMembership("qs-clerk-second", "window-clerk");
    identity.createTenantUserMembership("qingshan", "qs-clerk-second");
    Map<String, Object> created = api().register("qs-clerk", anApplication().json());

    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    String last = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3).toString();
    ResponseEntity<Map<String, Object>> away = api().as("qs-clerk").exchange("/api/absences/qs-clerk", HttpMethod.PUT,
        new HttpEntity<>(Map.of("from", today, "to", last, "substitute", "qs-clerk-second")), Api.JSON_OBJECT);
    assertThat(away.getStatusCode()).as("%s", away.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(firstResponsibleOf(created)).isEqualTo(Map.of("name", "吴敏", "phone", "0571-88880001",
        "actingFor", "张丽（" + last + "前请假）"));

    api().as("qs-clerk").exchange("/api/absences/qs-clerk", HttpMethod.DELETE, null, Api.JSON_OBJECT);
    assertThat(firstResponsibleOf(created)).isEqualTo(Map.of("name", "张丽", "phone", "0571-88880001"));
  }

  @Test
  void theFirstResponsibleClerkIsToldInTasklistWhenTheCaseIsDecidedAndOnlyTheyAre() {
    Map<String, Object> created = api().register("qs-clerk", anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    String notes = "/engine-rest/task?nameLike=" + FirstResponsibleNotes.PREFIX + receiptNo + "%"; // encoded as sent
    assertThat(api().as("qs-clerk").exchange(notes, HttpMethod.GET, null, Api.JSON_LIST).getBody())
        .as("nothing to tell yet").isEmpty();

    new CaseWalker(engine).walkToEnd((String) created.get("processInstanceId"));

    assertThat(engine.getTaskService().createTaskQuery().taskNameLike(FirstResponsibleNotes.PREFIX + receiptNo + "%")
        .taskAssignee("qs-clerk").count()).as("the note").isEqualTo(1);
    // the clerk sees the note in Tasklist (their own task, over the same engine API Tasklist uses) and closes it
    ResponseEntity<List<Map<String, Object>>> seen = api().as("qs-clerk").exchange(notes, HttpMethod.GET, null,
        Api.JSON_LIST);
    assertThat(seen.getBody()).singleElement().satisfies(note -> {
      assertThat(note).containsEntry("assignee", "qs-clerk").containsEntry("tenantId", "qingshan");
      assertThat((String) note.get("name")).startsWith(FirstResponsibleNotes.PREFIX + receiptNo + " 已作出")
          .endsWith("决定，待窗口出件");
      assertThat((String) note.get("description")).contains("首问负责人", receiptNo);
    });
    // another township's clerk, and a colleague of the same window, do not see it
    assertThat(api().as("bs-clerk").exchange(notes, HttpMethod.GET, null, Api.JSON_LIST).getBody()).isEmpty();
    assertThat(api().as("qs-reviewer").exchange(notes, HttpMethod.GET, null, Api.JSON_LIST).getBody()).isEmpty();
    String id = (String) seen.getBody().get(0).get("id");
    assertThat(api().as("bs-clerk").exchange("/engine-rest/task/" + id + "/complete", HttpMethod.POST,
        new HttpEntity<>(Map.of()), String.class).getStatusCode().is4xxClientError()).isTrue();
    assertThat(api().as("qs-clerk").exchange("/engine-rest/task/" + id + "/complete", HttpMethod.POST,
        new HttpEntity<>(Map.of()), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(api().as("qs-clerk").exchange(notes, HttpMethod.GET, null, Api.JSON_LIST).getBody()).isEmpty();
  }

  @Test
  void aFirstResponsibleVariableNamingNoWindowClerkTellsNobodyAndStopsNothing() {
    for (String named : new String[] {"xlj-reviewer", "*", "x".repeat(300)}) {
      Map<String, Object> created = api().register("qs-clerk", anApplication().json());
      String instance = (String) created.get("processInstanceId");
      engine.getRuntimeService().setVariable(instance, FirstResponsible.USER, named);
      new CaseWalker(engine).walkToEnd(instance);
      assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance)
          .singleResult().getEndTime()).as("the case of %s reached its end", named.length() > 20 ? "a long name" : named)
          .isNotNull();
      assertThat(engine.getTaskService().createTaskQuery().taskNameLike(FirstResponsibleNotes.PREFIX
          + created.get("receiptNo") + "%").count()).as("notes for %s", named.length() > 20 ? "a long name" : named)
          .isZero();
    }
  }
}
