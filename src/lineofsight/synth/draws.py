"""Random draws the simulation needs beyond `random.Random`'s own, all from the one seeded stream."""

from __future__ import annotations

import math
import random


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count: how many contacts arrive today, for example."""
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    """A skewed duration with the given median: most short, a long tail."""
    return rng.lognormvariate(math.log(max(median, 1e-9)), sigma)


def days(rng: random.Random, median: float, sigma: float) -> int:
    return max(1, round(lognormal(rng, median, sigma)))


def minute_of_day(rng: random.Random, weekday: bool) -> int:
    """When a contact arrives: mostly office hours on weekdays, any time at weekends."""
    if weekday and rng.random() < 0.85:
        return rng.randint(8 * 60, 18 * 60 - 1)
    return rng.randint(0, 24 * 60 - 1)
