package cn.township.workflow.security;

import java.util.Map;
import org.camunda.bpm.engine.delegate.BaseDelegateExecution;
import org.camunda.bpm.engine.impl.el.Expression;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.el.JuelExpression;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.ValueExpression;
import org.springframework.context.ApplicationContext;

/**
 * The engine's expression manager (Spring beans, as Camunda's), with one guard: an expression evaluated without a
 * variable scope is a query's ({@code AbstractQuery.evaluateExpressions} is the engine's only such caller: every
 * query type, or-queries at any depth, stored filters and the queries that extend them), and it must pass
 * {@link QueryExpressions} before it is evaluated. Camunda 7 CE checks only the top level of ad-hoc task queries;
 * an or-query's expression ran with the server's rights. Model expressions (always evaluated with a scope) are
 * checked once, when the model is deployed ({@link NoCodeInModels}).
 */
public class GuardedExpressionManager extends SpringExpressionManager {

  public GuardedExpressionManager(ApplicationContext applicationContext, Map<Object, Object> beans) {
    super(applicationContext, beans);
  }

  @Override
  public Expression createExpression(String expression) {
    ensureInitialized();
    return new Guarded(createValueExpression(expression), this, expression);
  }

  static final class Guarded extends JuelExpression {

    Guarded(ValueExpression valueExpression, JuelExpressionManager manager, String text) {
      super(valueExpression, manager, text);
    }

    @Override
    public Object getValue(VariableScope variableScope, BaseDelegateExecution contextExecution) {
      if (variableScope == null) {
        QueryExpressions.check(expressionText);
      }
      return super.getValue(variableScope, contextExecution);
    }
  }
}
