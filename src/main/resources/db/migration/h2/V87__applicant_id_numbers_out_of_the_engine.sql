-- V87: the applicant's ID numbers that cases of earlier releases hold as the variable applicantIdNumber (running cases
-- in ACT_RU_VARIABLE, every case in ACT_HI_VARINST, history "full" databases also in ACT_HI_DETAIL) are moved into
-- tw_applicant_identity (V86), one row per case (its root process instance; older models copied the variable into
-- every called process), and deleted from the engine's tables. Strings are stored in TEXT_, never in
-- ACT_GE_BYTEARRAY. The same SQL as postgresql/V87 (it concerns the engine's tables, which the common folder must not
-- assume: SupervisionFiguresAtScale migrates a database without them); a no-op on a database without such variables.

-- running cases: the value the case holds now
INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at)
SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), MAX(v.TEXT_), CURRENT_TIMESTAMP
FROM ACT_RU_VARIABLE v
JOIN ACT_RU_EXECUTION e ON e.ID_ = v.EXECUTION_ID_
JOIN ACT_RU_EXECUTION root ON root.ID_ = e.ROOT_PROC_INST_ID_
WHERE v.NAME_ = 'applicantIdNumber' AND v.TEXT_ IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM tw_applicant_identity i WHERE i.process_instance_id = root.ID_)
GROUP BY root.ID_;

-- finished cases (and running ones the runtime rows missed): the value history kept
INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at)
SELECT root.ID_, MAX(root.BUSINESS_KEY_), MAX(root.TENANT_ID_), MAX(v.TEXT_), CURRENT_TIMESTAMP
FROM ACT_HI_VARINST v
JOIN ACT_HI_PROCINST root ON root.ID_ = COALESCE(v.ROOT_PROC_INST_ID_, v.PROC_INST_ID_)
WHERE v.NAME_ = 'applicantIdNumber' AND v.TEXT_ IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM tw_applicant_identity i WHERE i.process_instance_id = root.ID_)
GROUP BY root.ID_;

DELETE FROM ACT_HI_DETAIL WHERE NAME_ = 'applicantIdNumber';
DELETE FROM ACT_HI_VARINST WHERE NAME_ = 'applicantIdNumber';
DELETE FROM ACT_RU_VARIABLE WHERE NAME_ = 'applicantIdNumber';
