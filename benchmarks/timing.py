"""The one timing rule of the benchmarks: the best of ``repeat`` runs.

Two engines compared on one question take turns (:func:`duel`), so a slow spell of the
machine falls on both rather than on whichever ran during it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs of ``work``, in seconds, and what the last run gave."""
    times, result = [], None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result  # type: ignore[return-value]


def duel(repeat: int, ours: Callable[[], T], theirs: Callable[[], T]
         ) -> tuple[tuple[float, float], tuple[float, float], T, T]:
    """Runs ``ours`` and ``theirs`` in turn ``repeat`` times each.

    Returns the (best, median) seconds of each and what each last gave. Taking turns
    matters on a small machine: back to back, one code's runs here spread over 250–400 ms.
    """
    mine, other, got, gave = [], [], None, None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        got = ours()
        mine.append(time.perf_counter() - start)
        start = time.perf_counter()
        gave = theirs()
        other.append(time.perf_counter() - start)
    return ((min(mine), statistics.median(mine)), (min(other), statistics.median(other)),
            got, gave)  # type: ignore[return-value]
