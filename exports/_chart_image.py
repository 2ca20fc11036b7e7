"""Charts rendered to PNG or SVG with vl-convert, offline, in the Noto Sans CJK SC font the specs name."""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Literal

import altair as alt
import vl_convert

__all__ = ["to_image"]

def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes, when vl-convert bundles it (else vl-convert's newest)."""
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def to_image(chart: alt.TopLevelMixin, fmt: Literal["png", "svg"], scale: float = 2.0) -> bytes:
    """Render ``chart`` to PNG or SVG bytes with vl-convert, offline (no data is fetched from anywhere).

    Parameters
    ----------
    chart : alt.TopLevelMixin
        Any top-level Altair chart, e.g. from :func:`experience_curve` or :func:`servqual_chart`.
    fmt : {"png", "svg"}
        Output format.
    scale : float
        Pixel density of a PNG (2.0 suits slides and print); ignored for SVG.

    Returns
    -------
    bytes
        The PNG image, or the SVG document encoded as UTF-8.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}: use 'png' or 'svg'")
    svg = _svg(json.dumps(_xml_text(json.loads(chart.to_json())), ensure_ascii=False))
    if fmt == "svg":
        return svg.encode("utf-8")
    return vl_convert.svg_to_png(svg, scale=scale)


# XML 1.0 allows no C0 control but tab, line feed and carriage return; vl-convert aborts the whole
# process (a Rust panic, not an exception) when a label holds one, e.g. a name with an ESC sequence.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> Any:
    """The chart spec with every character SVG cannot hold shown as U+FFFD."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_xml_text(k): _xml_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_text(v) for v in value]
    return value


@functools.lru_cache(maxsize=16)
def _svg(spec: str) -> str:
    """The chart drawn as SVG, once per spec: the HTML page and the Word file of one export share it, and a
    PNG is rasterised from it (drawing a 100-touchpoint curve is most of an export's time)."""
    return vl_convert.vegalite_to_svg(spec, vl_version=_vl_version(), allowed_base_urls=[])
