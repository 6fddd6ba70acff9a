package cn.township.workflow.window;

import cn.township.workflow.system.RejectedInputException;

/** The person who applies at the window. {@link #validate()} refuses what the window would refuse. */
public record Applicant(String name, String idNumber, String phone) {

  public Applicant validate() {
    if (name == null || name.isBlank()) {
      throw new RejectedInputException("applicantName", "请填写申请人姓名。");
    }
    if (name.strip().length() > 50) {
      throw new RejectedInputException("applicantName", "申请人姓名过长（最多50字）。");
    }
    String idProblem = ChineseIdNumber.problem(idNumber);
    if (idProblem != null) {
      throw new RejectedInputException("applicantIdNumber", idProblem);
    }
    if (phone == null || !phone.strip().matches("1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}")) {
      throw new RejectedInputException("applicantPhone", "请填写有效的联系电话（11位手机号或带区号的固定电话）。");
    }
    return new Applicant(name.strip(), idNumber.strip().toUpperCase(), phone.strip());
  }
}
