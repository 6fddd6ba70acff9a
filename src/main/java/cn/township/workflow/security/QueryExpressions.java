package cn.township.workflow.security;

import cn.township.workflow.security.Expressions.Expr;
import cn.township.workflow.security.Expressions.Literal;
import cn.township.workflow.security.Expressions.Path;
import cn.township.workflow.security.Expressions.Step;
import cn.township.workflow.security.Expressions.Unary;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

/**
 * The only expressions a task query may make the engine evaluate: what Tasklist's filters need — the user
 * ({@code ${currentUser()}}, {@code ${currentUserGroups()}}) and dates ({@code ${now()}}, {@code ${dateTime()}}
 * with whole-number date arithmetic such as {@code ${dateTime().plusDays(-7).withTimeAtStartOfDay()}}). Every
 * other expression is refused before it is evaluated, whoever sends it and however it is nested (or-queries,
 * stored filters, a filter's extending query): see {@link GuardedExpressionManager}.
 */
public final class QueryExpressions {

  private static final Set<String> USER_FUNCTIONS = Set.of("currentUser", "currentUserGroups", "now");
  private static final Set<String> DATE_ARITHMETIC = Set.of(
      "plusYears", "plusMonths", "plusWeeks", "plusDays", "plusHours", "plusMinutes", "plusSeconds",
      "minusYears", "minusMonths", "minusWeeks", "minusDays", "minusHours", "minusMinutes", "minusSeconds");
  private static final Set<String> DATE_ROUNDING = Set.of("withTimeAtStartOfDay", "toDate");

  /** A query expression the engine refused to evaluate; REST answers it with 400 and the Chinese reason. */
  public static final class Refused extends InvalidRequestException {
    Refused(String expression, String reason) {
      super(Response.Status.BAD_REQUEST, "查询条件中的表达式“" + abbreviate(expression) + "”不被允许：" + reason
          + "。查询只能使用 ${currentUser()}、${currentUserGroups()}、${now()} 与 ${dateTime()} 的日期加减。");
    }
  }

  private QueryExpressions() {
  }

  /** Returns normally if the engine may evaluate {@code expression} for a query; throws {@link Refused} otherwise. */
  public static void check(String expression) {
    if (!Expressions.evaluates(expression)) {
      return; // plain text: nothing is evaluated
    }
    try {
      Expressions.Template template = Expressions.parse(expression);
      if (template.hasLiteralText() || template.parts().size() != 1) {
        throw new Expressions.Unsafe("只能是一个完整的 ${…} 表达式");
      }
      allowed(template.parts().get(0));
    } catch (Expressions.Unsafe unsafe) {
      throw new Refused(expression, unsafe.getMessage());
    }
  }

  private static void allowed(Expr expr) {
    if (!(expr instanceof Path path) || path.rootArgs() == null || !path.rootArgs().isEmpty()) {
      throw new Expressions.Unsafe("只允许调用内置函数，不允许变量、Bean 或运算");
    }
    if (USER_FUNCTIONS.contains(path.root()) && path.steps().isEmpty()) {
      return;
    }
    if (!"dateTime".equals(path.root())) {
      throw new Expressions.Unsafe("未知的函数 " + path.root() + "()");
    }
    for (Step step : path.steps()) {
      boolean rounding = DATE_ROUNDING.contains(step.name()) && step.isCall() && step.args().isEmpty();
      boolean arithmetic = DATE_ARITHMETIC.contains(step.name()) && step.isCall() && step.args().size() == 1
          && isWholeNumber(step.args().get(0));
      if (!rounding && !arithmetic) {
        throw new Expressions.Unsafe("dateTime() 之后只允许 plusDays(整数) 之类的日期加减");
      }
    }
  }

  private static boolean isWholeNumber(Expr argument) {
    Expr number = argument instanceof Unary minus && "-".equals(minus.operator()) ? minus.operand() : argument;
    return number instanceof Literal literal && literal.value() instanceof Long;
  }

  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "…";
  }
}
