"""A one-line entry that never loses a line typed fast.

``st.chat_input`` sends each Enter as a one-shot trigger; when a second Enter comes before the server has
read the first, Streamlit keeps only the newer trigger and the first line is gone. Here the browser keeps
every line it has not seen acknowledged, numbered, and sends them all each time (a state value, so the
newest value holds every line still waiting). The server takes the lines it has not taken yet, in order,
and acknowledges the last one; the browser then forgets them. A line the server refuses goes back into the
field (when the field is empty), so what was typed is never lost. Enter while an input method is composing
(Chinese pinyin) is the input method's, not a submit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from .state import unbroken

_HTML = """<div class="line"><input type="text" autocomplete="off" spellcheck="false">
<button type="button" tabindex="-1"><svg viewBox="0 0 24 24" aria-hidden="true">
<path d="M3 20.5v-6.2l8-2.3-8-2.3V3.5L22 12z"/></svg></button></div>
<div class="waiting" aria-live="polite"></div>"""

_CSS = """
:host { display: block; }
.line { position: relative; }
input {
  box-sizing: border-box; width: 100%; min-height: 2.6rem; margin: 0;
  padding: 0.5rem 2.8rem 0.5rem 0.9rem; font: inherit; font-family: var(--st-font);
  font-size: var(--st-base-font-size, 1rem); color: var(--st-text-color);
  background: var(--st-secondary-background-color); border: 1px solid var(--st-border-color, transparent);
  border-radius: var(--st-base-radius, 0.5rem); outline: none;
}
input:focus { border-color: var(--st-primary-color); }
input::placeholder { color: var(--st-text-color); opacity: 0.55; }
button {
  position: absolute; right: 0.35rem; top: 50%; transform: translateY(-50%);
  width: 2rem; height: 2rem; padding: 0.35rem; border: 0; border-radius: var(--st-base-radius, 0.5rem);
  background: transparent; color: var(--st-text-color); opacity: 0.6; cursor: pointer;
}
button:hover { opacity: 1; color: var(--st-primary-color); }
svg { width: 100%; height: 100%; fill: currentColor; }
.waiting { min-height: 0; font-size: 0.875rem; opacity: 0.7; font-family: var(--st-font);
  color: var(--st-text-color); padding: 0 0.2rem; }
.waiting:empty { display: none; }
"""

_JS = r"""
export default function ({ parentElement, data, setStateValue }) {
  const input = parentElement.querySelector("input");
  const button = parentElement.querySelector("button");
  const waiting = parentElement.querySelector(".waiting");
  const s = parentElement.__lines || (parentElement.__lines = {
    nonce: Math.random().toString(36).slice(2) + Date.now().toString(36), seq: 0, pending: [], restored: 0 });
  const done = data.done || {};
  if (done.nonce === s.nonce) {
    s.pending = s.pending.filter((line) => line.seq > done.seq);
    const back = data.returned;
    if (back && back.seq > s.restored) {
      s.restored = back.seq;
      if (!input.value) input.value = back.text;
    }
  }
  input.placeholder = data.placeholder || "";
  input.setAttribute("aria-label", data.label || "");
  button.setAttribute("aria-label", data.send || "");
  button.title = data.send || "";
  const show = () => {
    waiting.textContent = s.pending.length ? (data.waiting || "") + s.pending.map((l) => l.text).join(" · ") : "";
  };
  show();
  const send = () => {
    const text = input.value.trim();
    if (!text) return;
    s.seq += 1;
    s.pending.push({ seq: s.seq, text });
    input.value = "";
    show();
    setStateValue("lines", { nonce: s.nonce, lines: s.pending.slice() });
  };
  const onKey = (event) => {
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  };
  const onClick = () => { send(); input.focus(); };
  input.addEventListener("keydown", onKey);
  button.addEventListener("click", onClick);
  return () => {
    input.removeEventListener("keydown", onKey);
    button.removeEventListener("click", onClick);
  };
}
"""

_component = st.components.v2.component("mot_line_input", html=_HTML, css=_CSS, js=_JS)


def _done_key(key: str) -> str:
    return f"{key}__done"


def _returned_key(key: str) -> str:
    return f"{key}__returned"


def fresh_lines(value: Any, done: dict[str, Any] | None) -> tuple[list[tuple[int, str]], dict[str, Any]]:
    """The lines of ``value`` (what the browser sent) not taken yet, in order, and the new mark of what has
    been taken. A mark from another mount of the field (another nonce) counts for nothing."""
    if not isinstance(value, dict) or not isinstance(value.get("lines"), list):
        return [], done or {}
    nonce = value.get("nonce")
    last = done.get("seq", 0) if done and done.get("nonce") == nonce else 0
    fresh: list[tuple[int, str]] = []
    for line in value["lines"]:
        if not isinstance(line, dict):
            continue
        seq, text = line.get("seq"), line.get("text")
        if isinstance(seq, int) and seq > last and isinstance(text, str):
            fresh.append((seq, text.strip()))
            last = seq
    return fresh, {"nonce": nonce, "seq": last}


def _take(key: str, on_lines: Callable[..., Sequence[str]], args: tuple[Any, ...]) -> None:
    """Hand the lines not taken yet to ``on_lines`` and mark them taken: all of it, or none of it (a rerun
    request arriving meanwhile waits, see ``unbroken``), so no line is lost or taken twice."""
    with unbroken():
        _take_now(key, on_lines, args)


def _take_now(key: str, on_lines: Callable[..., Sequence[str]], args: tuple[Any, ...]) -> None:
    result = st.session_state.get(key)
    value = result.get("lines") if result is not None else None
    fresh, done = fresh_lines(value, st.session_state.get(_done_key(key)))
    st.session_state[_done_key(key)] = done
    texts = [text for _, text in fresh if text]
    if not texts:
        return
    refused = list(on_lines(texts, *args))
    if refused:
        seq = next(seq for seq, text in reversed(fresh) if text == refused[0])
        st.session_state[_returned_key(key)] = {"seq": seq, "text": refused[0]}


def line_input(label: str, *, key: str, on_lines: Callable[..., Sequence[str]], args: tuple[Any, ...] = (),
               placeholder: str | None = None, send: str = "", waiting: str = "") -> None:
    """One line of text; Enter (or the arrow) hands it to ``on_lines`` with ``args``. ``on_lines`` gets every
    line typed since the last run, in order, and returns those it refused: the first of them is put back
    into the field. ``waiting`` prefixes the lines typed but not yet taken, shown under the field."""
    _component(key=key, on_lines_change=lambda: _take(key, on_lines, args), data={
        "label": label, "placeholder": placeholder if placeholder is not None else label, "send": send,
        "waiting": waiting, "done": st.session_state.get(_done_key(key)),
        "returned": st.session_state.get(_returned_key(key))})
