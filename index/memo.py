"""What one question reads more than once, remembered: a store reader never changes under its
readers, and one question asks for the same line items several times (both periods of a change,
each side of a ratio, each line item of the same question's dense hits).

Bounded (the oldest entry goes first) and cleared by ``forget()``, which the latency benchmark
calls before each question so that every question is measured as if it were the first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["QueryMemo"]

T = TypeVar("T")


class QueryMemo:
    def __init__(self, size: int = 256):
        self._size = size
        self._items: dict[tuple, object] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The remembered value of ``key``, else ``compute()`` (outside the lock) remembered."""
        with self._lock:
            if key in self._items:
                return self._items[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if len(self._items) >= self._size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
