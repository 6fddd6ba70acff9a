package cn.township.workflow.security;

import cn.township.workflow.system.RefusedModelException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deployed Camunda Form ({@code .form}) is rendered in the Tasklist of every clerk who opens a step that uses it,
 * with the clerk's session: what Tasklist does with a form's text must stay text. A form is refused at deployment
 * unless it keeps to what our forms use (checked by {@link NoClassesInModels} before the engine stores it):
 * <ul>
 *   <li>component types: text, textfield, textarea, number, checkbox, checklist, radio, select, datetime (no html,
 *   iframe, image, script; an unknown type was echoed into an error message Tasklist interpolates as an AngularJS
 *   expression);</li>
 *   <li>ids, keys, paths and {@code valuesKey}: letters, digits, {@code _} and {@code -};</li>
 *   <li>{@code {{…}}} only in a text component's text, and only naming a variable ({@code {{applicantName}}});</li>
 *   <li>nowhere the names through which a script reaches JavaScript's functions ({@code constructor},
 *   {@code prototype}, {@code __proto__}).</li>
 * </ul>
 */
final class CamundaForms {

  static final Set<String> TYPES = Set.of("default", "text", "textfield", "textarea", "number", "checkbox",
      "checklist", "radio", "select", "datetime");
  private static final Set<String> NAMES = Set.of("id", "key", "path", "valuesKey");
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*\\s*");
  private static final Pattern SCRIPT_NAMES = Pattern.compile("constructor|prototype|__proto__");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CamundaForms() {}

  static void check(String resource, byte[] content) {
    JsonNode form;
    try {
      form = JSON.readTree(content);
    } catch (IOException e) {
      throw new RefusedModelException("表单 " + resource + " 无法读取，未予部署：请在 Camunda Modeler 中保存后重新部署。");
    }
    if (form == null || !form.isObject()) {
      throw new RefusedModelException("表单 " + resource + " 无法读取，未予部署：请在 Camunda Modeler 中保存后重新部署。");
    }
    walk(resource, form);
  }

  private static void walk(String resource, JsonNode node) {
    if (node.isArray()) {
      node.forEach(child -> walk(resource, child));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    String type = node.path("type").isTextual() ? node.get("type").asText() : null;
    String id = node.path("id").isTextual() ? node.get("id").asText() : "?";
    if (type != null && !TYPES.contains(type)) {
      throw refused(resource, id, "的类型“" + abbreviate(type) + "”不在本系统表单可用的组件之列（文本、输入框、多行文本、数字、勾选、"
          + "多选、单选、下拉、日期时间）。");
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isTextual()) {
        String text = value.asText();
        if (NAMES.contains(field.getKey()) && !NAME.matcher(text).matches()) {
          throw refused(resource, id, "的 " + field.getKey() + "“" + abbreviate(text) + "”只能由字母、数字、_ 和 - 组成。");
        }
        if (SCRIPT_NAMES.matcher(text).find()) {
          throw refused(resource, id, "含有“" + abbreviate(text) + "”：表单中不得出现 constructor、prototype、__proto__。");
        }
        boolean templated = "text".equals(type) && "text".equals(field.getKey());
        Matcher template = TEMPLATE.matcher(text);
        while (template.find()) {
          if (!templated || !VARIABLE.matcher(template.group(1)).matches()) {
            throw refused(resource, id, "含有“" + abbreviate(template.group()) + "”：{{…}} 只能用在文本组件的内容中，"
                + "并且只能写变量名（如 {{applicantName}}）。");
          }
        }
      } else {
        walk(resource, value);
      }
    }
  }

  private static RefusedModelException refused(String resource, String component, String reason) {
    return new RefusedModelException("表单 " + resource + " 的组件 " + abbreviate(component) + " " + reason + "未予部署。");
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
