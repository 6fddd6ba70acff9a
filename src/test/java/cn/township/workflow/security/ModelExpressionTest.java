package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The probe of issue 15: an analyst deployed a model whose service task ran reflection on the server. Every place
 * an expression can stand is tried with a refused form, deployed as {@code analyst-lin} (who may deploy): each is
 * refused with 400 naming the element, nothing is deployed, and the file the first one would create never appears.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ModelExpressionTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @TempDir Path temp;

  static final String HEAD = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Probe" targetNamespace="probe">
        <bpmn:message id="Message_Probe" name="%s" />
        <bpmn:process id="%s" name="探测" isExecutable="true" camunda:historyTimeToLive="3650">
          <bpmn:startEvent id="StartEvent_Probe" />
          <bpmn:sequenceFlow id="Flow_In" sourceRef="StartEvent_Probe" targetRef="Task_Probe" />
          %s
          <bpmn:sequenceFlow id="Flow_Out" sourceRef="Task_Probe" targetRef="End_Probe" %s
          <bpmn:endEvent id="End_Probe" />
        </bpmn:process>
      </bpmn:definitions>
      """;
  static final String PLAIN_FLOW_END = "/>";

  Path marker;

  String fileCreatingExpression() {
    marker = temp.resolve("created-by-model");
    return "${''.getClass().forName('java.io.File').getConstructor(''.getClass()).newInstance('"
        + marker.toString().replace(File.separatorChar, '/') + "').createNewFile()}";
  }

  static String model(String key, String task, String flowEnd, String messageName) {
    return HEAD.formatted(messageName, key, task, flowEnd);
  }

  static String model(String key, String task) {
    return model(key, task, PLAIN_FLOW_END, "探测消息");
  }

  @AfterEach
  void noFileWasCreated() {
    if (marker != null) {
      assertThat(Files.exists(marker)).as("the model's expression ran on the server").isFalse();
    }
  }

  ResponseEntity<Map<String, Object>> deploy(String user, String name, String resource, String xml) {
    return deploy(user, name, resource, xml.getBytes(StandardCharsets.UTF_8));
  }

  ResponseEntity<Map<String, Object>> deploy(String user, String name, String resource, byte[] xml) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("deployment-name", name);
    form.add("data", new ByteArrayResource(xml) {
      @Override
      public String getFilename() {
        return resource;
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return new Api(anonymous).as(user).exchange("/engine-rest/deployment/create", HttpMethod.POST,
        new HttpEntity<>(form, headers), Api.JSON_OBJECT);
  }

  void refused(String key, String xml, String element, String reason) {
    ResponseEntity<Map<String, Object>> answer = deploy("analyst-lin", key, key + ".bpmn", xml);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    String message = String.valueOf(answer.getBody().get("message"));
    assertThat(message).contains(element).contains("不被允许").contains(reason);
    assertThat(answer.getBody().get("details").toString()).as("the engine names the file").contains(key + ".bpmn");
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
  }

  /**
   * {@code analyst-lin}'s deployment {@code name} of one file is refused (400) before anything is stored: no deployment
   * of that name, no process of that key. Its message says each of {@code says}; it is returned.
   */
  String refusedAtDeployment(String name, String resource, byte[] content, String... says) {
    ResponseEntity<Map<String, Object>> answer = deploy("analyst-lin", name, resource, content);
    assertThat(answer.getStatusCode()).as("%s: %s", resource, answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    String message = (String) answer.getBody().get("message");
    if (says.length > 0) {
      assertThat(message).as(resource).contains(says);
    }
    assertThat(repository.createDeploymentQuery().deploymentName(name).count()).as(resource).isZero();
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(name).count()).as(resource).isZero();
    return message;
  }

  String refusedAtDeployment(String name, String resource, String content, String... says) {
    return refusedAtDeployment(name, resource, content.getBytes(StandardCharsets.UTF_8), says);
  }

  @Test
  void reflectionInAServiceTaskExpressionIsRefused() {
    String xml = model("probe-reflection", "<bpmn:serviceTask id=\"Task_Probe\" camunda:expression=\""
        + fileCreatingExpression() + "\" />");
    refused("probe-reflection", xml, "Task_Probe", "反射");
    // and the file is not there even once a case would have run it (nothing to start)
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("probe-reflection").count()).isZero();
  }

  @Test
  void aBeanThatIsNotOursIsRefusedAsDelegate() {
    refused("probe-bean", model("probe-bean",
            "<bpmn:serviceTask id=\"Task_Probe\" camunda:delegateExpression=\"${runtimeService}\" />"),
        "Task_Probe", "不在模型可引用的名单中");
  }

  @Test
  void aMethodOfAnUnlistedBeanIsRefused() {
    refused("probe-jdbc", model("probe-jdbc", "<bpmn:serviceTask id=\"Task_Probe\" "
            + "camunda:expression=\"${jdbcTemplate.execute('DROP TABLE tw_notice')}\" />"),
        "Task_Probe", "不允许调用 Bean");
  }

  @Test
  void aMethodOnACaseVariableInAConditionIsRefused() {
    refused("probe-condition", model("probe-condition", "<bpmn:task id=\"Task_Probe\" />",
            "><bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">${applicantName.getBytes() != null}"
                + "</bpmn:conditionExpression></bpmn:sequenceFlow>", "探测消息"),
        "Flow_Out", "不允许调用变量");
  }

  @Test
  void aFunctionCallInATimerIsRefused() {
    refused("probe-timer", model("probe-timer", """
        <bpmn:intermediateCatchEvent id="Task_Probe"><bpmn:timerEventDefinition id="Timer_Probe">
          <bpmn:timeDuration>${dateTime().toString()}</bpmn:timeDuration>
        </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"""), "Timer_Probe", "静态方法");
  }

  @Test
  void anInputMappingAndAListenerAreChecked() {
    refused("probe-input", model("probe-input", """
        <bpmn:task id="Task_Probe"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="x">${execution.processEngine}</camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:task>"""), "Task_Probe", "execution 只能读取");
    refused("probe-listener", model("probe-listener", """
        <bpmn:task id="Task_Probe"><bpmn:extensionElements>
          <camunda:executionListener event="start" expression="${execution.getProcessEngineServices()}" />
        </bpmn:extensionElements></bpmn:task>"""), "Task_Probe", "execution 只能读取");
  }

  @Test
  void aGeneratedFormADocumentationAndAMessageNameAreChecked() {
    // a generated form: the engine writes its labels into the clerk's page unescaped (a third review's probe)
    refusedAtDeployment("probe-form", "probe-form.bpmn", model("probe-form", """
        <bpmn:userTask id="Task_Probe" camunda:candidateGroups="reviewer"><bpmn:extensionElements><camunda:formData>
          <camunda:formField id="x" type="string" label="&lt;img src=x onerror=alert(1)&gt;" />
        </camunda:formData></bpmn:extensionElements></bpmn:userTask>"""), "Task_Probe", "生成式表单");
    // a user task's documentation is its description, an expression evaluated when the task is created
    refused("probe-documentation", model("probe-documentation", "<bpmn:userTask id=\"Task_Probe\" name=\"审查\" "
        + "camunda:candidateGroups=\"reviewer\"><bpmn:documentation>审查 " + fileCreatingExpression()
        + "</bpmn:documentation></bpmn:userTask>"), "Task_Probe", "反射");
    refused("probe-message", model("probe-message", "<bpmn:task id=\"Task_Probe\" />", PLAIN_FLOW_END,
        "${dataSource}"), "Message_Probe", "不在模型可引用的名单中");
  }

  @Test
  void anAngularTemplateInANameIsRefused() {
    // an attacker's review: Cockpit's variable table escapes the step's (or the process's) name as HTML and then
    // compiles it as an AngularJS template, so this name ran in every supervisor's and administrator's Cockpit
    String template = "{{constructor.constructor('window.__probe=1')()}}";
    refusedAtDeployment("probe-step-name", "probe-step-name.bpmn", model("probe-step-name",
        "<bpmn:userTask id=\"Task_Probe\" name=\"审查" + template + "\" camunda:candidateGroups=\"reviewer\" />"),
        "Task_Probe", "“{{”");
    refusedAtDeployment("probe-process-name", "probe-process-name.bpmn", model("probe-process-name",
        "<bpmn:task id=\"Task_Probe\" />").replace("name=\"探测\"", "name=\"" + template + "\""), "probe-process-name",
        "“{{”");
    refusedAtDeployment("probe-annotation", "probe-annotation.bpmn", model("probe-annotation",
        "<bpmn:task id=\"Task_Probe\" /><bpmn:textAnnotation id=\"Note_Probe\"><bpmn:text>" + template
            + "</bpmn:text></bpmn:textAnnotation>"), "Note_Probe", "“{{”");
  }

  @Test
  void aJavaClassOutsideOurCodeIsRefused() {
    refusedAtDeployment("probe-class", "probe-class.bpmn",
        model("probe-class", "<bpmn:serviceTask id=\"Task_Probe\" camunda:class=\"org.example.Evil\" />"),
        "Task_Probe", "本系统以外的 Java 类");
  }

  @Test
  void aVariableMappingOrFormHandlerClassOutsideOurCodeIsRefused() {
    // both are instantiated by name when the case reaches them: a constructor on the classpath would run
    String mapping = model("probe-mapping-class", "<bpmn:callActivity id=\"Task_Probe\" calledElement=\"window-intake\" "
        + "camunda:variableMappingClass=\"org.springframework.context.support.ClassPathXmlApplicationContext\" />");
    String handler = model("probe-form-handler", "<bpmn:userTask id=\"Task_Probe\" "
        + "camunda:formHandlerClass=\"org.springframework.context.support.ClassPathXmlApplicationContext\" />");
    for (String[] probe : new String[][] {{"probe-mapping-class", mapping}, {"probe-form-handler", handler}}) {
      refusedAtDeployment(probe[0], probe[0] + ".bpmn", probe[1], "Task_Probe", "本系统以外的 Java 类");
    }
  }

  @Test
  void noOtherWayToNameAClassOrACommandIsAccepted() {
    String evil = "org.example.Evil";
    Map<String, String> probes = new java.util.LinkedHashMap<>();
    // the old Activiti namespace, which the engine still reads its extension attributes in
    probes.put("probe-activiti.bpmn", model("probe-activiti", "<bpmn:serviceTask id=\"Task_Probe\" "
        + "xmlns:activiti=\"http://activiti.org/bpmn\" activiti:class=\"" + evil + "\" />"));
    // a listener's class is an unprefixed attribute of the extension element
    probes.put("probe-listener.bpmn", model("probe-listener", """
        <bpmn:userTask id="Task_Probe" camunda:candidateGroups="reviewer"><bpmn:extensionElements>
          <camunda:taskListener event="create" class="%s" />
        </bpmn:extensionElements></bpmn:userTask>""".formatted(evil)));
    // any name ending in "bpmn" is parsed by the engine's BPMN deployer
    probes.put("probe-suffix.xbpmn", model("probe-suffix", "<bpmn:serviceTask id=\"Task_Probe\" camunda:class=\""
        + evil + "\" />"));
    // a shell task runs an operating system command on the server
    probes.put("probe-shell.bpmn", model("probe-shell", """
        <bpmn:serviceTask id="Task_Probe" camunda:type="shell"><bpmn:extensionElements>
          <camunda:field name="command"><camunda:string>touch</camunda:string></camunda:field>
        </bpmn:extensionElements></bpmn:serviceTask>"""));
    // a form field validator named by class
    probes.put("probe-validator.bpmn", model("probe-validator", """
        <bpmn:userTask id="Task_Probe" camunda:candidateGroups="reviewer"><bpmn:extensionElements><camunda:formData>
          <camunda:formField id="x" type="string"><camunda:validation>
            <camunda:constraint name="validator" config="%s" />
          </camunda:validation></camunda:formField>
        </camunda:formData></bpmn:extensionElements></bpmn:userTask>""".formatted(evil)));
    // a second review's probes: a script element in another namespace, an expression as the text of a
    // documentation or a diagram-namespace element inside an input parameter, an embedded HTML form
    String reflection = fileCreatingExpression();
    probes.put("probe-foreign-script.bpmn", model("probe-foreign-script", """
        <bpmn:serviceTask id="Task_Probe" camunda:delegateExpression="${registerApplication}"><bpmn:extensionElements>
          <camunda:inputOutput><camunda:inputParameter name="x">
            <x:script xmlns:x="urn:x" scriptFormat="juel">%s</x:script>
          </camunda:inputParameter></camunda:inputOutput>
        </bpmn:extensionElements></bpmn:serviceTask>""".formatted(reflection)));
    probes.put("probe-hidden-text.bpmn", model("probe-hidden-text", """
        <bpmn:serviceTask id="Task_Probe" camunda:delegateExpression="${registerApplication}"><bpmn:extensionElements>
          <camunda:inputOutput><camunda:inputParameter name="x">
            <x:documentation xmlns:x="urn:x">%s</x:documentation>
          </camunda:inputParameter></camunda:inputOutput>
        </bpmn:extensionElements></bpmn:serviceTask>""".formatted(reflection)));
    probes.put("probe-diagram-text.bpmn", model("probe-diagram-text", """
        <bpmn:serviceTask id="Task_Probe" camunda:delegateExpression="${registerApplication}"><bpmn:extensionElements>
          <camunda:inputOutput><camunda:inputParameter name="x">
            <x:expression xmlns:x="urn:x:BPMN/20100524/DI">%s</x:expression>
          </camunda:inputParameter></camunda:inputOutput>
        </bpmn:extensionElements></bpmn:serviceTask>""".formatted(reflection)));
    probes.put("probe-embedded-form.bpmn", model("probe-embedded-form", "<bpmn:userTask id=\"Task_Probe\" "
        + "camunda:candidateGroups=\"reviewer\" camunda:formKey=\"embedded:deployment:probe.html\" />"));
    for (Map.Entry<String, String> probe : probes.entrySet()) {
      String key = probe.getKey().substring(0, probe.getKey().indexOf('.'));
      assertThat(refusedAtDeployment(key, probe.getKey(), probe.getValue())).as(probe.getKey())
          .containsAnyOf("Task_Probe", "脚本", probe.getKey());
    }
    // an encoding the check cannot read is refused, not passed unread (the engine's own parser would read it)
    String utf32 = model("probe-encoding", "<bpmn:serviceTask id=\"Task_Probe\" camunda:class=\"" + evil + "\" />")
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-32\"");
    refusedAtDeployment("probe-encoding", "probe-encoding.bpmn",
        utf32.getBytes(java.nio.charset.Charset.forName("UTF-32")));
    // a DOCTYPE (entities, external DTDs): refused with a clear answer, not the engine's 500
    String doctype = model("probe-doctype", "<bpmn:task id=\"Task_Probe\" name=\"&probe;\" />").replace(
        "<bpmn:definitions", "<!DOCTYPE bpmn:definitions [<!ENTITY probe \"探测\">]>\n<bpmn:definitions");
    refusedAtDeployment("probe-doctype", "probe-doctype.bpmn", doctype, "DOCTYPE");
  }

  @Test
  void onlyModelsDecisionTablesAndFormsAreDeployed() {
    // a deployed HTML page is served back by the REST API as a page: script in a clerk's browser
    refusedAtDeployment("probe-page", "probe-page.html", "<html><script>alert(1)</script></html>",
        "probe-page.html", ".bpmn");
  }

  @Test
  void aFormOutsideWhatOurFormsUseIsRefused() throws Exception {
    // a fourth review's probe: an unknown type was echoed into Tasklist's error message, which AngularJS interpolated,
    // and ran in the clerk's page; a new version of a form we use takes over its step for every clerk
    String ours = Files.readString(Path.of("forms/completeness-check.form"));
    Map<String, String> probes = new java.util.LinkedHashMap<>();
    probes.put("an unknown type", ours.replaceFirst("\"type\": \"textarea\"",
        "\"type\": \"{{constructor.constructor('window.__probe=1')()}}\""));
    probes.put("an html component", ours.replaceFirst("\"type\": \"textarea\"", "\"type\": \"html\""));
    probes.put("an expression in a label", ours.replaceFirst("\"label\": \"", "\"label\": \"{{1+1}}"));
    probes.put("a template that is not a variable name", ours.replaceFirst("\\{\\{\\s*([A-Za-z]+)\\s*}}",
        "{{ $1 + 1 }}"));
    probes.put("not JSON", "{\"components\": [");
    for (Map.Entry<String, String> probe : probes.entrySet()) {
      assertThat(probe.getValue()).as(probe.getKey()).isNotEqualTo(ours);
      refusedAtDeployment("probe-form-file", "completeness-check.form", probe.getValue(), "completeness-check.form");
    }
    // our own form, as Modeler deploys it, passes
    assertThat(deploy("analyst-lin", "probe-form-ours", "completeness-check.form", ours).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aCaseModelIsRefused() {
    // refused: the engine checks no authorizations on cases and our expression checks do not read CMMN models
    String cmmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="Definitions_ProbeCase"
            targetNamespace="probe"><case id="probe-case"><casePlanModel id="CasePlanModel_Probe" /></case></definitions>
        """;
    refusedAtDeployment("probe-case", "probe-case.cmmn", cmmn, "案例模型（CMMN）");
    assertThat(repository.createCaseDefinitionQuery().caseDefinitionKey("probe-case").count()).isZero();
  }

  @Test
  void theFormsOurModelsUseAreAccepted() {
    String xml = model("probe-allowed", """
        <bpmn:serviceTask id="Task_Probe" camunda:delegateExpression="${registerApplication}" />""",
        "><bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "${!(summaryAllowed &amp;&amp; proposeSummary) || reviewResult == 'approve' &amp;&amp; x.y &gt; 3}"
            + "</bpmn:conditionExpression></bpmn:sequenceFlow>", "#{execution.processBusinessKey}");
    ResponseEntity<Map<String, Object>> answer = deploy("analyst-lin", "probe-allowed", "probe-allowed.bpmn", xml);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    String timer = model("probe-allowed-timer", """
        <bpmn:intermediateCatchEvent id="Task_Probe"><bpmn:timerEventDefinition id="Timer_Probe">
          <bpmn:timeDate>${deadlines.workingDaysFromNow(5)}</bpmn:timeDate>
        </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""");
    assertThat(deploy("analyst-lin", "probe-allowed-timer", "probe-allowed-timer.bpmn", timer).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aDecisionTableInAScriptLanguageIsRefused() {
    String dmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_ProbeDmn"
            xmlns:camunda="http://camunda.org/schema/1.0/dmn"
            name="探测决策" namespace="probe">
          <decision id="Decision_Probe" name="探测" camunda:historyTimeToLive="30">
            <decisionTable id="DecisionTable_Probe">
              <input id="Input_Probe"><inputExpression id="InputExpression_Probe" typeRef="string"
                  expressionLanguage="javascript"><text>java.lang.Runtime.getRuntime()</text></inputExpression></input>
              <output id="Output_Probe" name="x" typeRef="string" />
              <rule id="Rule_Probe"><inputEntry id="In_Probe"><text>-</text></inputEntry>
                <outputEntry id="Out_Probe"><text>"a"</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """;
    ResponseEntity<Map<String, Object>> answer = deploy("analyst-lin", "probe-dmn", "probe.dmn", dmn);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) answer.getBody().get("message")).contains("只允许 FEEL").contains("javascript");
    assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey("Decision_Probe").count()).isZero();
  }
}
