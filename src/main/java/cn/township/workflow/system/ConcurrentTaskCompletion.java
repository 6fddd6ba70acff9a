package cn.township.workflow.system;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Two people (or two cluster nodes) completing the same task at once: the loser may read the task while the winner's
 * commit removes its execution, and Camunda 7 then fails before its optimistic lock check ("list of executions is
 * empty", a NullPointerException). When a task completion fails and the task no longer exists, that can only be this
 * race, so it is reported as the conflict it is (OptimisticLockingException → 409 over REST, see
 * EngineRestErrors). The losing transaction has already been rolled back: this interceptor sits outside it.
 */
@Component
public class ConcurrentTaskCompletion extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        try {
          return next.execute(command);
        } catch (OptimisticLockingException conflict) {
          throw conflict;
        } catch (RuntimeException failure) {
          String taskId = completedTaskId(command);
          if (taskId != null && !taskExists(taskId)) {
            OptimisticLockingException conflict = new OptimisticLockingException(
                "Task " + taskId + " was completed concurrently: " + failure.getMessage());
            conflict.initCause(failure);
            throw conflict;
          }
          throw failure;
        }
      }

      private boolean taskExists(String taskId) {
        return next.execute(context -> {
          boolean authorizationChecks = context.isAuthorizationCheckEnabled();
          context.disableAuthorizationCheck();
          try {
            return context.getTaskManager().findTaskById(taskId) != null;
          } finally {
            if (authorizationChecks) {
              context.enableAuthorizationCheck();
            }
          }
        });
      }
    });
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The task a completion command is about, or null for every other command. */
  static String completedTaskId(Command<?> command) {
    if (!(command instanceof CompleteTaskCmd) && !(command instanceof SubmitTaskFormCmd)) {
      return null;
    }
    try {
      Field field = command.getClass().getDeclaredField("taskId");
      field.setAccessible(true);
      return (String) field.get(command);
    } catch (ReflectiveOperationException | RuntimeException unknownLayout) {
      return null; // another engine version: the failure is passed on unchanged
    }
  }
}
