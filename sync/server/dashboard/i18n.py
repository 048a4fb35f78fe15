"""The dashboard's words in Simplified Chinese (the default) and English."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh": "应检尽检指挥中心", "en": "Testing command centre"},
    "sign_in": {"zh": "登录", "en": "Sign in"},
    "sign_out": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "User name"},
    "password": {"zh": "密码", "en": "Password"},
    "wrong_password": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "too_many": {"zh": "登录失败次数过多，请稍后再试", "en": "Too many failed sign-ins: try again later"},
    "busy": {"zh": "登录的人太多，请几秒后再试", "en": "Too many sign-ins at once: try again shortly"},
    "expired_form": {"zh": "表单已过期，请重试", "en": "The form expired: please try again"},
    "site": {"zh": "场所", "en": "Site"},
    "round": {"zh": "轮次", "en": "Round"},
    "open": {"zh": "进行中", "en": "open"},
    "closed": {"zh": "已结束", "en": "closed"},
    "no_round": {"zh": "尚无轮次", "en": "No round yet"},
    "totals": {"zh": "本轮总计", "en": "Round totals"},
    "roster": {"zh": "名单人数", "en": "Roster"},
    "reported": {"zh": "申报人数", "en": "Reported"},
    "exempt": {"zh": "免检", "en": "Exempt"},
    "expected": {"zh": "应检", "en": "Expected"},
    "tested": {"zh": "已检", "en": "Tested"},
    "missing": {"zh": "未检", "en": "Missing"},
    "completion": {"zh": "完成率", "en": "Completion"},
    "not_on_roster": {"zh": "名单外", "en": "Walk-ins"},
    "not_on_any_roster": {"zh": "无名单记录", "en": "On no roster"},
    "deadline": {"zh": "截止时间", "en": "Deadline"},
    "time_left": {"zh": "剩余时间", "en": "Time left"},
    "no_deadline": {"zh": "未设置", "en": "not set"},
    "set_deadline": {"zh": "设置截止时间", "en": "Set deadline"},
    "clear_deadline": {"zh": "清除", "en": "Clear"},
    "passed": {"zh": "已截止", "en": "passed"},
    "enterprises": {"zh": "各企业", "en": "Enterprises"},
    "enterprise": {"zh": "企业", "en": "Enterprise"},
    "checkpoints": {"zh": "各检测点", "en": "Checkpoints"},
    "checkpoint": {"zh": "检测点", "en": "Checkpoint"},
    "registrations": {"zh": "登记数", "en": "Registrations"},
    "rate_10min": {"zh": "近10分钟", "en": "Last 10 min"},
    "tubes_open": {"zh": "采样中", "en": "Tubes open"},
    "tubes_sealed": {"zh": "已封管", "en": "Sealed"},
    "tubes_handed": {"zh": "已交接", "en": "Handed over"},
    "tubes_boxed": {"zh": "已装箱", "en": "Boxed"},
    "tubes_received": {"zh": "实验室已收", "en": "Received by the lab"},
    "tubes_with_results": {"zh": "已出结果", "en": "With results"},
    "last_sync": {"zh": "最近同步", "en": "Last sync"},
    "waiting": {"zh": "待同步", "en": "Waiting"},
    "never": {"zh": "从未", "en": "never"},
    "chart": {"zh": "登记进度", "en": "Registrations over time"},
    "chart_expected": {"zh": "应检人数", "en": "Expected"},
    "missing_people": {"zh": "未检人员", "en": "Missing people"},
    "choose_enterprise": {
        "zh": "点击企业行查看未检人员",
        "en": "Click an enterprise's row to see who is missing",
    },
    "name": {"zh": "姓名", "en": "Name"},
    "department": {"zh": "部门", "en": "Department"},
    "id_number": {"zh": "身份证号", "en": "ID number"},
    "phone": {"zh": "手机", "en": "Phone"},
    "export": {"zh": "导出完整名单 (XLSX)", "en": "Export full list (XLSX)"},
    "nobody_missing": {"zh": "无未检人员", "en": "Nobody is missing"},
    "positives": {"zh": "阳性管及召回", "en": "Positive tubes and recall"},
    "tube": {"zh": "管号", "en": "Tube"},
    "result_at": {"zh": "结果时间", "en": "Result at"},
    "people": {"zh": "人数", "en": "People"},
    "recalled": {"zh": "已复检", "en": "Retested"},
    "recall_status": {"zh": "召回状态", "en": "Recall"},
    "recall_open": {"zh": "召回中", "en": "in progress"},
    "recall_done": {"zh": "已完成", "en": "done"},
    "no_positives": {"zh": "暂无阳性管", "en": "No positive tube"},
    "updated": {"zh": "更新于", "en": "Updated"},
    "as_of": {
        "zh": "本轮已于 {time} 结束：以下为结束时的数据",
        "en": "This round closed at {time}: the figures as they stood then",
    },
    "after_close": {
        "zh": "结束后又登记 {count} 人（不计入）",
        "en": "{count} registered after the close (not counted)",
    },
    "offline": {"zh": "与服务器断开，正在重试", "en": "Server unreachable, retrying"},
    "last_reminded": {"zh": "最近提醒", "en": "Last reminded"},
    "remind_all": {"zh": "提醒各企业联络员", "en": "Remind every enterprise's liaison"},
    "remind_one": {"zh": "提醒该企业联络员", "en": "Remind this enterprise's liaison"},
    "reminders": {"zh": "联络员提醒记录", "en": "Reminders to liaisons"},
    "sent_by": {"zh": "发起人", "en": "By"},
    "tried_at": {"zh": "发送时间", "en": "Sent at"},
    "send_status": {"zh": "状态", "en": "Status"},
    "tries": {"zh": "尝试次数", "en": "Tries"},
    "send_error": {"zh": "错误", "en": "Error"},
    "send_delivered": {"zh": "已送达", "en": "delivered"},
    "send_pending": {"zh": "重试中", "en": "retrying"},
    "send_failed": {"zh": "发送失败", "en": "failed"},
    "no_reminders": {"zh": "本轮尚未发送提醒", "en": "No reminder sent in this round"},
    "language": {"zh": "English", "en": "中文"},
    # Enterprise liaisons: their page, the reasons they give, the office's answers, the chase.
    "liaison_of": {"zh": "企业联络员 · {enterprise}", "en": "Liaison · {enterprise}"},
    "your_missing": {"zh": "本企业未检人员", "en": "Your missing people"},
    "reason": {"zh": "原因", "en": "Reason"},
    "reason_away": {"zh": "外出/休假", "en": "Away"},
    "reason_isolation": {"zh": "隔离中", "en": "In isolation"},
    "reason_tested_elsewhere": {"zh": "已在别处检测", "en": "Tested elsewhere"},
    "reason_left": {"zh": "已离职", "en": "Left the company"},
    "reason_other": {"zh": "其他", "en": "Other"},
    "place": {"zh": "检测地点", "en": "Where"},
    "tested_at": {"zh": "检测时间", "en": "When"},
    "note": {"zh": "备注", "en": "Note"},
    "send_reason": {"zh": "提交", "en": "Send"},
    "state": {"zh": "状态", "en": "State"},
    "pending": {"zh": "待审核", "en": "pending"},
    "accepted": {"zh": "已同意", "en": "accepted"},
    "declined": {"zh": "已退回", "en": "declined"},
    "office_note": {"zh": "指挥部意见", "en": "Office's note"},
    "requests": {"zh": "待审核的未检原因", "en": "Reasons waiting for an answer"},
    "no_requests": {"zh": "暂无待审核原因", "en": "No reason waiting"},
    "requested_by": {"zh": "提交人", "en": "From"},
    "accept": {"zh": "同意", "en": "Accept"},
    "decline": {"zh": "退回", "en": "Decline"},
    "accept_all": {"zh": "全部同意", "en": "Accept all"},
    "decline_all": {"zh": "全部退回", "en": "Decline all"},
    "chase": {"zh": "各企业追踪", "en": "Chasing enterprises"},
    "left_to_do": {"zh": "待跟进", "en": "Left to do"},
    "error_where_when": {
        "zh": "已在别处检测：请填写检测地点和时间",
        "en": "Tested elsewhere: say where and when",
    },
    "error_note": {"zh": "其他原因：请填写备注", "en": "Another reason: say which in the note"},
    "error_pending": {
        "zh": "此人已有待审核的原因",
        "en": "This person's reason is already waiting for an answer",
    },
    "error_round_closed": {"zh": "本轮已结束", "en": "This round is closed"},
    "error_reason": {"zh": "请选择原因", "en": "Choose a reason"},
}

# The refusals of a liaison's reason that their page explains (liaisons.RequestRefused's keys' last part).
REQUEST_ERRORS = ("where_when", "note", "pending", "round_closed", "reason")


def language(query: str | None, accept: str | None) -> str:
    """``?lang=`` first, then the browser's preferred language; Chinese by default."""
    if query in LANGUAGES:
        return query
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


def texts(lang: str) -> dict[str, str]:
    return {key: words[lang] for key, words in TEXTS.items()}
