"""The demo framework: the sizes of a generated organisation, and the builders every app
registers (from AppConfig.ready()) to add its part. accounts builds the people and runs them.

Benchmarks and `make run` share it. Sizes: `demo` (a handful of everything), `enterprise`
(1,000 people, 300 channels, 6,000 grants) and `x10`, ten times that with half a million
history rows (what a register holds after years of use).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.registry import Registry, by_name


@dataclass(frozen=True)
class Size:
    name: str
    people: int
    channels: int
    grants: int
    # At least this many history rows in all: past changes are added up to it once every app's
    # data exists (0: only what building the organisation recorded).
    history: int = 0


SIZES = {
    "demo": Size("demo", people=40, channels=40, grants=160),
    "enterprise": Size("enterprise", people=1000, channels=300, grants=6000),
    "x10": Size("x10", people=10000, channels=3000, grants=60000, history=500_000),
}

# A builder is given the organisation built so far (accounts.demo.Organisation) and a seeded
# random generator. Finishers run once every app's data exists (a history of measurements).
DemoBuilder = Callable[[Any, random.Random], None]
demo_builders: Registry[DemoBuilder] = Registry("demo builders", key=by_name)
demo_finishers: Registry[DemoBuilder] = Registry("demo finishers", key=by_name)
