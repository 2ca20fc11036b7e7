"""Rendering DOT to SVG, PNG or PDF with Graphviz's ``dot`` program, and the error when it is missing.

The bytes are the same on every run: cairo stamps a PDF with the time it was made. Newer cairo takes that
time from ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), which ``dot`` is given; older cairo
(1.16, Debian 12) ignores it, so the date is also rewritten in place, digit for digit, in UTC (the
length stays, and with it every offset of the PDF's cross-reference table).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Literal

__all__ = ["GraphvizMissing", "render", "start_render"]

Format = Literal["svg", "png", "pdf"]
_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
_EPOCH = "946684800"  # 2000-01-01 00:00 UTC, the date the Word export's properties carry too
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


class GraphvizMissing(RuntimeError):
    """Graphviz's ``dot`` program is not installed (not on ``PATH``): diagrams cannot be drawn as SVG,
    PNG or PDF here. The message says what to install; the DOT text itself needs no Graphviz."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` program was not found on PATH: install Graphviz (e.g. `apt-get install graphviz`, "
            "plus `fonts-noto-cjk` for Chinese) to export SVG, PNG or PDF diagrams"
        )


def render(dot_source: str, fmt: Format, *, dpi: int | None = None, margin: float | None = None) -> bytes:
    """Render DOT source to ``svg``, ``png`` or ``pdf`` bytes with Graphviz's ``dot`` program.

    Parameters
    ----------
    dot_source
        DOT text, e.g. from :func:`exports.dot.journey_dot`.
    fmt
        ``"svg"``, ``"png"`` or ``"pdf"``.
    dpi
        A PNG's pixels per inch (Graphviz's own default, 96, when not given): a picture printed in a
        document wants 200 or more.
    margin
        The blank border (inches) around the drawing; Graphviz's own default puts half an inch around a
        PDF page, none around SVG and PNG. A page placed on a sheet by the caller wants 0.

    Returns
    -------
    bytes
        The rendered document.

    Raises
    ------
    ValueError
        For any other format.
    GraphvizMissing
        When Graphviz's ``dot`` program is not installed.
    RuntimeError
        When it fails.
    """
    return start_render(fmt, dpi=dpi, margin=margin)(dot_source)


def start_render(fmt: Format, *, dpi: int | None = None, margin: float | None = None) -> Callable[[str], bytes]:
    """Start Graphviz's ``dot`` now and return the function that feeds it the DOT and reads the result.

    Starting ``dot`` (loading its plugins and configuration) is a fifth of the time it takes on a
    300-touchpoint journey; started before the DOT is built, that part overlaps with building it.

    Raises
    ------
    ValueError
        For a format other than ``svg``, ``png`` or ``pdf``, a ``dpi`` that is not positive or a negative
        ``margin``.
    GraphvizMissing
        When Graphviz's ``dot`` program is not installed.
    RuntimeError
        From the returned function, when ``dot`` fails.
    """
    if fmt not in _FORMATS:
        raise ValueError(f"cannot render {fmt!r}: choose one of {', '.join(_FORMATS)}")
    if dpi is not None and dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi!r}")
    if margin is not None and margin < 0:
        raise ValueError(f"margin must not be negative, not {margin!r}")
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing
    args = [program, f"-T{fmt}", *([f"-Gdpi={dpi}"] if dpi is not None else []),
            *([f"-Gmargin={margin:g}"] if margin is not None else [])]
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "SOURCE_DATE_EPOCH": _EPOCH, "TZ": "UTC"})

    def finish(dot_source: str) -> bytes:
        out, err = process.communicate(dot_source.encode("utf-8"))
        if process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip()
            raise RuntimeError(f"Graphviz `dot` failed to render {fmt}: {detail or process.returncode}")
        return _fixed_dates(out) if fmt == "pdf" else out

    return finish


def _fixed_dates(pdf: bytes) -> bytes:
    """``pdf`` with its creation (and modification) date set to 2000-01-01 00:00:00 UTC, in place."""
    return _PDF_DATE.sub(lambda m: b"/" + m[1] + b" (D:20000101000000", pdf)
