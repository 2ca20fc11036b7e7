"""The experience script (客户体验流程脚本): document model, Markdown, HTML and Word writers."""

from __future__ import annotations

import io
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from exports.docx import CJK_FONT, script_docx
from exports.html import script_html, svg_fragment
from exports.markdown import md_text, script_markdown
from exports.script import build_script
from journeys.analysis import Analysis, analyze
from journeys.catalog import load_template
from journeys.formatting import target_text
from journeys.model import Journey, Target
from journeys.words import t

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="x',
    "# Heading",
    "[link](http://x)",
    "| a | b |",
    "**bold**",
    "1. item",
    "first line\n## second line",
    "javascript:alert(1)",
]


def _journey(names: list[str]) -> Journey:
    """A small journey whose every user text is one of ``names`` (cycled), with every script field filled."""
    texts = iter(names * 20)
    touchpoints = []
    for index, name in enumerate(names):
        touchpoints.append({
            "id": f"tp{index}", "stage": "s1" if index % 2 else "s0", "name": name,
            "channel": "in-person", "owner": next(texts), "backup": next(texts),
            "customer_action": next(texts), "employee_action": next(texts),
            "moments": ["mot", "peak"] if index == 0 else (["end"] if index == len(names) - 1 else ["pain"]),
            "emotion": {"expected": 3, "perceived": 4 if index == 0 else 2},
            "satisfaction": {"score": 70, "benchmark": 75.5},
            "expectations": [{"id": "x", "text": next(texts), "source": "word-of-mouth"}],
            "standards": [
                {"text": next(texts), "kind": "hard", "dimension": "responsiveness", "kano": "must-be",
                 "target": {"metric": next(texts), "op": "<=", "value": 10, "unit": next(texts)}, "answers": ["x"]},
                {"text": next(texts), "kind": "soft", "dimension": "empathy", "kano": "delight"},
            ],
            "script": [next(texts)],
            "wow": next(texts),
            "recovery": {"plan": next(texts), "steps": ["listen", "apologize"], "strategies": ["sincere"]},
        })
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "hostile", "title": names[0], "locale": "en",
        "persona": {"name": names[1 % len(names)], "goal": names[2 % len(names)],
                    "description": names[3 % len(names)]},
        "stages": [{"id": "s0", "name": names[-1]}, {"id": "s1", "name": names[0]}],
        "touchpoints": touchpoints,
        "edges": [{"from": f"tp{i}", "to": f"tp{i + 1}", "label": names[i]} for i in range(len(names) - 1)],
    })


@pytest.fixture(scope="module")
def hall_zh() -> tuple[Journey, Analysis]:
    journey = load_template("business-hall", "zh-CN")
    return journey, analyze(journey, "zh")


@pytest.fixture(scope="module")
def hall_en() -> tuple[Journey, Analysis]:
    journey = load_template("business-hall", "en")
    return journey, analyze(journey, "en")


@pytest.fixture(scope="module")
def hostile() -> tuple[Journey, Analysis]:
    journey = _journey(HOSTILE)
    return journey, analyze(journey, "en")


# --- document model ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("op", "value", "unit", "expected"), [
    ("<=", 10.0, "秒", "≤ 10 秒"),
    ("<=", 10.0, "seconds", "≤ 10 seconds"),
    (">=", 99.5, "%", "≥ 99.5%"),
    ("<", 2.0, "小时", "< 2 小时"),
    ("=", 0.0, None, "= 0"),
    (">", 0.25, "", "> 0.25"),
])
def test_target_text(op: str, value: float, unit: str | None, expected: str) -> None:
    assert target_text(Target(metric="m", op=op, value=value, unit=unit)) == expected


@pytest.mark.parametrize("lang", ["zh", "zh-CN", "en", "en-GB"])
def test_script_follows_display_order_and_language(hall_zh: tuple[Journey, Analysis], lang: str) -> None:
    journey, analysis = hall_zh
    script = build_script(journey, analysis, lang)
    assert script.lang == lang[:2]
    assert [s.name for s in script.stages] == [s.name for s in journey.stages]
    ids = [tp.id for tp in script.touchpoints()]
    assert sorted(ids) == sorted(tp.id for tp in journey.touchpoints)
    assert [tp.number for tp in script.touchpoints()] == list(range(1, len(ids) + 1))
    greet = next(tp for tp in script.touchpoints() if tp.id == "greet")
    assert [b.label for b in greet.badges] == (["关键时刻"] if script.lang == "zh" else ["Moment of truth"])
    assert greet.standards[0].target == "≤ 10 步"
    assert sum(len(g.items) for g in script.weak_groups) == len(analysis.findings)


# --- Markdown -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "escaped"), [
    ("# Heading", r"\# Heading"),
    ("[link](http://x)", r"\[link\]\(http://x\)"),
    ("| a | b |", r"\| a \| b \|"),
    ("**bold** _em_", r"\*\*bold\*\* \_em\_"),
    ("1. item", r"1\. item"),
    ("- item", r"\- item"),
    ("a\nb\r\nc", "a b c"),
    ("<b>&amp;</b>", r"\<b\>\&amp;\</b\>"),
    ("营业厅", "营业厅"),
])
def test_md_text(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped


_MD = MarkdownIt("commonmark").enable("table")
_STRUCTURE = ("heading_open", "link_open", "image", "table_open", "tr_open", "td_open", "strong_open", "em_open",
              "ordered_list_open", "bullet_list_open", "list_item_open", "blockquote_open", "code_inline",
              "code_block", "fence", "html_block", "html_inline", "hr", "s_open")


def _structure(markdown: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for token in _MD.parse(markdown):
        counts[token.type] += 1
        for child in token.children or []:
            counts[child.type] += 1
    return Counter({kind: counts[kind] for kind in _STRUCTURE})


def test_markdown_user_text_never_becomes_structure(hostile: tuple[Journey, Analysis]) -> None:
    journey, analysis = hostile
    plain = _journey([f"plain{i}" for i in range(len(HOSTILE))])
    baseline = script_markdown(plain, analyze(plain, "en"), "en")
    markdown = script_markdown(journey, analysis, "en")
    assert _structure(markdown) == _structure(baseline)
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(headings) == len([line for line in baseline.splitlines() if line.startswith("#")])
    assert "](" not in markdown.replace(r"\](", "")
    assert "\n## second line" not in markdown
    rendered = _MD.render(markdown)
    for name in ("# Heading", "[link](http://x)", "| a | b |", "**bold**", "1. item",
                 "first line ## second line"):
        assert name in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "<script" not in rendered


# --- HTML ---------------------------------------------------------------------------------------------

_URL_ATTRS = {"href", "xlink:href", "src", "srcset", "action", "formaction", "data", "poster", "background"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def test_html_is_safe_with_hostile_text(hostile: tuple[Journey, Analysis]) -> None:
    journey, analysis = hostile
    page = script_html(journey, analysis, "en")
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert not [name for name, _ in parser.attrs if name.lower().startswith("on")]
    # Text in aria-label or title attributes is inert; a URL attribute with javascript: would run.
    urls = [value for name, value in parser.attrs if name.lower() in _URL_ATTRS]
    assert not [url for url in urls if "javascript:" in url.lower().replace(" ", "")]
    assert "img" not in parser.tags
    visible = "".join(parser.text)
    for text in HOSTILE:
        assert text.replace("\n", " ") in visible.replace("\n", " ")


def test_html_page_is_self_contained(hall_zh: tuple[Journey, Analysis]) -> None:
    journey, analysis = hall_zh
    page = script_html(journey, analysis, "zh-CN")
    assert page.startswith("<!doctype html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page
    assert "Noto Sans CJK SC" in page
    assert "@media print" in page and "@page { size: A4; margin: 16mm; }" in page
    assert "break-inside: avoid" in page
    assert page.count("<svg") >= 2 and "<?xml" not in page and "<!DOCTYPE" not in page
    without_namespaces = page.replace("http://www.w3.org/2000/svg", "").replace("http://www.w3.org/1999/xlink", "")
    assert "http://" not in without_namespaces and "https://" not in without_namespaces
    for tp in journey.touchpoints:
        assert tp.name in page
    assert 'class="badge mot"' in page and 'class="badge peak"' in page and 'class="badge end"' in page
    assert "≥ 95%" in page


def test_html_without_graphviz(hall_zh: tuple[Journey, Analysis], monkeypatch: pytest.MonkeyPatch) -> None:
    import exports.html

    def missing(*_: Any) -> bytes:
        raise RuntimeError("Graphviz's `dot` program was not found on PATH")

    monkeypatch.setattr(exports.html, "render", missing)
    journey, analysis = hall_zh
    page = script_html(journey, analysis, "zh")
    assert "未安装 Graphviz" in page and page.count("<svg") >= 1


def test_svg_fragment() -> None:
    assert svg_fragment(b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<svg a="1"/>') == '<svg a="1"/>'


# --- Word ---------------------------------------------------------------------------------------------

def _all_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_docx_holds_every_touchpoint_and_standard(hall_zh: tuple[Journey, Analysis]) -> None:
    journey, analysis = hall_zh
    data = script_docx(journey, analysis, "zh-CN")
    document = Document(io.BytesIO(data))
    text = _all_text(document)
    for tp in journey.touchpoints:
        assert tp.name in text
        for standard in tp.standards:
            assert standard.text in text
    assert "问候距离 ≤ 10 步" in text
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert len(document.tables) >= len(journey.touchpoints)
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == CJK_FONT
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == CJK_FONT
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    # the curve, then the diagram's and the map's pages (tests/test_docx.py counts them)
    assert len(document.inline_shapes) >= 3
    # the diagram and the map on landscape pages of their own, then back to portrait
    sizes = [(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in document.sections]
    assert sizes == [(21.0, 29.7), (29.7, 21.0), (21.0, 29.7)]
    assert t("script.map", "zh") in {p.text for p in document.paragraphs if p.style.name == "Heading 2"}
    assert document.core_properties.author == "MOT Journey Designer"  # a file outside the store


def test_docx_is_deterministic_and_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # a file outside the store: its time, not now
    journey = _journey(["Greeting", "Queue", "Counter"])
    analysis = analyze(journey, "en")
    first = script_docx(journey, analysis, "en")
    assert first == script_docx(journey, analysis, "en-GB")
    text = _all_text(Document(io.BytesIO(first)))
    assert "Customer experience script" in text and "Service standards" in text and "≤ 10 " in text


# --- golden files ---------------------------------------------------------------------------------------

def test_markdown_golden_zh(hall_zh: tuple[Journey, Analysis], snapshot: Any) -> None:
    journey, analysis = hall_zh
    markdown = script_markdown(journey, analysis, "zh-CN")
    assert "问候距离 ≤ 10 步" in markdown
    assert markdown == snapshot


def test_markdown_golden_en(hall_en: tuple[Journey, Analysis], snapshot: Any) -> None:
    journey, analysis = hall_en
    markdown = script_markdown(journey, analysis, "en")
    assert "≤ 10 steps" in markdown
    assert markdown == snapshot
