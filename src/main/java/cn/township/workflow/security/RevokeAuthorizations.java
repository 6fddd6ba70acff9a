package cn.township.workflow.security;

import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This installation grants rights and never revokes them: no REVOKE authorization (type 2) is created, whichever way
 * one is asked for (Admin and the REST API are answered by {@link AuthorizationTypeGuard} first; the engine refuses one
 * from anywhere else). So the engine need not ask, in every command, whether the caller holds a revoke
 * ({@code authorizationCheckRevokes = auto}: one {@code selectRevokeAuthorization} per command, 9 per case): where the
 * database holds none it is told {@code never}. Where it holds some (an earlier release, or SQL), it keeps {@code auto}
 * and they count; the database is asked again every minute, so a revoke written by SQL or by a node of an earlier
 * release while this one runs counts from the next check on.
 */
@Component
public class RevokeAuthorizations extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger("township.security");
  static final String REFUSAL = "本系统不使用撤销授权（REVOKE，类型 2）：权限只以全局授权（0）或授予（1）设定，"
      + "要收回权限，请删除或缩小相应的授予。未作任何修改。";

  private volatile ProcessEngine engine;
  /** The mode configured (application.yaml or the engine's default): {@code never} is only ever chosen over auto. */
  private volatile String configured;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new GrantsOnly();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine built) {
    this.engine = built;
    this.configured = built.getProcessEngineConfiguration().getAuthorizationCheckRevokes();
    check();
  }

  /**
   * Tells the engine whether to ask for revokes: {@code never} where the database holds none and the configuration
   * says {@code auto}; otherwise what is configured, at least {@code auto} while a revoke exists.
   */
  @Scheduled(fixedDelayString = "${township.security.revoke-check-millis:60000}", initialDelay = 60000)
  public void check() {
    if (engine == null) {
      return;
    }
    ProcessEngineConfiguration configuration = engine.getProcessEngineConfiguration();
    long revokes = engine.getAuthorizationService().createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_REVOKE).count();
    String mode = revokes == 0 ? (isAuto(configured) ? ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_NEVER
        : configured) : isNever(configured) ? ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_AUTO : configured;
    if (!mode.equalsIgnoreCase(configuration.getAuthorizationCheckRevokes())) {
      if (revokes > 0) {
        LOG.warn("the database holds {} REVOKE authorization(s) (an earlier release or SQL): the engine checks revokes"
            + " ({}), so that none is ignored; delete them in Admin to save the check in every command", revokes, mode);
      } else {
        LOG.info("no REVOKE authorization in the database, none can be created: the engine does not check revokes"
            + " ({})", mode);
      }
      configuration.setAuthorizationCheckRevokes(mode);
    }
  }

  private static boolean isAuto(String mode) {
    return mode == null || ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_AUTO.equalsIgnoreCase(mode);
  }

  private static boolean isNever(String mode) {
    return ProcessEngineConfiguration.AUTHORIZATION_CHECK_REVOKE_NEVER.equalsIgnoreCase(mode);
  }

  /** The engine's authorization manager, refusing to store a new revoke (the type of a stored one cannot change). */
  static final class GrantsOnly extends AuthorizationManager {
    @Override
    public void insert(DbEntity authorization) {
      if (authorization instanceof AuthorizationEntity entity
          && entity.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
        throw new RejectedInputException("type", REFUSAL);
      }
      super.insert(authorization);
    }
  }
}
