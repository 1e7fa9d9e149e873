"""PLAN-2: a task's time as written → its milestones (plan_parser's use of cchc.plans.timephrases)."""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.text import fold
from cchc.ingest import plan_vocabulary as vocab
from cchc.ingest.structure import Milestone
from cchc.plans.timephrases import parse_time_phrase

_JOINER = re.compile(vocab.TIME_JOINERS, re.IGNORECASE)
_TIME_START = re.compile(vocab.TIME_PHASE_START)


def read_time(text: str, years: tuple[int, int]) -> tuple[list[Milestone], list[str]]:
    """The milestones of a time text and the warnings about it.

    A time of two phases joined by "và" (or ";", "," before a time) — "Quý II và Quý IV", "Tháng 9 và tháng 12",
    "30/6 và 31/12" — gives one milestone per phase, labelled by its phrase, when every phase reads as a time or
    starts like one (a phase that cannot be read is then a warning); otherwise the whole text is read as one phrase
    (cchc.plans.timephrases)."""
    start, end = years

    def parse(phrase: str):
        return parse_time_phrase(phrase, start, end_year=end, first_day=dt.date(start, 1, 1))

    parts = [part.strip(" .;,") for part in _JOINER.split(text.strip())]
    parts = [part for part in parts if part]
    if len(parts) > 1 and ":" not in text and "\n" not in text.strip():
        readings = [parse(part) for part in parts]
        read = all(r.milestones and all(m.kind != "unknown" for m in r.milestones) for r in readings)
        if read or all(_TIME_START.match(fold(part)) for part in parts):  # "Quý II và Quý V": the second warned
            milestones = [Milestone(label=m.label or m.text, due=m.due) for r in readings for m in r.milestones]
            return milestones, [w for r in readings for w in r.warnings]
    parsed = parse(text)
    milestones = [Milestone(label=m.label or m.text, due=m.due) for m in parsed.milestones]
    return milestones, list(parsed.warnings)
