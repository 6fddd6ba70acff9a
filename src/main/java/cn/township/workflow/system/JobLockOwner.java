package cn.township.workflow.system;

import java.util.UUID;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.stereotype.Component;

/**
 * Jobs a node has locked carry the node's name (ACT_RU_JOB.LOCK_OWNER_ = "node-a#3f9c1e2b", the same name as in
 * ACT_HI_JOB_LOG.HOSTNAME_), so after a crash an operator sees which jobs the dead node held and until when, instead of
 * Camunda's anonymous UUID. The random suffix keeps owners distinct where two nodes were given the same hostname.
 */
@Component
public class JobLockOwner extends AbstractProcessEnginePlugin {

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    JobExecutor jobExecutor = configuration.getJobExecutor();
    if (jobExecutor != null) {
      jobExecutor.setLockOwner(configuration.getHostname() + "#" + UUID.randomUUID().toString().substring(0, 8));
    }
  }
}
