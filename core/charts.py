"""The geometry of every picture (bars, points, trends); the templates draw them, each with a
text alternative. Apps compute their own charts from these shapes.

Bar charts are HTML tables: each row's label is text that wraps (never clipped, never shrunk
on a phone), each bar an SVG mark whose length is a percentage of its track, so the table is
also what a screen reader reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WIDTH, LABEL, ROW = 480, 190, 24
PLOT_WIDTH, PLOT_HEIGHT = 400, 80  # a trend's plot area, stretched to its box


@dataclass(frozen=True)
class Bar:
    """A bar at (x, y), `width` long; `display` is the figure written after it and `tone` its
    CSS class (current, previous, ours, peer, low…). In a bar chart, `width` is a percentage of
    the track and `name` says which series it belongs to (the legend's words)."""

    label: str
    y: float
    width: float
    x: float = 0
    value: float = 0
    display: str = ""
    href: str = ""
    tone: str = ""
    name: str = ""


@dataclass(frozen=True)
class Point:
    """A point of a line chart, with its label and the figure shown for it."""

    x: float
    y: float
    label: str
    value: str = ""


@dataclass(frozen=True)
class BarRow:
    """One labelled row of a bar chart: one bar, or one per series (previous and current)."""

    label: str
    marks: Sequence[Bar]
    href: str = ""


@dataclass(frozen=True)
class Bars:
    """A bar chart: its rows; the legend (tone, words) where colours mean something; a
    threshold (a percentage of the track) where one is implied; ticks under the bars."""

    bars: list[BarRow]
    legend: tuple[tuple[str, str], ...] = ()
    threshold: float | None = None
    threshold_label: str = ""
    ticks: tuple[tuple[float, str], ...] = field(default=())


def percent(value: float, most: float) -> float:
    """How much of the track `value` fills when `most` fills all of it."""
    return round(100 * min(max(value / most, 0), 1), 2) if most else 0.0


def bars(
    rows: Iterable[tuple],
    *,
    most: float | None = None,
    legend: tuple[tuple[str, str], ...] = (),
    threshold: float | None = None,
    threshold_label: str = "",
) -> Bars:
    """rows: (label, value, display, href, tone); the longest bar is `most` (or the largest);
    `threshold` is on the same scale as the values."""
    rows = list(rows)
    top = most or max((row[1] for row in rows), default=0) or 1
    names = dict(legend)
    return Bars(
        [
            BarRow(
                label,
                (
                    Bar(
                        label,
                        0,
                        percent(value, top),
                        value=value,
                        display=display,
                        tone=tone,
                        name=str(names.get(tone, "")),
                    ),
                ),
                href,
            )
            for label, value, display, href, tone in rows
        ],
        legend=legend,
        threshold=percent(threshold, top) if threshold is not None else None,
        threshold_label=threshold_label,
    )


@dataclass(frozen=True)
class Trend:
    """A line through a series: the polyline in a PLOT_WIDTH by PLOT_HEIGHT box that the
    template stretches, one hover column per point, and the series for the table."""

    points: str
    first: str
    last: str
    low: int
    high: int
    latest: int
    series: tuple[tuple[str, int], ...] = ()
    columns: tuple[tuple[float, float, str, int], ...] = ()  # x, width, day, value
    width: int = PLOT_WIDTH
    height: int = PLOT_HEIGHT


def trend(series: list[tuple[str, int]]) -> Trend | None:
    """A line through (day label, value) pairs, oldest first."""
    if len(series) < 2:
        return None
    values = [value for _, value in series]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = PLOT_WIDTH / (len(series) - 1)
    xs = [round(i * step, 1) for i in range(len(series))]
    points = " ".join(
        f"{x},{round(4 + (high - value) / span * (PLOT_HEIGHT - 8), 1)}"
        for x, value in zip(xs, values, strict=True)
    )
    columns = tuple(
        (max(round(x - step / 2, 1), 0), round(step, 1), day, value)
        for x, (day, value) in zip(xs, series, strict=True)
    )
    return Trend(points, series[0][0], series[-1][0], low, high, values[-1], tuple(series), columns)
