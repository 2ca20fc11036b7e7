"""Who made a document and when: the saved time and author an export writes into its properties.

A version from the store carries its own (the time it was saved and who saved it), so every export of
one version has the same bytes. A file outside the store has neither: its time is ``SOURCE_DATE_EPOCH``
when set (the reproducible-builds convention, seconds since 1970 UTC), else now; its author the product.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

__all__ = ["PRODUCT", "Stamp"]

PRODUCT = "MOT Journey Designer"
"""The author of a document that has none of its own."""


@dataclass(frozen=True)
class Stamp:
    """The time (UTC) and author a document carries."""

    time: dt.datetime
    author: str = PRODUCT

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise ValueError(f"the stamp's time must say its zone (UTC), not be naive: {self.time.isoformat()}")

    @classmethod
    def saved(cls, saved_at: str, author: str) -> Stamp:
        """The stamp of a stored version: its ``saved_at`` (ISO 8601, UTC) and its author."""
        try:
            time = dt.datetime.fromisoformat(saved_at)
        except ValueError as exc:
            raise ValueError(f"saved_at is not an ISO 8601 time: {saved_at!r}") from exc
        return cls(time if time.tzinfo else time.replace(tzinfo=dt.UTC), author.strip() or PRODUCT)

    @classmethod
    def unsaved(cls) -> Stamp:
        """The stamp of a file outside the store: ``SOURCE_DATE_EPOCH`` when set, else now."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if not epoch:
            return cls(dt.datetime.now(dt.UTC).replace(microsecond=0))
        try:
            return cls(dt.datetime.fromtimestamp(int(epoch), dt.UTC))
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from exc

    @property
    def utc(self) -> dt.datetime:
        """The time in UTC, to the second."""
        return self.time.astimezone(dt.UTC).replace(microsecond=0)

    @property
    def zip_time(self) -> tuple[int, int, int, int, int, int]:
        """The time as a zip member's timestamp (which cannot be before 1980)."""
        utc = max(self.utc, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
        return utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second
