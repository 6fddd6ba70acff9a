package cn.township.workflow.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * County and city departments that review forwarded matters; each is a Camunda group whose members
 * work the department's tasks. Configured under {@code township.departments}.
 */
@ConfigurationProperties(prefix = "township")
public record Departments(List<Department> departments) {

  public record Department(String id, String name, String level) {}

  public Departments {
    departments = departments == null ? List.of() : List.copyOf(departments);
  }

  /** The department's name, or its id where it is not configured. */
  public String nameOf(String id) {
    return departments.stream().filter(d -> d.id().equals(id)).map(Department::name).findFirst().orElse(id);
  }
}
