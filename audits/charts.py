"""Geometry of the report's pictures; the templates draw them as SVG with a text alternative."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext

from core.charts import Bar, Bars, Point, bars

WIDTH = 640
LABEL = 200  # room for the labels on the left
ROW = 30
BAR = 11
MAX_SCORE = 5


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL
    ticks: tuple[tuple[float, str], ...] = ()


def _scale(value: float, most: float) -> float:
    return round((WIDTH - LABEL - 60) * (value / most), 1) if most else 0.0


def score_comparison(rows) -> Chart:
    """Each channel's score now and in the previous audit, on the scale of 0 to 5."""
    bars: list[Bar] = []
    y = 10
    for row in rows:
        name = row.assessment.channel.name
        if row.previous is not None:
            bars.append(
                Bar(
                    name,
                    y,
                    _scale(row.previous, MAX_SCORE),
                    display=number_format(row.previous, 1),
                    tone="previous",
                )
            )
        if row.score is not None:
            bars.append(
                Bar(
                    "" if row.previous is not None else name,
                    y + BAR + 1,
                    _scale(row.score, MAX_SCORE),
                    display=number_format(row.score, 1),
                    tone="current",
                )
            )
        y += ROW
    ticks = tuple((LABEL + _scale(n, MAX_SCORE), str(n)) for n in range(MAX_SCORE + 1))
    return Chart(bars, y + 20, ticks=ticks)


def peer_followers(comparison) -> Bars:
    """Followers of our channels on a platform against each peer's (the dashboard's bars)."""
    rows = [(gettext("Our channels"), comparison.ours_followers, "ours")] + [
        (metric.peer.name, metric.followers, "peer") for metric in comparison.peers
    ]
    return bars(
        (
            label,
            value or 0,
            number_format(value, force_grouping=True) if value is not None else "—",
            "",
            tone,
        )
        for label, value, tone in rows
    )


def score_over_time(history) -> tuple[list[Point], str]:
    """A channel's weighted score in each audit: the points and the polyline through them."""
    scored = [a for a in history if a.weighted is not None]
    if not scored:
        return [], ""
    step = (WIDTH - 80) / max(len(scored) - 1, 1)
    points = [
        Point(
            round(40 + index * step, 1),
            round(150 - a.weighted / MAX_SCORE * 130, 1),
            a.audit.conducted_on.isoformat(),
            number_format(a.weighted, 1),
        )
        for index, a in enumerate(scored)
    ]
    return points, " ".join(f"{p.x},{p.y}" for p in points)
