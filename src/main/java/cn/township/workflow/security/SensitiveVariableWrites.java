package cn.township.workflow.security;

import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.stereotype.Component;

/**
 * A sensitive variable ({@link SensitiveVariables}: the applicant's ID number {@code applicantIdNumber}, the
 * enforcement party's {@code partyIdNumber}) written into a case through the engine's API rather than at registration
 * (an administrator setting it over REST or in Cockpit: a variable update, a message's or a modification's variables,
 * a task's or an execution's variables) is kept as the registration keeps it: by the variable's
 * {@link SensitiveVariableKeeper}, for the case, replacing what the case had, and the variable is removed before the
 * engine writes anything, so no {@code ACT_RU_VARIABLE} row ever holds it (the history level writes none either). A
 * value the registration would refuse is refused as the registration refuses it, and nothing of the command is kept.
 * <p>
 * Done in the engine, not at its REST API, so every way in is covered (REST under any engine name, the webapps' API,
 * Java callers): when the outermost command's context closes, before its changes are written, every variable of a name
 * in {@link SensitiveVariables} the command created or changed is taken out of the command's entity cache. A variable
 * of no case (a batch's, kept until its jobs run; a standalone task's) is refused, and so is a listed name no keeper
 * keeps.
 * Not earlier: the registrations (RegisterApplication, RegisterCase), later in the same command, read the start
 * variable and remove it themselves. Camunda 7.24 offers no engine-wide variable listener for BPMN (an execution's
 * lifecycle listeners are per execution object), and a history producer would leave the runtime row.
 */
@Component
public class SensitiveVariableWrites extends AbstractProcessEnginePlugin implements CommandContextListener {

  static final String NOT_KEPT = "此变量属于敏感个人信息，不能写入案件（见 processes/sensitive-variables.csv）。";

  private final Map<String, SensitiveVariableKeeper> keepers;

  public SensitiveVariableWrites(List<SensitiveVariableKeeper> keepers) {
    this.keepers = keepers.stream().collect(Collectors.toMap(SensitiveVariableKeeper::variable, Function.identity()));
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    CommandInterceptor listening = new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        // inside the command context (a post interceptor); once per context, however many commands it nests
        Context.getCommandContext().registerCommandContextListener(SensitiveVariableWrites.this);
        return next.execute(command);
      }
    };
    configuration.setCustomPostCommandInterceptorsTxRequired(with(
        configuration.getCustomPostCommandInterceptorsTxRequired(), listening));
    configuration.setCustomPostCommandInterceptorsTxRequiresNew(with(
        configuration.getCustomPostCommandInterceptorsTxRequiresNew(), listening));
  }

  private static List<CommandInterceptor> with(List<CommandInterceptor> interceptors, CommandInterceptor added) {
    List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
    all.add(added);
    return all;
  }

  @Override
  public void onCommandContextClose(CommandContext context) {
    DbEntityCache cache = context.getDbEntityManager().getDbEntityCache();
    for (ExecutionEntity started : cache.getEntitiesByType(ExecutionEntity.class)) {
      // a case restarted in this command: the engine copies its variables from history, which has none of these
      if (started.isProcessInstanceExecution() && started.getRestartedProcessInstanceId() != null
          && cache.getCachedEntity(started).getEntityState() == DbEntityState.TRANSIENT) {
        keepers.values().forEach(keeper -> keeper.restarted(started.getRestartedProcessInstanceId(), started.getId()));
      }
    }
    for (VariableInstanceEntity variable : cache.getEntitiesByType(VariableInstanceEntity.class)) {
      if (SensitiveVariables.contains(variable.getName()) && writtenNow(cache.getCachedEntity(variable))) {
        keep(context, variable);
      }
    }
  }

  @Override
  public void onCommandFailed(CommandContext context, Throwable failure) {
    // rolled back: nothing was written, nothing to move
  }

  /** Created or changed in this command (a row only read, or already removed, is left alone). */
  private static boolean writtenNow(CachedDbEntity cached) {
    return cached.getEntityState() == DbEntityState.TRANSIENT
        || cached.getEntityState() == DbEntityState.PERSISTENT && cached.isDirty();
  }

  private void keep(CommandContext context, VariableInstanceEntity variable) {
    SensitiveVariableKeeper keeper = keepers.get(variable.getName());
    if (keeper == null) {
      throw new RejectedInputException(variable.getName(), NOT_KEPT); // a name listed before its keeper is built
    }
    if (variable.getExecutionId() == null) {
      // a standalone task's variable, or a batch's (set-variables-async keeps them until its jobs run)
      throw new RejectedInputException(variable.getName(), keeper.notACase());
    }
    ExecutionEntity execution = variable.getExecution();
    keeper.keepWritten(context.getExecutionManager().findExecutionById(execution.getRootProcessInstanceId()),
        variable.getValue());
    if (variable.getTaskId() != null) {
      context.getTaskManager().findTaskById(variable.getTaskId()).removeVariableLocal(variable.getName());
    } else {
      execution.removeVariableLocal(variable.getName());
    }
  }
}
