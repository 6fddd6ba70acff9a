package cn.township.workflow.duty;

import cn.township.workflow.security.Roles;
import cn.township.workflow.system.Townships;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * 首问负责: the window clerk who registers a case is its first-responsible person, named with the window's phone on
 * the receipt and in the applicant's status lookup; while that clerk is away (职位代理) the substitute is named.
 * A case registered by an account that is not a window clerk (an external system) has none.
 */
@Component
public class FirstResponsible {

  /** Case variables: the clerk's user id, and name and phone as printed on the receipt. */
  public static final String USER = "firstResponsible";
  public static final String NAME = "firstResponsibleName";
  public static final String PHONE = "firstResponsiblePhone";

  private final Staff staff;
  private final Absences absences;
  private final Townships townships;

  public FirstResponsible(Staff staff, Absences absences, Townships townships) {
    this.staff = staff;
    this.absences = absences;
    this.townships = townships;
  }

  /**
   * At registration: the registering clerk becomes the case's first-responsible person; {@code township} is the
   * case's, whose window phone is printed if the clerk's own window is not known.
   */
  public void register(DelegateExecution execution, Townships.Township township) {
    Optional<Staff.Person> clerk = Optional.ofNullable(staff.callerId()).flatMap(staff::find)
        .filter(p -> p.roles().contains(Roles.WINDOW_CLERK.groupId));
    if (clerk.isEmpty()) {
      return;
    }
    execution.setVariable(USER, clerk.get().id());
    execution.setVariable(NAME, clerk.get().name());
    // the phone of the window the clerk sits at: for 通办 that is the receiving township's, not the handling one's
    String phone = clerk.get().townships().size() == 1
        ? townships.find(clerk.get().townships().get(0)).map(Townships.Township::windowPhone).orElse(null)
        : township.windowPhone();
    if (phone != null) {
      execution.setVariable(PHONE, phone);
    }
  }

  /**
   * Whom the applicant turns to now: the first-responsible clerk, or their substitute while they are away
   * ({@code name}, {@code phone}, and {@code actingFor} naming the clerk away); empty if the case has none.
   */
  public Optional<Map<String, Object>> contact(Object userId, Object phone) {
    if (!(userId instanceof String clerk)) {
      return Optional.empty();
    }
    Map<String, Object> contact = new LinkedHashMap<>();
    Optional<Absences.Absence> away = absences.inForce(clerk);
    contact.put("name", staff.nameOf(away.map(Absences.Absence::substitute).orElse(clerk)));
    if (phone != null) {
      contact.put("phone", phone);
    }
    away.ifPresent(a -> contact.put("actingFor", staff.nameOf(clerk) + "（" + a.to() + "前请假）"));
    return Optional.of(contact);
  }
}
