package cn.township.workflow.casefile;

/** Names of the case file's variables that several steps read: what the applicant has filed. */
public final class FiledMaterials {

  /** The catalog's materials on file (a JSON list): ticked at acceptance, added to by supplements after it. */
  public static final String MATERIALS = "materialsInFile";

  private FiledMaterials() {}

  /** The materials on file; a case accepted before the file was kept has what the window ticked. */
  public static java.util.List<String> materials(org.camunda.bpm.engine.delegate.VariableScope scope) {
    return cn.township.workflow.system.CaseVariables.list(scope, scope.hasVariable(MATERIALS) ? MATERIALS
        : "receivedMaterials");
  }
}
