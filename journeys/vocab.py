"""The closed vocabularies of the journey file format (DOMAIN.md, "The journey file").

Each vocabulary is a ``Literal`` type for the model and a tuple of its values, in the
order the method teaches them, for forms, docs and tests. Labels in both languages live
with the vocabulary so every view and export names a value the same way.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "CHANNELS",
    "CLEAR_STEPS",
    "COMPARATORS",
    "DIMENSIONS",
    "FORMAT_TAG",
    "HARD_DIMENSIONS",
    "KANO_LEVELS",
    "LABELS",
    "MOMENTS",
    "RECOVERY_STRATEGIES",
    "SOURCES",
    "STANDARD_KINDS",
    "Channel",
    "ClearStep",
    "Comparator",
    "Dimension",
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

CHANNELS: tuple[str, ...] = get_args(Channel)
MOMENTS: tuple[str, ...] = get_args(Moment)
SOURCES: tuple[str, ...] = get_args(Source)
STANDARD_KINDS: tuple[str, ...] = get_args(StandardKind)
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
KANO_LEVELS: tuple[str, ...] = get_args(Kano)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
CLEAR_STEPS: tuple[str, ...] = get_args(ClearStep)
RECOVERY_STRATEGIES: tuple[str, ...] = get_args(RecoveryStrategy)

# Seed 000: reliability, responsiveness and tangibles can and should be stated as hard standards.
HARD_DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness")

LABELS: dict[str, dict[str, str]] = {
    "in-person": {"zh": "面对面", "en": "In person"},
    "phone": {"zh": "电话", "en": "Phone"},
    "online": {"zh": "网上", "en": "Online"},
    "app": {"zh": "App", "en": "App"},
    "delivery": {"zh": "上门/配送", "en": "Delivery"},
    "other": {"zh": "其他", "en": "Other"},
    "mot": {"zh": "关键时刻", "en": "Moment of truth"},
    "peak": {"zh": "峰值", "en": "Peak"},
    "end": {"zh": "终点", "en": "End"},
    "pain": {"zh": "贬损点", "en": "Pain point"},
    "past-experience": {"zh": "过往经历", "en": "Past experience"},
    "word-of-mouth": {"zh": "口碑", "en": "Word of mouth"},
    "explicit-promise": {"zh": "明示承诺", "en": "Explicit promise"},
    "implicit-promise": {"zh": "暗示承诺", "en": "Implicit promise"},
    "hard": {"zh": "硬标准", "en": "Hard"},
    "soft": {"zh": "软标准", "en": "Soft"},
    "tangibles": {"zh": "有形性", "en": "Tangibles"},
    "reliability": {"zh": "可靠性", "en": "Reliability"},
    "responsiveness": {"zh": "响应性", "en": "Responsiveness"},
    "assurance": {"zh": "保证性", "en": "Assurance"},
    "empathy": {"zh": "移情性", "en": "Empathy"},
    "must-be": {"zh": "理所当然", "en": "Must-be"},
    "performance": {"zh": "满足", "en": "Performance"},
    "delight": {"zh": "惊喜", "en": "Delight"},
    "control": {"zh": "控制情绪", "en": "Control emotions"},
    "listen": {"zh": "倾听", "en": "Listen"},
    "establish": {"zh": "建立共鸣", "en": "Establish empathy"},
    "apologize": {"zh": "道歉", "en": "Apologize"},
    "resolve": {"zh": "解决问题", "en": "Resolve"},
    "inform-early": {"zh": "提前告知", "en": "Inform early"},
    "follow-up": {"zh": "全程跟进", "en": "Follow up throughout"},
    "keep-promise": {"zh": "承诺兑现", "en": "Keep the promise"},
    "sincere": {"zh": "态度真诚", "en": "Sincere attitude"},
    "flexible-process": {"zh": "程序优化", "en": "Flexible process"},
    "details": {"zh": "细节到位", "en": "Details right"},
}


def label(value: str, lang: str = "zh") -> str:
    """The display label of a vocabulary value in ``lang`` (``zh`` or ``en``); unknown values pass through.

    Examples
    --------
    >>> label("responsiveness", "zh")
    '响应性'
    >>> label("peak", "en-US")
    'Peak'
    """
    entry = LABELS.get(value)
    if entry is None:
        return value
    return entry["zh" if lang.lower().startswith("zh") else "en"]
