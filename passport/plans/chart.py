"""The progress chart: one horizontal stacked bar per submitted result, drawn as SVG on the server.

Each bar splits the result's findings by what they ask (no action, improve, mitigate,
disengage, not yet decided), always in that order from left to right, with the count written
in each part wide enough to hold it; the date heads each bar and every bar has a ``<title>``
that says it all in words, so the chart reads without colour and without JavaScript. Bars run
down the page (one row per result), so the chart keeps its size on a 360 px phone; the page draws
the latest ``progress.RESULTS_SHOWN`` results only, so it never grows without end.

Colours are SVG presentation attributes, not ``style``: the Content Security Policy forbids
inline styles. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .progress import ACTION_GROUPS, ResultPoint

WIDTH = 320
LABEL = 78  # room for the date on the left
BAR = 18
ROW = 30
TOP = 8
LEGEND_ROW = 18

# (fill, text colour on it); dark fills carry white text.
COLOURS = {
    "none": ("#1f6f4a", "#ffffff"),
    "improve": ("#8cc1a5", "#1d2521"),
    "mitigate": ("#e0b04a", "#1d2521"),
    "disengage": ("#a3231b", "#ffffff"),
    "undecided": ("#d5dbd7", "#1d2521"),
}
PARTS = (*ACTION_GROUPS, "undecided")


def part_labels() -> dict[str, str]:
    return {
        "none": _("no action needed"),
        "improve": _("to improve"),
        "mitigate": _("to mitigate"),
        "disengage": _("to stop (disengage)"),
        "undecided": _("not yet decided"),
    }


def _describe(point: ResultPoint, labels: dict[str, str]) -> str:
    parts = ", ".join(f"{point.counts.get(p, 0)} {labels[p]}" for p in PARTS if point.counts.get(p, 0))
    none = _("no findings")  # outside the f-string, so makemessages finds it
    return f"{point.as_of.isoformat()}: {parts or none}"


def progress_chart(points: Sequence[ResultPoint]) -> SafeString:
    """The chart for ``points`` (oldest first), as inline SVG markup."""
    labels = part_labels()
    title = _("Findings of each assessment, by what they ask")
    bars_height = TOP + ROW * max(len(points), 1)
    height = bars_height + LEGEND_ROW * (len(PARTS) + 1) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" role="img" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    if not points:
        empty = escape(_("No result yet."))  # outside the f-string, so makemessages finds it
        out.append(f'<text x="0" y="{TOP + 14}" font-size="12" fill="#5b6660">{empty}</text>')
    span = WIDTH - LABEL
    for row, point in enumerate(points):
        y = TOP + row * ROW
        out.append(f'<g class="bar" data-result="{escape(str(point.uuid))}">')
        out.append(f"<title>{escape(_describe(point, labels))}</title>")
        out.append(f'<text x="0" y="{y + 13}" font-size="11" fill="#1d2521">{escape(point.as_of.isoformat())}</text>')
        total = point.total or 1
        x = float(LABEL)
        for part in PARTS:
            count = point.counts.get(part, 0)
            if not count:
                continue
            width = span * count / total
            fill, ink = COLOURS[part]
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{fill}">'
                f"<title>{escape(f'{count} {labels[part]}')}</title></rect>"
            )
            if width >= 7 * len(str(count)) + 4:
                out.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 13}" font-size="11" text-anchor="middle" '
                    f'fill="{ink}">{count}</text>'
                )
            x += width
        out.append("</g>")
    heading = _("Each bar, from left to right:")
    out.append(f'<text x="{LABEL}" y="{bars_height + 12}" font-size="11" fill="#5b6660">{escape(heading)}</text>')
    for i, part in enumerate(PARTS):
        y = bars_height + LEGEND_ROW + 4 + i * LEGEND_ROW
        fill, _ink = COLOURS[part]
        out.append(
            f'<rect x="{LABEL}" y="{y}" width="12" height="12" fill="{fill}" stroke="#5b6660" stroke-width="0.5"/>'
        )
        position = _("%(n)d.") % {"n": i + 1}
        out.append(
            f'<text x="{LABEL + 18}" y="{y + 10}" font-size="11" fill="#1d2521">'
            f"{escape(position)} {escape(labels[part])}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
