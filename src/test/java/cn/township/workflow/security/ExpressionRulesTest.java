package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two rule sets on their own: what a query and what a model may have evaluated, including the ways JUEL offers
 * around a naive check (brackets, literals as objects, assignment, lambdas, escapes, nesting).
 */
class ExpressionRulesTest {

  /** registerApplication is one of our delegates; deadlines offers workingDaysFromNow; jdbcTemplate is a bean. */
  static final ModelExpressions MODELS = new ModelExpressions(new ModelExpressions.Beans() {
    @Override
    public boolean exists(String name) {
      return Set.of("registerApplication", "deadlines", "jdbcTemplate").contains(name);
    }

    @Override
    public boolean isDelegate(String name) {
      return "registerApplication".equals(name);
    }

    @Override
    public Set<String> callableMethods(String name) {
      return "deadlines".equals(name) ? Set.of("workingDaysFromNow") : Set.of();
    }
  });

  @ParameterizedTest
  @ValueSource(strings = {"${currentUser()}", "${currentUserGroups()}", "${now()}", "${ currentUser ( ) }",
      "${dateTime()}", "${dateTime().plusDays(-7)}", "${dateTime().minusMonths(1).withTimeAtStartOfDay().toDate()}",
      "#{currentUser()}", "plain text, nothing evaluated"})
  void aQueryMayUseWhatTasklistFiltersNeed(String expression) {
    assertThatCode(() -> QueryExpressions.check(expression)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"${jdbcTemplate}", "${execution}", "${currentUser() == 'a'}", "${'a'}", "${1 + 1}",
      "${dateTime().plusDays(1.5)}", "${dateTime().plusDays(x)}", "${dateTime().toString()}",
      "${dateTime().getClass()}", "${now().getClass().forName('java.lang.Runtime')}", "${currentUser().concat('x')}",
      "${currentUser()}${currentUser()}", "a${currentUser()}", "\\${currentUser()}", "${currentUser()", "${x[0]}",
      "${x = 1}", "${x -> x}", "${a += 'b'}", "${a; b}", "${fn:currentUser()}", "${''.getClass()}"})
  void aQueryIsRefusedEverythingElse(String expression) {
    assertThatThrownBy(() -> QueryExpressions.check(expression)).isInstanceOf(QueryExpressions.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"${registerApplication}", "${deadlines.workingDaysFromNow(5)}",
      "${reviewResult == 'approve' || reviewResult == 'disapprove'}", "${!(summaryAllowed && proposeSummary)}",
      "${riskAssessment && riskLevel == 'high'}", "#{execution.processBusinessKey}", "${fine > 200 ? 'a' : 'b'}",
      "${decision.level.code != null}", "${empty materials}", "${a mod 2 eq 0 and not b}", "${\"}\" == x}",
      "${deadlines.workingDaysFromNow(limit - 1)}", "${task.assignee}", "${authenticatedUserId}", "text only"})
  void aModelMayUseWhatOurModelsUse(String expression) {
    assertThatCode(() -> MODELS.check(expression)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"${jdbcTemplate}", "${jdbcTemplate.execute('DROP TABLE x')}", "${registerApplication.execute(null)}",
      "${deadlines.workingDaysFromNow(5).getClass()}", "${deadlines.workingDaysFromNow(x.getClass())}",
      "${deadlines.calendar}", "${x.getClass()}", "${x.class}", "${x.class.forName('a')}", "${name.getBytes()}",
      "${''.getClass()}", "${'a'.concat('b')}", "${1.toString()}", "${x['class']}", "${x[0]}", "${a.b.c.d.e}",
      "${now()}", "${fn:f()}", "${execution.processEngine}", "${execution.getVariable('a')}",
      "${execution.processEngineServices.runtimeService}", "${authenticatedUserId.length()}", "${x = 1}",
      "${x -> x}", "${a += 'b'}", "${a; b}", "${a instanceof b}", "\\${x}", "${x", "${$x}", "${变量}"})
  void aModelIsRefusedCodeAndReflection(String expression) {
    assertThatThrownBy(() -> MODELS.check(expression)).isInstanceOf(Expressions.Unsafe.class);
  }
}
