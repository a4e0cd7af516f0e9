"""The geometry of every picture (bars, points, trends); the templates draw them as SVG, each
with a text alternative. Apps compute their own charts from these shapes."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, LABEL, ROW = 480, 190, 24


@dataclass(frozen=True)
class Bar:
    """A horizontal bar at (x, y), `width` long; `display` is the figure written after it and
    `tone` its CSS class (current, previous, ours, peer, low…)."""

    label: str
    y: float
    width: float
    x: float = 0
    value: float = 0
    display: str = ""
    href: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Point:
    """A point of a line chart, with its label and the figure shown for it."""

    x: float
    y: float
    label: str
    value: str = ""


@dataclass(frozen=True)
class Bars:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL


def bars(rows, *, most: float | None = None) -> Bars:
    """rows: (label, value, display, href, tone); the longest bar is `most` (or the largest)."""
    rows = list(rows)
    top = most or max((row[1] for row in rows), default=0) or 1
    # Leave room on the right for the longest figure written after its bar.
    room = WIDTH - LABEL - 12 - 7 * max((len(row[2]) for row in rows), default=4)
    return Bars(
        [
            Bar(
                label,
                6 + index * ROW,
                round(room * value / top, 1),
                value=value,
                display=display,
                href=href,
                tone=tone,
            )
            for index, (label, value, display, href, tone) in enumerate(rows)
        ],
        12 + len(rows) * ROW,
    )


@dataclass(frozen=True)
class Trend:
    points: str
    first: str
    last: str
    low: int
    high: int
    latest: int
    width: int = WIDTH
    height: int = 120


def trend(series: list[tuple[str, int]]) -> Trend | None:
    """A line through (day label, value) pairs, oldest first."""
    if len(series) < 2:
        return None
    values = [value for _, value in series]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (WIDTH - 60) / (len(series) - 1)
    points = " ".join(
        f"{round(40 + i * step, 1)},{round(100 - (value - low) / span * 80, 1)}"
        for i, (_, value) in enumerate(series)
    )
    return Trend(points, series[0][0], series[-1][0], low, high, values[-1])
