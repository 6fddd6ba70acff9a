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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
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

  private static final Logger LOG = LoggerFactory.getLogger(IdNumberWrites.class);

  private final IdNumbersOutOfPlace outOfPlace;
  private final JdbcTemplate jdbc;

  public IdNumberWrites(IdNumbersOutOfPlace outOfPlace, JdbcTemplate jdbc) {
    this.outOfPlace = outOfPlace;
    this.jdbc = jdbc;
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

  /**
   * A text the case already held before this command, under any name: a case of an earlier release whose remark held
   * a number carries it on — into a called procedure, back out of it, in a form submitted again with its fields as they
   * were — where refusing would stop the case at a step no clerk can pass (the value may be read-only there). Nothing
   * new is exposed; the value is logged once per write so the office can clean it up. Asked only of a text that holds
   * a number, so other writes send no statement; the command's own writes are not yet in the tables.
   */
  private boolean heldBefore(HistoricVariableUpdateEventEntity written) {
    String text = written.getTextValue();
    if (written.getRootProcessInstanceId() == null || !IdNumbersInText.contains(text)) {
      return false;
    }
    Integer held = jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_VARINST WHERE ROOT_PROC_INST_ID_ = ? AND TEXT_ = ?",
        Integer.class, written.getRootProcessInstanceId(), text);
    if (held == null || held == 0) {
      return false;
    }
    LOG.warn("案件 {} 的变量「{}」沿用了以前写入的身份证号码：未予拒绝，请核实后删除该号码。",
        written.getRootProcessInstanceId(), written.getVariableName());
    return true;
  }

  private void check(String userId, HistoricVariableUpdateEventEntity written) {
    String name = written.getVariableName();
    String serializer = String.valueOf(written.getSerializerName());
    if (written.getTextValue() != null && !heldBefore(written)) {
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
