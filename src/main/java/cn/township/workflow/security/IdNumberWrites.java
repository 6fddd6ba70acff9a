package cn.township.workflow.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Every case variable written, other than the designated ones ({@link SensitiveVariables}, which
 * {@link SensitiveVariableWrites} moves out of the engine), is checked for a resident ID number
 * ({@link IdNumbersOutOfPlace}): a text, a whole number (Long), or any string of a JSON value (a {@code Json} value, an
 * object serialized as JSON). One is refused and nothing of the command is kept. Done in the engine, so every way in
 * is covered: Tasklist and /engine-rest (a task completed, a form submitted, variables set, a case started, a message
 * correlated, a case modified …), our /api's starts and messages, and our own delegates.
 * <p>
 * Read from the history event the engine makes of each variable's creation and change, when it is made (a handler
 * beside the engine's own, which writes ACT_HI_VARINST): that is the one place that sees every write with its value,
 * also of a variable removed again within the same command (a step's reason for refusing, read into a document and
 * dropped with its subprocess), whose value is cleared by the time the command ends. The designated variables make no
 * history event ({@link cn.township.workflow.system.CaseHistoryLevel}), transient ones are never kept.
 */
@Component
public class IdNumberWrites extends AbstractProcessEnginePlugin implements HistoryEventHandler {

  private final IdNumbersOutOfPlace outOfPlace;

  public IdNumberWrites(IdNumbersOutOfPlace outOfPlace) {
    this.outOfPlace = outOfPlace;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
    handlers.add(this);
    configuration.setCustomHistoryEventHandlers(handlers);
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (event instanceof HistoricVariableUpdateEventEntity written
        && (event.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_CREATE)
        || event.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE))
        && !SensitiveVariables.contains(written.getVariableName())) {
      check(Context.getCommandContext() == null ? null : Context.getCommandContext().getAuthenticatedUserId(),
          written);
    }
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    events.forEach(this::handleEvent);
  }

  private void check(String userId, HistoricVariableUpdateEventEntity written) {
    String name = written.getVariableName();
    String serializer = String.valueOf(written.getSerializerName());
    if (written.getTextValue() != null) {
      outOfPlace.checkText(userId, name, written.getTextValue());
    }
    if (written.getLongValue() != null) {
      outOfPlace.checkText(userId, name, String.valueOf(written.getLongValue()));
    }
    if (written.getByteValue() != null && serializer.contains("json")) {
      outOfPlace.checkSerializedJson(userId, name, new String(written.getByteValue(), StandardCharsets.UTF_8));
    }
  }
}
