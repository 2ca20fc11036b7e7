"""Charts rendered to PNG or SVG with vl-convert, offline, in the Noto Sans CJK SC font the specs name."""

from __future__ import annotations

import functools
from typing import Literal

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
    svg = _svg(chart.to_json())
    if fmt == "svg":
        return svg.encode("utf-8")
    return vl_convert.svg_to_png(svg, scale=scale)


@functools.lru_cache(maxsize=16)
def _svg(spec: str) -> str:
    """The chart drawn as SVG, once per spec: the HTML page and the Word file of one export share it, and a
    PNG is rasterised from it (drawing a 100-touchpoint curve is most of an export's time)."""
    return vl_convert.vegalite_to_svg(spec, vl_version=_vl_version(), allowed_base_urls=[])
