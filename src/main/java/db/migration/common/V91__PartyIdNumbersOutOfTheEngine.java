package db.migration.common;

/**
 * V91: the parties' identification numbers that enforcement cases of earlier releases hold as the variable
 * {@code partyIdNumber} (running cases in ACT_RU_VARIABLE, every case in ACT_HI_VARINST, databases that ran with
 * history "full" also in ACT_HI_DETAIL) move into tw_party_identity (V90), one row per case (its root process
 * instance), with the party's type, trimmed and in upper case as the penalty register keeps them; then the variable's
 * rows are deleted from the engine's tables. As V87 did for the applicant's number: the same SQL on H2 and PostgreSQL,
 * nothing where the engine's tables are not there, a no-op where no such variable is left. A running case then reads
 * the number from the table (the repeat-fine check, the penalty register, the publication check) whatever model
 * version it runs on: no start-time step is needed.
 */
public class V91__PartyIdNumbersOutOfTheEngine extends EngineTablesMigration {

  static final String VARIABLE = "partyIdNumber";
  private static final String INSERT = "INSERT INTO tw_party_identity "
      + "(process_instance_id, case_no, tenant_id, party_type, id_number, recorded_at) ";

  static final String[] STATEMENTS = {
      // running cases: the value the case holds now, and the party type its root holds
      INSERT + "SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), "
          + "(SELECT MAX(t.TEXT_) FROM ACT_RU_VARIABLE t WHERE t.EXECUTION_ID_ = root.ID_ AND t.NAME_ = 'partyType'), "
          + normalized("v.EXECUTION_ID_") + ", CURRENT_TIMESTAMP "
          + "FROM ACT_RU_VARIABLE v JOIN ACT_RU_EXECUTION e ON e.ID_ = v.EXECUTION_ID_ "
          + "JOIN ACT_RU_EXECUTION root ON root.ID_ = e.ROOT_PROC_INST_ID_ "
          + "WHERE v.NAME_ = '" + VARIABLE + "' AND v.TEXT_ IS NOT NULL AND TRIM(v.TEXT_) <> '' "
          + "AND NOT EXISTS (SELECT 1 FROM tw_party_identity i WHERE i.process_instance_id = root.ID_) "
          + "GROUP BY root.ID_",
      // finished cases (and a running one the runtime rows missed): the value history kept
      INSERT + "SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), "
          + "(SELECT MAX(t.TEXT_) FROM ACT_HI_VARINST t WHERE t.PROC_INST_ID_ = root.ID_ AND t.NAME_ = 'partyType'), "
          + normalized("v.PROC_INST_ID_") + ", CURRENT_TIMESTAMP "
          + "FROM ACT_HI_VARINST v "
          + "JOIN ACT_HI_PROCINST root ON root.ID_ = COALESCE(v.ROOT_PROC_INST_ID_, v.PROC_INST_ID_) "
          + "WHERE v.NAME_ = '" + VARIABLE + "' AND v.TEXT_ IS NOT NULL AND TRIM(v.TEXT_) <> '' "
          + "AND NOT EXISTS (SELECT 1 FROM tw_party_identity i WHERE i.process_instance_id = root.ID_) "
          + "GROUP BY root.ID_",
      "DELETE FROM ACT_HI_DETAIL WHERE NAME_ = '" + VARIABLE + "'",
      "DELETE FROM ACT_HI_VARINST WHERE NAME_ = '" + VARIABLE + "'",
      "DELETE FROM ACT_RU_VARIABLE WHERE NAME_ = '" + VARIABLE + "'"};

  /** The root's number (else a called process's copy), as PenaltyRegister normalizes it. */
  static String normalized(String scopeColumn) {
    return "UPPER(TRIM(" + V87__ApplicantIdNumbersOutOfTheEngine.preferTheRoots(scopeColumn) + "))";
  }

  @Override
  String[] statements() {
    return STATEMENTS;
  }
}
