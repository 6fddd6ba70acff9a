package cn.township.workflow.security;

import cn.township.workflow.security.Expressions.Binary;
import cn.township.workflow.security.Expressions.Choice;
import cn.township.workflow.security.Expressions.Expr;
import cn.township.workflow.security.Expressions.Path;
import cn.township.workflow.security.Expressions.Step;
import cn.township.workflow.security.Expressions.Unary;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * What an expression in a model (BPMN) may do, checked when the model is deployed: name one of our delegates or
 * listeners ({@code ${registerApplication}}), call a method of a bean marked {@link ModelFunctions}
 * ({@code ${deadlines.workingDaysFromNow(5)}}), read case variables and their properties, read a few facts of the
 * case ({@code #{execution.processBusinessKey}}), and compare or compute with those. Refused: any other bean,
 * functions (static calls), method calls on anything but those beans, and reflection ({@code getClass},
 * {@code forName}, {@code invoke}, {@code .class}), each with a Chinese reason.
 */
public final class ModelExpressions {

  /** The beans a model may name, as this application has them. */
  public interface Beans {
    boolean exists(String name);

    /** One of our delegates or listeners (referenced by name, never called into). */
    boolean isDelegate(String name);

    /** The methods a model may call on the bean, empty where it may call none. */
    Set<String> callableMethods(String name);
  }

  static final Set<String> CASE_FACTS = Set.of("processBusinessKey", "businessKey", "processInstanceId", "id",
      "tenantId", "currentActivityId", "activityInstanceId", "processDefinitionId", "eventName",
      "taskDefinitionKey", "name", "assignee");
  private static final Set<String> REFLECTION = Expressions.REFLECTION;
  private static final int MAX_PROPERTY_DEPTH = 3;

  private final Beans beans;

  public ModelExpressions(Beans beans) {
    this.beans = beans;
  }

  /** Returns normally if the text's expressions are of the kinds above; otherwise throws with the reason. */
  public void check(String text) {
    if (!Expressions.evaluates(text)) {
      return;
    }
    for (Expr part : Expressions.parse(text).parts()) {
      allowed(part);
    }
  }

  private void allowed(Expr expr) {
    if (expr instanceof Unary unary) {
      allowed(unary.operand());
    } else if (expr instanceof Binary binary) {
      allowed(binary.left());
      allowed(binary.right());
    } else if (expr instanceof Choice choice) {
      allowed(choice.condition());
      allowed(choice.then());
      allowed(choice.otherwise());
    } else if (expr instanceof Path path) {
      allowedPath(path);
    } // a literal is always allowed
  }

  private void allowedPath(Path path) {
    String root = path.root();
    for (Step step : path.steps()) {
      if (REFLECTION.contains(step.name())) {
        throw new Expressions.Unsafe("不允许使用反射（" + step.name() + "）");
      }
    }
    if (REFLECTION.contains(root)) {
      throw new Expressions.Unsafe("不允许使用反射（" + root + "）");
    }
    if (path.rootArgs() != null) {
      throw new Expressions.Unsafe("不允许调用函数 " + root + "()（静态方法）");
    }
    if ("execution".equals(root) || "task".equals(root)) {
      if (path.steps().size() != 1 || path.steps().get(0).isCall()
          || !CASE_FACTS.contains(path.steps().get(0).name())) {
        throw new Expressions.Unsafe(root + " 只能读取 " + String.join("、", new java.util.TreeSet<>(CASE_FACTS)));
      }
      return;
    }
    if ("authenticatedUserId".equals(root)) {
      if (!path.steps().isEmpty()) {
        throw new Expressions.Unsafe("authenticatedUserId 不能再取属性或调用方法");
      }
      return;
    }
    if (beans.exists(root)) {
      allowedBeanUse(path);
      return;
    }
    // a case variable: its properties may be read, nothing may be called
    if (path.steps().size() > MAX_PROPERTY_DEPTH) {
      throw new Expressions.Unsafe("变量 " + root + " 的属性层级过深");
    }
    for (Step step : path.steps()) {
      if (step.isCall()) {
        throw new Expressions.Unsafe("不允许调用变量 " + root + " 的方法 " + step.name() + "()");
      }
    }
  }

  private void allowedBeanUse(Path path) {
    String bean = path.root();
    if (path.steps().isEmpty()) {
      if (beans.isDelegate(bean) || !beans.callableMethods(bean).isEmpty()) {
        return;
      }
      throw new Expressions.Unsafe("Bean “" + bean + "”不在模型可引用的名单中（只允许本系统的办理步骤类）");
    }
    Set<String> callable = beans.callableMethods(bean);
    Step call = path.steps().get(0);
    if (callable.isEmpty()) {
      throw new Expressions.Unsafe("不允许调用 Bean “" + bean + "”的方法");
    }
    if (path.steps().size() != 1 || !call.isCall() || !callable.contains(call.name())) {
      throw new Expressions.Unsafe("Bean “" + bean + "”只允许直接调用 " + String.join("、",
          new java.util.TreeSet<>(callable)));
    }
    call.args().forEach(this::allowed);
  }

  /**
   * The beans of a Spring context: delegates, listeners and call activities' variable mappings of our packages, and
   * beans marked {@link ModelFunctions}.
   */
  public static Beans of(ListableBeanFactory context, String ourPackage) {
    return new Beans() {
      private volatile Set<String> delegates;

      @Override
      public boolean exists(String name) {
        return context.containsBean(name);
      }

      @Override
      public boolean isDelegate(String name) {
        if (delegates == null) {
          Set<String> found = new HashSet<>();
          for (Class<?> type : new Class<?>[] {JavaDelegate.class, ExecutionListener.class, TaskListener.class,
              DelegateVariableMapping.class}) {
            for (String candidate : context.getBeanNamesForType(type, true, false)) {
              Class<?> beanType = context.getType(candidate, false);
              if (beanType != null && ClassUtils.getUserClass(beanType).getName().startsWith(ourPackage + ".")) {
                found.add(candidate);
              }
            }
          }
          delegates = Set.copyOf(found);
        }
        return delegates.contains(name);
      }

      @Override
      public Set<String> callableMethods(String name) {
        Class<?> type = context.containsBean(name) ? context.getType(name, false) : null;
        if (type == null) {
          return Set.of();
        }
        Class<?> user = ClassUtils.getUserClass(type);
        if (!user.isAnnotationPresent(ModelFunctions.class) || !user.getName().startsWith(ourPackage + ".")) {
          return Set.of();
        }
        return Arrays.stream(user.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
            .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName)
            .filter(m -> !REFLECTION.contains(m)).collect(Collectors.toUnmodifiableSet());
      }
    };
  }
}
