"""Geometry of the report's pictures; the templates draw them as SVG with a text alternative."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext

from core.charts import Bar, BarRow, Bars, Point, bars, percent

WIDTH = 640  # the score over time's line
MAX_SCORE = 5


def score_comparison(rows) -> Bars:
    """Each channel's score now and in the previous audit, on the scale of 0 to 5."""
    previous, current = gettext("Previous audit"), gettext("This audit")
    chart_rows = []
    for row in rows:
        marks = [
            Bar(
                row.assessment.channel.name,
                0,
                percent(value, MAX_SCORE),
                value=value,
                display=number_format(value, 1),
                tone=tone,
                name=name,
            )
            for value, tone, name in (
                (row.previous, "previous", previous),
                (row.score, "current", current),
            )
            if value is not None
        ]
        chart_rows.append(BarRow(row.assessment.channel.name, marks))
    has_previous = any(row.previous is not None for row in rows)
    return Bars(
        chart_rows,
        legend=(("previous", previous), ("current", current)) if has_previous else (),
        ticks=tuple((percent(n, MAX_SCORE), str(n)) for n in range(MAX_SCORE + 1)),
    )


def peer_followers(comparison) -> Bars:
    """Followers of our channels on a platform against each peer's (the dashboard's bars)."""
    rows = [(gettext("Our channels"), comparison.ours_followers, "ours")] + [
        (metric.peer.name, metric.followers, "peer") for metric in comparison.peers
    ]
    return bars(
        (
            (
                label,
                value or 0,
                number_format(value, force_grouping=True) if value is not None else "—",
                "",
                tone,
            )
            for label, value, tone in rows
        ),
        legend=(("ours", gettext("Our channels")), ("peer", gettext("Peers"))),
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
