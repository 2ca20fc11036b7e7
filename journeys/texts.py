"""What each weak-point rule says, in Chinese and English: the message (why it matters, one sentence a
trainer can read aloud) and the suggestion (what to do). Wording follows the seeds' vocabulary."""

from __future__ import annotations

from typing import Any

from .vocab import label

__all__ = ["DIMENSION_HINTS", "FIELD_LABELS", "RULE_TEXTS", "RULE_TITLES", "field_label", "number", "quote", "render"]

# rule id -> lang -> (message, suggestion); str.format placeholders filled by the rule.
RULE_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "negative-gap": {
        "zh": ("{name}的感知得分（{perceived}）比客户期望（{expected}）低 {gap} 分，客户在这里会感到失望{moment_note}。",
               "找出差距来源：补一条能兑现期望的服务标准（最好是有时限、可测量的硬标准），或在前面的环节提前管理客户期望。"),
        "en": ("At {name} customers perceive {perceived} against an expected {expected}: a gap of {gap} {points} "
               "that leaves them disappointed{moment_note}.",
               "Find where the gap comes from: add a standard that delivers on the expectation (ideally a hard, "
               "timed one), or set expectations earlier in the journey."),
    },
    "mot-without-standard": {
        "zh": ("{name}是关键时刻，却没有任何服务标准：客户形成判断的那一刻，员工无章可循。",
               "为它制定至少一条服务标准：可靠性、响应性、有形性尽量写成带时限或数量的硬标准，并写明责任人。"),
        "en": ("{name} is a moment of truth but has no service standard: staff have nothing to go by at the very "
               "moment the customer makes up their mind.",
               "Write at least one standard for it: make reliability, responsiveness and tangibles hard (a time or "
               "a number) and name who owns it."),
    },
    "expectation-unanswered": {
        "zh": ("{name}有客户期望没有对应的服务标准：{expectations}。",
               "为每条期望写一条服务标准，并在标准里关联它回应的期望；做不到的期望要提前告知客户。"),
        "en": ("At {name} no standard answers what customers expect: {expectations}.",
               "Write a standard for each expectation and link it to the expectation it answers; manage the "
               "expectations you cannot meet by telling customers early."),
    },
    "hard-without-target": {
        "zh": ("{name}的硬标准“{standard}”没有可测量的目标：没有数字或时限，就无法检查和考核。",
               "补上目标（指标、比较符、数值、单位），例如“接听时间 ≤ 10 秒”；确实无法量化的，改为软标准。"),
        "en": ("The hard standard “{standard}” at {name} has no measurable target: without a number or a time "
               "limit nobody can check it.",
               "Add a target with metric, comparator, value and unit, e.g. “answer time ≤ 10 seconds”; if it "
               "really cannot be measured, make it a soft standard."),
    },
    "hard-dimension-soft-only": {
        "zh": ("{name}的{dimension_label}只有软标准，而{dimension_label}可以也应该用硬标准来保证。",
               "把其中一条改写为带时限或数量的硬标准（例如“2 分钟内”“10 步内”），软标准留给保证性和移情性。"),
        "en": ("{dimension_label} at {name} is covered only by soft standards, yet it can and should be stated "
               "as a hard standard.",
               "Rewrite one of them with a time or a number (“within 2 minutes”, “within 10 steps”); keep soft "
               "standards for assurance and empathy."),
    },
    "no-peak": {
        "zh": ("旅程没有设计峰值时刻：按照峰终定律，客户主要记住体验中最强烈的时刻和结束的时刻。",
               "选一个接触点设计成峰值（感动点、惊喜服务），并把它标记为峰值。"),
        "en": ("The journey has no designed peak: by the peak-end rule customers remember mostly its most "
               "intense moment and its end.",
               "Pick a touchpoint to design as the positive high point (a wow detail) and mark it as the peak."),
    },
    "weak-peak": {
        "zh": ("峰值时刻{name}的感知得分只有 {perceived} 分：峰值必须是明显的正面体验，否则客户记住的就不是亮点。",
               "为它设计感动点或惊喜服务，把感知得分提升到 4 分以上。"),
        "en": ("The peak {name} scores only {perceived}: a peak must be a clearly positive experience, or it is "
               "not the high point customers remember.",
               "Design a wow detail or a delight-level service for it to lift the perceived score above 4."),
    },
    "no-end": {
        "zh": ("旅程没有标记结束时刻：客户对整个服务的记忆，很大程度取决于最后的体验。",
               "把客户离开前的最后一个接触点标记为结束时刻，并为它设计好的结束体验。"),
        "en": ("The journey has no end moment marked: how it ends shapes much of what customers remember.",
               "Mark the last touchpoint before the customer leaves as the end and design a good closing "
               "experience for it."),
    },
    "weak-end": {
        "zh": ("结束时刻{name}的感知得分（{perceived}）低于旅程平均分（{mean}）：糟糕的结尾会拉低客户对整个服务的记忆。",
               "加强结束体验：道别话术、送客、事后回访或一个小惊喜，让客户带着好印象离开。"),
        "en": ("The end {name} scores {perceived}, below the journey's mean of {mean}: a weak ending drags down "
               "how the whole service is remembered.",
               "Strengthen the ending: a proper farewell, seeing the customer off, a follow-up call or a small "
               "surprise."),
    },
    "pain-without-recovery": {
        "zh": ("{name}是贬损点（{why}），却没有服务补救预案：在这里不满意的客户会变成贬损者。",
               "按 CLEAR 方法（控制情绪、倾听、建立共鸣、道歉、解决问题）写好补救预案，并选用提前告知、全程跟进等补救策略。"),
        "en": ("{name} is a pain point ({why}) with no recovery plan: customers who are let down here turn "
               "into detractors.",
               "Write a recovery plan with the CLEAR steps (control emotions, listen, establish empathy, "
               "apologize, resolve) and pick recovery strategies such as inform early or follow up."),
    },
    "below-benchmark": {
        "zh": ("{name}的满意度为 {score}%，比标杆 {benchmark}% 低 {diff} 个百分点。",
               "分析差距原因，为这个环节设定改进目标和硬标准，在下一次满意度调研中复核。"),
        "en": ("Satisfaction at {name} is {score}%, {diff} {points} below the benchmark of {benchmark}%.",
               "Find out why, set an improvement target and hard standards for this step, and check it again in "
               "the next survey."),
    },
    "no-owner": {
        "zh": ("{name}没有责任人（A角）：这里出了问题，没有人负责。",
               "为它指定 A 角（岗位或角色）；关键时刻还要指定 B 角。"),
        "en": ("{name} has no owner (A role): when something goes wrong here, nobody is accountable.",
               "Name an owner role for it, and for a moment of truth a backup too."),
    },
    "mot-without-backup": {
        "zh": ("关键时刻{name}没有 B 角：A 角不在岗时，这个关键时刻无人顶上。",
               "为它指定 B 角（备岗人员），并让 B 角掌握同样的标准和话术。"),
        "en": ("The moment of truth {name} has no backup (B role): when the owner is away, nobody covers it.",
               "Name a backup role and train them on the same standards and script."),
    },
    "unreachable": {
        "zh": ("{names}从旅程起点无法到达：要么客户永远走不到这里，要么漏连了一条路径。",
               "检查连线：从前面的接触点连到这里；如果这是另一个入口，把它加入旅程的起点。"),
        "en": ("{names} cannot be reached from the start of the journey: either no customer ever gets there or "
               "a connection is missing.",
               "Check the edges: connect it from an earlier touchpoint, or add it to the journey's start if it "
               "is another way in."),
    },
    "dead-end": {
        "zh": ("客户走到{names}后无路可走，到不了旅程的结束：这是一条断头路。",
               "补上后续连线，让客户回到主流程或走到结束时刻；如果旅程确实在这里结束，把它标记为结束时刻。"),
        "en": ("Customers who reach {names} cannot get to the end of the journey from there: a dead end.",
               "Add the next step, back to the main path or on to the end; if the journey really ends here, mark "
               "it as an end."),
    },
    "loop": {
        "zh": ("{names}构成一个循环：客户可能要重复这些步骤（例如回来重新提交材料）。",
               "确认这个循环确有必要；通过提前告知（一次性讲清所需材料）减少客户来回往返。"),
        "en": ("{names} form a loop: customers may have to repeat these steps (coming back to re-submit a "
               "form, say).",
               "Make sure the loop is needed; tell customers everything they need up front (inform early) so "
               "fewer of them go round again."),
    },
    "bottleneck": {
        "zh": ("每一位客户都必须经过{name}：这里一旦出错，所有客户都会受影响，是高杠杆的关键时刻。",
               "把它当作关键时刻来管理：硬标准、A角和B角、补救预案都要齐全，并优先培训。"),
        "en": ("Every customer passes through {name}: one failure here hurts every customer, which makes it a "
               "high-leverage moment.",
               "Manage it as a moment of truth: hard standards, an owner and a backup, a recovery plan, and "
               "train for it first."),
    },
    "dimension-uncovered": {
        "zh": ("整个旅程没有任何{dimension_label}方面的服务标准：这是服务质量的盲区。",
               "在最相关的接触点补充{dimension_label}标准：{hint}。"),
        "en": ("No standard anywhere in the journey covers {dimension_label_lower}: a blind spot in service quality.",
               "Add a {dimension_label_lower} standard where it matters most: {hint}."),
    },
}

RULE_TITLES: dict[str, dict[str, str]] = {
    "negative-gap": {"zh": "感知低于期望", "en": "Negative gap"},
    "mot-without-standard": {"zh": "关键时刻无标准", "en": "MOT without standard"},
    "expectation-unanswered": {"zh": "期望无标准回应", "en": "Expectation unanswered"},
    "hard-without-target": {"zh": "硬标准无目标", "en": "Hard standard without target"},
    "hard-dimension-soft-only": {"zh": "应硬却只有软标准", "en": "Soft-only where hard is due"},
    "no-peak": {"zh": "无峰值时刻", "en": "No peak"},
    "weak-peak": {"zh": "峰值不突出", "en": "Weak peak"},
    "no-end": {"zh": "无结束时刻", "en": "No end"},
    "weak-end": {"zh": "结尾偏弱", "en": "Weak end"},
    "pain-without-recovery": {"zh": "贬损点无补救", "en": "Pain point without recovery"},
    "below-benchmark": {"zh": "满意度低于标杆", "en": "Below benchmark"},
    "no-owner": {"zh": "无A角", "en": "No owner"},
    "mot-without-backup": {"zh": "关键时刻无B角", "en": "MOT without backup"},
    "unreachable": {"zh": "无法到达", "en": "Unreachable"},
    "dead-end": {"zh": "断头路", "en": "Dead end"},
    "loop": {"zh": "循环", "en": "Loop"},
    "bottleneck": {"zh": "必经瓶颈", "en": "Bottleneck"},
    "dimension-uncovered": {"zh": "服务质量维度盲区", "en": "SERVQUAL dimension uncovered"},
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    # touchpoints
    "name": {"zh": "名称", "en": "Name"},
    "stage": {"zh": "服务环节", "en": "Stage"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "owner": {"zh": "A角", "en": "Owner (A)"},
    "backup": {"zh": "B角", "en": "Backup (B)"},
    "customer_action": {"zh": "客户行为", "en": "Customer action"},
    "employee_action": {"zh": "员工行为", "en": "Employee action"},
    "moments": {"zh": "时刻标记", "en": "Moments"},
    "emotion.expected": {"zh": "期望得分", "en": "Expected score"},
    "emotion.perceived": {"zh": "感知得分", "en": "Perceived score"},
    "satisfaction.score": {"zh": "满意度", "en": "Satisfaction"},
    "satisfaction.benchmark": {"zh": "满意度标杆", "en": "Satisfaction benchmark"},
    "expectations": {"zh": "客户期望", "en": "Expectations"},
    "standards": {"zh": "服务标准", "en": "Service standards"},
    "script": {"zh": "话术", "en": "Script lines"},
    "wow": {"zh": "感动点", "en": "Wow detail"},
    "recovery.plan": {"zh": "补救预案", "en": "Recovery plan"},
    "recovery.steps": {"zh": "CLEAR 步骤", "en": "CLEAR steps"},
    "recovery.strategies": {"zh": "补救策略", "en": "Recovery strategies"},
    # edges
    "label": {"zh": "条件", "en": "Condition"},
    "share": {"zh": "客户占比", "en": "Share of customers"},
    # the journey
    "title": {"zh": "旅程名称", "en": "Title"},
    "locale": {"zh": "语言", "en": "Locale"},
    "persona.name": {"zh": "客户画像", "en": "Persona"},
    "persona.goal": {"zh": "客户目标", "en": "Customer goal"},
    "persona.description": {"zh": "客户描述", "en": "Persona description"},
    "start": {"zh": "起点", "en": "Start"},
}
"""What each field a comparison reports is called (keys as :mod:`journeys.diff` names them)."""


def field_label(key: str, lang: str) -> str:
    """The name of a compared field in ``lang``; a field this table does not know shows as its key.

    Examples
    --------
    >>> field_label("emotion.perceived", "zh"), field_label("owner", "en"), field_label("x.y", "en")
    ('感知得分', 'Owner (A)', 'x.y')
    """
    entry = FIELD_LABELS.get(key)
    return key if entry is None else entry["zh" if lang.startswith("zh") else "en"]


DIMENSION_HINTS: dict[str, dict[str, str]] = {
    "tangibles": {"zh": "环境、设施、员工仪表", "en": "the premises, equipment and how staff look"},
    "reliability": {"zh": "准确无误地兑现承诺", "en": "delivering what was promised, accurately"},
    "responsiveness": {"zh": "及时响应、写明时限", "en": "prompt response, with a time limit"},
    "assurance": {"zh": "专业知识与礼貌，让客户放心", "en": "knowledge and courtesy that inspire trust"},
    "empathy": {"zh": "关注每位客户的个性化需求", "en": "attention to each customer's individual needs"},
}

_MOMENT_NOTE = {
    "zh": "，而这里是{moments}，最影响客户的记忆",
    "en": ", and this is the {moments}, the part customers remember",
}


def quote(text: str, lang: str) -> str:
    """A touchpoint name as it stands in a sentence: 「名称」 in Chinese, “name” in English."""
    return f"「{text}」" if lang == "zh" else f"“{text}”"


def number(value: float) -> str:
    """A score as people write it: 4, 3.5, 1.25 (no trailing zeros)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render(rule_id: str, lang: str, *, dimension: str | None = None, **params: Any) -> tuple[str, str]:
    """The message and suggestion of ``rule_id`` in ``lang`` with ``params`` filled in.

    Examples
    --------
    >>> render("no-owner", "en", name="Greeting")[0]
    '“Greeting” has no owner (A role): when something goes wrong here, nobody is accountable.'
    """
    message, suggestion = RULE_TEXTS[rule_id][lang]
    values = params
    if "name" in values:
        values["name"] = quote(values["name"], lang)
    if dimension is not None:
        values["dimension_label"] = label(dimension, lang)
        values["dimension_label_lower"] = label(dimension, lang).lower()
        values["hint"] = DIMENSION_HINTS[dimension][lang]
    moments = values.pop("key_moments", None)
    if moments:
        words = [label(m, lang).lower() if lang == "en" else label(m, lang) for m in moments]
        values["moment_note"] = _MOMENT_NOTE[lang].format(moments=("、" if lang == "zh" else " and ").join(words))
    for key in ("gap", "diff"):
        if key in values:
            values["points"] = "point" if values[key] == 1 else "points"
    for key, value in values.items():
        if type(value) is float:
            values[key] = number(value)
    filled = _Blank(values)
    # A text without placeholders is returned as it is: one string shared by every finding of a rule
    # (a 10,000-touchpoint journey has ~26,000 findings; copies of the same suggestion cost 4 MiB).
    return (message.format_map(filled) if "{" in message else message,
            suggestion.format_map(filled) if "{" in suggestion else suggestion)


class _Blank(dict[str, Any]):
    """Placeholders a rule did not fill (such as an absent moment note) render as nothing."""

    def __missing__(self, key: str) -> str:
        return ""
