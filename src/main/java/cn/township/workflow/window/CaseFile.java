package cn.township.workflow.window;

/** Names of the case file's variables that several steps read: what the applicant has filed. */
public final class CaseFile {

  /** The catalog's materials on file (a JSON list): ticked at acceptance, added to by supplements after it. */
  public static final String MATERIALS = "materialsInFile";

  private CaseFile() {}
}
