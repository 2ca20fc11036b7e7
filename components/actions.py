"""Improvement actions in the app: "create action" from a weak point, the edit form of one action, the
Actions page's overview, the evidence and NPS figures of the Weak points page and the follow-through of
the Compare page. Each renders widgets and saves through :class:`components.state.Editor` (an undoable
edit, autosaved as the draft); the work is done by :mod:`journeys.actions`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from exports._followup import nps_text, score_text
from journeys.actions import (
    add_action,
    address_text,
    delete_action,
    draft_from,
    due_text,
    read_target,
    status_counts,
    target_one_line,
    update_action,
)
from journeys.diff import JourneyDiff
from journeys.edits import EditError, explain
from journeys.findings import Finding
from journeys.followup import evidence_counts
from journeys.model import Action, Address, Journey
from journeys.rules.actions import Found
from journeys.texts import quote, rule_title
from journeys.vocab import ACTION_STATUSES, EVIDENCE, label

from .sheet_panel import show_nps
from .state import Editor, flash, lang, t
from .ui import md, md_t

__all__ = [
    "ACTIONS_PAGE",
    "action_form",
    "actions_overview",
    "create_action",
    "create_action_panel",
    "evidence_and_nps",
    "follow_up_tab",
    "pruned_notice",
]

ACTIONS_PAGE = "components/pages/actions.py"


def _save(editor: Editor, change: Callable[[], Journey], done: str, errors_key: str) -> bool:
    """Apply ``change()`` as one undoable edit and flash ``done``; a refused edit is explained in place."""
    try:
        journey = change()
    except EditError as exc:
        st.session_state[errors_key] = [explain(p, editor.journey, lang()) for p in exc.problems]
        return False
    editor.apply(journey)
    st.session_state.pop(errors_key, None)
    flash(done)
    return True


def _errors(errors_key: str) -> None:
    for message in st.session_state.get(errors_key) or []:
        st.error(md(message))


def pruned_notice(before: Journey, after: Journey) -> str | None:
    """What an edit did to the actions' addresses (deleting touchpoints drops them), as one sentence."""
    if not before.actions:
        return None
    old = {a.id: a.addresses for a in before.actions}
    titles = [a.title for a in after.actions if a.id in old and old[a.id] != a.addresses]
    if not titles:
        return None
    return md_t("actions.pruned", actions=t("words.list_sep").join(t("actions.list_item", title=x) for x in titles))


def _finding_label(f: Finding, names: dict[str, str], lg: str) -> str:
    where = t("words.list_sep").join(names.get(x, x) for x in f.touchpoints)
    title = rule_title(f.rule, lg) + (t("words.paren", text=label(f.dimension, lg)) if f.dimension else "")
    return f"{t(f'severity.{f.severity}')} · {title}" + (f" · {where}" if where else "")


def create_action(editor: Editor, findings: Sequence[Finding], selected: int | None, key: str) -> bool:
    """A form that creates an improvement action for one of ``findings`` (``selected``, or picked in it),
    pre-filled from the weak point: title, what it addresses, the touchpoint's owner, status open. True
    when an action was created (the caller reruns)."""
    lg = lang()
    possible = [i for i, f in enumerate(findings) if f.addressed is not None]
    if not possible:
        return False
    names = {tp.id: tp.name for tp in editor.journey.touchpoints}
    default = possible.index(selected) if selected in possible else 0
    pick_key = f"{key}_pick"
    if selected is not None and st.session_state.get(f"{key}_picked_from") != selected:
        st.session_state[f"{key}_picked_from"] = selected  # a new row chosen in the table: follow it
        st.session_state.pop(pick_key, None)
    labels = {i: _finding_label(findings[i], names, lg) for i in possible}
    chosen = st.selectbox(t("actions.create.title"), possible, index=default, key=pick_key,
                          format_func=labels.__getitem__)
    finding = findings[chosen]
    draft = draft_from(editor.journey, finding, lg)
    if draft is None:
        return False
    # The fields are keyed by the weak point, so picking another one shows its own pre-filled values.
    tag = f"{key}_{abs(hash(finding.key)) % 10**8}"
    errors_key = f"{key}_errors"
    with st.form(f"{tag}_form", border=True):
        title = st.text_input(t("actions.field.title"), value=draft["title"], key=f"{tag}_title")
        left, middle = st.columns(2)
        owner = left.text_input(t("actions.field.owner"), value=draft["owner"] or "", key=f"{tag}_owner")
        due = middle.date_input(t("actions.field.due"), value=None, key=f"{tag}_due", format="YYYY-MM-DD")
        addressed = address_text(editor.journey, Address.model_validate(draft["addresses"][0]), lg)
        st.caption(md(t("actions.label_value", label=t("actions.field.addresses"), value=addressed)))
        submitted = st.form_submit_button(t("actions.create"), type="primary", icon=":material/add_task:")
    _errors(errors_key)
    if not submitted:
        return False
    fields: dict[str, Any] = {**draft, "title": title, "owner": owner.strip() or None,
                              "due": due if isinstance(due, dt.date) else None}
    return _save(editor, lambda: add_action(editor.journey, fields)[0], md_t("actions.created", title=title),
                 errors_key)


def create_action_panel(editor: Editor, findings: Sequence[Finding], selected: int | None, key: str) -> None:
    """:func:`create_action` folded in an expander (open while a weak point is selected); reruns after
    creating, with the flash saying so."""
    if not any(f.addressed is not None for f in findings):
        return
    with st.expander(t("actions.create"), icon=":material/add_task:", expanded=selected is not None):
        if create_action(editor, findings, selected, key):
            st.rerun()


def action_form(editor: Editor, action: Action, key: str) -> bool:
    """The edit form of one action (title, owner, due date, target on one line, status, note; what it
    addresses shown as text), with a delete button. True when it saved or deleted."""
    lg, journey = lang(), editor.journey
    errors_key = f"{key}_errors"
    tag = f"{key}_{action.id}_{editor.revision}"
    with st.form(f"{tag}_form", border=True):
        title = st.text_input(t("actions.field.title"), value=action.title, key=f"{tag}_title")
        cols = st.columns([2, 2, 2])
        owner = cols[0].text_input(t("actions.field.owner"), value=action.owner or "", key=f"{tag}_owner")
        due = cols[1].date_input(t("actions.field.due"), value=action.due, key=f"{tag}_due", format="YYYY-MM-DD")
        status = cols[2].selectbox(t("actions.field.status"), ACTION_STATUSES,
                                   index=ACTION_STATUSES.index(action.status), key=f"{tag}_status",
                                   format_func=lambda s: label(s, lg))
        target = st.text_input(t("actions.field.target"), value=target_one_line(action), key=f"{tag}_target",
                               help=t("actions.target_hint"))
        note = st.text_area(t("actions.field.note"), value=action.note or "", key=f"{tag}_note", height=68)
        _addresses(journey, action, editor, lg)
        save = st.form_submit_button(t("actions.save"), type="primary", icon=":material/save:")
    _errors(errors_key)
    if st.button(t("actions.delete"), key=f"{key}_delete_{action.id}", icon=":material/delete:"):
        return _save(editor, lambda: delete_action(editor.journey, action.id),
                     md_t("actions.deleted", title=action.title), errors_key)
    if not save:
        return False
    try:
        parsed = read_target(target)
    except ValueError:
        st.session_state[errors_key] = [t("actions.bad_target", why=t("actions.target_hint"))]
        st.rerun()
    fields = {"title": title, "owner": owner.strip() or None, "due": due if isinstance(due, dt.date) else None,
              "status": status, "target": parsed, "note": note.strip() or None}
    return _save(editor, lambda: update_action(editor.journey, action.id, fields), md_t("actions.saved", title=title),
                 errors_key)


def _addresses(journey: Journey, action: Action, editor: Editor, lg: str) -> None:
    if not action.addresses:
        st.caption(t("actions.address.none"))
        return
    weak = Found(editor.analysis(lg).findings)
    lines = []
    for address in action.addresses:
        state = t("actions.address.found") if weak.of(address) else t("actions.address.gone")
        lines.append(f"- {md(address_text(journey, address, lg))} · {state}")
    st.caption(t("actions.field.addresses"))
    st.markdown("\n".join(lines))


def actions_overview(journey: Journey, actions: Sequence[Action], today: dt.date) -> list[dict[str, str]]:
    """The rows of the Actions page's table: title, status, owner, due date (overdue marked), addresses."""
    lg = lang()
    rows = []
    for a in actions:
        overdue = a.is_overdue(today)
        rows.append({
            t("actions.col.title"): a.title,
            t("actions.col.status"): ("⚠ " if overdue else "") + label(a.status, lg),
            t("actions.col.owner"): a.owner or t("actions.no_owner"),
            t("actions.col.due"): due_text(a, today, lg),
            t("actions.col.addresses"): t("words.list_sep").join(address_text(journey, x, lg) for x in a.addresses)
            or t("actions.address.none"),
            t("actions.col.target"): target_one_line(a),
        })
    return rows


def status_metrics(actions: Sequence[Action], today: dt.date) -> None:
    """Counts per status at the top of the Actions page, overdue ones last."""
    counts = status_counts(actions, today)
    cards = st.columns(len(counts))
    for card, (status, n) in zip(cards, counts.items(), strict=True):
        name = t("actions.overdue_count") if status == "overdue" else label(status, lang())
        card.metric(name, n, border=True)


def evidence_and_nps(journey: Journey) -> None:
    """How many touchpoints' scores rest on each kind of evidence, and the journey's NPS when set."""
    lg = lang()
    counts = evidence_counts(journey)
    total = sum(counts.values())
    left, right = st.columns([3, 1])
    with left:
        st.markdown(f"**{t('evidence.title')}**")
        if total:
            parts = t("words.list_sep").join(t("evidence.count", label=label(e, lg), n=counts[e]) for e in EVIDENCE)
            st.caption(t("evidence.counts", counts=parts, total=total))
        else:
            st.caption(t("evidence.none"))
    with right:
        show_nps(journey.nps)


def follow_up_tab(d: JourneyDiff) -> None:
    """The Compare page's follow-through: actions done, new and overdue, measured scores and NPS."""
    lg, f = lang(), d.follow_up
    if f.empty:
        st.caption(t("compare.actions.none"))
        return
    groups = [("done", f.done), ("new", f.new), ("overdue", f.overdue)]
    cards = st.columns(3)
    for card, (kind, items) in zip(cards, groups, strict=True):
        name = (t("compare.actions.overdue", today=f.today.isoformat()) if kind == "overdue"
                else t(f"compare.actions.{kind}"))
        card.metric(name, len(items), border=True)
    rows = [{t("compare.col.status"): (t("compare.actions.overdue", today=f.today.isoformat()) if kind == "overdue"
                                       else t(f"compare.actions.{kind}")),
             t("actions.col.title"): a.title, t("actions.col.owner"): a.owner or "",
             t("actions.col.due"): due_text(a, f.today, lg), t("actions.col.status") + " ": label(a.status, lg)}
            for kind, items in groups for a in items]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="compare_actions")
    st.subheader(t("compare.measured.title"))
    if not f.measures:
        st.caption(t("compare.measured.none"))
        return
    st.caption(t("compare.measured.intro"))
    measured = [{t("compare.measured.col.item"): t("compare.measured.nps"),
                 t("compare.measured.col.before"): nps_text(f.nps[0], lg),
                 t("compare.measured.col.after"): nps_text(f.nps[1], lg)}]
    measured += [{t("compare.measured.col.item"): quote(m.name, lg),
                  t("compare.measured.col.before"): score_text(m.before, lg),
                  t("compare.measured.col.after"): score_text(m.after, lg)} for m in f.measured]
    st.dataframe(measured, hide_index=True, width="stretch", key="compare_measured")

