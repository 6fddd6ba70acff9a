package cn.township.workflow.security;

import cn.township.workflow.system.BeforeRequests;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At start, names each account that holds a township role in several townships, or with the county supervisor's
 * (created before the rule, or by SQL):
 * it is not locked out, but acts in no township until an administrator fixes it ({@link OneTownshipIdentityProvider}),
 * and the log says so once, with what to do.
 */
@Component
public class AccountsInSeveralTownships extends BeforeRequests {

  private static final Logger LOG = LoggerFactory.getLogger("township.security");

  private final ProcessEngine engine;

  public AccountsInSeveralTownships(ProcessEngine engine) {
    this.engine = engine;
  }

  @Override
  protected int step() {
    return 4;
  }

  @Override
  protected void prepare() {
    for (OneTownshipIdentityProvider.Breach breach : found()) {
      LOG.warn("账号“{}”担任乡镇岗位（{}），却{}：在管理员修正之前，它不属于任何乡镇，读不到、也领不到任何乡镇的案件。{}"
          + "请在 Admin 中为其他乡镇（或县里）另建账号，再删除此账号多余的乡镇（或岗位）成员关系。", breach.userId(),
          String.join("、", breach.roles()), breach.what(), OneTownshipIdentityProvider.TWO_ACCOUNTS);
    }
  }

  /** The accounts that break the rule now. */
  public List<OneTownshipIdentityProvider.Breach> found() {
    return OneTownshipIdentityProvider.breaches(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getCommandExecutorTxRequired());
  }
}
