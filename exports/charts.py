"""Charts of a journey: the customer experience curve and SERVQUAL coverage, as Altair (Vega-Lite) specs.

The experience curve draws the expected and the perceived score of every touchpoint in the order
customers meet them, over bands for the service stages, and marks what the peak-end rule
(Kahneman, Fredrickson, Schreiber & Redelmeier, 1993) says customers remember: the designed peak and
the end. Pain points (贬损点) stand out in red. The SERVQUAL chart (Parasuraman, Zeithaml & Berry,
1988) counts hard and soft service standards per quality dimension, so a blind spot shows as an
empty row. The comparison curve overlays the perceived scores of two versions of a journey, so a
manager sees at a glance which touchpoints got better, which got worse, and what was added or removed.

Every chart is a pure function of the journey and its analysis: data embedded inline, no URLs, the
same JSON for the same input. Text the users typed (touchpoint and stage names) only ever travels
as data; the few Vega expressions are fixed strings that look values up in parameters.
:func:`to_image` renders a chart offline with vl-convert, in the Noto Sans CJK SC font so Chinese
never turns into boxes. Every fixed word comes from the catalogue (:mod:`journeys.words`, ``chart.*``).

The parts live in private modules, one concept each: ``_chart_curve``, ``_chart_servqual``,
``_chart_compare``, ``_chart_workshop`` (the live workshop's curve on the projector), ``_chart_style``
(what they share: font, palette, axes, bands) and ``_chart_image``;
labels are measured and wrapped by ``_measure``.
"""

from __future__ import annotations

from ._chart_compare import compare_curve, compare_curve_data
from ._chart_curve import curve_data, experience_curve
from ._chart_image import to_image
from ._chart_servqual import servqual_chart
from ._chart_workshop import workshop_curve, workshop_curve_data

__all__ = ["compare_curve", "compare_curve_data", "curve_data", "experience_curve", "servqual_chart", "to_image",
           "workshop_curve", "workshop_curve_data"]
