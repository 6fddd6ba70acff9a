package cn.township.workflow.security;

import java.util.List;

/**
 * A register of ours that keeps, beside a record meant to outlive the case (the register of penalty decisions), a copy
 * of a sensitive value the case's keeper holds ({@link SensitiveVariableKeeper}): when the case's records go, the sweep
 * ({@link SensitiveVariableRetention}) clears these columns and keeps the row.
 */
public interface SensitiveCopies {

  /** The table, one row per case, keyed by the case's root process instance ({@code process_instance_id}). */
  String table();

  /** Its columns that hold the copies; nullable, cleared (NULL) when the case's records are gone. */
  List<String> sensitiveColumns();
}
