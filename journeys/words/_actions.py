"""The words of improvement actions (改进行动) and evidence: the rules on actions and assumed scores, the
Actions page, the create-action form, the evidence counts and NPS on the Weak points page, and the
actions in the compare report and the experience script."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "value.open": ("待办", "Open"),
    "value.doing": ("进行中", "Doing"),
    "value.done": ("已完成", "Done"),
    "value.dropped": ("已放弃", "Dropped"),
    # --- rules ------------------------------------------------------------------------------------------
    "rule.score-assumed.title": ("得分仅凭假设", "Scores only assumed"),
    "rule.score-assumed.message": (
        "关键时刻{name}的得分只是团队的假设，没有工作坊投票、现场观察或客户调研作依据：据此判断改进是否见效并不可靠。",
        "The scores of the moment of truth {name} are only the team's assumption, with no workshop vote, "
        "observation or survey behind them: they cannot show whether an improvement worked."),
    "rule.score-assumed.suggestion": (
        "用一次现场观察、工作坊投票或客户调研来验证这个关键时刻的得分，并注明依据、样本数和时期。",
        "Check this moment of truth's scores with an observation, a workshop vote or a customer survey, and "
        "record the evidence, the number of responses and the period."),
    "rule.action-missing.title": ("关键弱点无改进行动", "No action for a critical weak point"),
    "rule.action-missing.message": (
        "严重弱点“{weak}”（{where}）还没有进行中的改进行动：没人负责跟进，下个季度它还会在。",
        "The critical weak point “{weak}” ({where}) has no open action: nobody is following it up, and next "
        "quarter it will still be there."),
    "rule.action-missing.suggestion": (
        "为它建一条改进行动：写明做什么、谁负责、什么时候完成，状态设为待办或进行中。",
        "Create an action for it: what is to be done, who owns it and by when, with the status open or doing."),
    "rule.action-overdue.title": ("改进行动逾期", "Action overdue"),
    "rule.action-overdue.message": (
        "改进行动“{title}”（{id}）的截止日期是 {due}，已逾期 {days}，还没有完成。",
        "The action “{title}” ({id}) was due on {due}, {days} ago, and is not done."),
    "rule.action-overdue.suggestion": (
        "和负责人{owner}确认进度：完成了就标为已完成，还在做就定一个新的截止日期，不再做就标为已放弃。",
        "Check progress with the owner{owner}: mark it done if it is, set a new due date if it is still under "
        "way, or drop it."),
    "rule.action-overdue.owner": ("（{owner}）", " ({owner})"),
    "rule.action-incomplete.title": ("改进行动缺要素", "Action incomplete"),
    "rule.action-incomplete.message": (
        "改进行动“{title}”（{id}）没有{missing}：没有责任人和期限的行动，往往就没人去做。",
        "The action “{title}” ({id}) has no {missing}: an action without an owner and a date tends not to "
        "get done."),
    "rule.action-incomplete.suggestion": (
        "补上负责人和截止日期，让每条行动都有人负责、有期限可查。",
        "Add an owner and a due date, so that someone answers for it and its progress can be checked."),
    "rule.action-incomplete.owner": ("负责人", "owner"),
    "rule.action-incomplete.due": ("截止日期", "due date"),
    "rule.action-incomplete.and": ("和", " and "),
    "rule.action-done-not-fixed.title": ("行动已完成但弱点仍在", "Done but not fixed"),
    "rule.action-done-not-fixed.message": (
        "改进行动“{title}”（{id}）已标为完成，但它针对的弱点仍然存在：{weak}。",
        "The action “{title}” ({id}) is marked done, yet the weak point it addresses is still found: {weak}."),
    "rule.action-done-not-fixed.suggestion": (
        "核实行动是否真正落地、效果是否达到目标；没有达到就重新打开它，或新建一条行动。",
        "Check whether the action really took effect and met its target; if not, reopen it or create a new one."),
    "rule.action.weak": ("{rule}（{where}）", "{rule} ({where})"),
    "rule.action.journey": ("整个旅程", "the whole journey"),
    # --- the Actions page -------------------------------------------------------------------------------
    "nav.actions": ("改进行动", "Actions"),
    "actions.title": ("改进行动", "Improvement actions"),
    "actions.intro": ("工作坊之后的跟进：每条行动针对一个弱点，有负责人、期限和状态。",
                      "The follow-through after the workshop: each action takes on a weak point, with an owner, a "
                      "due date and a status."),
    "actions.none": ("还没有改进行动。在“弱点”页选中一个弱点，点“创建改进行动”。",
                     "No actions yet. On the Weak points page, select a weak point and click “Create action”."),
    "actions.none_shown": ("没有符合筛选条件的行动。", "No action matches the filters."),
    "actions.count": ("{status}", "{status}"),
    "actions.overdue_count": ("已逾期", "Overdue"),
    "actions.today": ("今天：{date}", "Today: {date}"),
    "actions.filter.status": ("状态", "Status"),
    "actions.filter.owner": ("负责人", "Owner"),
    "actions.filter.all": ("全部", "All"),
    "actions.no_owner": ("（未指定）", "(none)"),
    "actions.overdue": ("已逾期 {days}", "{days} overdue"),
    "actions.due_in": ("截止 {due}", "due {due}"),
    "actions.no_due": ("无截止日期", "no due date"),
    "actions.days": ("{n} 天", "{n} day|{n} days"),
    "actions.col.title": ("行动", "Action"),
    "actions.col.addresses": ("针对的弱点", "Addresses"),
    "actions.col.owner": ("负责人", "Owner"),
    "actions.col.due": ("截止日期", "Due"),
    "actions.col.status": ("状态", "Status"),
    "actions.col.target": ("目标", "Target"),
    "actions.col.note": ("备注", "Note"),
    "actions.edit": ("编辑", "Edit"),
    "actions.field.title": ("做什么", "What is to be done"),
    "actions.field.owner": ("负责人", "Owner"),
    "actions.field.due": ("截止日期", "Due date"),
    "actions.field.no_due": ("不设截止日期", "No due date"),
    "actions.field.target": ("目标（一行，如：等候时间 <= 10 分钟）", "Target (one line, e.g. wait time <= 10 minutes)"),
    "actions.field.status": ("状态", "Status"),
    "actions.field.note": ("备注", "Note"),
    "actions.field.addresses": ("针对的弱点", "Addresses"),
    "actions.save": ("保存", "Save"),
    "actions.delete": ("删除这条行动", "Delete this action"),
    "actions.saved": ("已保存改进行动“{title}”。", "Saved the action “{title}”."),
    "actions.deleted": ("已删除改进行动“{title}”。", "Deleted the action “{title}”."),
    "actions.created": ("已创建改进行动“{title}”，可在“改进行动”页跟进。",
                        "Created the action “{title}”: follow it up on the Actions page."),
    "actions.bad_target": ("目标写法不对：{why}", "The target cannot be read: {why}"),
    "actions.target_hint": ("写成“指标 比较符 数值 单位”，例如“等候时间 <= 10 分钟”；留空则没有目标。",
                            "Write “metric comparator value unit”, e.g. “wait time <= 10 minutes”; leave it empty "
                            "for no target."),
    "actions.address.touchpoint": ("接触点{name}", "touchpoint {name}"),
    "actions.address.none": ("（未关联弱点）", "(no weak point)"),
    "actions.address.gone": ("（已不存在）", "(no longer found)"),
    "actions.address.found": ("仍存在", "still found"),
    "actions.open_page": ("打开改进行动页", "Open the Actions page"),
    # --- create an action from a weak point ---------------------------------------------------------------
    "actions.create": ("创建改进行动", "Create action"),
    "actions.create.title": ("为这个弱点创建改进行动", "Create an action for this weak point"),
    "actions.create.none": ("关于改进行动本身的提示，请到“改进行动”页修改那条行动。",
                            "This finding is about an action: edit that action on the Actions page."),
    "actions.label_value": ("{label}：{value}", "{label}: {value}"),
    "actions.default_title": ("{where}：{what}", "{where}: {what}"),
    "actions.pruned": ("改进行动{actions}不再关联已删除的接触点。",
                       "The actions {actions} no longer address the deleted touchpoints."),
    "actions.list_item": ("“{title}”", "“{title}”"),
    # --- evidence and NPS on the Weak points page --------------------------------------------------------
    "evidence.title": ("得分依据", "What the scores rest on"),
    "evidence.counts": ("{counts}（共 {total} 个有得分的接触点）", "{counts} (of {total} touchpoints with scores)"),
    "evidence.count": ("{label} {n}", "{label} {n}"),
    "evidence.none": ("还没有接触点打分。", "No touchpoint has scores yet."),
    # --- compare ------------------------------------------------------------------------------------------
    "compare.actions.title": ("改进行动", "Improvement actions"),
    "compare.actions.done": ("已完成", "Done"),
    "compare.actions.new": ("新增", "New"),
    "compare.actions.overdue": ("已逾期（截至 {today}）", "Overdue (as of {today})"),
    "compare.actions.group": ("{title} · {name}（{n}）", "{title} · {name} ({n})"),
    "compare.actions.none": ("两个版本之间改进行动没有变化。", "No change in the actions between the versions."),
    "compare.measured.title": ("实测得分与 NPS", "Measured scores and NPS"),
    "compare.measured.intro": ("依据为工作坊投票、现场观察或客户调研的得分，前后对比。",
                               "Scores resting on a workshop vote, an observation or a survey, before and after."),
    "compare.measured.none": ("两个版本都没有实测得分或 NPS。", "Neither version has measured scores or an NPS."),
    "compare.measured.col.item": ("项目", "Item"),
    "compare.measured.col.before": ("之前", "Before"),
    "compare.measured.col.after": ("之后", "After"),
    "compare.measured.value": ("{value}（{evidence}，n={n}）", "{value} ({evidence}, n={n})"),
    "compare.measured.value_no_n": ("{value}（{evidence}）", "{value} ({evidence})"),
    "compare.measured.nps_value": ("{value}（n={n}）", "{value} (n={n})"),
    "compare.measured.nps": ("净推荐值（NPS）", "NPS"),
    "compare.measured.missing": ("–", "–"),
    # --- the experience script ---------------------------------------------------------------------------
    "script.actions": ("改进行动", "Improvement actions"),
    "script.action_title": ("行动", "Action"),
    "script.action_addresses": ("针对的弱点", "Addresses"),
    "script.action_owner": ("负责人", "Owner"),
    "script.action_due": ("截止日期", "Due"),
    "script.action_status": ("状态", "Status"),
}
