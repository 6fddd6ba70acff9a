package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/** The guard against a second test context taking the web tests' REST calls to its engine (EngineRegistryGuard). */
class EngineRegistryGuardTest {

  static final String NAME = "registryguardtest";
  final ProcessEngine mine = engine();
  final ProcessEngine another = engine();

  static ProcessEngine engine() {
    ProcessEngine engine = mock(ProcessEngine.class);
    when(engine.getName()).thenReturn(NAME);
    return engine;
  }

  static <C extends ApplicationContext> C context(Class<C> type, ProcessEngine engine) {
    C context = mock(type);
    when(context.getBeansOfType(ProcessEngine.class)).thenReturn(Map.of("processEngine", engine));
    return context;
  }

  @AfterEach
  void unregister() {
    ProcessEngines.getProcessEngines().remove(NAME);
  }

  @Test
  void aWebApplicationWhoseEngineRestServesPasses() {
    ProcessEngines.registerProcessEngine(mine);
    assertThatCode(() -> EngineRegistryGuard.check(context(WebServerApplicationContext.class, mine)))
        .doesNotThrowAnyException();
  }

  @Test
  void aWebApplicationWhoseEngineAnotherOfTheSameNameReplacedFails() {
    ProcessEngines.registerProcessEngine(mine);
    ProcessEngines.registerProcessEngine(another);
    assertThatThrownBy(() -> EngineRegistryGuard.check(context(WebServerApplicationContext.class, mine)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine '" + NAME + "'")
        .hasMessageContaining("serve another application's engine under that name");
  }

  @Test
  void aWebApplicationWhoseEngineIsNoLongerRegisteredFails() {
    assertThatThrownBy(() -> EngineRegistryGuard.check(context(WebServerApplicationContext.class, mine)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serve no engine under that name");
  }

  @Test
  void anApplicationWithoutAWebServerIsNotChecked() {
    ProcessEngines.registerProcessEngine(another);
    assertThatCode(() -> EngineRegistryGuard.check(context(ApplicationContext.class, mine)))
        .doesNotThrowAnyException();
  }
}
