"""Inline SVG charts for the HTML report: grouped bars per language and a confusion heatmap.

Written by hand (about a hundred lines) rather than with a charting library because the report
must open offline as one file: the usual libraries either load JavaScript from a CDN or add a
heavy dependency for two chart types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {"overall": "#555555", "da": "#D55E00", "en": "#0072B2"}
FONT = "font-family='system-ui,sans-serif' font-size='12'"


def _text(x: float, y: float, body: str, anchor: str = "start", extra: str = "",
          title: str | None = None) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {FONT} {extra}>"
            f"{tip}{escape(body)}</text>")


def grouped_bars(rows: Sequence[tuple[str, Mapping[str, float | None]]],
                 series: Sequence[str] = ("overall", "da", "en"), *, width: int = 560,
                 label_width: int = 190) -> Markup:
    """Horizontal bars on a 0–1 scale: one group per row (metric), one bar per series (slice).

    Args:
        rows: (label, {series: value}) pairs; a None value draws no bar and prints "—".
        series: Which slices to draw, in order (also the legend).
        width: Total width in pixels.
        label_width: Room for the row labels on the left.
    """
    bar_h, gap, top = 11, 10, 24
    plot_w = width - label_width - 50
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(rows) + 8
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img'>"]
    for i, name in enumerate(series):  # legend
        lx = label_width + i * 80
        parts.append(f"<rect x='{lx}' y='4' width='12' height='12' fill='{COLOURS.get(name)}'/>")
        parts.append(_text(lx + 16, 14, name))
    for tick in (0.0, 0.5, 1.0):
        x = label_width + tick * plot_w
        parts.append(f"<line x1='{x:.1f}' y1='{top - 4}' x2='{x:.1f}' y2='{height - 6}' "
                     "stroke='#ddd'/>")
    for r, (label, values) in enumerate(rows):
        y0 = top + r * group_h
        parts.append(_text(label_width - 8, y0 + group_h / 2, label, "end"))
        for s, name in enumerate(series):
            value = values.get(name)
            y = y0 + s * bar_h
            if value is not None:
                w = max(0.0, min(1.0, value)) * plot_w
                parts.append(f"<rect x='{label_width}' y='{y}' width='{w:.1f}' "
                             f"height='{bar_h - 2}' fill='{COLOURS.get(name, '#999')}'>"
                             f"<title>{escape(f'{label} [{name}]: {value:.3f}')}</title></rect>")
            shown = "—" if value is None else f"{value:.2f}"
            x_val = label_width + (value or 0.0) * plot_w + 4
            parts.append(_text(x_val, y + bar_h - 3, shown, extra="font-size='10'"))
    parts.append("</svg>")
    return Markup("".join(parts))


def heatmap(labels: Sequence[str], matrix: Sequence[Sequence[int]], *, cell: int = 58,
            row_title: str = "expected", col_title: str = "predicted") -> Markup:
    """A confusion matrix: rows are expected labels, columns predicted, shade by row share."""
    n = len(labels)
    left, top = 110, 46
    width, height = left + n * cell + 10, top + n * cell + 10
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img'>",
             _text(left + n * cell / 2, 12, col_title, "middle", "font-weight='bold'"),
             _text(12, top - 8, f"{row_title} ↓", extra="font-weight='bold'")]
    for j, label in enumerate(labels):
        short = label if len(label) <= 8 else f"{label[:6]}."  # "generalization" -> "genera."
        parts.append(_text(left + j * cell + cell / 2, top - 8, short, "middle",
                           "font-size='10'", title=label))
    for i, label in enumerate(labels):
        row_total = sum(matrix[i]) or 1
        parts.append(_text(left - 6, top + i * cell + cell / 2 + 4, label, "end"))
        for j in range(n):
            count = matrix[i][j]
            share = count / row_total
            colour = "#009E73" if i == j else "#CC79A7"
            x, y = left + j * cell, top + i * cell
            parts.append(f"<rect x='{x}' y='{y}' width='{cell - 2}' height='{cell - 2}' "
                         f"fill='{colour}' fill-opacity='{0.08 + 0.85 * share:.2f}'>"
                         f"<title>{escape(f'{labels[i]} → {labels[j]}: {count}')}</title></rect>")
            parts.append(_text(x + cell / 2 - 1, y + cell / 2 + 4, str(count), "middle"))
    parts.append("</svg>")
    return Markup("".join(parts))
