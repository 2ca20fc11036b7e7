"""The closed vocabularies of the journey file format (DOMAIN.md, "The journey file").

Each vocabulary is a ``Literal`` type for the model and a tuple of its values, in the
order the method teaches them, for forms, docs and tests. Their labels in both languages are the
catalogue's ``value.<value>`` words (:mod:`journeys.words`), so every view and export names a value
the same way.
"""

from __future__ import annotations

from typing import Literal, get_args

from .words import has, t

__all__ = [
    "ACTION_STATUSES",
    "CHANNELS",
    "CLEAR_STEPS",
    "COMPARATORS",
    "DIMENSIONS",
    "EVIDENCE",
    "FORMAT_TAG",
    "HARD_DIMENSIONS",
    "KANO_LEVELS",
    "MOMENTS",
    "RECOVERY_STRATEGIES",
    "SOURCES",
    "STANDARD_KINDS",
    "ActionStatus",
    "Channel",
    "ClearStep",
    "Comparator",
    "Dimension",
    "Evidence",
    "Kano",
    "Moment",
    "RecoveryStrategy",
    "Source",
    "StandardKind",
    "label",
]

FORMAT_TAG = "mot-journey/1"

Channel = Literal["in-person", "phone", "online", "app", "delivery", "other"]
Moment = Literal["mot", "peak", "end", "pain"]
Source = Literal["past-experience", "word-of-mouth", "explicit-promise", "implicit-promise"]
StandardKind = Literal["hard", "soft"]
# SERVQUAL (Parasuraman, Zeithaml & Berry, 1988), in the seeds' order.
Dimension = Literal["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
# Kano levels as seed 000 names them: 理所当然 / 满足 / 惊喜.
Kano = Literal["must-be", "performance", "delight"]
Comparator = Literal["<", "<=", "=", ">=", ">"]
# CLEAR service recovery: Control emotions, Listen, Establish empathy, Apologize, Resolve.
ClearStep = Literal["control", "listen", "establish", "apologize", "resolve"]
# The six recovery strategies of seed 001.
RecoveryStrategy = Literal["inform-early", "follow-up", "keep-promise", "sincere", "flexible-process", "details"]
# What a touchpoint's scores rest on: typed by the team (the default), voted by a room, observed, surveyed.
Evidence = Literal["assumed", "workshop", "observed", "survey"]
# An improvement action's state: open and doing are not done; dropped ones are kept for the record.
ActionStatus = Literal["open", "doing", "done", "dropped"]

CHANNELS: tuple[str, ...] = get_args(Channel)
MOMENTS: tuple[str, ...] = get_args(Moment)
SOURCES: tuple[str, ...] = get_args(Source)
STANDARD_KINDS: tuple[str, ...] = get_args(StandardKind)
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
KANO_LEVELS: tuple[str, ...] = get_args(Kano)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
CLEAR_STEPS: tuple[str, ...] = get_args(ClearStep)
RECOVERY_STRATEGIES: tuple[str, ...] = get_args(RecoveryStrategy)
EVIDENCE: tuple[str, ...] = get_args(Evidence)
ACTION_STATUSES: tuple[str, ...] = get_args(ActionStatus)

# Seed 000: reliability, responsiveness and tangibles can and should be stated as hard standards.
HARD_DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness")

def label(value: str, lang: str = "zh") -> str:
    """The display label of a vocabulary value in ``lang`` (``zh`` or ``en``); unknown values pass through.

    Examples
    --------
    >>> label("responsiveness", "zh")
    '响应性'
    >>> label("peak", "en-US")
    'Peak'
    """
    key = f"value.{value}"
    return t(key, lang) if has(key) else value
