"""The live workshop's words: what a participant, the projector and the facilitator are told when an
action is refused, and the words of the workshop results (exports, the CLI, the experience script)."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    # refusals (journeys.workshop.WorkshopError)
    "workshop.closed": ("本次研讨已结束，不再接受投票", "This workshop session is closed: it takes no more votes"),
    "workshop.full": ("本次研讨已满 {max} 人，无法再加入", "This workshop session is full ({max} participants)"),
    "workshop.unknown_code": ("没有进行中的研讨使用此加入码：{code}", "No open workshop session has the join code {code}"),
    "workshop.unknown_session": ("没有此研讨：{session}", "No such workshop session: {session}"),
    "workshop.unknown_token": ("此链接不属于本次研讨的参与者，请重新加入",
                               "This link belongs to no participant of this session: join again"),
    "workshop.unknown_touchpoint": ("本次研讨没有接触点 {touchpoint}",
                                    "This session has no touchpoint {touchpoint}"),
    "workshop.bad_vote": ("{field} 须为 1 到 5 的整数（收到 {value}）",
                          "{field} must be a whole number from 1 to 5 (got {value})"),
    "workshop.bad_text": ("文字须为一行文本", "The text must be one line of text"),
    "workshop.too_long": ("文字最多 {max} 个字符（现有 {n} 个）", "The text holds at most {max} characters ({n} given)"),
    "workshop.control": ("文字不能包含换行或控制字符", "The text cannot hold line breaks or control characters"),
    "workshop.name_empty": ("请填写显示名称", "Type a display name"),
    "workshop.name_too_long": ("显示名称最多 {max} 个字符（现有 {n} 个）",
                               "A display name holds at most {max} characters ({n} given)"),
    "workshop.unknown_pick": ("所选内容不在本次研讨结果中：{what}", "Not in this session's results: {what}"),
    # store checks (journeys.store.check_store)
    "store.check.workshop_orphan": ("研讨记录 {what} 不属于任何现存的研讨或参与者（研讨 {session}）",
                                    "workshop record {what} belongs to no session or participant there (session {session})"),
    "store.check.workshop_touchpoint": ("研讨 {session} 的投票指向其未包含的接触点 {touchpoint}",
                                        "a vote of workshop session {session} is on touchpoint {touchpoint}, which the session does not walk"),
}
"""key -> (zh, en)."""
