"""Golden files for the exports a trainer or a manager hands out: the diagram's DOT source, the Mermaid
journey, the standards table (CSV), the experience script as HTML, and the comparison report of two
versions (text, Markdown, HTML and its DOT diagram), in Chinese and in English.

The snapshots live in ``tests/__snapshots__/test_golden.ambr``; review a change there like any other
change of the product's output, and regenerate with ``pytest tests/test_golden.py --snapshot-update``.

Pictures are not inlined in the snapshots: each ``<svg>...</svg>`` block and each ``data:`` URI in an
HTML page becomes a marker with its SHA-256 and its size, so the page's text stays readable while any
change in a picture still fails the test (the DOT goldens hold the diagram's content itself).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from exports.compare import build_report, report_html, report_markdown, report_text
from exports.dot import DiagramOptions, diff_dot
from exports.formats import export
from journeys import edits
from journeys.catalog import load_template
from journeys.diff import JourneyDiff, diff
from journeys.model import Journey

TEMPLATES = [("business-hall", "zh-CN"), ("tobacco-delivery", "en")]
LANGS = ["zh", "en"]
CASES = [pytest.param(template, locale, lang, id=f"{template}.{locale}-in-{lang}")
         for template, locale in TEMPLATES for lang in LANGS]

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_DATA_URI = re.compile(r"(?<![\w-])data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[\w.+-]+(?:=[\w.+-]+)?)*),"
                       r"[^\s\"'<>)]*")


def _digest(text: str) -> str:
    data = text.encode("utf-8")
    return f"sha256:{hashlib.sha256(data).hexdigest()[:16]} {len(data)} bytes"


def _svg_marker(match: re.Match[str]) -> str:
    block = match.group(0)
    assert block.count("<svg") == 1, "nested <svg> elements: the marker would cut the outer one short"
    return f"<svg {_digest(block)} />"


def _data_marker(match: re.Match[str]) -> str:
    return f"data:{match['type'] or ''}{match['params']},[{_digest(match.group(0))}]"


def pictures_as_markers(page: str) -> str:
    """``page`` with each inline SVG and each data: URI replaced by a marker holding its digest and size."""
    return _DATA_URI.sub(_data_marker, _SVG.sub(_svg_marker, page))


def csv_text(data: bytes) -> str:
    """The CSV export as text: UTF-8 with a byte-order mark (Excel reads it so), records ending in CRLF.

    The snapshot file keeps only ``\\n`` line ends, so the CRLF record ends are checked here and shown
    as ``\\n``; a line break typed inside a cell is shown as a visible ``⏎`` to keep it apart."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return text.replace("\r\n", "\x00").replace("\r", "␍").replace("\n", "⏎").replace("\x00", "\n")


def _text(data: bytes) -> str:
    text = data.decode("utf-8")
    assert "\r" not in text
    return text


@pytest.fixture(scope="module")
def journeys() -> dict[tuple[str, str], Journey]:
    return {(template, locale): load_template(template, locale) for template, locale in TEMPLATES}


# --- the markers themselves ---------------------------------------------------------------------------

def test_pictures_as_markers() -> None:
    page = ('<p>a</p><svg width="1"><g><text>x</text></g></svg>\n<img src="data:image/png;base64,iVBORw0KGgo=">'
            '<svg\nviewBox="0 0 1 1"></svg>')
    marked = pictures_as_markers(page)
    assert marked.startswith("<p>a</p><svg sha256:")
    assert "<text>" not in marked and "iVBOR" not in marked and "viewBox" not in marked
    assert 'src="data:image/png;base64,[sha256:' in marked and marked.count(" bytes") == 3
    assert pictures_as_markers(page.replace("x</text>", "y</text>")) != marked
    assert pictures_as_markers("<p>metadata:, data: none</p>") == "<p>metadata:, data: none</p>"


# --- one journey, four formats ----------------------------------------------------------------------

@pytest.mark.parametrize(("template", "locale", "lang"), CASES)
def test_dot(journeys: dict[tuple[str, str], Journey], template: str, locale: str, lang: str, snapshot: Any) -> None:
    assert _text(export(journeys[template, locale], None, "dot", lang)) == snapshot


@pytest.mark.parametrize(("template", "locale", "lang"), CASES)
def test_mermaid(journeys: dict[tuple[str, str], Journey], template: str, locale: str, lang: str,
                 snapshot: Any) -> None:
    assert _text(export(journeys[template, locale], None, "mermaid", lang)) == snapshot


@pytest.mark.parametrize(("template", "locale", "lang"), CASES)
def test_csv(journeys: dict[tuple[str, str], Journey], template: str, locale: str, lang: str, snapshot: Any) -> None:
    assert csv_text(export(journeys[template, locale], None, "csv", lang)) == snapshot


@pytest.mark.parametrize(("template", "locale", "lang"), CASES)
def test_html_script(journeys: dict[tuple[str, str], Journey], template: str, locale: str, lang: str,
                     snapshot: Any) -> None:
    page = _text(export(journeys[template, locale], None, "html", lang))
    assert page.count("<svg") >= 2  # the diagram and the experience curve at least
    assert pictures_as_markers(page) == snapshot


# --- a journey whose every text tries to break a format --------------------------------------------

NASTY = [
    'Say "hello" & <b>wave</b>',
    '=HYPERLINK("http://x","click")',
    "+1 | -1 | @sum",
    "# Heading; *bold* _em_ `code` [link](http://x)",
    "section Fake; title: journey %%{init}%%",
    "first line\nsecond line",
    "{curly} [square] (round) \\backslash",
    "迎宾：「你好」；请坐 | 谢谢",
    "@SUM(1+1)",
    "-2+3",
]


def nasty_journey() -> Journey:
    """Three stages, five touchpoints in a loop with a branch; names, owners, actions, standards and
    edge labels all taken from :data:`NASTY`."""
    texts = iter(NASTY * 20)
    touchpoints = []
    for index in range(5):
        touchpoints.append({
            "id": f"tp{index}", "stage": f"s{min(index // 2, 2)}", "name": NASTY[index],
            "owner": next(texts), "backup": next(texts),
            "customer_action": next(texts), "employee_action": next(texts),
            "moments": ["mot", "peak"] if index == 1 else (["end"] if index == 4 else (["pain"] if index == 2 else [])),
            "emotion": {"expected": 3, "perceived": [3, 5, 1, 3, 4][index]},
            "standards": [
                {"text": next(texts), "kind": "hard", "dimension": "responsiveness", "kano": "must-be",
                 "target": {"metric": next(texts), "op": "<=", "value": 10, "unit": next(texts)}},
                {"text": next(texts), "kind": "soft", "dimension": "empathy"},
            ],
            "recovery": {"plan": next(texts), "steps": ["listen", "apologize"]} if index == 2 else None,
        })
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "nasty", "title": NASTY[0], "locale": "en",
        "persona": {"name": NASTY[1], "goal": NASTY[2], "description": NASTY[5]},
        "stages": [{"id": "s0", "name": NASTY[3]}, {"id": "s1", "name": NASTY[4]}, {"id": "s2", "name": NASTY[5]}],
        "touchpoints": touchpoints,
        "edges": [
            {"from": "tp0", "to": "tp1", "label": NASTY[6]},
            {"from": "tp1", "to": "tp2", "label": NASTY[5], "share": 0.3},
            {"from": "tp1", "to": "tp3", "label": NASTY[0], "share": 0.7},
            {"from": "tp2", "to": "tp1", "label": NASTY[7]},
            {"from": "tp3", "to": "tp4", "label": NASTY[1]},
        ],
    })


@pytest.fixture(scope="module")
def nasty() -> Journey:
    return nasty_journey()


def test_nasty_dot(nasty: Journey, snapshot: Any) -> None:
    assert _text(export(nasty, None, "dot", "en")) == snapshot


def test_nasty_mermaid(nasty: Journey, snapshot: Any) -> None:
    assert _text(export(nasty, None, "mermaid", "en")) == snapshot


def test_nasty_csv(nasty: Journey, snapshot: Any) -> None:
    assert csv_text(export(nasty, None, "csv", "en")) == snapshot


# --- two versions of a journey and the comparison report --------------------------------------------

# What the team changed after a workshop, in the words of each template's language.
EDITS = {
    "zh-CN": {
        "goodbye": "道别并留下联系卡",
        "standard": "到店前至少30分钟电话告知店主",
        "metric": "提前告知时间",
        "unit": "分钟",
        "new": "拍照发送签收单",
        "new_action": "把签字的订单小票拍照发给店主",
        "label": "店主在店，当面交接",
    },
    "en": {
        "goodbye": "Say goodbye and leave a contact card",
        "standard": "Call the owner at least 30 minutes before arriving",
        "metric": "Notice given",
        "unit": "minutes",
        "new": "Send a photo of the signed slip",
        "new_action": "Photographs the signed order slip and sends it to the owner",
        "label": "Owner in the shop, handed over in person",
    },
}


def after_workshop(journey: Journey, locale: str) -> Journey:
    """The delivery journey's next version: the goodbye is renamed, the owner-absent step scores better,
    the phone call gets a hard standard, the hotline step goes (with its edges), a photo of the signed
    slip is added after the check (with one edge in and one out) and one edge label is reworded."""
    words = EDITS[locale]
    doc = edits.document(journey)
    for tp in doc["touchpoints"]:
        if tp["id"] == "goodbye":
            tp["name"] = words["goodbye"]
        elif tp["id"] == "owner-absent":
            tp["emotion"]["perceived"] = 3.5
        elif tp["id"] == "phone-ahead":
            tp["standards"].append({
                "text": words["standard"], "kind": "hard", "dimension": "responsiveness", "kano": "performance",
                "target": {"metric": words["metric"], "op": ">=", "value": 30, "unit": words["unit"]},
            })
    check = next(i for i, tp in enumerate(doc["touchpoints"]) if tp["id"] == "check-sign")
    doc["touchpoints"].insert(
        check + 1,
        {"id": "photo-slip", "stage": "handover", "name": words["new"], "channel": "online",
         "owner": doc["touchpoints"][check]["owner"], "employee_action": words["new_action"],
         "emotion": {"expected": 3, "perceived": 4}},
    )
    for edge in doc["edges"]:
        if (edge["from"], edge["to"]) == ("walk-to-store", "check-slip"):
            edge["label"] = words["label"]
        elif (edge["from"], edge["to"]) == ("check-sign", "ask-feedback"):
            edge["to"] = "photo-slip"
    doc["edges"].append({"from": "photo-slip", "to": "ask-feedback"})
    return edits.delete_touchpoints(edits.rebuild(doc), ["hotline"])


@pytest.fixture(scope="module", params=[("zh-CN", "zh"), ("en", "en")], ids=["zh", "en"])
def versions(request: pytest.FixtureRequest) -> JourneyDiff:
    locale, lang = request.param
    before = load_template("tobacco-delivery", locale)
    return diff(before, after_workshop(before, locale), lang)


def test_diff_report_text(versions: JourneyDiff, snapshot: Any) -> None:
    assert report_text(build_report(versions, "1.0", "2.0")) == snapshot


def test_diff_report_markdown(versions: JourneyDiff, snapshot: Any) -> None:
    assert report_markdown(build_report(versions, "1.0", "2.0")) == snapshot


def test_diff_report_html(versions: JourneyDiff, snapshot: Any) -> None:
    page = report_html(build_report(versions, "1.0", "2.0"), versions)
    assert page.count("<svg") >= 2  # the diff diagram and the overlaid curves
    assert pictures_as_markers(page) == snapshot


def test_diff_dot(versions: JourneyDiff, snapshot: Any) -> None:
    assert diff_dot(versions, DiagramOptions(lang=versions.lang)) == snapshot
