"""The word-and-phrase mapping from what people write to what practice is about (`topics.toml`), and
whether an audit's findings look at the child's experiences or only at compliance.

Kept as data so that it is transparent and reviewable: an inspection report's point is matched to
topics by the phrases it contains, and each topic names its measures, alerts and audit area. Nothing
here guesses: a point that matches no phrase matches no topic, and the proposal says so.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAPPING = Path(__file__).with_name("topics.toml")


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    phrases: tuple[str, ...]
    measures: tuple[str, ...]
    alerts: tuple[str, ...]
    area: str | None

    def hits(self, text: str) -> list[str]:
        """The phrases of this topic the text contains, as whole words, in any case."""
        return [phrase for phrase in self.phrases if _pattern(phrase).search(text)]


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", re.IGNORECASE)


@cache
def _mapping() -> dict[str, object]:
    loaded: dict[str, object] = tomllib.loads(MAPPING.read_text(encoding="utf-8"))
    return loaded


@cache
def topics() -> tuple[Topic, ...]:
    """Every topic of the mapping, in its order."""
    table = _mapping()["topics"]
    assert isinstance(table, dict)
    return tuple(
        Topic(
            key=key,
            title=str(value["title"]),
            phrases=tuple(value["phrases"]),
            measures=tuple(value["measures"]),
            alerts=tuple(value["alerts"]),
            area=str(value["area"]) or None,
        )
        for key, value in table.items()
    )


def topic(key: str) -> Topic:
    return next(t for t in topics() if t.key == key)


@dataclass(frozen=True)
class Match:
    topic: Topic
    phrases: tuple[str, ...]  # the phrases found, so that a person can see why


def matches(text: str) -> list[Match]:
    """The topics the text speaks of, most phrases first (then the mapping's order)."""
    found = [Match(t, tuple(t.hits(text))) for t in topics()]
    kept = [m for m in found if m.phrases]
    return sorted(kept, key=lambda m: -len(m.phrases))


def focus_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = _mapping()["focus"]
    assert isinstance(table, dict)
    return tuple(table["experience"]), tuple(table["compliance"])


def looks_at_experiences(texts: Iterable[str | None]) -> bool:
    """Whether findings say something about the child's life, not only that work was done in time:
    at least one "experience" phrase of the mapping's [focus] table."""
    experience, _ = focus_words()
    joined = " ".join(text for text in texts if text)
    return any(_pattern(phrase).search(joined) for phrase in experience)
