package cn.township.workflow.system;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up work that must be done before the web server takes its first request (the structure every installation
 * needs, the demo users, the demo cases walked with the engine's clock set back), in the order of {@link #step()}:
 * Spring Boot starts the web server at the graceful-shutdown phase - 1024, these just before it.
 */
public abstract class BeforeRequests implements SmartLifecycle {

  private volatile boolean running;

  /**
   * The order among these steps: 1 the structure (townships, groups, grants, filters), 2 demo users, 3 demo cases, 4
   * accounts that break a rule named in the log.
   */
  protected abstract int step();

  /** The work itself, once per start. */
  protected abstract void prepare();

  @Override
  public final int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024 - 10 + step();
  }

  @Override
  public final void start() {
    running = true;
    prepare();
  }

  @Override
  public final void stop() {
    running = false;
  }

  @Override
  public final boolean isRunning() {
    return running;
  }
}
