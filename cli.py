"""``mot``: the command-line face of the journey designer, thin over ``journeys`` and ``exports``.

Exit codes: 0 success, 2 bad input (an invalid file, a wrong argument), 1 any other failure
(a version conflict, a missing journey, an unreadable store). Messages go to stderr; data to stdout.
Everything printed goes through :func:`echo`, so no title, name, note, author or file name can send
the terminal a control sequence (:func:`~journeys.formatting.terminal_safe`).
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
import os
import sys
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from exports.formats import FORMATS
from journeys import catalog, fileformat
from journeys.accounts import ROLES, AccountError, Accounts, UnknownUser, is_loopback
from journeys.fileformat import MAX_BYTES, JourneyFileError, atomic_write
from journeys.formatting import local_time, terminal_safe
from journeys.model import Journey
from journeys.outline import OutlineError, apply_outline, parse_outline
from journeys.store import ConflictError, JourneyStore, StoreError, check_store, copy_store, is_server_url, open_store
from journeys.words import lang_of
from journeys.words import t as word
from journeys.workshop import Results, Session, WorkshopError, script_session

if TYPE_CHECKING:  # analysis, graphs and exporters load in the commands that use them: `mot validate` starts fast
    from journeys.analysis import Analysis
    from journeys.findings import Severity

app = typer.Typer(
    name="mot",
    help="Design customer-journey moments of truth: validate, template, store and export journeys.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

BAD_INPUT = 2
FAILURE = 1


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


class FailOn(enum.StrEnum):
    critical = "critical"
    warning = "warning"
    info = "info"
    none = "none"


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


LANG = lang_of(os.environ.get("MOT_LANG") or "en")
"""The language of the CLI's own messages: English unless ``MOT_LANG`` asks for Chinese (``MOT_LANG=zh``)."""


def echo(text: str, *, err: bool = False, nl: bool = True, json_text: bool = False) -> None:
    """Print ``text`` (to stderr with ``err``) with every control character but the layout's line
    breaks and tabs escaped; ``json_text`` for JSON, whose escapes stay JSON."""
    typer.echo(terminal_safe(text, keep="\n" if json_text else "\n\t", json=json_text), err=err, nl=nl)


def safe(value: object) -> str:
    """A user's value (a title, a name, a path) for one field of a line: every control character escaped,
    line breaks and tabs included."""
    return terminal_safe(str(value))


def w(key: str, **params: Any) -> str:
    """The CLI's word ``key`` in its language; text parameters (paths, titles, ids) are made terminal-safe,
    an error's own line breaks kept."""
    clean: dict[str, Any] = {k: v if isinstance(v, int | float) else terminal_safe(
        str(v), keep="\n" if isinstance(v, BaseException) else "") for k, v in params.items()}
    return word(f"cli.{key}", LANG, **clean)


def fail(message: str, code: int = FAILURE) -> NoReturn:
    echo(f"mot: {message}", err=True)
    raise typer.Exit(code)


def _store(ctx: typer.Context) -> JourneyStore:
    try:
        return open_store(ctx.obj.get("store") if ctx.obj else None)
    except StoreError as exc:
        fail(safe(exc.text(LANG)))


def _try_load(path: Path) -> Journey | None:
    """The journey in ``path``, or ``None`` after printing every problem with it to stderr."""
    try:
        return fileformat.load(path)
    except JourneyFileError as exc:
        for problem in exc.problems:
            echo(safe(problem.located(LANG)), err=True)
        return None


def _load_file(path: Path) -> Journey:
    journey = _try_load(path)
    if journey is None:
        raise typer.Exit(BAD_INPUT)
    return journey


def _write_new(path: Path, journey: Journey, force: bool) -> None:
    if path.exists() and not force:
        fail(w("exists", path=path), BAD_INPUT)
    try:
        fileformat.save(journey, path)
    except OSError as exc:
        fail(w("cannot_write", path=path, why=exc.strerror or exc))


StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="MOT_STORE",
                 help="The store: a SQLite file, or a PostgreSQL server as postgresql://USER@HOST:PORT/DB "
                      "(default: a file in a per-user data directory)."),
]
Author = Annotated[str | None, typer.Option(help="Who saves (default: your login name).")]
Note = Annotated[str, typer.Option(help="What this version changes.")]
Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
Output = Annotated[Path, typer.Option("-o", "--output", help="The file to write (.yaml, .yml or .json).")]
Today = Annotated[dt.datetime | None, typer.Option(
    formats=["%Y-%m-%d"], help="The day to check against, YYYY-MM-DD: an improvement action due before it and "
    "not done is overdue (default: today).")]


def _day(today: dt.datetime | None) -> dt.date | None:
    return today.date() if today is not None else None


@app.callback()
def main(ctx: typer.Context, store: StoreOption = None) -> None:
    """Design customer-journey moments of truth."""
    ctx.obj = {"store": store}


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Journey files (YAML or JSON).")]) -> None:
    """Check journey files against the mot-journey/1 format; exit 2 if any is invalid."""
    bad = 0
    for path in files:
        journey = _try_load(path)
        if journey is None:
            bad += 1
            continue
        echo(w("valid", path=path, stages=len(journey.stages), touchpoints=len(journey.touchpoints),
                     edges=len(journey.edges)))
    if bad:
        echo("mot: " + w("invalid_files", bad=bad, total=len(files)), err=True)
        raise typer.Exit(BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the journey file format."""
    echo(json.dumps(Journey.model_json_schema(by_alias=True), ensure_ascii=False, indent=2), json_text=True)


@app.command()
def templates() -> None:
    """List the shipped journey templates: id, locale, title."""
    for t in catalog.list_templates():
        echo(f"{t.id}\t{t.locale}\t{safe(t.title)}")


@app.command()
def new(
    output: Output,
    template: Annotated[str | None, typer.Option(help="Template id (see `mot templates`); blank if omitted.")] = None,
    locale: Annotated[str | None, typer.Option(help="Template language: zh-CN or en (default: Chinese).")] = None,
    journey_id: Annotated[str | None, typer.Option("--id", help="Id for the new journey.")] = None,
    title: Annotated[str | None, typer.Option(help="Title for the new journey.")] = None,
    force: Force = False,
) -> None:
    """Start a journey file from a template, or a blank one."""
    if template:
        try:
            journey = catalog.load_template(template, locale)
        except KeyError as exc:
            fail(exc.args[0], BAD_INPUT)
    else:
        lang = locale or "zh-CN"
        journey = Journey.model_validate({
            "format": "mot-journey/1", "id": "new-journey", "locale": lang,
            "title": word("journeys.blank_title", lang),
            "stages": [{"id": "stage-1", "name": word("journeys.blank_stage", lang)}], "touchpoints": [],
        })
    changes = {k: v for k, v in {"id": journey_id, "title": title}.items() if v}
    if changes:
        try:
            journey = Journey.model_validate({**journey.model_dump(by_alias=True), **changes})
        except ValueError as exc:
            fail(w("bad_id_title", why=exc), BAD_INPUT)
    _write_new(output, journey, force)
    echo(w("wrote_journey", path=output, title=journey.title, touchpoints=len(journey.touchpoints)))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A journey file to put in the store.")],
    as_id: Annotated[str | None, typer.Option("--as", help="Store it under this id instead of its own.")] = None,
    new_version: Annotated[bool, typer.Option(
        "--new-version", help="If the journey exists, append this file as its next version.")] = False,
    author: Author = None,
    note: Note = "",
) -> None:
    """Save a journey file into the store as a new journey (or, with --new-version, a new version)."""
    journey = _load_file(file)
    store = _store(ctx)
    try:
        if as_id:
            info = store.save_copy(journey, as_id, author=author, note=note or w("imported_from", name=file.name))
        else:
            latest = store.latest_number(journey.id)
            if latest is not None and not new_version:
                fail(w("already_stored", id=journey.id, n=latest))
            info = store.save(journey, based_on=latest, author=author, note=note or w("imported_from", name=file.name))
    except ConflictError as exc:
        fail(str(exc))
    except StoreError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(w("bad_as", why=exc), BAD_INPUT)
    echo(w("saved", id=info.journey_id, n=info.number))


@app.command("export-version")
def export_version(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(help="The journey's id in the store.")],
    output: Output,
    version: Annotated[int | None, typer.Option(help="Version number (default: latest).")] = None,
    force: Force = False,
) -> None:
    """Write a stored version of a journey to a YAML or JSON file."""
    try:
        stored = _store(ctx).load(journey_id, version)
    except StoreError as exc:
        fail(str(exc))
    _write_new(output, stored.journey, force)
    echo(w("wrote_version", path=output, id=journey_id, n=stored.info.number))


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the journeys in the store: id, versions, last saved, title."""
    try:
        rows = _store(ctx).list_journeys()
    except StoreError as exc:
        fail(str(exc))
    for row in rows:
        echo(f"{safe(row.id)}\tv{row.versions}\t{safe(local_time(row.last_saved))}\t{safe(row.last_author)}\t"
             f"{safe(row.title)}")


@app.command()
def history(ctx: typer.Context, journey_id: Annotated[str, typer.Argument(help="The journey's id.")]) -> None:
    """List every version of a journey: number, saved at, author, note."""
    try:
        versions = _store(ctx).history(journey_id)
    except StoreError as exc:
        fail(str(exc))
    for v in versions:
        echo(f"v{v.number}\t{safe(local_time(v.saved_at))}\t{safe(v.author)}\t{safe(v.note)}")


def _journey_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in {".yaml", ".yml", ".json"})
        else:
            files.append(path)
    return files


def _lint_text(path: Path, journey: Journey, analysis: Analysis) -> str:
    from journeys.findings import SEVERITIES

    lang = analysis.lang
    names = {tp.id: safe(tp.name) for tp in journey.touchpoints}
    lines = [f"{safe(path)}: {safe(journey.title)}"]
    for severity in SEVERITIES:
        group = [f for f in analysis.findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"  {word(f'severity.{severity}', lang)} ({len(group)})")
        for f in group:
            where = word("words.list_sep", lang).join(names[t] for t in f.touchpoints)
            lines.append(f"    [{f.rule}] {where + ': ' if where else ''}{safe(f.message)}")
            lines.append(f"      → {safe(f.suggestion)}")
    counts = word("cli.lint.sep", lang).join(word(f"cli.lint.count.{s}", lang, n=analysis.count(s))
                                             for s in SEVERITIES)
    lines.append("  " + word("cli.lint.total", lang, count=len(analysis.findings), counts=counts))
    return "\n".join(lines)


@app.command()
def lint(
    files: Annotated[list[Path], typer.Argument(help="Journey files, or folders to search for .yaml/.yml/.json.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
    fail_on: Annotated[FailOn, typer.Option(
        help="Exit 1 when a finding at or above this severity exists ('none': never).")] = FailOn.critical,
    lang: Annotated[Lang | None, typer.Option(help="Language of the findings (default: each journey's locale).")]
    = None,
    today: Today = None,
) -> None:
    """Check journeys against the method: weak points with why and what to do, and the journey metrics."""
    from journeys.analysis import analyze, at_or_above

    paths = _journey_files(files)
    if not paths:
        fail(w("no_files"), BAD_INPUT)
    reports, invalid, failing = [], 0, False
    for path in paths:
        journey = _try_load(path)
        if journey is None:
            invalid += 1
            continue
        analysis = analyze(journey, lang.value if lang else None, _day(today))
        if fail_on is not FailOn.none and at_or_above(analysis.findings, cast("Severity", fail_on.value)):
            failing = True
        if output_format is OutputFormat.json:
            reports.append({"file": str(path), **analysis.to_dict()})
        else:
            echo(_lint_text(path, journey, analysis))
    if output_format is OutputFormat.json:
        payload: object = reports[0] if len(paths) == 1 and reports else reports
        echo(json.dumps(payload, ensure_ascii=False, indent=2), json_text=True)
    if invalid:
        raise typer.Exit(BAD_INPUT)
    if failing:
        raise typer.Exit(FAILURE)


@app.command()
def rules() -> None:
    """List the weak-point rules: id and what each checks."""
    from journeys.analysis import rule_ids
    from journeys.texts import rule_title

    for rule_id in rule_ids():
        echo(f"{rule_id}\t{safe(rule_title(rule_id, 'en'))}\t{safe(rule_title(rule_id, 'zh'))}")


ExportFormatName = enum.StrEnum("ExportFormatName", {name: name for name in FORMATS})  # type: ignore[misc]


class Direction(enum.StrEnum):
    LR = "LR"
    TB = "TB"


@app.command("export")
def export_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="A journey file, or the id of a journey in the store.")],
    output_format: Annotated[ExportFormatName, typer.Option("--format", help="What to write.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: next to the input, "
                                                "or JOURNEY-ID.EXT for a stored journey).")] = None,
    lang: Annotated[Lang | None, typer.Option(help="Language of the fixed words (default: the journey's locale).")]
    = None,
    version: Annotated[int | None, typer.Option(help="Version of a stored journey (default: latest).")] = None,
    direction: Annotated[Direction, typer.Option(help="Diagram direction: LR (left to right) or TB.")] = Direction.LR,
    swimlanes: Annotated[bool, typer.Option("--swimlanes/--no-swimlanes", help="Stages as swimlanes.")] = True,
    highlight: Annotated[bool, typer.Option("--highlight/--no-highlight", help="Outline weak touchpoints.")] = True,
    force: Force = False,
) -> None:
    """Export the experience script (md, html, docx), the diagram (svg, png, pdf, dot), the standards
    table (csv, xlsx) or a Mermaid journey."""
    from exports.dot import DiagramOptions
    from exports.formats import Stamp, export

    path = Path(source)
    workshop: Results | None = None
    stamp = None  # a file: SOURCE_DATE_EPOCH or now
    if path.exists():
        journey = _load_file(path)
        default = path.with_suffix("." + FORMATS[output_format.value].extension)
    else:
        try:
            store = _store(ctx)
            stored = store.load(source, version)
            chosen = script_session(store.workshops(source)) if FORMATS[output_format.value].takes_workshop else None
            workshop = store.workshop_results(chosen.id) if chosen is not None else None
        except StoreError as exc:
            fail(w("not_found", source=source, why=exc), BAD_INPUT)
        journey, stamp = stored.journey, Stamp.saved(stored.info.saved_at, stored.info.author)
        default = Path(f"{journey.id}.{FORMATS[output_format.value].extension}")
    target = output or default
    language = lang.value if lang else lang_of(journey.locale)
    options = DiagramOptions(direction=direction.value, swimlanes=swimlanes, highlight=highlight, lang=language)
    try:
        data = export(journey, None, output_format.value, language, options, stamp, workshop=workshop)
    except RuntimeError as exc:  # GraphvizMissing (it says what to install) or Graphviz failing on an image
        fail(str(exc))
    if target.exists() and not force:
        fail(w("exists", path=target), BAD_INPUT)
    try:
        atomic_write(target, data)
    except OSError as exc:
        fail(w("cannot_write", path=target, why=exc.strerror or exc))
    echo(w("wrote_bytes", path=target, size=f"{len(data):,}"))


class DiffFormat(enum.StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


def _version_of(ctx: typer.Context, source: str) -> tuple[Journey, str]:
    """A journey to compare and how the report names it: a file, or ``ID`` / ``ID@N`` in the store."""
    path = Path(source)
    if path.exists():
        return _load_file(path), path.name
    journey_id, _, number = source.rpartition("@") if "@" in source else (source, "", "")
    if number and not number.isdigit():
        fail(w("bad_version", source=source, id=journey_id), BAD_INPUT)
    try:
        stored = _store(ctx).load(journey_id, int(number) if number else None)
    except StoreError as exc:
        fail(w("not_found", source=source, why=exc), BAD_INPUT)
    return stored.journey, f"{journey_id} v{stored.info.number}"


@app.command("diff")
def diff_(
    ctx: typer.Context,
    before: Annotated[str, typer.Argument(help="The earlier version: a journey file, or ID@N for version N of a "
                                          "stored journey (ID alone: its latest version).")],
    after: Annotated[str, typer.Argument(help="The later version, in the same forms.")],
    output_format: Annotated[DiffFormat, typer.Option("--format", help="text, json, md or html.")] = DiffFormat.text,
    lang: Annotated[Lang | None, typer.Option(help="Language of the report (default: the later version's locale).")]
    = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the report to this file instead of "
                                                "printing it.")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        help="Exit 1 when the later version introduces a weak point at or above this severity.")] = FailOn.none,
    force: Force = False,
    today: Today = None,
) -> None:
    """Compare two versions of a journey: what changed, which weak points were fixed or are new, and how
    every metric moved."""
    from exports.compare import build_report, report_html, report_markdown, report_text
    from journeys.analysis import at_or_above
    from journeys.diff import diff

    old, old_label = _version_of(ctx, before)
    new, new_label = _version_of(ctx, after)
    if old_label == new_label and before != after:
        old_label, new_label = before, after
    result = diff(old, new, lang.value if lang else None, today=_day(today))
    if output_format is DiffFormat.json:
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        report = build_report(result, old_label, new_label)
        writers = {DiffFormat.text: report_text, DiffFormat.md: report_markdown,
                   DiffFormat.html: lambda r: report_html(r, result)}
        text = writers[output_format](report)
    if output is None:
        echo(text, nl=False, json_text=output_format is DiffFormat.json)
    else:
        if output.exists() and not force:
            fail(w("exists", path=output), BAD_INPUT)
        try:
            atomic_write(output, text.encode("utf-8"))
        except OSError as exc:
            fail(w("cannot_write", path=output, why=exc.strerror or exc))
        echo(w("wrote", path=output), err=True)
    if fail_on is not FailOn.none and at_or_above(result.findings.new, cast("Severity", fail_on.value)):
        raise typer.Exit(FAILURE)


@app.command("import-mermaid")
def import_mermaid(
    file: Annotated[Path, typer.Argument(help="A Mermaid `journey` diagram (.mmd).")],
    output: Output,
    locale: Annotated[str | None, typer.Option(help="Locale of the new journey (default: from its text).")] = None,
    force: Force = False,
) -> None:
    """Turn a Mermaid `journey` diagram into a journey file: sections become stages, tasks touchpoints."""
    from exports.mermaid import MermaidError, from_mermaid

    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # one byte more than allowed: from_mermaid refuses it
        # A read cut at the limit may split a character; the text is refused as too large anyway.
        text = data.decode("utf-8-sig", "replace" if len(data) > MAX_BYTES else "strict")
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # line ends as a text-mode read gives them
    except (OSError, UnicodeDecodeError) as exc:
        fail(w("cannot_read", path=file, why=exc), BAD_INPUT)
    try:
        journey = from_mermaid(text, name=str(file), locale=locale)
    except MermaidError as exc:
        for problem in exc.problems:
            echo(safe(problem.located(LANG)), err=True)
        raise typer.Exit(BAD_INPUT) from None
    _write_new(output, journey, force)
    echo(w("wrote_mermaid", path=output, stages=len(journey.stages), touchpoints=len(journey.touchpoints)))


def _read_outline(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(w("cannot_read", path=file, why=exc), BAD_INPUT)


def _outline_failed(file: Path, exc: OutlineError) -> NoReturn:
    for message in exc.messages(LANG):
        echo(f"{safe(file)}: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


@app.command("import-outline")
def import_outline(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A journey outline (one line per touchpoint; see the README).")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write a new journey file (.yaml, .yml "
                                                "or .json).")] = None,
    into: Annotated[str | None, typer.Option("--into", help="Apply the outline to this journey file or stored "
                                             "journey (a new version) instead.")] = None,
    locale: Annotated[str | None, typer.Option(help="Locale of a new journey (default: from its text).")] = None,
    journey_id: Annotated[str | None, typer.Option("--id", help="Id of a new journey (default: from its "
                                                   "title).")] = None,
    author: Author = None,
    note: Note = "",
    remove_missing: Annotated[bool, typer.Option(
        "--remove-missing", help="Remove the touchpoints the outline no longer lists (else nothing is applied "
        "and they are listed).")] = False,
    force: Force = False,
) -> None:
    """Read a journey outline into a new journey file (-o), or apply it to a journey (--into), keeping the
    ids and every field the outline does not carry."""
    if (output is None) == (into is None):
        fail(w("outline_where"), BAD_INPUT)
    text = _read_outline(file)
    if output is not None:
        try:
            journey = parse_outline(text, locale=locale, journey_id=journey_id)
        except OutlineError as exc:
            _outline_failed(file, exc)
        except ValueError as exc:
            fail(w("bad_id_title", why=exc), BAD_INPUT)
        _write_new(output, journey, force)
        echo(w("wrote_journey", path=output, title=journey.title, touchpoints=len(journey.touchpoints)))
        return
    assert into is not None
    path = Path(into)
    store: JourneyStore | None = None
    if path.exists():
        existing, based_on = _load_file(path), None
    else:
        store = _store(ctx)
        try:
            stored = store.load(into)
        except StoreError as exc:
            fail(w("not_found", source=into, why=exc), BAD_INPUT)
        existing, based_on = stored.journey, stored.info.number
    try:
        journey, change = apply_outline(existing, text)
    except OutlineError as exc:
        _outline_failed(file, exc)
    if change.removed and not remove_missing:
        echo("mot: " + w("outline_would_remove", total=len(change.removed)), err=True)
        for tp in change.removed:
            echo(f"  - {safe(tp.name)} ({safe(tp.id)})", err=True)
        raise typer.Exit(FAILURE)
    for message in change.notes(LANG):
        echo(message, err=True)
    if store is None:
        try:
            fileformat.save(journey, path)
        except OSError as exc:
            fail(w("cannot_write", path=path, why=exc.strerror or exc))
        target = str(path)
    else:
        try:
            info = store.save(journey, based_on=based_on, author=author, note=note or w("outline_note"))
        except (ConflictError, StoreError) as exc:
            fail(str(exc))
        target = w("saved", id=info.journey_id, n=info.number)
    echo(w("outline_applied", target=target, added=len(change.added), changed=len(change.changed),
                 removed=len(change.removed)))


# --- spreadsheets in: survey responses, and a journey from a touchpoint list ---------------------------

MapOption = Annotated[list[str] | None, typer.Option(
    "--map", help="COLUMN=FIELD: read FIELD from COLUMN (a header, a column letter A, B… or a number 1, 2…); "
    "COLUMN= leaves a column unused. Repeatable; laid over the automatic matching.")]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="The sheet of an XLSX workbook (default: the "
                                                 "first).")]
SkipBadRows = Annotated[bool, typer.Option("--skip-bad-rows", help="Import the other rows when some are bad "
                                           "(else nothing is imported, exit 1).")]
PreviewOption = Annotated[bool, typer.Option("--preview", help="Print the column mapping and the first rows as "
                                             "read, and write nothing.")]


def _table(file: Path, sheet: str | None, fields: Any, maps: list[str] | None) -> tuple[Any, dict[str, int]]:
    """The file's table and its mapping (field → column), or a clean error (exit 2); says how it was read."""
    from journeys.tabular import SheetError, how_read, mapping_text, match_columns, parse_map, read_table, require

    try:
        with file.open("rb") as handle:
            data = handle.read(fileformat.MAX_UPLOAD_MB * 2**20 + 1)  # one byte more: read_table refuses it
    except OSError as exc:
        fail(w("cannot_read", path=file, why=exc), BAD_INPUT)
    try:
        table = read_table(data, file.name, sheet=sheet)
        mapping = parse_map(maps or [], table.headers, fields, match_columns(table.headers, fields))
        echo(w("sheet_read", path=file, how=how_read(table, LANG)), err=True)
        echo(w("sheet_columns", columns=mapping_text(table, mapping, fields, LANG)), err=True)
        require(mapping, fields)
    except SheetError as exc:
        fail(f"{safe(file)}: {safe(exc.message(LANG))}", BAD_INPUT)
    return table, mapping


def _preview(table: Any, mapping: dict[str, int], fields: Any) -> None:
    from journeys.tabular import preview_rows

    for row in preview_rows(table, mapping, fields, LANG):
        echo(" | ".join(safe(f"{k}: {v}") for k, v in row.items()))


def _bad_rows(file: Path, messages: list[str], skip: bool) -> None:
    """Print each bad row; without ``skip``, stop with nothing imported (exit 1)."""
    for message in messages:
        echo(f"{safe(file)}: {safe(message)}", err=True)
    if messages and not skip:
        fail(w("sheet_bad_rows", total=len(messages)))
    if messages:
        echo(w("sheet_skipped", total=len(messages)), err=True)


@app.command("survey")
def survey(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Survey responses, one row per response (.csv or .xlsx).")],
    journey_ref: Annotated[str, typer.Option("--journey", help="The journey: a journey file, or a stored "
                                             "journey's id (its latest version) or ID@N.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the journey with the survey's "
                                                "figures to this file (.yaml, .yml or .json).")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json: the figures printed "
                                                        "on stdout.")] = OutputFormat.text,
    maps: MapOption = None,
    sheet: SheetOption = None,
    segment: Annotated[str | None, typer.Option("--segment", help="Only the rows of this segment.")] = None,
    skip_bad_rows: SkipBadRows = False,
    preview: PreviewOption = False,
    force: Force = False,
) -> None:
    """Read survey responses into a journey: per touchpoint n, perceived = mean score, satisfaction = top-2 box,
    period; the journey's NPS."""
    from journeys.formatting import number
    from journeys.survey import FIELDS, apply_survey, figures_json, read_survey
    from journeys.tabular import row_messages

    journey, _ = _version_of(ctx, journey_ref)
    table, mapping = _table(file, sheet, FIELDS, maps)
    if preview:
        _preview(table, mapping, FIELDS)
        return
    read = read_survey(table, mapping, journey, segment=segment)
    _bad_rows(file, row_messages(read.problems, LANG), skip_bad_rows)
    if read.unmatched:
        echo(w("survey_unmatched", lines=", ".join(map(str, read.unmatched))), err=True)
    if output_format is OutputFormat.json:
        echo(json.dumps(figures_json(read), ensure_ascii=False, indent=2), json_text=True)
    else:
        for tp_id, f in read.touchpoints().items():
            echo(w("survey_line", id=tp_id, n=f.n, perceived=number(f.perceived),
                   satisfaction=number(f.satisfaction), period=f.period or "–"))
        if (nps := read.nps()) is not None:
            echo(w("survey_nps", score=number(nps.score), n=nps.n, promoters=nps.promoters,
                   detractors=nps.detractors))
    if output is not None:
        _write_new(output, apply_survey(journey, read), force)
        echo(w("survey_wrote", path=output, touchpoints=len(read.touchpoints()), responses=len(read.responses)),
             err=True)


@app.command("import-sheet")
def import_sheet(
    file: Annotated[Path, typer.Argument(help="A touchpoint list, one row per touchpoint or standard (.csv or "
                                         ".xlsx).")],
    output: Output,
    maps: MapOption = None,
    sheet: SheetOption = None,
    journey_id: Annotated[str | None, typer.Option("--id", help="Id of the new journey (default: from its "
                                                   "title).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the new journey (default: the file's "
                                              "name).")] = None,
    locale: Annotated[str | None, typer.Option(help="Locale of the new journey (default: from its text).")] = None,
    skip_bad_rows: SkipBadRows = False,
    preview: PreviewOption = False,
    force: Force = False,
) -> None:
    """Make a journey from a spreadsheet: stages in order, touchpoints linked in row order, several rows of a
    touchpoint its standards (the standards table export reads back)."""
    from journeys.sheet import FIELDS, read_sheet
    from journeys.tabular import SheetError, row_messages

    table, mapping = _table(file, sheet, FIELDS, maps)
    if preview:
        _preview(table, mapping, FIELDS)
        return
    try:
        read = read_sheet(table, mapping, title=title or file.stem, journey_id=journey_id, locale=locale)
    except SheetError as exc:
        fail(f"{safe(file)}: {safe(exc.message(LANG))}", BAD_INPUT)
    _bad_rows(file, row_messages(read.problems, LANG), skip_bad_rows)
    if read.journey is None:
        fail(f"{safe(file)}: {safe(SheetError('no_touchpoints').message(LANG))}", BAD_INPUT)
    _write_new(output, read.journey, force)
    echo(w("sheet_wrote", path=output, stages=len(read.journey.stages), touchpoints=len(read.journey.touchpoints)))


# --- accounts: who may sign in to the app, and with which role -------------------------------------------

users_app = typer.Typer(help="The people who may sign in to the app, and their roles (kept in the store).",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")
RoleOption = Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")]
UserName = Annotated[str, typer.Argument(help="The name the person signs in with.")]


def _accounts(ctx: typer.Context) -> Accounts:
    return Accounts(_store(ctx))


def _new_password(name: str) -> str:
    """The password, from the terminal without echo (asked twice), or one line from a pipe."""
    if sys.stdin.isatty():
        first = getpass.getpass(w("users.password", name=name) + ": ")
        if getpass.getpass(w("users.password_again") + ": ") != first:
            fail(w("users.mismatch"), BAD_INPUT)
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _account_error(exc: AccountError) -> NoReturn:
    fail(exc.text(LANG), BAD_INPUT)


@users_app.command("add")
def users_add(ctx: typer.Context, name: UserName, role: RoleOption) -> None:
    """Add a person; the password is read from stdin (asked without echo on a terminal)."""
    accounts = _accounts(ctx)
    try:
        user = accounts.add_user(name, role, _new_password(name))
    except AccountError as exc:
        _account_error(exc)
    typer.echo(w("users.added", name=user.name, role=user.role))


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """Every person who may sign in: name, role, when added (never a password)."""
    users = _accounts(ctx).list_users()
    if not users:
        typer.echo(w("users.none"), err=True)
    for user in users:
        typer.echo(f"{user.name}\t{user.role}\t{local_time(user.created_at)}")


@users_app.command("passwd")
def users_passwd(ctx: typer.Context, name: UserName) -> None:
    """Set a person's new password, read from stdin like ``users add``."""
    accounts = _accounts(ctx)
    if accounts.role_of(name) is None:
        _account_error(UnknownUser(name=name))
    try:
        accounts.set_password(name, _new_password(name))
    except AccountError as exc:
        _account_error(exc)
    typer.echo(w("users.changed", name=name))


@users_app.command("remove")
def users_remove(ctx: typer.Context, name: UserName) -> None:
    """Remove a person: they can no longer sign in (versions they saved keep their name)."""
    try:
        _accounts(ctx).remove_user(name)
    except AccountError as exc:
        _account_error(exc)
    typer.echo(w("users.removed", name=name))


# --- the store itself: moving it to another, checking it ---------------------------------------------------

store_app = typer.Typer(help="Move a store's contents to another store, check that a store is whole.",
                        no_args_is_help=True)
app.add_typer(store_app, name="store")
StoreArgument = Annotated[str, typer.Argument(help="A SQLite file or a postgresql://USER@HOST:PORT/DB URL.")]


def _open(location: str) -> JourneyStore:
    try:
        return open_store(location)
    except StoreError as exc:
        fail(safe(exc.text(LANG)))


def _counts(counts: dict[str, int]) -> str:
    return w("store.counts", **counts)


@store_app.command("copy")
def store_copy(
    source: StoreArgument,
    destination: StoreArgument,
    merge: Annotated[bool, typer.Option(
        "--merge", help="Add to a destination that already holds journeys; a journey or user held by both "
                        "keeps the destination's.")] = False,
) -> None:
    """Copy every journey, version, draft and user from SOURCE to DESTINATION (SQLite to PostgreSQL is the
    upgrade path), keeping numbers, times and authors; then check the destination's counts."""
    src, dst = _open(source), _open(destination)
    if src.location == dst.location:
        fail(w("store.same", path=src.location), BAD_INPUT)
    try:
        report = copy_store(src, dst, merge=merge)
    except StoreError as exc:
        fail(safe(exc.text(LANG)), BAD_INPUT if exc.key == "store.copy.not_empty" else FAILURE)
    for journey_id in report.skipped_journeys:
        echo(w("store.kept_journey", id=journey_id, path=dst.location), err=True)
    for name in report.skipped_users:
        echo(w("store.kept_user", name=name, path=dst.location), err=True)
    echo(w("store.copied", what=_counts(report.copied), source=src.location, destination=dst.location))
    echo(w("store.counted", path=dst.location, what=_counts(report.after)))


@store_app.command("check")
def store_check(ctx: typer.Context, location: Annotated[str | None, typer.Argument(
        help="The store to check (default: --store, MOT_STORE or the per-user file).")] = None) -> None:
    """Run the integrity checks: the database's own, then every version, draft and user. Exit 1 and say
    how to recover when something is wrong."""
    store = _open(location) if location else _store(ctx)
    problems = check_store(store)
    if not problems:
        echo(w("store.ok", path=store.location, schema=store.schema_version(), what=_counts(store.counts())))
        return
    for problem in problems:
        params: dict[str, Any] = {k: terminal_safe(str(v)) for k, v in problem.params.items()}
        echo(f"{store.location}: " + word(problem.key, LANG, **params), err=True)
    advice = "store.advice_server" if is_server_url(store.location) else "store.advice_file"
    fail(w("store.problems", count=len(problems)) + " " + w(advice, path=store.location))


# --- live workshops: results out, and the participants' personal data -------------------------------------

workshop_app = typer.Typer(help="Live workshops on stored journeys: list the sessions, write their results, "
                                "anonymise or delete their participants.", no_args_is_help=True)
app.add_typer(workshop_app, name="workshop")
JourneyId = Annotated[str, typer.Argument(help="The journey's id in the store.")]
SessionId = Annotated[str, typer.Argument(help="The session's id (mot workshop list shows them).")]


class ResultsFormat(enum.StrEnum):
    json = "json"
    csv = "csv"


def _sessions(ctx: typer.Context, journey_id: str) -> tuple[JourneyStore, list[Session]]:
    store = _store(ctx)
    try:
        if not store.exists(journey_id):
            fail(w("workshop.no_journey", id=journey_id), BAD_INPUT)
        return store, store.workshops(journey_id)
    except StoreError as exc:
        fail(safe(exc.text(LANG)))


@workshop_app.command("list")
def workshop_list(ctx: typer.Context, journey_id: JourneyId) -> None:
    """The journey's sessions, newest first: id, started, open or closed, participants, votes, join code."""
    store, sessions = _sessions(ctx, journey_id)
    if not sessions:
        echo(w("workshop.none", id=journey_id), err=True)
    for session in sessions:
        people, votes, _ = store.workshop_stamp(session.id)
        state = w("workshop.closed", closed=local_time(session.closed_at)) if session.closed_at else w("workshop.open")
        echo(w("workshop.row", id=session.id, started=local_time(session.started_at), state=state, people=people,
               votes=votes, code=session.code if session.open else "-"))


@workshop_app.command("results")
def workshop_results(
    ctx: typer.Context,
    journey_id: JourneyId,
    output_format: Annotated[ResultsFormat, typer.Option("--format", help="json or csv.")],
    session_id: Annotated[str | None, typer.Option("--session", help="The session (default: the latest).")] = None,
) -> None:
    """Per touchpoint: votes, mean and spread of the perceived and expected scores, pain marks, comments."""
    from exports.workshop import results_csv, results_json

    store, sessions = _sessions(ctx, journey_id)
    chosen = next((s for s in sessions if s.id == session_id), None) if session_id else \
        (sessions[0] if sessions else None)
    if chosen is None:
        fail(w("workshop.no_session", id=journey_id, session=session_id) if session_id
             else w("workshop.none", id=journey_id), BAD_INPUT)
    results = store.workshop_results(chosen.id)
    if output_format is ResultsFormat.json:
        echo(json.dumps(results_json(results), ensure_ascii=False, indent=2), json_text=True)
    else:
        echo(results_csv(results).replace("\r\n", "\n"), nl=False)


def _participants_change(ctx: typer.Context, session_id: str, delete: bool) -> None:
    store = _store(ctx)
    try:
        n = store.delete_workshop_participants(session_id) if delete else store.anonymise_workshop(session_id)
    except WorkshopError as exc:
        fail(safe(exc.text(LANG)), BAD_INPUT)
    except StoreError as exc:
        fail(safe(exc.text(LANG)))
    echo(w("workshop.deleted" if delete else "workshop.anonymised", session=session_id, n=n))


@workshop_app.command("anonymise")
def workshop_anonymise(ctx: typer.Context, session_id: SessionId) -> None:
    """Drop the names of the session's participants; their votes and the counts stay."""
    _participants_change(ctx, session_id, delete=False)


@workshop_app.command("delete-participants")
def workshop_delete_participants(ctx: typer.Context, session_id: SessionId) -> None:
    """Delete the session's participants and their votes; the session stays."""
    _participants_change(ctx, session_id, delete=True)


def public_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host and nothing a link could not carry, else BAD_INPUT."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() or not c.isprintable()
                                                                          for c in url):
        fail(w("app.bad_public_url", url=url), BAD_INPUT)
    return url


@app.command(name="app")
def run_app(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    address: Annotated[str, typer.Option(
        help="Address to listen on. Any address but a loopback one needs users in the store (mot users add).",
    )] = "127.0.0.1",
    public: Annotated[str | None, typer.Option(
        "--public-url", help="The address phones reach this server at (http://HOST:PORT/), for the workshop's "
                             "join link and QR code; default: the address the server listens on.")] = None,
) -> None:
    """Start the Streamlit app (on this machine only, unless --address says otherwise)."""
    if public is not None:
        public_url(public)
    if not is_loopback(address) and not _accounts(ctx).has_users():
        fail(w("app.public_no_users", address=address or "*"), BAD_INPUT)
    entry = Path(__file__).with_name("app.py")
    env = dict(os.environ)
    if ctx.obj and ctx.obj.get("store"):
        env["MOT_STORE"] = str(ctx.obj["store"])
    if public is not None:
        env["MOT_PUBLIC_URL"] = public
    args = app_command(entry, port, address)
    os.execve(sys.executable, args, env)


def app_command(entry: Path, port: int, address: str) -> list[str]:
    """The command line that serves the app. Streamlit reads a ``.streamlit/`` folder only from the working
    directory, so the settings travel with the command: the server refuses uploads above the app's limit,
    the toolbar offers no Deploy button, nothing is reported home, and no page's bare expressions are
    written out ("magic": the pages use none, and rewriting each page script costs the first load), and no
    full garbage collection follows every rerun (Streamlit's default: with twenty phones voting it was 40% of
    the server's time; Python's own collector still runs). The server is started through
    :mod:`components.serve`, which loads the first page's modules beforehand."""
    return [sys.executable, "-m", "components.serve", "run", str(entry), "--server.headless", "true",
            "--server.port", str(port), "--server.address", address, "--browser.gatherUsageStats", "false",
            "--server.maxUploadSize", str(fileformat.MAX_UPLOAD_MB), "--client.toolbarMode", "minimal",
            "--runner.magicEnabled", "false", "--runner.postScriptGC", "false", "--server.fileWatcherType", "none"]


def run() -> None:
    """Console entry point: turn any unexpected error into a one-line message and exit 1."""
    try:
        app()
    except Exception as exc:  # pragma: no cover - the last guard against tracebacks
        echo("mot: " + w("unexpected", kind=type(exc).__name__, why=exc), err=True)
        sys.exit(FAILURE)


if __name__ == "__main__":
    run()
