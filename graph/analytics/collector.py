"""The garbage collector around derived data: millions of long-lived objects (a portfolio, a
network of 50,000 organisations) that every full collection would otherwise walk again.
Used by :mod:`graph.analytics.snapshot`."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar

from graph.analytics.portfolio import Portfolio

T = TypeVar("T")


def settle() -> None:
    """Take what was just loaded out of the collector's sight (``gc.freeze``) and turn it on
    again. Derived data lives as long as its data version is in use; left in sight, every full
    collection walks its millions of objects (0.6 s at 50,000 organisations), and the
    allocations of any later work set one off again and again."""
    gc.freeze()
    gc.enable()


HANDED_OUT: list[int] = []  # the id of the portfolio this process handed out last


def reclaim(pf: Portfolio) -> None:
    """Out of the collector's sight, after one full collection over everything when this
    process has handed out another portfolio before: the reference cycles of versions no
    longer in use are then freed instead of staying frozen for the life of the process. A CLI
    command, with one portfolio, does not pay that collection, nor does a process handed the
    same portfolio again (kept in memory)."""
    if HANDED_OUT == [id(pf)]:
        return
    if HANDED_OUT:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    HANDED_OUT[:] = [id(pf)]


def uncollected(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` with the collector paused: a derivation builds hundreds of
    thousands of objects that outlive it (a filtered network, its allocations), and each full
    collection on the way walks all of them again. Garbage made meanwhile is collected once
    it is turned on again; with that collection counted, a filtered page's work at 50,000
    organisations takes 10-30 % less."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return func(*args, **kwargs)
    finally:
        if was_on:
            gc.enable()
