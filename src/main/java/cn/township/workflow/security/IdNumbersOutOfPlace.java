package cn.township.workflow.security;

import cn.township.workflow.system.RejectedInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A resident ID number belongs in the designated fields only ({@link SensitiveVariables}: the applicant's and the
 * party's, kept out of the engine): typed into any other field (a remark, the facts of a case, an address, a reason, a
 * comment) or sent inside a JSON value it would be kept as a case variable, shown in Cockpit to every supervisor and in
 * the variable history for ten years (个人信息保护法第六条、第二十八条). Such a value is refused with a Chinese message
 * naming the field by its form label, and the refusal is recorded ({@link Refusals}, in a transaction of its own: the
 * refused write's is rolled back; an anonymous request's is answered, not recorded). Where the values come from:
 * {@link IdNumberWrites} (every write of a case variable, whoever makes it), {@link IdNumberRequestBodies} (the free
 * text of our /api) and {@link TaskCommentGuard} (a note on a step, Tasklist's 办理意见).
 */
@Component
public class IdNumbersOutOfPlace {

  static final String REFUSAL = "「%s」中含有身份证号码。身份证号码只填写在“身份证号码”一栏，其他栏目请勿填写。未作任何修改。";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What our /api's free-text fields are called where no form names them (docs/api.md). */
  private static final Map<String, String> API_LABELS = Map.of("reason", "事由", "comment", "评价意见", "content",
      "意见内容", "opinion", "意见", "message", "催办内容", "name", "姓名", "contact", "联系方式", "applicationSummary",
      "申请内容说明", "villagerConsent", "村民同意代办的方式", TaskCommentGuard.NOTE, "办理意见");

  private final Refusals refusals;
  private final TransactionTemplate ownTransaction;
  private final Map<String, String> labels;

  public IdNumbersOutOfPlace(Refusals refusals, PlatformTransactionManager transactions) {
    this.refusals = refusals;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    Map<String, String> all = new HashMap<>(API_LABELS);
    all.putAll(formLabels());
    this.labels = Map.copyOf(all);
  }

  /** Refuses (and records) a text holding an ID number under the name {@code field}, unless it is a designated one. */
  public void checkText(String userId, String field, String text) {
    if (!SensitiveVariables.contains(field) && IdNumbersInText.contains(text)) {
      throw refused(userId, field, "");
    }
  }

  /** As {@link #checkText}, for every string, number and member name of a JSON value. */
  public void checkJson(String userId, String field, JsonNode value) {
    String path = SensitiveVariables.contains(field) || value == null ? null : IdNumbersInText.pathIn(value);
    if (path != null) {
      throw refused(userId, field, path);
    }
  }

  /** As {@link #checkJson}, for a JSON value as written; text that is not JSON is read as text. */
  public void checkSerializedJson(String userId, String field, String json) {
    JsonNode value;
    try {
      value = json == null ? null : JSON.readTree(json);
    } catch (IOException notJson) {
      checkText(userId, field, json);
      return;
    }
    checkJson(userId, field, value);
  }

  private RejectedInputException refused(String userId, String field, String path) {
    String label = labels.getOrDefault(field, named(field));
    String where = path.isEmpty() ? named(field) : named(field + "." + path);
    HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes
        attributes ? attributes.getRequest() : null;
    String user = userId == null ? "" : userId.length() > 64 ? userId.substring(0, 64) : userId;
    if (request == null || !user.isEmpty()) {
      // not an anonymous request's (a public comment, an applicant's rating): those endpoints limit their callers only
      // once the body is read, so each refusal would be a row anyone could add without limit
      ownTransaction.executeWithoutResult(status -> refusals.record(user, request == null ? "ENGINE"
          : request.getMethod(), (request == null ? "" : request.getRequestURI() + " ") + "身份证号码写在「" + where + "」"));
    }
    return new RejectedInputException(where,
        String.format(REFUSAL, path.isEmpty() ? label : label + "」中的「" + named(path)));
  }

  /** A name the caller gave, as a message quotes it: at most 64 characters, never an ID number itself. */
  private static String named(String name) {
    if (IdNumbersInText.contains(name)) {
      return "（含身份证号码的名称）";
    }
    return name.length() > 64 ? name.substring(0, 64) + "…" : name;
  }

  /** The label each field has on the deployed forms (forms/*.form), by its key: what a clerk knows the field by. */
  private static Map<String, String> formLabels() {
    Map<String, String> labels = new HashMap<>();
    try {
      for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/**/*.form")) {
        try (InputStream in = form.getInputStream()) {
          collect(JSON.readTree(in), labels);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(labels);
  }

  private static void collect(JsonNode node, Map<String, String> labels) {
    for (JsonNode component : node.path("components")) {
      if (component.path("key").isTextual() && component.path("label").isTextual()
          && !component.path("label").asText().isBlank()) {
        labels.putIfAbsent(component.path("key").asText(), component.path("label").asText());
      }
      collect(component, labels);
    }
  }
}
