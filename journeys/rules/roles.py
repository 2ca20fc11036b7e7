"""Rules on who answers for each touchpoint: the A role (owner) and B role (backup) of seed 002."""

from __future__ import annotations

from ..findings import Context, Facts, Finding, rule

__all__ = ["mot_without_backup", "no_owner"]


@rule("no-owner", group="roles", per_touchpoint=True)
def no_owner(ctx: Context, f: Facts, found: list[Finding]) -> None:
    if not f.owned:
        found.append(ctx.about(f, "no-owner", "critical" if f.mot else "warning"))


@rule("mot-without-backup", group="roles", per_touchpoint=True)
def mot_without_backup(ctx: Context, f: Facts, found: list[Finding]) -> None:
    if f.mot and not f.backed:
        found.append(ctx.about(f, "mot-without-backup", "warning"))
