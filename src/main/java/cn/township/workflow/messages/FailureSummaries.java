package cn.township.workflow.messages;

import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.security.PersonalData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * What is kept ({@code tw_message.last_error}) and logged of a failed attempt: the gateway's error, bounded, with the
 * phone number masked and the message's own text, the applicant's name and the query code cut out — a platform's
 * answer may quote what it was sent, and the query code opens the case, its documents and the rating.
 */
@Component
public class FailureSummaries {

  static final int MAX_LENGTH = 300;
  static final String HIDDEN = "［已隐去］";
  /** The case's values that appear in messages and must not leave them. */
  static final String[] SECRET_VARIABLES = {"applicantName", "queryCode"};

  private final HistoryService history;
  private final CaseLookup lookup;

  public FailureSummaries(HistoryService history, CaseLookup lookup) {
    this.history = history;
    this.lookup = lookup;
  }

  /** The summary of {@code failure} sending {@code message}. */
  public String of(Exception failure, SmsGateway.OutgoingMessage message) {
    List<String> secrets = new ArrayList<>();
    secrets.add(message.text());
    try {
      secrets.addAll(secretsOf(message.receiptNo()));
    } catch (RuntimeException e) {
      // without the case's values the gateway's words cannot be trusted to be clean: keep only the kind of failure
      return "短信发送失败：" + failure.getClass().getSimpleName() + "（详情已隐去）";
    }
    return redact(String.valueOf(failure.getMessage()), secrets);
  }

  /** {@code error} with every secret replaced, phone and ID numbers masked, at most {@link #MAX_LENGTH} characters. */
  static String redact(String error, List<String> secrets) {
    String clean = error;
    List<String> longestFirst = secrets.stream().filter(s -> s != null && s.strip().length() >= 2).map(String::strip)
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String secret : longestFirst) {
      clean = clean.replace(secret, HIDDEN);
    }
    clean = PersonalData.mask(clean);
    return clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "…" : clean;
  }

  private List<String> secretsOf(String receiptNo) {
    if (receiptNo == null) {
      return List.of();
    }
    return lookup.withoutCaller(() -> {
      String[] instances = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(receiptNo).list()
          .stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
      if (instances.length == 0) {
        return List.<String>of();
      }
      return history.createHistoricVariableInstanceQuery().processInstanceIdIn(instances)
          .variableNameIn(SECRET_VARIABLES).list().stream().map(v -> v.getValue())
          .filter(String.class::isInstance).map(String.class::cast).toList();
    });
  }
}
