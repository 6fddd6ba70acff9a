package cn.township.workflow.duty;

import cn.township.workflow.casefile.DataFile;
import cn.township.workflow.security.Callers;
import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Villages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * 职位代理: {@code PUT /api/absences/{userId}} records (or replaces) an absence, {@code DELETE} withdraws it (the tasks
 * go back at once), {@code GET /api/absences?township=} lists those not ended to staff of the township (the reason only
 * to the person, their leader, supervisors and administrators). The user, a leader of their (one) township or an
 * administrator may record and withdraw; county staff of every township only themselves or an administrator. The
 * substitute must belong to the same township and hold the same role.
 */
@RestController
public class AbsenceController {

  /** The analysts' table of the office's limit on an absence (not a statutory period). */
  static final String FILE = "processes/absences.csv";
  static final int MAX_REASON = 200;

  /** What is sent: first and last day (yyyy-MM-dd), the substitute's user id, an optional reason. */
  public record AbsenceRequest(String from, String to, String substitute, String reason) {}

  private final Absences absences;
  private final AbsenceSchedule schedule;
  private final Staff staff;
  private final AuditTrail audit;
  private final int maxDays;

  public AbsenceController(Absences absences, AbsenceSchedule schedule, Staff staff, AuditTrail audit) {
    this.absences = absences;
    this.schedule = schedule;
    this.staff = staff;
    this.audit = audit;
    this.maxDays = maxDays();
  }

  /** The longest absence one may record, in calendar days, as {@value #FILE} sets it. */
  static int maxDays() {
    try {
      for (DataFile.Row row : DataFile.read(FILE)) {
        String[] cells = row.fields();
        int days = cells.length == 2 && cells[0].equals("max_days") && cells[1].matches("\\d{1,4}")
            ? Integer.parseInt(cells[1]) : 0;
        if (days >= 1 && days <= 3660) {
          return days;
        }
        throw new IllegalStateException(FILE + " 第 " + row.line() + " 行无法识别（应为 max_days,1–3660 的日数）："
            + String.join(",", cells));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(FILE + " 缺少 max_days（一次登记的代理期最长日数）。");
  }

  @PutMapping("/api/absences/{userId}")
  @Transactional // the previous absence ends only if the new one is recorded
  public Map<String, Object> record(@PathVariable String userId, @RequestBody(required = false) AbsenceRequest request) {
    Staff.Person absent = manageable(userId);
    if (request == null) {
      throw new RejectedInputException(null, "请提交请假起止日期和代理人：{\"from\":\"2026-12-07\",\"to\":\"2026-12-11\","
          + "\"substitute\":\"qs-reviewer2\"}。");
    }
    LocalDate from = date("from", request.from());
    LocalDate to = date("to", request.to());
    if (to.isBefore(from)) {
      throw new RejectedInputException("to", "结束日期不能早于开始日期。");
    }
    if (to.isBefore(absences.today())) {
      throw new RejectedInputException("to", "结束日期已过，无需登记代理。");
    }
    if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
      throw new RejectedInputException("to", "一次登记的代理期最长" + maxDays + "天。");
    }
    // with the span capped and the last day not past, the first day is within a year back as well
    if (to.isAfter(absences.today().plusDays(maxDays))) {
      throw new RejectedInputException("to", "结束日期不能晚于今天起" + maxDays + "天。");
    }
    String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
    if (reason != null && reason.length() > MAX_REASON) {
      throw new RejectedInputException("reason", "事由最多" + MAX_REASON + "字。");
    }
    if (reason != null && reason.chars().anyMatch(Character::isISOControl)) {
      throw new RejectedInputException("reason", "事由不能含换行、制表符等控制字符。");
    }
    if (request.substitute() == null || request.substitute().isBlank()) {
      throw new RejectedInputException("substitute", "请填写代理人的用户名。");
    }
    // a colleague of no township of the caller's is answered as nobody: the refusal below names them
    Authentication caller = staff.caller().orElseThrow();
    Staff.Person substitute = staff.find(request.substitute().strip()).filter(p -> Callers.everywhere(caller)
        || p.townships().stream().anyMatch(t -> Callers.inTownship(caller, t))).orElseThrow(() ->
        new RejectedInputException("substitute", "代理人不存在：请填写本乡镇同岗位工作人员的用户名。"));
    Staff.whyNotStandIn(absent, substitute).ifPresent(why -> {
      throw new RejectedInputException("substitute", why);
    });
    absences.lockPeople(userId, substitute.id()); // the checks below and the insert, one absence of these two at a time
    // nobody stands in while away themselves, nor goes away while standing in: the tasks would wait for no one
    absences.current(substitute.id()).filter(a -> a.overlaps(from, to)).ifPresent(a -> {
      throw new RejectedInputException("substitute", substitute.name() + "本人" + a.from() + "至" + a.to()
          + "请假，与本次代理期重叠，不能代理。");
    });
    absences.substituting(userId, from, to).stream().findFirst()
        .ifPresent(a -> {
          throw new RejectedInputException("from", absent.name() + "在" + a.from() + "至" + a.to() + "代理"
              + staff.nameOf(a.userId()) + "，请先为" + staff.nameOf(a.userId()) + "另行登记代理人，再登记本人请假。");
        });
    absences.lockOpen(userId);
    absences.current(userId).ifPresent(previous -> schedule.end(previous, staff.callerId()));
    String township = absent.townships().size() == 1 ? absent.townships().get(0) : "all";
    Absences.Absence absence;
    try {
      absence = absences.add(userId, township, from, to, substitute.id(), staff.callerId(), reason);
    } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
      // another PUT for the same user got there first (V73: one open absence per user); this one is rolled back
      throw new ResponseStatusException(HttpStatus.CONFLICT, "该工作人员的请假正被他人同时登记，请刷新后重试。");
    }
    audit.record(staff.callerId(), "AbsenceRecorded", null, userId + " " + from + " 至 " + to + "，代理人 "
        + substitute.id() + (reason == null ? "" : "，事由：" + reason));
    int handed = schedule.begin(absence);
    Map<String, Object> answer = view(absences.current(userId).orElse(absence));
    answer.put("tasksHandedOver", handed);
    return answer;
  }

  @DeleteMapping("/api/absences/{userId}")
  @Transactional
  public Map<String, Object> withdraw(@PathVariable String userId) {
    manageable(userId);
    absences.lockOpen(userId);
    Absences.Absence absence = absences.current(userId).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "该工作人员没有登记中的请假。"));
    int returned = schedule.end(absence, staff.callerId());
    return Map.of("userId", userId, "tasksReturned", returned);
  }

  @GetMapping("/api/absences")
  public List<Map<String, Object>> list(@RequestParam(required = false) String township) {
    Authentication caller = staff.caller().orElseThrow();
    if (Callers.inGroup(caller, Roles.RATING_DEVICE.groupId) || Villages.isAgent(caller.getGroupIds())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "请假和代理只对乡镇工作人员公开。");
    }
    boolean everywhere = Callers.everywhere(caller);
    String wanted = township == null || township.isBlank() ? null : township.strip();
    if (wanted != null && !everywhere && !Callers.inTownship(caller, wanted)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只能查看本乡镇的请假和代理。");
    }
    return absences.open(wanted).stream()
        .filter(a -> everywhere || Callers.inTownship(caller, a.township()))
        .map(a -> {
          Map<String, Object> view = view(a);
          if (!mayReadReason(caller, a)) {
            view.remove("reason"); // sick leave and the like: not for every colleague, kiosk or county office
          }
          return view;
        }).toList();
  }

  /** The person, a leader or supervisor of their township, the county supervisor and administrators. */
  private static boolean mayReadReason(Authentication caller, Absences.Absence absence) {
    return absence.userId().equals(caller.getUserId()) || Callers.everywhere(caller)
        || (Callers.inGroup(caller, Roles.LEADER.groupId) || Callers.inGroup(caller, Roles.SUPERVISOR.groupId))
        && Callers.inTownship(caller, absence.township());
  }

  /**
   * The user whose absence the caller may manage: themselves, as a leader of their (one) township, or as
   * administrator. People of several or every township (county and city staff, experts) are no township leader's.
   */
  private Staff.Person manageable(String userId) {
    Authentication caller = staff.caller().orElseThrow();
    Staff.Person person = staff.find(userId).orElse(null);
    boolean admin = Callers.inGroup(caller, Roles.ADMIN_GROUP);
    if (person == null) {
      if (admin) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "未找到该工作人员。");
      }
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只能为本人或（分管领导）本乡镇人员登记请假和代理。");
    }
    boolean leader = Callers.inGroup(caller, Roles.LEADER.groupId)
        && person.townships().size() == 1 && Callers.inTownship(caller, person.townships().get(0));
    if (!admin && !leader && !userId.equals(caller.getUserId())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只能为本人或（分管领导）本乡镇人员登记请假和代理。");
    }
    return person;
  }

  private Map<String, Object> view(Absences.Absence absence) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("userId", absence.userId());
    view.put("name", staff.nameOf(absence.userId()));
    view.put("township", absence.township());
    view.put("from", absence.from().toString());
    view.put("to", absence.to().toString());
    view.put("substitute", absence.substitute());
    view.put("substituteName", staff.nameOf(absence.substitute()));
    view.put("recordedBy", absence.recordedBy());
    view.put("reason", absence.reason());
    view.put("inForce", absence.inForceOn(absences.today()));
    return view;
  }

  private static LocalDate date(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new RejectedInputException(field, "请填写日期（yyyy-MM-dd）。");
    }
    if (text.strip().length() != 10) { // LocalDate.parse also takes "+6000000-01-01"
      throw new RejectedInputException(field, "日期格式应为 yyyy-MM-dd，例如 2026-12-07。");
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new RejectedInputException(field, "日期格式应为 yyyy-MM-dd，例如 2026-12-07。");
    }
  }
}
