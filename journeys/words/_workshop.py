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
    # results (exports.workshop)
    "workshop.title": ("研讨投票结果", "Workshop votes"),
    "workshop.sheet.results": ("投票结果", "Results"),
    "workshop.sheet.comments": ("留言", "Comments"),
    "workshop.pain.yes": ("是", "yes"),
    "workshop.column.touchpoint": ("接触点编号", "Touchpoint id"),
    "workshop.column.name": ("接触点", "Touchpoint"),
    "workshop.column.votes": ("投票数", "Votes"),
    "workshop.column.perceived_n": ("感知评分人数", "Perceived n"),
    "workshop.column.perceived_mean": ("感知均值", "Perceived mean"),
    "workshop.column.perceived_sd": ("感知标准差", "Perceived SD"),
    "workshop.column.perceived_min": ("感知最低", "Perceived min"),
    "workshop.column.perceived_max": ("感知最高", "Perceived max"),
    "workshop.column.expected_n": ("期望评分人数", "Expected n"),
    "workshop.column.expected_mean": ("期望均值", "Expected mean"),
    "workshop.column.expected_sd": ("期望标准差", "Expected SD"),
    "workshop.column.expected_min": ("期望最低", "Expected min"),
    "workshop.column.expected_max": ("期望最高", "Expected max"),
    "workshop.column.pain": ("标为痛点", "Marked as pain"),
    "workshop.column.comment": ("留言", "Comment"),
    "workshop.column.at": ("时间（UTC）", "Time (UTC)"),
    # the experience script's last section (exports.script)
    "script.workshop": ("研讨投票", "Workshop votes"),
    "script.workshop_closed": ("{day} 的研讨（版本 {version}，已结束）：{people} 人参与，{votes} 票。",
                               "Workshop of {day} (version {version}, closed): {people} participants, {votes} votes."),
    "script.workshop_open": ("{day} 的研讨（版本 {version}，进行中）：{people} 人参与，{votes} 票。",
                             "Workshop of {day} (version {version}, still open): {people} participants, {votes} votes."),
    "script.workshop_votes_n": ("票数", "Votes"),
    "script.workshop_pain": ("痛点标记", "Pain marks"),
    "script.workshop_comments": ("研讨留言", "Workshop comments"),
    # the command line (mot workshop)
    "cli.workshop.no_journey": ("库中没有旅程“{id}”", "no journey '{id}' in the store"),
    "cli.workshop.none": ("旅程“{id}”没有研讨", "journey '{id}' has no workshop session"),
    "cli.workshop.no_session": ("旅程“{id}”没有研讨 {session}", "journey '{id}' has no workshop session {session}"),
    "cli.workshop.row": ("{id}\t{started}\t{state}\t{people} 人\t{votes} 票\t加入码 {code}",
                         "{id}\t{started}\t{state}\t{people} participants\t{votes} votes\tcode {code}"),
    "cli.workshop.open": ("进行中", "open"),
    "cli.workshop.closed": ("已结束 {closed}", "closed {closed}"),
    "cli.workshop.anonymised": ("研讨 {session}：已删除 {n} 个姓名，投票保留", "session {session}: {n} names dropped, votes kept"),
    "cli.workshop.deleted": ("研讨 {session}：已删除 {n} 位参与者及其投票", "session {session}: {n} participants and their votes deleted"),
    "cli.app.bad_public_url": ("--public-url 须为 http:// 或 https:// 开头并带主机名的网址，收到：{url}",
                               "--public-url must be an http:// or https:// URL with a host, got: {url}"),
    # store checks (journeys.store.check_store)
    "store.check.workshop_orphan": ("研讨记录 {what} 不属于任何现存的研讨或参与者（研讨 {session}）",
                                    "workshop record {what} belongs to no session or participant there (session {session})"),
    "store.check.workshop_touchpoint": ("研讨 {session} 的投票指向其未包含的接触点 {touchpoint}",
                                        "a vote of workshop session {session} is on touchpoint {touchpoint}, which the session does not walk"),
}
"""key -> (zh, en)."""
