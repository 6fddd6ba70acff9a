package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

class CallersTest {

  @Test
  void aCallerWithoutGroupsOrTownshipsBelongsNowhere() {
    Authentication bare = new Authentication("someone", null, null);
    assertThat(Callers.groups(bare)).isEmpty();
    assertThat(Callers.townships(bare)).isEmpty();
    assertThat(Callers.groups(null)).isEmpty();
    assertThat(Callers.everywhere(bare)).isFalse();
    assertThat(Callers.inTownship(bare, "qingshan")).isFalse();
    assertThatThrownBy(() -> Callers.requireSupervision(bare, "不可以"))
        .isInstanceOfSatisfying(ResponseStatusException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
  }

  @Test
  void onlyAdministratorsAndTheCountySupervisorActEverywhere() {
    assertThat(Callers.everywhere(new Authentication("a", List.of(Roles.ADMIN_GROUP), List.of()))).isTrue();
    assertThat(Callers.everywhere(new Authentication("c", List.of(Roles.COUNTY_SUPERVISOR.groupId), List.of()))).isTrue();
    Authentication supervisor = new Authentication("s", List.of(Roles.SUPERVISOR.groupId), List.of("qingshan"));
    assertThat(Callers.everywhere(supervisor)).isFalse();
    assertThat(Callers.inTownship(supervisor, "qingshan")).isTrue();
    assertThat(Callers.inTownship(supervisor, "baishi")).isFalse();
    Callers.requireSupervision(supervisor, "不可以"); // a township supervisor passes
    Authentication clerk = new Authentication("k", List.of(Roles.WINDOW_CLERK.groupId), List.of("qingshan"));
    assertThatThrownBy(() -> Callers.requireSupervision(clerk, "不可以")).isInstanceOf(ResponseStatusException.class);
  }

  @Test
  void aCountySupervisorWithATownshipRoleOverseesNothingUntilTheAccountIsSplit() {
    // such an account cannot be made (OneTownshipIdentityProvider); one made by SQL belongs to no township
    Authentication mixed = new Authentication("m", List.of(Roles.COUNTY_SUPERVISOR.groupId, Roles.LEADER.groupId),
        List.of());
    assertThat(Callers.everywhere(mixed)).isFalse();
    assertThat(Callers.everywhere(new Authentication("v", List.of(Roles.COUNTY_SUPERVISOR.groupId, "village-agent"),
        List.of()))).isFalse();
    // an administrator acts everywhere in the engine whatever else it holds, so here too
    assertThat(Callers.everywhere(new Authentication("a", List.of(Roles.ADMIN_GROUP, Roles.LEADER.groupId),
        List.of()))).isTrue();
  }
}
