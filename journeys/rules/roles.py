"""Rules on who answers for each touchpoint: the A role (owner) and B role (backup) of seed 002."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding, rule


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


@rule("no-owner", group="roles")
def no_owner(ctx: Context) -> Iterator[Finding]:
    for tp in ctx.touchpoints:
        if _blank(tp.owner):
            yield ctx.finding("no-owner", "critical" if tp.has("mot") else "warning", [tp.id])


@rule("mot-without-backup", group="roles")
def mot_without_backup(ctx: Context) -> Iterator[Finding]:
    for tp in ctx.touchpoints:
        if tp.has("mot") and _blank(tp.backup):
            yield ctx.finding("mot-without-backup", "warning", [tp.id])
