package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.ExistenceOracleTest.Answer;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.ApplicationBuilder;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Our own /api, walked as ExistenceOracleTest walks the engine's: for each endpoint that takes a task id, a receipt
 * number (案件编号) or a colleague's user name, in its path or body, 白石乡's clerk, supervisor and leader and 青山镇's
 * lower roles get for a 青山镇 thing exactly the answer (status and body, the id aside) they get for an unknown one of
 * the same shape (those who read the thing — the case's township reviewer, a township's colleagues — get the answer or
 * a Chinese 403/400); never a 5xx; anonymous 401 (the public lookups with a query code: alike for anyone). Township
 * ids are not in the table: they are public (every 400 of /api/enforcement/publications lists them), so a metrics
 * filter may say 403 for another's and 400 for none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApiExistenceOracleTest {

  static final List<String> OUTSIDERS = List.of("bs-clerk", "bs-supervisor", "bs-leader", "qs-agent", "qs-reviewer");
  /**
   * Who of them reads a case of 青山镇 (its window reviewer reads the case file and its documents): for them the thing
   * exists, and what they may not do is a Chinese 403, not an unknown case.
   */
  static final java.util.Set<String> CASE_READERS = java.util.Set.of("qs-reviewer");
  /** Who of them knows 青山镇's window clerk by name: their township's colleagues. */
  static final java.util.Set<String> COLLEAGUES = java.util.Set.of("qs-agent", "qs-reviewer");
  /** The public lookups with a query code: anyone may ask; a wrong code and a wrong number answer alike. */
  static final java.util.Set<String> PUBLIC = java.util.Set.of("/api/cases/{id}?queryCode=000000",
      "/api/cases/{id}/level-decision");

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();

  /** One call: method, path and JSON body (or null) with {@code {id}} for the thing and {@code {me}} for the caller. */
  record Call(String method, String path, String body) {}

  Answer send(String user, String method, String path, String body) throws Exception {
    return ExistenceOracleTest.basic(client, port, user, method, path, body);
  }

  /** The answer as compared: the id sent, a time stamp and a reference number made alike. */
  static String alike(String text, String id) {
    return text.replace(id, "{id}").replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":…")
        .replaceAll("错误编号 [0-9a-f]{8}", "错误编号 …");
  }

  @Test
  void anotherTownshipsThingIsAnsweredAsOneNobodyHas() throws Exception {
    Api api = new Api(rest);
    Map<String, Object> created = api.register("qs-clerk", ApplicationBuilder.anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    String task = (String) api.tasksOf("qs-clerk", receiptNo).get(0).get("id");
    String document = jdbc.queryForList("SELECT id FROM tw_document WHERE case_no = ?", String.class, receiptNo).get(0);
    String unknownNo = receiptNo.substring(0, receiptNo.length() - 4) + "9876";
    String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1).toString(); // not past anywhere

    // the thing of 青山镇 and one nobody has, of the same shape → the calls naming it
    List<Object[]> walk = new ArrayList<>();
    walk.add(new Object[] {task, java.util.UUID.randomUUID().toString(), java.util.Set.of(), List.of(
        new Call("POST", "/api/tasks/{id}/urge", "{\"message\":\"请尽快办理\"}"))});
    walk.add(new Object[] {receiptNo, unknownNo, CASE_READERS, List.of(
        new Call("GET", "/api/cases/{id}/documents", null), new Call("GET", "/api/cases/{id}/case-file", null),
        new Call("GET", "/api/cases/{id}/documents/" + document, null),
        new Call("GET", "/api/cases/{id}/documents/latest/RECEIPT", null),
        new Call("POST", "/api/cases/{id}/documents/" + document + "/reissue",
            "{\"fields\":{\"applicantName\":\"王五\"},\"reason\":\"笔误\"}"),
        new Call("GET", "/api/cases/{id}/evaluations", null),
        new Call("POST", "/api/cases/{id}/evaluations/county-handling", "{\"score\":4}"),
        new Call("POST", "/api/registrations/{id}/issue", "{\"issuingTownshipId\":\"baishi\"}"),
        new Call("GET", "/api/cases/{id}?queryCode=000000", null),
        new Call("POST", "/api/cases/{id}/level-decision", "{\"queryCode\":\"000000\",\"department\":"
            + "\"county-forestry\",\"decision\":\"approve\",\"opinion\":\"同意\",\"legalBasis\":\"x\"}"))});
    walk.add(new Object[] {"qs-clerk", "nobody-clerk", COLLEAGUES, List.of(
        new Call("PUT", "/api/absences/{id}", "{\"from\":\"" + today + "\",\"to\":\"" + today
            + "\",\"substitute\":\"qs-reviewer2\"}"),
        new Call("DELETE", "/api/absences/{id}", null),
        new Call("PUT", "/api/absences/{me}", "{\"from\":\"" + today + "\",\"to\":\"" + today
            + "\",\"substitute\":\"{id}\"}"),
        new Call("POST", "/api/tasks/reassign", "{\"from\":\"{id}\",\"to\":\"{me}\",\"reason\":\"请假\"}"),
        new Call("POST", "/api/tasks/reassign", "{\"from\":\"{me}\",\"to\":\"{id}\",\"reason\":\"请假\"}"))});

    List<String> differences = new ArrayList<>();
    int compared = 0;
    int calls = 0;
    for (Object[] thing : walk) {
      String theirs = (String) thing[0];
      String nobodys = (String) thing[1];
      @SuppressWarnings("unchecked") java.util.Set<String> readers = (java.util.Set<String>) thing[2];
      @SuppressWarnings("unchecked") List<Call> list = (List<Call>) thing[3];
      for (Call call : list) {
        calls++;
        for (String user : OUTSIDERS) {
          Answer existing = send(user, call.method(), at(call.path(), theirs, user), at(call.body(), theirs, user));
          Answer unknown = send(user, call.method(), at(call.path(), nobodys, user), at(call.body(), nobodys, user));
          compared++;
          String where = user + " " + call.method() + " " + call.path() + " " + call.body();
          if (readers.contains(user)) {
            // the answer, a Chinese 403 or 400, or (a call for another kind of case: a forwarded one, one received
            // elsewhere) what an unknown number gets
            if (existing.status() >= 300 && !((existing.status() == 403 || existing.status() == 400)
                && existing.text().matches("(?s).*\"message\":\"[^\"]*[\\u4e00-\\u9fa5].*"))
                && !(existing.status() == unknown.status() && existing.status() < 500
                && alike(existing.text(), theirs).equals(alike(unknown.text(), nobodys)))) {
              differences.add(where + ": a reader gets " + existing.status() + " " + shown(existing.text()));
            }
            continue;
          }
          if (existing.status() >= 500 || unknown.status() >= 500) {
            differences.add(where + ": 5xx " + existing + " / " + unknown);
          } else if (existing.status() != unknown.status()
              || !alike(existing.text(), theirs).equals(alike(unknown.text(), nobodys))) {
            differences.add(where + ": " + existing.status() + " " + shown(alike(existing.text(), theirs)) + "  ≠  "
                + unknown.status() + " " + shown(alike(unknown.text(), nobodys)));
          }
        }
        Answer anonymous = send(null, call.method(), at(call.path(), theirs, "qs-clerk"),
            at(call.body(), theirs, "qs-clerk"));
        if (PUBLIC.contains(call.path())) {
          Answer none = send(null, call.method(), at(call.path(), nobodys, "qs-clerk"),
              at(call.body(), nobodys, "qs-clerk"));
          if (anonymous.status() >= 500 || anonymous.status() != none.status()
              || !alike(anonymous.text(), theirs).equals(alike(none.text(), nobodys))) {
            differences.add("anonymous " + call.method() + " " + call.path() + ": " + anonymous + "  ≠  " + none);
          }
        } else if (anonymous.status() != 401) {
          differences.add("anonymous " + call.method() + " " + call.path() + ": " + anonymous);
        }
      }
    }
    assertThat(differences).as("of %d pairs compared:%n%s", compared, String.join("\n", differences)).isEmpty();
    assertThat(compared).isEqualTo(calls * OUTSIDERS.size());
    // nothing of 青山镇 was changed by the calls
    assertThat(tasks.getTaskComments(task)).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_task_urge WHERE task_id = ?", Integer.class, task))
        .isZero();
    assertThat(tasks.createTaskQuery().taskId(task).singleResult().getAssignee()).isNull();
  }

  private static String shown(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static String at(String text, String id, String me) {
    return text == null ? null : text.replace("{id}", id).replace("{me}", me);
  }
}
