package cn.township.workflow.support;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A process test that starts on Monday 2026-11-16, 10:00 at the office, and moves time with ClockUtil. */
@ProcessTest
public abstract class ProcessTestCase {

  protected static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  protected static final ZonedDateTime MONDAY = ZonedDateTime.of(2026, 11, 16, 10, 0, 0, 0, ZONE);

  @Autowired protected ProcessEngine engine;
  @Autowired protected RuntimeService runtime;
  @Autowired protected TaskService tasks;
  @Autowired protected IssuedDocuments documents;

  /** H2, or PostgreSQL in the second test run (see {@link TestDatabase}). */
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @BeforeEach
  void startOnMonday() {
    AbstractAssertions.init(engine);
    at(MONDAY);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  protected static void at(ZonedDateTime time) {
    ClockUtil.setCurrentTime(Date.from(time.toInstant()));
  }

  /** The moment a deadline on that date ends: 23:59:59 at the office. */
  protected static Date endOf(int year, int month, int day) {
    return Date.from(ZonedDateTime.of(year, month, day, 23, 59, 59, 0, ZONE).toInstant());
  }
}
