"""Rules on who answers for each touchpoint: the A role (owner) and B role (backup) of seed 002."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding, rule


@rule("no-owner", group="roles")
def no_owner(ctx: Context) -> Iterator[Finding]:
    for f in ctx.facts:
        if not f.owned:
            yield ctx.finding("no-owner", "critical" if f.mot else "warning", [f.id])


@rule("mot-without-backup", group="roles")
def mot_without_backup(ctx: Context) -> Iterator[Finding]:
    for f in ctx.facts:
        if f.mot and not f.backed:
            yield ctx.finding("mot-without-backup", "warning", [f.id])
