package db.migration.common;

/**
 * V87: the applicant's ID numbers that cases of earlier releases hold as the variable {@code applicantIdNumber}
 * (running cases in ACT_RU_VARIABLE, every case in ACT_HI_VARINST, databases that ran with history "full" also in
 * ACT_HI_DETAIL) move into tw_applicant_identity (V86), one row per case: its root process instance, since older models
 * copied the variable into every process they called. Then the variable's rows are deleted from the engine's tables;
 * a string variable is never in ACT_GE_BYTEARRAY. The same SQL runs on H2 and PostgreSQL; a Java migration because it
 * must do nothing where the engine's tables are not there (SupervisionFiguresAtScale migrates a reporting database
 * without them), and a no-op where no such variable is left.
 */
public class V87__ApplicantIdNumbersOutOfTheEngine extends EngineTablesMigration {

  static final String[] STATEMENTS = {
      // running cases: the value the case holds now
      "INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at) "
          + "SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), " + preferTheRoots("v.EXECUTION_ID_")
          + ", CURRENT_TIMESTAMP "
          + "FROM ACT_RU_VARIABLE v JOIN ACT_RU_EXECUTION e ON e.ID_ = v.EXECUTION_ID_ "
          + "JOIN ACT_RU_EXECUTION root ON root.ID_ = e.ROOT_PROC_INST_ID_ "
          + "WHERE v.NAME_ = 'applicantIdNumber' AND v.TEXT_ IS NOT NULL "
          + "AND NOT EXISTS (SELECT 1 FROM tw_applicant_identity i WHERE i.process_instance_id = root.ID_) "
          + "GROUP BY root.ID_",
      // finished cases (and a running one the runtime rows missed): the value history kept
      "INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at) "
          + "SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), " + preferTheRoots("v.PROC_INST_ID_")
          + ", CURRENT_TIMESTAMP "
          + "FROM ACT_HI_VARINST v "
          + "JOIN ACT_HI_PROCINST root ON root.ID_ = COALESCE(v.ROOT_PROC_INST_ID_, v.PROC_INST_ID_) "
          + "WHERE v.NAME_ = 'applicantIdNumber' AND v.TEXT_ IS NOT NULL "
          + "AND NOT EXISTS (SELECT 1 FROM tw_applicant_identity i WHERE i.process_instance_id = root.ID_) "
          + "GROUP BY root.ID_",
      "DELETE FROM ACT_HI_DETAIL WHERE NAME_ = 'applicantIdNumber'",
      "DELETE FROM ACT_HI_VARINST WHERE NAME_ = 'applicantIdNumber'",
      "DELETE FROM ACT_RU_VARIABLE WHERE NAME_ = 'applicantIdNumber'"};

  /**
   * The number the case's root holds (the one the window last corrected), else a called process's copy; cut to the
   * column's 64 characters (a valid number has 18; a longer value was never one and must not stop the upgrade).
   */
  static String preferTheRoots(String scopeColumn) {
    return "SUBSTRING(COALESCE(MAX(CASE WHEN " + scopeColumn + " = root.ID_ THEN v.TEXT_ END), MAX(v.TEXT_)), 1, 64)";
  }

  @Override
  String[] statements() {
    return STATEMENTS;
  }
}
