package cn.township.workflow.system;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Opinions gathered in parallel from several participants (experts, departments) under one deadline:
 * each opinion goes on a list under the participant's name, and who answered is remembered so that the
 * ones who missed the deadline can be named.
 */
public final class CollectedOpinions {

  private final String opinions;
  private final String answered;

  /** The list variables to use: {@code opinions} holds "name：opinion" texts, {@code answered} participant ids. */
  public CollectedOpinions(String opinions, String answered) {
    this.opinions = opinions;
    this.answered = answered;
  }

  public void start(VariableScope scope) {
    CaseVariables.setList(scope, opinions, List.of());
    CaseVariables.setList(scope, answered, List.of());
  }

  /** Records one participant's opinion; returns all opinions so far. */
  public List<String> add(VariableScope scope, String participant, String name, String opinion) {
    List<String> all = new ArrayList<>(CaseVariables.list(scope, opinions));
    all.add(name + "：" + opinion);
    CaseVariables.setList(scope, opinions, all);
    List<String> ids = new ArrayList<>(CaseVariables.list(scope, answered));
    ids.add(participant);
    CaseVariables.setList(scope, answered, ids);
    return all;
  }

  /** The participants in {@code participantsVariable} who have not answered. */
  public List<String> missing(VariableScope scope, String participantsVariable) {
    List<String> ids = CaseVariables.list(scope, answered);
    return CaseVariables.list(scope, participantsVariable).stream().filter(p -> !ids.contains(p)).toList();
  }
}
