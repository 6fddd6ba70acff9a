package cn.township.workflow.catalog;

import cn.township.workflow.system.CaseVariables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A working-day deadline that reaches a year holidays.csv does not cover is provisional: it is kept here with how it
 * was counted (start day, working days, nine o'clock or the day's end), in the case's own transaction, and its date
 * is listed on the case ({@code provisionalDeadlines}, shown in Cockpit). {@link CalendarUpdate} recomputes it once
 * the year is published. Deadlines computed outside a case (no engine command running) are not kept.
 */
@Component
public class ProvisionalDeadlines {

  /** The case variable listing the case's provisional dates, as notices print them. */
  public static final String MARK = "provisionalDeadlines";

  /** One kept deadline. */
  public record Kept(String id, String processInstanceId, String caseNo, LocalDate startDay, int workingDays,
                     boolean atOpening, Instant dueAt, int dueYear) {}

  private final JdbcTemplate jdbc;

  public ProvisionalDeadlines(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void record(LocalDate start, int workingDays, boolean atOpening, Instant due, Deadlines deadlines) {
    BpmnExecutionContext context = Context.getBpmnExecutionContext();
    ExecutionEntity execution = context == null ? null : context.getExecution();
    if (execution == null) {
      return;
    }
    ExecutionEntity instance = execution.getProcessInstance();
    jdbc.update("INSERT INTO tw_provisional_deadline (id, process_instance_id, case_no, start_day, working_days, "
            + "at_opening, due_at, due_year, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), instance.getId(), instance.getBusinessKey(), Date.valueOf(start), workingDays,
        atOpening, Timestamp.from(due), due.atZone(deadlines.zone()).getYear(), Timestamp.from(deadlines.now()));
    String shown = deadlines.formatDate(java.util.Date.from(due));
    ExecutionEntity root = root(instance);
    List<String> marked = new ArrayList<>(CaseVariables.list(root, MARK));
    if (!marked.contains(shown)) {
      marked.add(shown);
      CaseVariables.setList(root, MARK, marked);
    }
  }

  List<Kept> open() {
    return jdbc.query("SELECT * FROM tw_provisional_deadline WHERE settled_at IS NULL ORDER BY created_at",
        (rs, i) -> new Kept(rs.getString("id"), rs.getString("process_instance_id"), rs.getString("case_no"),
            rs.getDate("start_day").toLocalDate(), rs.getInt("working_days"), rs.getBoolean("at_opening"),
            rs.getTimestamp("due_at").toInstant(), rs.getInt("due_year")));
  }

  void settle(Kept kept, Instant at) {
    jdbc.update("UPDATE tw_provisional_deadline SET settled_at = ? WHERE id = ?", Timestamp.from(at), kept.id());
  }

  static ExecutionEntity root(ExecutionEntity instance) {
    ExecutionEntity root = instance;
    while (root.getSuperExecution() != null) {
      root = root.getSuperExecution().getProcessInstance();
    }
    return root;
  }
}
