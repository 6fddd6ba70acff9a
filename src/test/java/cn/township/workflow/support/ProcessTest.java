package cn.township.workflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A process test: the whole application without a web server, on its own in-memory database, with
 * the job executor off (tests run timers themselves). Its engine has its own name, because Camunda's
 * REST and webapps find engines in a JVM-wide registry: a test context registering another "default"
 * engine would take the web tests' REST calls away to its database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = "camunda.bpm.process-engine-name=processtests")
@ActiveProfiles("test")
@Import({ProcessEngineCoverageConfiguration.class, IssuedDocuments.class})
public @interface ProcessTest {}
