"""The demo framework: the sizes of a generated organisation, and the builders every app
registers (from AppConfig.ready()) to add its part. accounts builds the people and runs them.

Benchmarks and `make run` share it. Sizes: `demo` (a handful of everything) and `enterprise`
(1,000 people, 300 channels, 6,000 grants).
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


SIZES = {
    "demo": Size("demo", people=40, channels=40, grants=160),
    "enterprise": Size("enterprise", people=1000, channels=300, grants=6000),
}

# A builder is given the organisation built so far (accounts.demo.Organisation) and a seeded
# random generator. Finishers run once every app's data exists (a history of measurements).
DemoBuilder = Callable[[Any, random.Random], None]
demo_builders: Registry[DemoBuilder] = Registry("demo builders", key=by_name)
demo_finishers: Registry[DemoBuilder] = Registry("demo finishers", key=by_name)
