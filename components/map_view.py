"""The journey map on screen: the map's SVG (``exports.journey_map``) scaled so that a set number of card
columns fill the width, scrolled stage by stage with an overview strip, and wired for building.

A click on a card, or Enter on the card the arrows moved to, asks to edit it; "+" after a stage's last
card, or N, asks to add one (there, or after the card). The browser keeps the map between runs and only
swaps the drawing when it changed, so the scroll position stays; while an action waits for the server the
map says it is updating.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import streamlit as st

_HTML = """<div class="bar"><div class="title"></div><button type="button" class="prev" aria-label="prev">‹</button>
<div class="strip" role="navigation"></div><button type="button" class="next" aria-label="next">›</button></div>
<div class="frame"><div class="view" tabindex="0"></div><div class="busy" hidden></div></div>"""

_CSS = """
:host { display: block; }
.bar { display: flex; align-items: stretch; gap: 0.4rem; margin-bottom: 0.4rem; }
.bar .title { flex: 0 1 auto; max-width: 30%; align-self: center; font: bold 20px var(--st-font);
  color: var(--st-text-color); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar .title:empty { display: none; }
.bar button { flex: none; min-width: 44px; font-size: 26px; line-height: 1; border-radius: 0.5rem;
  border: 1px solid var(--st-border-color, #d5d7de); background: var(--st-secondary-background-color);
  color: var(--st-text-color); cursor: pointer; }
.bar button:disabled { opacity: 0.35; cursor: default; }
.strip { position: relative; flex: 1; display: flex; min-height: 36px; border-radius: 0.5rem; overflow: hidden;
  border: 1px solid var(--st-border-color, #d5d7de); background: var(--st-secondary-background-color); }
.strip .seg { flex: 1 1 0; min-width: 0; padding: 0.2rem 0.5rem; font: 16px var(--st-font); overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; color: var(--st-text-color); cursor: pointer;
  border-right: 1px solid var(--st-border-color, #d5d7de); display: flex; align-items: center; }
.strip .seg:last-of-type { border-right: 0; }
.strip .window { position: absolute; top: 0; bottom: 0; border: 3px solid var(--st-primary-color);
  border-radius: 0.4rem; pointer-events: none; box-sizing: border-box; }
.frame { position: relative; }
.view { overflow-x: auto; overflow-y: hidden; outline: none; border-radius: 0.5rem; background: #fff;
  border: 1px solid var(--st-border-color, #d5d7de); }
.view svg { display: block; }
.view g.card, .view g.add { cursor: pointer; }
.view g.card.keyed > rect:first-of-type { stroke: var(--st-primary-color); stroke-width: 5px; }
.busy { position: absolute; top: 0.5rem; right: 0.75rem; padding: 0.2rem 0.7rem; border-radius: 1rem;
  font: 16px var(--st-font); background: rgba(38, 39, 48, 0.8); color: #fff; }
"""

_JS = r"""
const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export default function ({ parentElement, data, setTriggerValue }) {
  const view = parentElement.querySelector(".view");
  const strip = parentElement.querySelector(".strip");
  const busy = parentElement.querySelector(".busy");
  const prev = parentElement.querySelector(".prev");
  const next = parentElement.querySelector(".next");
  const s = parentElement.__map || (parentElement.__map = { svg: null, keyed: null, revision: null });
  if (s.svg !== data.svg) {
    view.innerHTML = data.svg;
    s.svg = data.svg;
  }
  if (s.revision !== data.revision) {
    s.revision = data.revision;
    busy.hidden = true;
  }
  busy.textContent = data.words.busy;
  const title = parentElement.querySelector(".bar .title");
  title.textContent = data.title || "";
  title.title = data.title || "";
  prev.setAttribute("aria-label", data.words.prev);
  next.setAttribute("aria-label", data.words.next);
  const svg = view.querySelector("svg");
  const order = data.order;
  if (!order.includes(s.keyed)) s.keyed = data.selected;

  let scale = 1;
  const fit = () => {
    if (!svg) return;
    // per_screen card columns across, but never so small that a text falls below data.least px
    scale = Math.max(Math.max(view.clientWidth, 200) / (data.per_screen * data.pitch), data.least / data.smallest);
    svg.setAttribute("width", String(data.width * scale));
    svg.setAttribute("height", String(data.height * scale));
    drawWindow();
  };
  const stageAt = () => {
    const left = view.scrollLeft / scale + 1;
    let at = 0;
    data.stages.forEach((st, i) => { if (st[2] <= left) at = i; });
    return at;
  };
  const drawWindow = () => {
    let win = strip.querySelector(".window");
    if (!win) { win = document.createElement("div"); win.className = "window"; strip.appendChild(win); }
    const total = Math.max(view.scrollWidth, 1);
    win.style.left = (100 * view.scrollLeft / total) + "%";
    win.style.width = Math.min(100, 100 * view.clientWidth / total) + "%";
    const at = stageAt();
    prev.disabled = view.scrollLeft <= 1;
    next.disabled = view.scrollLeft + view.clientWidth >= view.scrollWidth - 1 || at >= data.stages.length - 1;
  };
  const key = data.stages.map((st) => st[0] + ":" + st[1] + ":" + st[2] + ":" + st[3]).join("|");
  if (strip.dataset.key !== key) {
    strip.dataset.key = key;
    strip.innerHTML = "";
    data.stages.forEach((st) => {
      const seg = document.createElement("div");
      seg.className = "seg";
      seg.textContent = st[1];
      seg.title = st[1];
      seg.style.flexGrow = String(Math.max(st[3] - st[2], 1));
      seg.dataset.x = String(st[2]);
      strip.appendChild(seg);
    });
  }
  const goStage = (i) => {
    const st = data.stages[Math.max(0, Math.min(data.stages.length - 1, i))];
    if (st) view.scrollTo({ left: Math.max(0, st[2] * scale - 4), behavior: "instant" });
  };
  const mark = () => {
    view.querySelectorAll("g.card.keyed").forEach((g) => g.classList.remove("keyed"));
    if (!s.keyed) return;
    const g = view.querySelector(`g.card[data-tp="${CSS.escape(s.keyed)}"]`);
    if (g) g.classList.add("keyed");
  };
  const reveal = () => {
    const box = data.cards[s.keyed];
    if (!box) return;
    const x0 = box[0] * scale, x1 = (box[0] + box[2]) * scale;
    if (x0 < view.scrollLeft || x1 > view.scrollLeft + view.clientWidth) {
      view.scrollTo({ left: Math.max(0, x0 - data.pitch * scale), behavior: "instant" });
    }
  };
  const act = (event, value) => {
    if (!data.editable) return;
    busy.hidden = false;
    setTriggerValue(event, value);
  };
  fit();
  mark();
  if (data.selected && data.selected !== s.revealed) { s.revealed = data.selected; reveal(); }

  const onClick = (e) => {
    const add = e.target.closest("g.add");
    if (add) { act("add", add.getAttribute("data-add")); return; }
    const card = e.target.closest("g.card");
    if (card) { s.keyed = card.getAttribute("data-tp"); mark(); act("edit", s.keyed); }
  };
  const onStrip = (e) => {
    const seg = e.target.closest(".seg");
    if (seg) view.scrollTo({ left: Math.max(0, Number(seg.dataset.x) * scale - 4), behavior: "instant" });
  };
  const onPrev = () => goStage(stageAt() - (view.scrollLeft > data.stages[stageAt()][2] * scale + 2 ? 0 : 1));
  const onNext = () => goStage(stageAt() + 1);
  const onKey = (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(document.activeElement)) return;
    if (document.querySelector('[role="dialog"]')) return;
    const at = order.indexOf(s.keyed);
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      if (!order.length) return;
      const to = at < 0 ? 0 : Math.max(0, Math.min(order.length - 1, at + (e.key === "ArrowRight" ? 1 : -1)));
      s.keyed = order[to]; mark(); reveal(); e.preventDefault();
    } else if (e.key === "Enter" && s.keyed) {
      act("edit", s.keyed); e.preventDefault();
    } else if ((e.key === "n" || e.key === "N") && data.editable) {
      act("add_after", s.keyed || ""); e.preventDefault();
    }
  };
  const ro = new ResizeObserver(fit);
  ro.observe(view);
  view.addEventListener("click", onClick);
  view.addEventListener("scroll", drawWindow);
  strip.addEventListener("click", onStrip);
  prev.addEventListener("click", onPrev);
  next.addEventListener("click", onNext);
  document.addEventListener("keydown", onKey);
  return () => {
    ro.disconnect();
    view.removeEventListener("click", onClick);
    view.removeEventListener("scroll", drawWindow);
    strip.removeEventListener("click", onStrip);
    prev.removeEventListener("click", onPrev);
    next.removeEventListener("click", onNext);
    document.removeEventListener("keydown", onKey);
  };
}
"""

LEAST_PX = 14.0  # no text on the map is drawn smaller on screen
_FONT_SIZE = re.compile(r'<text[^>]*\bfont-size="([0-9.]+)"')

_component = st.components.v2.component("mot_journey_map", html=_HTML, css=_CSS, js=_JS)


def smallest_text(svg: str) -> float:
    """The smallest font size (in the drawing's units) of a text in ``svg``."""
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    return min(sizes) if sizes else 16.0


def map_view(drawing: Any, *, key: str, order: Sequence[str], selected: str | None, editable: bool,
             per_screen: float, revision: int, words: dict[str, str], least: float = LEAST_PX,
             title: str = "", smallest: float | None = None) -> Any:
    """Show ``drawing`` (an ``exports.journey_map.MapDrawing``) with ``per_screen`` card columns across the
    width; the result's ``edit`` (a touchpoint id), ``add`` (a stage id) and ``add_after`` (a touchpoint id,
    or "" for none) say what the person asked for in this run, else None. ``order`` is the order the arrow
    keys walk the cards in; ``words`` are ``busy``, ``prev`` and ``next``; ``title`` is shown beside the
    stage strip (the live drawing carries none). On a narrow screen fewer columns show, so that no text is
    drawn below ``least`` pixels (``smallest``: the drawing's smallest font size, when already known)."""
    return _component(key=key, on_edit_change=lambda: None, on_add_change=lambda: None,
                      on_add_after_change=lambda: None, data={
                          "svg": drawing.svg, "width": drawing.width, "height": drawing.height,
                          "pitch": drawing.pitch, "per_screen": per_screen, "editable": editable,
                          "least": least, "smallest": smallest or smallest_text(drawing.svg),
                          "cards": {tp: list(box) for tp, box in drawing.cards.items()},
                          "stages": [list(stage) for stage in drawing.stages], "order": list(order),
                          "selected": selected, "revision": revision, "words": words, "title": title})
