package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * The names a task's or a start's deployed Camunda Form submits (its fields' keys, a group's or list's path), for
 * {@link TaskVariableGuard}. The engine still works out, on every call and with the caller's rights, which form the
 * task or start has (the model's form reference: latest version, a fixed version or the deployment's); only reading
 * and parsing that form's resource is done once. A deployed resource never changes (a new version of a form is a new
 * deployment, so a new resource), so the fields are kept by the resource's deployment and name, at most
 * {@value #KEPT} forms.
 */
final class DeployedFormFields {

  static final int KEPT = 512;
  private static final Set<String> INPUTLESS = Set.of("text", "button", "image", "spacer", "separator", "html",
      "iframe", "table", "documentPreview", "expression");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CommandExecutor commands;
  private final Map<String, Set<String>> byResource = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
          return size() > KEPT;
        }
      });
  /** How many resources were read and parsed: once per deployed form while it stays kept. */
  final AtomicInteger parsed = new AtomicInteger();

  DeployedFormFields(CommandExecutor commands) {
    this.commands = commands;
  }

  /** The fields of the task's deployed form, or none (no form, not a Camunda Form, or a task the caller cannot see). */
  Set<String> ofTask(String taskId) {
    Resource resource = new Resource();
    return fields(resource, () -> commands.execute(new GetDeployedTaskFormCmd(taskId) {
      @Override
      protected InputStream getDeploymentResource(String deploymentId, String resourceName) {
        return resource.open(deploymentId, resourceName, () -> super.getDeploymentResource(deploymentId, resourceName));
      }
    }));
  }

  /** The fields of a definition's deployed start form, or none. */
  Set<String> ofStart(String processDefinitionId) {
    Resource resource = new Resource();
    return fields(resource, () -> commands.execute(new GetDeployedStartFormCmd(processDefinitionId) {
      @Override
      protected InputStream getDeploymentResource(String deploymentId, String resourceName) {
        return resource.open(deploymentId, resourceName, () -> super.getDeploymentResource(deploymentId, resourceName));
      }
    }));
  }

  /** The deployment resource the engine found for a form, and whether its fields are already kept. */
  private final class Resource {
    String key;
    Set<String> kept;

    InputStream open(String deploymentId, String resourceName, Supplier<InputStream> read) {
      key = deploymentId + '/' + resourceName;
      kept = byResource.get(key);
      return kept != null ? InputStream.nullInputStream() : read.get();
    }
  }

  private Set<String> fields(Resource resource, Supplier<InputStream> deployed) {
    InputStream form;
    try {
      form = deployed.get();
    } catch (RuntimeException noForm) {
      return Set.of(); // no deployed form, or none the caller may see: nothing may be submitted with it
    }
    if (resource.kept != null) {
      return resource.kept;
    }
    Set<String> fields = new LinkedHashSet<>();
    try (form) {
      parsed.incrementAndGet();
      collect(JSON.readTree(form), fields);
    } catch (RuntimeException | IOException notACamundaForm) {
      fields.clear(); // an embedded or other form: nothing may be submitted with it
    }
    if (resource.key != null) {
      // the resource's bytes never change, so neither do its fields (none, for a form that is not a Camunda Form)
      byResource.put(resource.key, Collections.unmodifiableSet(fields));
    }
    return fields;
  }

  private static void collect(JsonNode node, Set<String> fields) {
    for (JsonNode component : node.path("components")) {
      if (!INPUTLESS.contains(component.path("type").asText())) {
        if (component.path("key").isTextual()) {
          fields.add(component.path("key").asText().split("\\.")[0]);
        }
        if (component.path("path").isTextual() && !component.path("path").asText().isBlank()) {
          fields.add(component.path("path").asText().split("\\.")[0]);
        }
      }
      collect(component, fields);
    }
  }
}
