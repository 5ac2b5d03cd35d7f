"""The form definition copy at the end of every draft, recognised without reading it again.

Every save writes the embedded definition as the draft's last member (`document.DEFINITION_MEMBER`),
so the drafts of one form end in the very same 64 KB. A reader of thousands of drafts keeps the
tails it has met with what it worked out from them (the form they were checked with, their hash)
and knows a later file's tail by comparing bytes: no search of the file, no parse, no hash.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from greendesk.document import DEFINITION_MEMBER

T = TypeVar("T")


class Tails(Generic[T]):
    """Tails met (each from the last `DEFINITION_MEMBER` of a file to its end), with a value each."""

    def __init__(self, limit: int = 16):
        self._by_length: dict[int, list[tuple[bytes, T]]] = {}
        self._count = 0
        self._limit = limit  # distinct copies remembered (one per table and year in practice)

    def find(self, data: bytes) -> tuple[int, T | None]:
        """(where the last `DEFINITION_MEMBER` of `data` starts, -1 when none; the value of the tail
        it ends in, None when not met). A file ending in a tail met has its last member at that
        tail's start: a tail holds one member, which has no border (no occurrence can overlap it)."""
        size = len(data)
        for length, tails in self._by_length.items():
            at = size - length
            if at > 0 and data.startswith(DEFINITION_MEMBER, at):
                for tail, value in tails:
                    if data.endswith(tail):
                        return at, value
        return data.rfind(DEFINITION_MEMBER), None

    def add(self, tail: bytes, value: T) -> None:
        """Remember `tail` (from a file's last member to its end) with `value`, up to the limit."""
        same_length = self._by_length.setdefault(len(tail), [])
        if self._count < self._limit and all(t != tail for t, _v in same_length):
            same_length.append((tail, value))
            self._count += 1
