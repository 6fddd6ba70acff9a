package cn.township.workflow.support;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;

/**
 * Fails a web test class whose application's engine is not the one Camunda's REST ({@code /engine-rest}) and webapps
 * serve. They find engines by name in the JVM-wide {@link ProcessEngines} registry, where the last engine started
 * under a name replaces the one before. A second test context with an engine of the same name (the default
 * "default") on its own in-memory database took the web tests' REST calls away: their new cases, made through the
 * context's own services, had no task over REST ("Cannot find task"). Such a context needs its own
 * {@code camunda.bpm.process-engine-name} (as {@link ProcessTest} and the browser tests have).
 */
public class EngineRegistryGuard extends AbstractTestExecutionListener {

  @Override
  public int getOrder() {
    return DependencyInjectionTestExecutionListener.ORDER + 100; // the context is loaded by then
  }

  @Override
  public void prepareTestInstance(TestContext testContext) {
    if (testContext.hasApplicationContext()) {
      check(testContext.getApplicationContext());
    }
  }

  /** Only contexts with a web server serve REST and webapps; the others use their own engine's services. */
  static void check(ApplicationContext context) {
    if (!(context instanceof WebServerApplicationContext)) {
      return;
    }
    for (ProcessEngine engine : context.getBeansOfType(ProcessEngine.class).values()) {
      Map<String, ProcessEngine> registry = ProcessEngines.getProcessEngines();
      ProcessEngine served = registry.get(engine.getName());
      if (served != engine) {
        throw new IllegalStateException(String.format("This test's application has engine '%s', but Camunda's REST and "
            + "webapps serve %s under that name: another test context in this JVM started an engine of the same "
            + "name (on its own database). Give that context its own camunda.bpm.process-engine-name.",
            engine.getName(), served == null ? "no engine" : "another application's engine"));
      }
    }
  }
}
