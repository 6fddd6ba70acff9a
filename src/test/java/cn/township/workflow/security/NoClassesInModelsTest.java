package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.system.RefusedModelException;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.junit.jupiter.api.Test;

/**
 * The check runs on what is deployed now, not on a deployment the database already holds: after a restart the engine
 * reads stored deployments into its cache through the same deployers, and refusing one then would stop the cases that
 * run on it.
 */
class NoClassesInModelsTest {

  static DeploymentEntity deploymentOf(String name, String content, boolean isNew) {
    DeploymentEntity deployment = new DeploymentEntity();
    ResourceEntity resource = new ResourceEntity();
    resource.setName(name);
    resource.setBytes(content.getBytes(StandardCharsets.UTF_8));
    deployment.addResource(resource);
    deployment.setNew(isNew);
    return deployment;
  }

  @Test
  void aNewDeploymentIsCheckedAStoredOneReadAgainIsNot() {
    NoClassesInModels check = new NoClassesInModels("cn.township.workflow");
    String page = "<html><script>alert(1)</script></html>";
    assertThatThrownBy(() -> check.deploy(deploymentOf("page.html", page, true)))
        .isInstanceOf(RefusedModelException.class).hasMessageContaining("page.html");
    assertThatCode(() -> check.deploy(deploymentOf("page.html", page, false))).doesNotThrowAnyException();
  }
}
