package cn.township.workflow.support;

/**
 * Tests that start an application of their own beside the web tests' cached one (UpgradeTest, FirstAdministratorTest)
 * start it without Camunda's webapps: the webapps keep their runtime in static fields, so a second application's
 * webapps would take them over, and once it is closed the web tests' Tasklist answers 500.
 */
public final class SecondApplication {

  public static final String WITHOUT_CAMUNDA_WEBAPPS =
      "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration";

  private SecondApplication() {}
}
