package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import cn.township.workflow.system.RejectedInputException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Camunda's groups are global and townships are tenants: an account with a township role in two townships would act
 * with all its roles in both. No change makes one, on any path and in either order; an account that is one already
 * (SQL, an earlier release) is named at start and acts in no township until an administrator fixes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@ExtendWith(OutputCaptureExtension.class)
class OneTownshipAccountsTest {

  static final List<String> REST_PATHS = RevokeAuthorizationsTest.REST_PATHS;
  static final String ADMIN_PATH = RevokeAuthorizationsTest.ADMIN_PATH;

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired Refusals refusals;
  @Autowired JdbcTemplate jdbc;
  @Autowired AccountsInSeveralTownships accounts;
  @LocalServerPort int port;

  private final List<String> users = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();

  @AfterEach
  void removeTestAccounts() {
    users.forEach(identity::deleteUser);
    groups.forEach(identity::deleteGroup);
  }

  /** A new account (password demo) with these groups and townships, made through the engine. */
  String account(String id, List<String> roles, List<String> townships) {
    User user = identity.newUser(id);
    user.setFirstName("测试" + id);
    user.setLastName("");
    user.setPassword("demo");
    ((IdentityServiceImpl) identity).saveUser(user, true);
    users.add(id);
    roles.forEach(role -> identity.createMembership(id, role));
    townships.forEach(township -> identity.createTenantUserMembership(township, id));
    return id;
  }

  /** A group that is not a role, given these townships (staff who get their township through a group). */
  String staffGroup(String id, List<String> townships) {
    identity.saveGroup(identity.newGroup(id));
    groups.add(id);
    townships.forEach(township -> identity.createTenantGroupMembership(township, id));
    return id;
  }

  ResponseEntity<Map<String, Object>> put(String user, String path) {
    return new Api(rest).as(user).exchange(path, HttpMethod.PUT, null, Api.JSON_OBJECT);
  }

  /** The townships the account belongs to, as stored (Admin's user page). */
  List<String> stored(String user) {
    return identity.createTenantQuery().userMember(user).list().stream().map(Tenant::getId).sorted().toList();
  }

  static String refusal(String user, List<String> roles) {
    return OneTownshipIdentityProvider.message(new OneTownshipIdentityProvider.Breach(user, roles,
        List.of("白石乡", "青山镇"), false));
  }

  @Test
  void everyPathRefusesASecondTownshipInEitherOrder() throws Exception {
    // group first: a leader of 青山镇 made a member of 白石乡
    String leader = account("t1-leader", List.of("leader"), List.of("qingshan"));
    // tenants first: in both townships without a role, then given the window clerk's role
    String both = account("t1-both", List.of(), List.of("qingshan", "baishi"));
    int refusedBefore = refusals.of("admin").size();
    for (String engineApi : REST_PATHS) {
      ResponseEntity<Map<String, Object>> second = put("admin", engineApi + "/tenant/baishi/user-members/" + leader);
      assertThat(second.getStatusCode()).as("%s", second.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(second.getBody()).containsEntry("message", refusal(leader, List.of("分管领导")));
      ResponseEntity<Map<String, Object>> role = put("admin", engineApi + "/group/window-clerk/members/" + both);
      assertThat(role.getStatusCode()).as("%s", role.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(role.getBody()).containsEntry("message", refusal(both, List.of("窗口受理员")));
    }
    // a township's leader made the county supervisor, who acts in every township
    ResponseEntity<Map<String, Object>> county = put("admin", "/engine-rest/group/county-supervisor/members/" + leader);
    assertThat(county.getStatusCode()).as("%s", county.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(county.getBody()).containsEntry("message", OneTownshipIdentityProvider.message(
        new OneTownshipIdentityProvider.Breach(leader, List.of("分管领导"), List.of("青山镇"), true)));
    WebappSession admin = new WebappSession(port);
    assertThat(admin.login("admin", "demo", "admin").statusCode()).isEqualTo(200);
    HttpResponse<String> throughAdmin = admin.put(ADMIN_PATH + "/tenant/baishi/user-members/" + leader, "");
    assertThat(throughAdmin.statusCode()).as(throughAdmin.body()).isEqualTo(400);
    assertThat(throughAdmin.body()).contains(refusal(leader, List.of("分管领导")));
    HttpResponse<String> roleThroughAdmin = admin.put(ADMIN_PATH + "/group/window-clerk/members/" + both, "");
    assertThat(roleThroughAdmin.statusCode()).as(roleThroughAdmin.body()).isEqualTo(400);

    assertThat(stored(leader)).containsExactly("qingshan");
    assertThat(identity.createGroupQuery().groupMember(both).count()).isZero();
    assertThat(identity.createGroupQuery().groupMember(leader).list()).extracting(g -> g.getId())
        .containsExactly("leader");
    assertThat(refusals.of("admin")).hasSize(refusedBefore + 7)
        .anySatisfy(r -> assertThat(r.path()).isEqualTo(ADMIN_PATH + "/tenant/baishi/user-members/" + leader))
        .anySatisfy(r -> assertThat(r.path()).isEqualTo("/engine-rest/engine/default/group/window-clerk/members/" + both));
  }

  @Test
  void aTownshipReachedThroughAGroupCountsInEveryOrder() {
    String qingshanStaff = staffGroup("t2-qs-staff", List.of("qingshan"));
    String baishiStaff = staffGroup("t2-bs-staff", List.of("baishi"));
    String reviewer = account("t2-reviewer", List.of("reviewer", qingshanStaff), List.of());
    String plain = account("t2-plain", List.of(qingshanStaff), List.of());
    // the reviewer's 青山镇 comes through the group: 白石乡 directly, or through another group, is a second one
    assertThat(put("admin", "/engine-rest/tenant/baishi/user-members/" + reviewer).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map<String, Object>> throughGroup = put("admin", "/engine-rest/group/" + baishiStaff + "/members/"
        + reviewer);
    assertThat(throughGroup.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(throughGroup.getBody()).containsEntry("message", refusal(reviewer, List.of("审核人")));
    // a group of 青山镇 staff given 白石乡 too: its reviewer would be in both
    ResponseEntity<Map<String, Object>> groupTenant = put("admin", "/engine-rest/tenant/baishi/group-members/"
        + qingshanStaff);
    assertThat(groupTenant.getStatusCode()).as("%s", groupTenant.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(groupTenant.getBody()).containsEntry("message", "组“" + qingshanStaff + "”不能加入乡镇“白石乡”：组内的"
        + refusal(reviewer, List.of("审核人")));
    // a township role group given a township: every reviewer of the other township would be in both
    ResponseEntity<Map<String, Object>> roleTenant = put("admin", "/engine-rest/tenant/qingshan/group-members/reviewer");
    assertThat(roleTenant.getStatusCode()).as("%s", roleTenant.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(identity.createTenantQuery().groupMember("reviewer").count()).isZero();
    assertThat(identity.createTenantQuery().groupMember(qingshanStaff).list()).extracting(Tenant::getId)
        .containsExactly("qingshan");
    // a member without a township role may be in both
    assertThat(put("admin", "/engine-rest/group/" + baishiStaff + "/members/" + plain).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void theEngineRefusesFromJavaToo() {
    String leader = account("t3-leader", List.of("leader"), List.of("qingshan"));
    String both = account("t3-both", List.of(), List.of("qingshan", "baishi"));
    String qingshanStaff = staffGroup("t3-qs-staff", List.of("qingshan"));
    account("t3-reviewer", List.of("reviewer", qingshanStaff), List.of());
    assertThatThrownBy(() -> identity.createTenantUserMembership("baishi", leader))
        .isInstanceOf(RejectedInputException.class).hasMessage(refusal(leader, List.of("分管领导")));
    assertThatThrownBy(() -> identity.createMembership(both, "enforcement-officer"))
        .isInstanceOf(RejectedInputException.class).hasMessage(refusal(both, List.of("执法队员")));
    assertThatThrownBy(() -> identity.createTenantGroupMembership("baishi", qingshanStaff))
        .isInstanceOf(RejectedInputException.class).hasMessageStartingWith("组“t3-qs-staff”不能加入乡镇“白石乡”");
    // the county supervisor and a township role, in either order
    String county = account("t3-county", List.of("county-supervisor"), List.of("qingshan"));
    assertThatThrownBy(() -> identity.createMembership(county, "supervisor")).isInstanceOf(RejectedInputException.class)
        .hasMessage(OneTownshipIdentityProvider.message(new OneTownshipIdentityProvider.Breach(county, List.of("督查"),
            List.of("青山镇"), true)));
    assertThatThrownBy(() -> identity.createMembership(leader, "county-supervisor"))
        .isInstanceOf(RejectedInputException.class).hasMessageContaining("此项修改后它将同时担任县督查。");
    // the demo users' way (DemoUsers): a role, then a township each, all of them for county staff
    assertThatThrownBy(() -> account("t3-village", List.of("village-agent"), List.of("qingshan", "baishi")))
        .isInstanceOf(RejectedInputException.class).hasMessage(refusal("t3-village", List.of("村级代办员")));
    assertThat(stored(leader)).containsExactly("qingshan");
    assertThat(stored("t3-village")).containsExactly("qingshan");
  }

  @Test
  void countyStaffOneTownshipsClerkAndAMovedClerkStillGoThrough() {
    String forestry = account("t4-forestry", List.of("county-forestry"), List.of());
    String expert = account("t4-expert", List.of("expert"), List.of("qingshan"));
    String clerk = account("t4-clerk", List.of(), List.of());
    for (String township : List.of("qingshan", "baishi")) {
      assertThat(put("admin", "/engine-rest/tenant/" + township + "/user-members/" + forestry).getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
    }
    assertThat(put("admin", "/engine-rest/engine/default/tenant/baishi/user-members/" + expert).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(put("admin", "/engine-rest/group/window-clerk/members/" + clerk).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(put("admin", "/engine-rest/tenant/qingshan/user-members/" + clerk).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    // moved to 白石乡: the old township taken away first, then the new one given
    assertThat(new Api(rest).as("admin").exchange("/engine-rest/tenant/qingshan/user-members/" + clerk,
        HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(put("admin", "/engine-rest/tenant/baishi/user-members/" + clerk).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(stored(forestry)).containsExactly("baishi", "qingshan");
    assertThat(stored(expert)).containsExactly("baishi", "qingshan");
    assertThat(stored(clerk)).containsExactly("baishi");
  }

  @Test
  void nobodyAClerkAndMalformedIdsAreAnsweredNeverWith500() {
    String leader = account("t5-leader", List.of("leader"), List.of("qingshan"));
    String path = "/engine-rest/tenant/baishi/user-members/" + leader;
    assertThat(put(null, path).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // a clerk may create no membership, and is not told why the change would break the rule: in their own township
    // the engine's 403; a township or group they cannot read is answered as one nobody has (UnseenIdGuard)
    ResponseEntity<Map<String, Object>> own = put("qs-clerk", "/engine-rest/tenant/qingshan/user-members/" + leader);
    assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) own.getBody().get("message")).doesNotContain("乡镇岗位");
    for (String other : List.of(path, "/engine-rest/group/leader/members/qs-clerk",
        "/engine-rest/tenant/baishi/group-members/window-clerk")) {
      ResponseEntity<Map<String, Object>> clerk = put("qs-clerk", other);
      assertThat(clerk.getStatusCode()).as(other).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(clerk.getBody()).as(other).containsEntry("message",
          cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP);
    }
    String longId = "x".repeat(3000);
    for (String malformed : List.of("/engine-rest/tenant/nowhere/user-members/" + leader,
        "/engine-rest/tenant/baishi/user-members/nobody", "/engine-rest/group/no-group/members/" + leader,
        "/engine-rest/group/leader/members/nobody", "/engine-rest/tenant/baishi/group-members/no-group",
        "/engine-rest/tenant/" + longId + "/user-members/" + leader, "/engine-rest/group/leader/members/" + longId,
        "/engine-rest/tenant/baishi/user-members/%E9%9D%92%20x", "/engine-rest/tenant/baishi/owner-members/" + leader)) {
      ResponseEntity<Map<String, Object>> answer = put("admin", malformed);
      assertThat(answer.getStatusCode().is4xxClientError()).as("%s: %s", malformed, answer.getStatusCode()).isTrue();
    }
    assertThat(stored(leader)).containsExactly("qingshan");
  }

  /** The receipt numbers of the cases {@code user} sees over /engine-rest among {@code receiptNos}. */
  List<String> casesSeen(String user, String receiptNo) {
    ResponseEntity<List<Map<String, Object>>> seen = new Api(rest).as(user).exchange(
        "/engine-rest/process-instance?businessKey=" + receiptNo, HttpMethod.GET, null, Api.JSON_LIST);
    assertThat(seen.getStatusCode()).isEqualTo(HttpStatus.OK);
    return seen.getBody().stream().map(instance -> (String) instance.get("businessKey")).toList();
  }

  /** The answer's status to {@code user} asking for a case's file (a PDF) over /api. */
  HttpStatus caseFile(String user, String receiptNo) {
    return HttpStatus.valueOf(new Api(rest).as(user).exchange("/api/cases/" + receiptNo + "/case-file", HttpMethod.GET,
        null, byte[].class).getStatusCode().value());
  }

  @Test
  void anAccountAlreadyInTwoTownshipsIsNamedAndActsInNoneUntilFixed(CapturedOutput log) throws Exception {
    String leader = account("t6-supervisor", List.of("supervisor"), List.of("qingshan"));
    String receiptNo = (String) new Api(rest).register("qs-clerk", anApplication().json()).get("receiptNo");
    assertThat(casesSeen(leader, receiptNo)).isNotEmpty().containsOnly(receiptNo);
    assertThat(caseFile(leader, receiptNo))
        .isEqualTo(HttpStatus.OK);

    // an earlier release, or SQL, behind the engine's back
    jdbc.update("INSERT INTO ACT_ID_TENANT_MEMBER (ID_, TENANT_ID_, USER_ID_) VALUES ('t6-membership', 'baishi', ?)",
        leader);
    accounts.prepare(); // as at start
    assertThat(accounts.found()).extracting(OneTownshipIdentityProvider.Breach::userId).containsExactly(leader);
    assertThat(log.getOut()).contains("账号“t6-supervisor”担任乡镇岗位（督查），却归属白石乡、青山镇：在管理员修正之前，"
        + "它不属于任何乡镇");

    // it reads nothing of either township: /engine-rest, /api, the webapps
    assertThat(casesSeen(leader, receiptNo)).isEmpty();
    assertThat(caseFile(leader, receiptNo))
        .isEqualTo(HttpStatus.NOT_FOUND);
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login(leader, "demo", "tasklist").statusCode()).isEqualTo(200);
    HttpResponse<String> throughTasklist = tasklist.get("/camunda/api/engine/engine/default/process-instance?businessKey="
        + receiptNo);
    assertThat(throughTasklist.statusCode()).isEqualTo(200);
    assertThat(throughTasklist.body()).isEqualTo("[]");
    // the administrator still sees both memberships (Admin's user page), the townships it acts in are none
    assertThat(new Api(rest).as("admin").exchange("/engine-rest/tenant/count?userMember=" + leader, HttpMethod.GET,
        null, Api.JSON_OBJECT).getBody()).containsEntry("count", 2);
    assertThat(new Api(rest).as("admin").exchange("/engine-rest/tenant/count?userMember=" + leader
        + "&includingGroupsOfUser=true", HttpMethod.GET, null, Api.JSON_OBJECT).getBody()).containsEntry("count", 0);

    // fixed: the second township taken away, the account is 青山镇's supervisor again
    assertThat(new Api(rest).as("admin").exchange("/engine-rest/tenant/baishi/user-members/" + leader,
        HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(accounts.found()).isEmpty();
    assertThat(casesSeen(leader, receiptNo)).isNotEmpty().containsOnly(receiptNo);
  }

  @Test
  void aTownshipSupervisorMadeTheCountySupervisorBySqlActsNowhereEither() {
    String supervisor = account("t7-supervisor", List.of("supervisor"), List.of("qingshan"));
    String receiptNo = (String) new Api(rest).register("qs-clerk", anApplication().json()).get("receiptNo");
    assertThat(caseFile(supervisor, receiptNo)).isEqualTo(HttpStatus.OK);
    jdbc.update("INSERT INTO ACT_ID_MEMBERSHIP (USER_ID_, GROUP_ID_) VALUES (?, 'county-supervisor')", supervisor);
    assertThat(accounts.found()).singleElement().satisfies(breach -> {
      assertThat(breach.userId()).isEqualTo(supervisor);
      assertThat(breach.what()).isEqualTo("同时担任县督查");
    });
    // neither the county supervisor's reach over /api nor its township's cases in the engine
    assertThat(caseFile(supervisor, receiptNo)).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(casesSeen(supervisor, receiptNo)).isEmpty();
  }
}
