package cn.township.workflow.enforcement;

import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 行政处罚决定公开 (行政处罚法第四十八条), no account needed: the decisions with a social impact, newest first, and the
 * withdrawals of those changed or revoked with their reason. A natural person's name is partly hidden; identity
 * numbers, addresses and the decision's free text are never part of it. The newest 200 entries.
 */
@RestController
@RequestMapping("/api/enforcement/publications")
public class PublicationController {

  private final PenaltyRegister register;
  private final Townships townships;

  public PublicationController(PenaltyRegister register, Townships townships) {
    this.register = register;
    this.townships = townships;
  }

  @GetMapping
  public Map<String, Object> published(@RequestParam(required = false) String township) {
    String townshipId = null;
    if (township != null && !township.isBlank()) {
      if (township.length() > 64 || townships.find(township.strip()).isEmpty()) {
        throw new RejectedInputException("township", "没有这个乡镇，township 应为 "
            + String.join("、", townships.townships().stream().map(Townships.Township::id).toList()) + " 之一。");
      }
      townshipId = township.strip();
    }
    List<Map<String, Object>> published = new ArrayList<>();
    List<Map<String, Object>> withdrawn = new ArrayList<>();
    for (PenaltyRegister.Publication p : register.publications(townshipId, 200)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("caseNo", p.caseNo());
      entry.put("township", townships.find(p.townshipId()).map(Townships.Township::name).orElse(null));
      entry.put("actingAuthority", p.actingAuthority());
      entry.put("publishedOn", text(p.publishedOn()));
      if (p.withdrawnOn() != null) {
        entry.put("withdrawnOn", text(p.withdrawnOn()));
        entry.put("reason", p.withdrawalReason());
        withdrawn.add(entry);
        continue;
      }
      entry.put("party", Publications.maskedParty(p.partyType(), p.partyName()));
      entry.put("violation", p.violationName());
      entry.put("penalty", PenaltyKind.of(p.penaltyKind(), "penaltyKind").label);
      entry.put("fineAmount", p.fine());
      entry.put("decidedOn", text(p.decidedOn()));
      entry.put("content", p.publicText());
      published.add(entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("publications", published);
    body.put("withdrawn", withdrawn);
    return body;
  }

  private static String text(LocalDate day) {
    return day == null ? null : day.toString();
  }
}
