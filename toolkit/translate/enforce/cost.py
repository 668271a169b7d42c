"""What placing the terms cost the model: calls, requests and seconds, per term status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.translate.base import TermOutcome
from toolkit.translate.calls import Tally


@dataclass
class Ledger:
    """One sentence's requests and seconds, by the occurrence being placed when asked."""

    occurrence: int = -1
    requests: dict[int, int] = field(default_factory=dict)
    seconds: dict[int, float] = field(default_factory=dict)

    def charge(self, seconds: float) -> None:
        k = self.occurrence
        self.requests[k] = self.requests.get(k, 0) + 1
        self.seconds[k] = self.seconds.get(k, 0.0) + seconds


@dataclass
class StatusCost:
    """The occurrences that ended with one status, and the requests asked and seconds spent
    while they were placed (a batched call's seconds shared by its requests' sources)."""

    occurrences: int = 0
    requests: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "occurrences": self.occurrences,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class EnforcementCost:
    """What placing the terms asked of the model in a run: the engine's n-best search for the
    sentences whose first hypothesis lacks a term (``search``), the sentence loop's calls
    (``loop``), the terms translated on their own (``alone``), and per status of the
    occurrences (the loop's requests only)."""

    loop: Tally = field(default_factory=Tally)
    alone: Tally = field(default_factory=Tally)
    search: Tally = field(default_factory=Tally)
    by_status: dict[str, StatusCost] = field(default_factory=dict)

    def add(self, ledger: Ledger, outcomes: list[TermOutcome]) -> None:
        """Count a placed sentence's occurrences and what they asked."""
        for i, outcome in enumerate(outcomes):
            cost = self.by_status.setdefault(outcome.status, StatusCost())
            cost.occurrences += 1
            cost.requests += ledger.requests.get(i, 0)
            cost.seconds += ledger.seconds.get(i, 0.0)

    def to_dict(self) -> dict[str, Any]:
        parts = (self.search, self.loop, self.alone)
        return {
            "model_calls": sum(t.calls for t in parts),
            "seconds": round(sum(t.seconds for t in parts), 3),
            "search": self.search.to_dict(),
            "loop": self.loop.to_dict(),
            "alone": self.alone.to_dict(),
            "by_status": {s: c.to_dict() for s, c in sorted(self.by_status.items())},
        }
