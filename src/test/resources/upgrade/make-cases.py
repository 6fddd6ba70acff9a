#!/usr/bin/env python3
"""Creates running cases of every procedure, waiting in many different steps, in a running township-workflow
(the previous release, commit ceeaacf) -- through the application's own APIs, as its users would:

  * POST /api/applications               (window clerks register delegated-review and forward-to-county cases)
  * POST /api/enforcement/reports        (a complaint from another system opens an enforcement case)
  * POST /api/cases/{no}/level-decision  (a county department's own system posts its decision)
  * POST /api/decisions/{no}/comments    (citizens comment on a draft during its comment period)
  * /engine-rest (HTTP Basic):  process-definition/key/{key}/submit-form (Tasklist start forms),
                                task?processInstanceBusinessKey=...&taskDefinitionKey=..., task/{id}/complete

Task variables are sent the way Camunda Tasklist submits Camunda Forms: plain JSON values without a type
(strings, booleans, numbers; radio buttons give strings such as "true"), lists as {"type": "Json", "value": "[...]"}.
No timer is fired and the engine clock is not touched: every timer created here is due days to a year ahead.

Usage: make-cases.py http://localhost:18080      (password of the demo users: demo, or $DEMO_PASSWORD)
Run it once, against a freshly started previous release (demo profile; its demo cases already walked).
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:18080").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo")
CREATED = []  # (business key, procedure, intended waiting step)

# ---------------------------------------------------------------------------------------------- HTTP plumbing


def call(method, path, user=None, body=None, expect=(200, 201, 204)):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    if user:
        token = base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    if status not in expect:
        raise RuntimeError(f"{method} {path} as {user}: HTTP {status} {text}")
    return json.loads(text) if text.strip() else None


def form_variables(values):
    """Variables as Tasklist submits a Camunda Form: lists/objects as Json, everything else untyped."""
    out = {}
    for name, value in values.items():
        if isinstance(value, (list, dict)):
            out[name] = {"type": "Json", "value": json.dumps(value, ensure_ascii=False)}
        else:
            out[name] = {"value": value}
    return out


def tasks(business_key, task_key, user, **extra):
    query = {"processInstanceBusinessKey": business_key, "taskDefinitionKey": task_key, **extra}
    return call("GET", "/engine-rest/task?" + urllib.parse.urlencode(query), user)


def complete(business_key, task_key, user, values, **extra):
    found = tasks(business_key, task_key, user, **extra)
    if len(found) != 1:
        raise RuntimeError(f"{business_key}: expected one {task_key} task for {user} {extra}, found {len(found)}")
    call("POST", f"/engine-rest/task/{found[0]['id']}/complete", user, {"variables": form_variables(values)})


def start_form(user, process_key, values):
    """Tasklist's 发起流程: the start form submitted for the latest definition (shared by all townships)."""
    instance = call("POST", f"/engine-rest/process-definition/key/{process_key}/submit-form", user,
                    {"variables": form_variables(values)})
    key = instance.get("businessKey")
    if not key:
        key = call("GET", f"/engine-rest/process-instance/{instance['id']}", user)["businessKey"]
    return key


def waiting_at(business_key, user="admin"):
    """Activity ids with an open task or a waiting execution, in the case and every process it called."""
    query = urllib.parse.urlencode({"processInstanceBusinessKey": business_key})
    found = call("GET", "/engine-rest/task?" + query, user)
    return sorted({t["taskDefinitionKey"] for t in found})


def note(business_key, procedure, step):
    CREATED.append((business_key, procedure, step))
    print(f"{business_key:18} {procedure:18} {step}", flush=True)


# ---------------------------------------------------------------------------------------------- test data

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(county, birth, seq):
    """A valid resident ID number (GB 11643): region, birth date, sequence, check character."""
    body = f"{county}{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


MATERIALS = {
    "RURAL_HOMESTEAD": ["农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿", "村民小组会议讨论意见及村委会审查意见",
                        "住房设计图或通用图"],
    "RURAL_BUILDING_PLANNING": ["乡村建设规划许可申请表", "申请人身份证明", "土地权属证明", "建设工程设计方案"],
    "MINIMUM_LIVING_ALLOWANCE": ["最低生活保障申请书", "家庭成员身份证明及户口簿", "家庭收入和财产状况声明", "家庭经济状况核对授权书"],
    "TEMPORARY_ASSISTANCE": ["临时救助申请书", "申请人身份证明", "困难情况说明及证明材料"],
    "FOREST_LOGGING": ["林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明"],
    "SPECIAL_HARDSHIP_SUPPORT": ["特困人员救助供养申请书", "申请人身份证明及户口簿", "收入和财产状况声明", "残疾证或医疗诊断证明"],
    "FARMLAND_CONVERSION": ["农用地转用申请表", "申请人身份证明", "宅基地批准文件", "建设用地勘测定界图", "耕地占补平衡说明"],
}
SUMMARY = {
    "RURAL_HOMESTEAD": "在本村自有宅基地上翻建住房", "RURAL_BUILDING_PLANNING": "新建农机具库房一处",
    "MINIMUM_LIVING_ALLOWANCE": "家庭成员重病，收入低于当地低保标准", "TEMPORARY_ASSISTANCE": "房屋失火，临时生活困难",
    "FOREST_LOGGING": "采伐自有杉木林0.8公顷", "SPECIAL_HARDSHIP_SUPPORT": "无劳动能力、无生活来源的老人申请供养",
    "FARMLAND_CONVERSION": "建房占用一般耕地0.02公顷",
}
TOWNSHIP = {"qs": "qingshan", "bs": "baishi"}
_sequence = [0]


def apply(t, matter, name):
    """The window clerk of township t ('qs'/'bs') registers an application (POST /api/applications)."""
    _sequence[0] += 1
    county = "430521" if t == "qs" else "430522"
    answer = call("POST", "/api/applications", f"{t}-clerk", {
        "applicantName": name, "applicantIdNumber": id_number(county, f"19{60 + _sequence[0] % 35}0{1 + _sequence[0] % 9}1{_sequence[0] % 9}", 100 + _sequence[0]),
        "applicantPhone": f"1380013{8000 + _sequence[0]:04d}", "matterCode": matter,
        "applicationSummary": SUMMARY[matter]})
    return answer["receiptNo"], answer["queryCode"]


# ---------------------------------------------------------------------------------------------- steps a user takes

def check_materials(t, no, matter, complete_set=True):
    received = MATERIALS[matter] if complete_set else MATERIALS[matter][:2]
    complete(no, "Task_CheckCompleteness", f"{t}-clerk", {"receivedMaterials": received, "acceptable": "true"})


def receive_supplement(t, no):
    complete(no, "Task_ReceiveSupplement", f"{t}-clerk", {"supplementReceived": True,
                                                           "supplementReceiptNote": "申请人已当面补交"})


def review(t, no, result="approve", **more):
    values = {"reviewResult": result, "reviewOpinion": more.pop("opinion", "符合条件，材料真实有效")}
    values.update(more)
    complete(no, "Task_Review", f"{t}-reviewer", values)


def sign_off(t, no, decision="agree"):
    complete(no, "Task_LeaderSignOff", f"{t}-leader", {"leaderDecision": decision,
                                                       "leaderOpinion": "同意" if decision == "agree" else "请核实面积"})


def issue(t, no):
    complete(no, "Task_IssueAtWindow", f"{t}-clerk", {"deliveryMethod": "window", "decisionDelivered": True})


def rate(t, no, level, comment=""):
    complete(no, "Task_RateService", f"{t}-clerk", {"ratingLevel": level, "ratingComment": comment})


def pre_examine(t, no, result="pass", **more):
    values = {"applicationSummary": "", "preExamResult": result,
              "preExamOpinion": more.pop("opinion", "材料齐全，符合转报条件")}
    values.update(more)
    complete(no, "Task_PreExamine", f"{t}-preexaminer", values)


DEPARTMENT_USER = {"county-forestry": "xlj-reviewer", "county-civil-affairs": "xmz-reviewer",
                   "county-natural-resources": "xzr-reviewer", "county-agriculture": "xny-reviewer",
                   "city-natural-resources": "szr-reviewer"}


def department_decides(no, department, decision="approve", opinion="同意", basis=""):
    complete(no, "Task_DepartmentReview", DEPARTMENT_USER[department],
             {"departmentDecision": decision, "departmentOpinion": opinion, "departmentLegalBasis": basis},
             candidateGroup=department)


# --- delegated review (下放事项审核办理) ---------------------------------------------------------------------

def delegated_review():
    p = "delegated-review"
    no, _ = apply("qs", "RURAL_HOMESTEAD", "陈家旺")
    note(no, p, "window-intake Task_CheckCompleteness (Timer_AcceptanceDeadline)")

    no, _ = apply("bs", "TEMPORARY_ASSISTANCE", "罗小红")
    check_materials("bs", no, "TEMPORARY_ASSISTANCE", complete_set=False)
    note(no, p, "window-intake Task_ReceiveSupplement (Timer_SupplementDeadline)")

    no, _ = apply("qs", "MINIMUM_LIVING_ALLOWANCE", "谢桂芳")
    check_materials("qs", no, "MINIMUM_LIVING_ALLOWANCE", complete_set=False)
    receive_supplement("qs", no)
    note(no, p, "window-intake Task_CheckCompleteness again after the supplement")

    no, _ = apply("bs", "MINIMUM_LIVING_ALLOWANCE", "唐玉兰")
    check_materials("bs", no, "MINIMUM_LIVING_ALLOWANCE")
    note(no, p, "Task_Review (time-limit timers)")

    no, _ = apply("qs", "RURAL_BUILDING_PLANNING", "冯国庆")
    check_materials("qs", no, "RURAL_BUILDING_PLANNING")
    review("qs", no, "supplement", opinion="需补充建设工程设计方案的结构说明",
           missingMaterials=["建设工程设计方案"], supplementNote="请附结构安全说明")
    note(no, p, "CallActivity_ReviewSupplement > Task_ReceiveSupplement (clock paused)")

    no, _ = apply("bs", "RURAL_BUILDING_PLANNING", "彭丽娟")
    check_materials("bs", no, "RURAL_BUILDING_PLANNING")
    review("bs", no)
    note(no, p, "Task_LeaderSignOff")


    no, _ = apply("qs", "TEMPORARY_ASSISTANCE", "蔡明亮")
    check_materials("qs", no, "TEMPORARY_ASSISTANCE")
    review("qs", no)
    note(no, p, "Task_IssueAtWindow (approved)")
    no, _ = apply("bs", "TEMPORARY_ASSISTANCE", "余春花")
    check_materials("bs", no, "TEMPORARY_ASSISTANCE")
    review("bs", no, "disapprove", opinion="家庭人均收入高于救助标准", decisionLegalBasis="《社会救助暂行办法》第四十七条")
    note(no, p, "Task_IssueAtWindow (refused)")

    no, _ = apply("qs", "RURAL_HOMESTEAD", "潘建军")
    check_materials("qs", no, "RURAL_HOMESTEAD")
    review("qs", no)
    sign_off("qs", no)
    issue("qs", no)
    note(no, p, "satisfaction-rating Task_RateService (Timer_RatingPeriod)")

    no, _ = apply("bs", "TEMPORARY_ASSISTANCE", "戴红梅")
    check_materials("bs", no, "TEMPORARY_ASSISTANCE")
    review("bs", no)
    issue("bs", no)
    rate("bs", no, "DISSATISFIED", "等了很久才通知补材料")
    note(no, p, "satisfaction-rating Task_VerifyBadRating")

    no, _ = apply("bs", "RURAL_HOMESTEAD", "夏永福")
    check_materials("bs", no, "RURAL_HOMESTEAD")
    review("bs", no)
    sign_off("bs", no)
    issue("bs", no)
    rate("bs", no, "VERY_DISSATISFIED", "窗口人员态度差，多跑了两趟")
    complete(no, "Task_VerifyBadRating", "bs-supervisor", {"complaintSubstantiated": "true",
                                                          "verificationFinding": "属实：未一次性告知"})
    note(no, p, "satisfaction-rating Task_Rectify (Timer_RectificationDue)")

    no, _ = apply("qs", "TEMPORARY_ASSISTANCE", "钟立新")
    check_materials("qs", no, "TEMPORARY_ASSISTANCE")
    review("qs", no)
    issue("qs", no)
    rate("qs", no, "DISSATISFIED", "救助金额太少")
    complete(no, "Task_VerifyBadRating", "qs-supervisor", {"complaintSubstantiated": "false",
                                                          "verificationFinding": "救助金额按标准核定，已向申请人解释"})
    note(no, p, "satisfaction-rating Task_ReturnVisit")


# --- forward to county (乡镇预审县级转报) -------------------------------------------------------------------

def forward_to_county():
    p = "forward-to-county"
    no, _ = apply("qs", "FOREST_LOGGING", "汪德胜")
    note(no, p, "window-intake Task_CheckCompleteness (Timer_AcceptanceDeadline)")

    no, _ = apply("bs", "SPECIAL_HARDSHIP_SUPPORT", "田老汉")
    check_materials("bs", no, "SPECIAL_HARDSHIP_SUPPORT")
    note(no, p, "Task_PreExamine (time-limit timers)")

    no, _ = apply("qs", "FOREST_LOGGING", "姜春生")
    check_materials("qs", no, "FOREST_LOGGING")
    pre_examine("qs", no, "correction", opinion="权属证明与申请地块不符", missingMaterials=["林木权属证明"],
                supplementNote="请提供与申请地块一致的林权证")
    note(no, p, "CallActivity_Supplement > Task_ReceiveSupplement (pre-examination correction)")

    no, _ = apply("bs", "SPECIAL_HARDSHIP_SUPPORT", "苏阿婆")
    check_materials("bs", no, "SPECIAL_HARDSHIP_SUPPORT")
    pre_examine("bs", no)
    note(no, p, "higher-level-review (county) Task_DepartmentReview county-civil-affairs (level timers)")

    no, _ = apply("qs", "FARMLAND_CONVERSION", "魏长河")
    check_materials("qs", no, "FARMLAND_CONVERSION")
    pre_examine("qs", no)
    note(no, p, "higher-level-review (county) joint review: two Task_DepartmentReview (level timers)")

    no, code = apply("bs", "FARMLAND_CONVERSION", "薛金花")
    check_materials("bs", no, "FARMLAND_CONVERSION")
    pre_examine("bs", no)
    call("POST", f"/api/cases/{no}/level-decision", "xzr-reviewer", {
        "queryCode": code, "department": "county-natural-resources", "decision": "approve",
        "opinion": "经县自然资源局审批系统审核，符合土地利用总体规划"})
    note(no, p, "higher-level-review (county) joint review: county-natural-resources decided by its system, "
                "county-agriculture still reviewing")

    no, _ = apply("qs", "FARMLAND_CONVERSION", "雷振华")
    check_materials("qs", no, "FARMLAND_CONVERSION")
    pre_examine("qs", no)
    department_decides(no, "county-natural-resources", opinion="符合土地利用总体规划")
    department_decides(no, "county-agriculture", opinion="不涉及永久基本农田")
    note(no, p, "higher-level-review (city) Task_DepartmentReview city-natural-resources (level timers)")

    no, _ = apply("qs", "FOREST_LOGGING", "贺青松")
    check_materials("qs", no, "FOREST_LOGGING")
    pre_examine("qs", no)
    department_decides(no, "county-forestry", opinion="采伐量在年度限额内，同意")
    note(no, p, "Task_IssueAtWindow (county approved)")
    no, _ = apply("bs", "SPECIAL_HARDSHIP_SUPPORT", "孟老伯")
    check_materials("bs", no, "SPECIAL_HARDSHIP_SUPPORT")
    pre_examine("bs", no)
    department_decides(no, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", "《特困人员认定办法》第六条")
    note(no, p, "Task_IssueAtWindow (county refused)")

    no, _ = apply("qs", "FOREST_LOGGING", "方永强")
    check_materials("qs", no, "FOREST_LOGGING")
    pre_examine("qs", no)
    department_decides(no, "county-forestry", "supplement", "请补充伐区界址图和林木蓄积量调查表")
    note(no, p, "CallActivity_Supplement > Task_ReceiveSupplement (county returned for supplement)")

    no, _ = apply("bs", "FOREST_LOGGING", "熊大山")
    check_materials("bs", no, "FOREST_LOGGING")
    pre_examine("bs", no)
    department_decides(no, "county-forestry", opinion="同意")
    issue("bs", no)
    note(no, p, "satisfaction-rating Task_RateService (Timer_RatingPeriod)")


# --- joint enforcement (综合行政执法办案) -------------------------------------------------------------------

def report_case(t, violation, party_type="citizen", party="刘某"):
    """An officer's 发起流程 in Tasklist (case-report form)."""
    party_id = (id_number("430521" if t == "qs" else "430522", "19750615", 200 + len(CREATED))
                if party_type == "citizen" else "91430521MA4L0XXX2B")
    return start_form(f"{t}-officer1", "joint-enforcement", {
        "caseSource": "inspection", "violationType": violation, "partyType": party_type, "partyName": party,
        "partyIdNumber": party_id, "location": "青山镇东村" if t == "qs" else "白石乡集镇",
        "facts": "巡查发现当事人实施违法行为，已拍照固定"})


def approve_filing(t, no):
    complete(no, "Task_ApproveFiling", f"{t}-captain", {"fileCase": "true", "filingReason": "符合立案条件"})


def investigate(t, no, kind, fine, **more):
    values = {"investigators": "郭勇、钱明" if t == "qs" else "孔伟、曹亮", "evidence": "现场检查笔录、照片、询问笔录",
              "findings": "当事人实施了违法行为", "jointDepartments": [], "penaltyKind": kind, "fineAmount": fine,
              "complexCase": False, "majorPublicInterest": False, "proposeSummary": False,
              "proposedPenalty": f"拟处罚款{fine}元" if fine else "拟给予警告"}
    values.update(more)
    complete(no, "Task_Investigate", f"{t}-officer1", values)


def respond(t, no, hearing=False):
    complete(no, "Task_RecordPartyResponse", f"{t}-officer2", {"partyStatement": "当事人对事实无异议",
                                                               "hearingRequested": "true" if hearing else "false"})


def decide(t, no, fine):
    complete(no, "Task_Decide", f"{t}-captain", {"decisionKind": "penalty", "fineAmount": fine,
                                                "decisionReasons": f"责令改正，并处罚款{fine}元", "decisionLegalBasis": ""})


def serve(t, no):
    complete(no, "Task_ServeDecision", f"{t}-officer1", {"serviceMethod": "direct", "decisionServed": True})


def joint_enforcement():
    p = "joint-enforcement"
    answer = call("POST", "/api/enforcement/reports", "bs-officer2", {
        "violationType": "ROAD_OCCUPATION", "partyType": "citizen", "partyName": "王某",
        "partyIdNumber": id_number("430522", "19820304", 301), "location": "白石乡农贸市场门口",
        "facts": "群众举报：当事人长期占道摆摊经营"})
    note(answer["caseNo"], p, "Task_ApproveFiling (Timer_FilingDeadline), from a complaint")

    no = report_case("bs", "ILLEGAL_CONSTRUCTION", party="孙某")
    approve_filing("bs", no)
    note(no, p, "Task_Investigate (decision-deadline timers)")

    no = report_case("qs", "FOREST_DESTRUCTION", party="李某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 3000, jointDepartments=["county-forestry", "county-natural-resources"])
    note(no, p, "Task_DepartmentFindings x2 (Timer_JointFindingsDeadline)")

    no = report_case("qs", "LITTERING", party="周某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 1000)
    note(no, p, "Task_RecordPartyResponse (Timer_ResponseDeadline)")

    no = report_case("qs", "ILLEGAL_CONSTRUCTION", party="郑某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 10000)
    respond("qs", no, hearing=True)
    note(no, p, "Task_HoldHearing")

    no = report_case("bs", "ILLEGAL_CONSTRUCTION", party="冯某")
    approve_filing("bs", no)
    investigate("bs", no, "fine", 8000)
    respond("bs", no)
    note(no, p, "Task_LegalReview")

    no = report_case("qs", "ILLEGAL_CONSTRUCTION", "organization", "青山建材有限公司")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 20000, complexCase=True)
    respond("qs", no)
    complete(no, "Task_LegalReview", "qs-legal", {"legalReviewOpinion": "pass", "legalReviewNote": "事实清楚，证据确凿"})
    note(no, p, "Task_CollectiveDiscussion")

    no = report_case("qs", "FOREST_DESTRUCTION", party="陈某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 3000)
    respond("qs", no)
    note(no, p, "Task_Decide (entrusted by 县林业局)")

    no = report_case("bs", "LITTERING", party="褚某")
    approve_filing("bs", no)
    investigate("bs", no, "fine", 1000)
    respond("bs", no)
    decide("bs", no, 1000)
    note(no, p, "Task_ServeDecision (Timer_ServiceDeadline)")

    no = report_case("qs", "LITTERING", party="卫某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 1500)
    respond("qs", no)
    decide("qs", no, 1500)
    serve("qs", no)
    note(no, p, "Task_AwaitPayment (Timer_PaymentDeadline)")

    no = report_case("qs", "LITTERING", party="蒋某")
    approve_filing("qs", no)
    investigate("qs", no, "fine", 100, proposeSummary=True)
    note(no, p, "Task_SummaryDecision")

    no = report_case("bs", "LITTERING", party="沈某")
    approve_filing("bs", no)
    investigate("bs", no, "warning", 0, proposeSummary=True)
    complete(no, "Task_SummaryDecision", "bs-officer1", {"decisionReasons": "当场给予警告", "fineAmount": 0,
                                                         "partyInformed": True})
    serve("bs", no)
    note(no, p, "Task_CloseCase")


# --- major decisions (重大行政决策) -------------------------------------------------------------------------

def propose(t, subject, public=True, complex_=False, stability=False):
    """The decision office's 发起流程 in Tasklist (decision-proposal form)."""
    return start_form(f"{t}-office", "major-decision", {
        "subject": subject, "background": "群众反映强烈，现行做法不能满足需要",
        "draft": "一、总体要求；二、主要措施；三、保障措施", "affectedGroups": "辖区居民、商户",
        "affectsPublicInterest": public, "technicallyComplex": complex_, "mayAffectStability": stability})


def confirm(t, no):
    complete(no, "Task_ConfirmMajor", f"{t}-mayor", {"isMajor": "true", "majorReason": "涉及全镇居民切身利益"})


NOTHING_OPTIONAL = {"publicParticipation": False, "publicHearing": False, "expertReview": False,
                    "riskAssessment": False, "planningReasons": "仅调整实施时间，不涉及可选程序情形"}


def plan(t, no, values):
    complete(no, "Task_PlanProcedure", f"{t}-office", values)


def lawful(t, no):
    complete(no, "Task_LegalityReview", f"{t}-legal", {"legalityOpinion": "lawful", "legalityReasoning": "符合法律法规"})


def adopt(t, no):
    complete(no, "Task_CollectiveDecision", f"{t}-mayor", {
        "draft": "一、总体要求；二、主要措施；三、保障措施", "attendees": "镇领导班子成员7人", "discussion": "一致同意",
        "meetingDecision": "adopt", "principalDecision": "同意实施"})


def major_decision():
    p = "major-decision"
    no = propose("bs", "白石乡农村公路养护管理办法")
    note(no, p, "Task_ConfirmMajor")

    no = propose("qs", "青山镇集中供水工程建设方案", public=True, complex_=True)
    confirm("qs", no)
    note(no, p, "Task_PlanProcedure")

    no = propose("qs", "青山镇老旧农房改造补助办法", True, True, True)
    confirm("qs", no)
    plan("qs", no, {"publicParticipation": True, "commentPeriodDays": 30, "shortenedPeriodReason": "",
                    "publicHearing": True, "expertReview": True, "experts": ["expert-wang", "expert-li"],
                    "expertReviewDays": 10, "riskAssessment": True, "planningReasons": "按程序建议履行全部程序"})
    note(no, p, "Timer_CommentPeriodEnds + Task_ExpertOpinion x2 (Timer_ExpertDeadline) + Task_AssessRisk")
    for name, content in (("张先生", "建议补助标准按房屋结构分档"), ("李女士", "希望公布申请流程和时间")):
        call("POST", f"/api/decisions/{no}/comments", None, {"name": name, "contact": "", "content": content})

    no = propose("bs", "白石乡集镇停车管理规定", public=True)
    confirm("bs", no)
    plan("bs", no, {"publicParticipation": True, "commentPeriodDays": 15, "shortenedPeriodReason": "春节返乡高峰前须实施",
                    "publicHearing": False, "expertReview": False, "riskAssessment": False,
                    "planningReasons": "需公开征求意见"})
    note(no, p, "Timer_CommentPeriodEnds (15 days, shortened with a reason)")
    call("POST", f"/api/decisions/{no}/comments", None, {"name": "赵师傅", "contact": "13900000000",
                                                         "content": "建议在农贸市场旁增设临时车位"})

    no = propose("qs", "青山镇河道保洁长效管理制度", True, True, False)
    confirm("qs", no)
    plan("qs", no, {"publicParticipation": False, "publicHearing": False, "expertReview": True,
                    "experts": ["expert-wang", "expert-li"], "expertReviewDays": 10, "riskAssessment": False,
                    "planningReasons": "专业性较强，组织专家论证"})
    complete(no, "Task_ExpertOpinion", "expert-wang", {"expertOpinion": "方案可行"}, candidateUser="expert-wang")
    complete(no, "Task_ExpertOpinion", "expert-li", {"expertOpinion": "应明确保洁责任区"}, candidateUser="expert-li")
    note(no, p, "Task_SummarizeExpertOpinions")

    no = propose("qs", "青山镇集贸市场迁建方案", True, False, True)
    confirm("qs", no)
    plan("qs", no, {"publicParticipation": False, "publicHearing": False, "expertReview": False,
                    "riskAssessment": True, "planningReasons": "可能影响商户经营和稳定"})
    complete(no, "Task_AssessRisk", "qs-office", {"riskLevel": "high", "riskReport": "涉及商户搬迁，群众意见大"})
    note(no, p, "Task_ReviseDraft (high risk)")

    no = propose("bs", "白石乡垃圾中转站选址方案")
    confirm("bs", no)
    plan("bs", no, NOTHING_OPTIONAL)
    note(no, p, "Task_LegalityReview")

    no = propose("bs", "白石乡文化广场管理办法")
    confirm("bs", no)
    plan("bs", no, NOTHING_OPTIONAL)
    lawful("bs", no)
    note(no, p, "Task_CollectiveDecision")

    no = propose("qs", "青山镇路灯维护管理办法")
    confirm("qs", no)
    plan("qs", no, NOTHING_OPTIONAL)
    lawful("qs", no)
    adopt("qs", no)
    note(no, p, "Task_AcknowledgeNpcReport (Timer_NpcAcknowledgementDue)")

    no = propose("qs", "青山镇村级公益事业一事一议实施办法")
    confirm("qs", no)
    plan("qs", no, NOTHING_OPTIONAL)
    lawful("qs", no)
    adopt("qs", no)
    complete(no, "Task_AcknowledgeNpcReport", "qs-npc", {"npcAcknowledged": True, "npcOpinion": "无意见"})
    note(no, p, "Timer_EvaluationDue (published; post-decision evaluation in a year)")


def main():
    for attempt in range(60):
        try:
            call("GET", "/engine-rest/engine", "admin")
            break
        except Exception:  # not up yet
            time.sleep(2)
    delegated_review()
    forward_to_county()
    joint_enforcement()
    major_decision()
    print(f"{len(CREATED)} cases created", flush=True)


if __name__ == "__main__":
    main()
