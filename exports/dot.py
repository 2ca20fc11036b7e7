r"""The journey diagram as Graphviz DOT text, and its rendering to SVG, PNG or PDF.

The diagram is built with :class:`graphviz.Digraph`, never by concatenating DOT syntax. Everything a
user typed (touchpoint, stage and edge texts, the title) goes into HTML-like labels through
:func:`html.escape`, with control characters dropped and backslashes doubled (Graphviz expands ``\N``,
``\G``... even there), so no text can add a node, an attribute or markup, and it shows as typed.
Node names are ``tp_<touchpoint id>`` (never a DOT keyword), quoted by the graphviz package.

How the diagram reads:

* stages are clusters (swim lanes) in stage order; with ``rankdir=LR`` they are left-to-right columns;
* a touchpoint is a rounded box: the wrapped name and a small line of moment badges;
* a moment of truth has a double border and a bold name; the peak is filled green (★), the end blue
  (●), a pain point red (▼); two of these together fill the box with a gradient of both colours;
* with an analysis, a touchpoint's border shows the worst severity of the findings naming it:
  critical thick red, warning orange, info grey dashed;
* an edge shows its condition and the share of customers who take it (line width grows with the
  share; where only some edges of a touchpoint have a share, the others show what is left); an edge
  back to an earlier step (a loop) is dashed, and laid out as its reverse drawn backwards
  (``dir=back``), so the SVG ``<title>`` of such an edge names the later touchpoint first;
* invisible edges keep the stages in order (SVG output omits them);
* a legend node (``legend``) explains every style in the chosen language.

:func:`diff_dot` draws two versions of a journey in one diagram with the same layout: every stage,
touchpoint and edge of either version, added ones green, removed ones red and dashed, changed ones
amber, unchanged ones grey; weak points are not outlined there (the status takes the border).

The output is deterministic: the same journey, analysis and options give byte-identical DOT, and
:func:`render` gives the same SVG, PNG and PDF bytes on every run. Without Graphviz installed,
:func:`render` raises :class:`GraphvizMissing`, whose message says what to install.

The parts live in private modules, one concept each: ``_dot_diagram`` (the journey diagram),
``_dot_compare`` (the comparison's looks), ``_dot_legend``, ``_dot_style`` (palette, node names, label
markup), ``_dot_render``; text is measured and wrapped by ``_measure``.
"""

from __future__ import annotations

from ._dot_compare import diff_dot
from ._dot_diagram import DiagramOptions, journey_dot
from ._dot_legend import LEGEND_NODE
from ._dot_render import Format, GraphvizMissing, render, start_render
from ._dot_style import FONT, node_name

__all__ = [
    "FONT", "LEGEND_NODE", "DiagramOptions", "Format", "GraphvizMissing", "diff_dot", "journey_dot", "node_name",
    "render", "start_render",
]
