package cn.township.workflow.audit;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.BadUserRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * History cleanup removes a finished case's operation log together with its history, after the process's
 * {@code historyTimeToLive}. So no process may keep its history for less than the audit records must be kept
 * ({@code township.audit.retention-days}, default three years; 网络安全法第二十一条 asks at least six months): a model
 * with a shorter one is refused at deployment, and a shorter one set later (REST, Cockpit) is refused too.
 */
@Component
public class AuditRetention extends AbstractProcessEnginePlugin {

  private final int retentionDays;

  public AuditRetention(@Value("${township.audit.retention-days:1095}") int retentionDays) {
    this.retentionDays = retentionDays;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPreBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
    listeners.add(new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element process, ProcessDefinitionEntity definition) {
        Integer days = definition.getHistoryTimeToLive();
        if (days != null && days < retentionDays) {
          throw new BpmnParseException("流程 " + definition.getKey() + " 的历史保留期（historyTimeToLive）为 " + days
              + " 天，短于审计记录的保留期 " + retentionDays + " 天：历史清理会提前删除其操作记录，请设为不少于 "
              + retentionDays + " 天。", process);
        }
      }
    });
    configuration.setCustomPreBPMNParseListeners(listeners);
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        if (command instanceof UpdateProcessDefinitionHistoryTimeToLiveCmd update) {
          Integer days = requestedDays(update);
          if (days == null || days < retentionDays) {
            throw new BadUserRequestException("历史保留期不能短于审计记录的保留期 " + retentionDays + " 天。");
          }
        }
        return next.execute(command);
      }
    });
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The engine keeps the new value in a protected field: read it there (Camunda 7.24). */
  private static Integer requestedDays(UpdateProcessDefinitionHistoryTimeToLiveCmd update) {
    try {
      java.lang.reflect.Field field = UpdateProcessDefinitionHistoryTimeToLiveCmd.class
          .getDeclaredField("historyTimeToLive");
      field.setAccessible(true);
      return (Integer) field.get(update);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the requested history time to live", e);
    }
  }

}
