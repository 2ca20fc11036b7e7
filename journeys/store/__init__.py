"""The versioned journey store.

Every journey has an append-only history of versions (number, saved-at, author, note, full document)
and, separately, working drafts so an edit in progress survives a closed browser. A draft belongs to a
person and a browser tab (``(journey, person, tab)``): nobody's unsaved edit is ever overwritten by
another session's. Saving names the version it was based on; if someone saved a newer version
meanwhile the save is refused with a :class:`ConflictError` and nothing is lost (optimistic
concurrency). The store also holds the people who may sign in (:mod:`journeys.accounts`) and the live
workshops: sessions, participants and their votes (:mod:`journeys.workshop`).

:class:`JourneyStore` is the interface the app and the CLI use; two backends implement it with one
behaviour (``tests/test_store_contract.py`` runs the same tests against both):

- :class:`SqliteStore`, the embedded default: one SQLite file readable by its owner only;
- :class:`PostgresStore`, the shared server: a ``postgresql://`` URL, several app servers at once.

:func:`open_store` picks one by location. Both keep a schema version migrated forward on open
(:data:`SCHEMA_VERSION`). :func:`copy_store` moves everything between two stores and
:func:`check_store` runs the integrity checks.

A store that cannot be used raises :class:`StoreError` with one line naming the path and the cause (a
locked, damaged, unreachable or newer store included); its words come from the catalogue
(:mod:`journeys.words`), English by default, any language through :meth:`StoreError.text`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ._base import (
    SCHEMA_VERSION,
    ConflictError,
    Contents,
    Draft,
    JourneyStore,
    JourneySummary,
    NotFoundError,
    StoredDraft,
    StoredParticipant,
    StoredVersion,
    StoreError,
    User,
    Version,
    VersionInfo,
    default_author,
    default_store_location,
    is_server_url,
)
from ._sqlite import BUSY_TIMEOUT, SqliteStore
from ._tools import CopyReport, Problem, check_store, copy_store

if TYPE_CHECKING:
    from ._postgres import PostgresStore as PostgresStore

__all__ = [
    "BUSY_TIMEOUT",
    "SCHEMA_VERSION",
    "ConflictError",
    "Contents",
    "CopyReport",
    "Draft",
    "JourneyStore",
    "JourneySummary",
    "NotFoundError",
    "Problem",
    "SqliteStore",
    "StoreError",
    "StoredDraft",
    "StoredParticipant",
    "StoredVersion",
    "User",
    "Version",
    "VersionInfo",
    "check_store",
    "copy_store",
    "default_author",
    "default_store_location",
    "is_server_url",
    "open_store",
]


def open_store(location: str | os.PathLike[str] | None = None) -> JourneyStore:
    """The store at ``location`` (a SQLite file's path or a ``postgresql://`` URL), else at
    :func:`default_store_location`."""
    where = os.fspath(location) if location is not None else default_store_location()
    if is_server_url(where):
        from ._postgres import PostgresStore

        return PostgresStore(where)
    return SqliteStore(where)


# PostgresStore is read from here too (``from journeys.store import PostgresStore``), loaded on first use.
def __getattr__(name: str) -> object:
    # The PostgreSQL driver takes a quarter of a second to import: it loads only when a server store
    # is used, not for every `mot` command on a SQLite file.
    if name == "PostgresStore":
        from ._postgres import PostgresStore

        return PostgresStore
    raise AttributeError(name)
