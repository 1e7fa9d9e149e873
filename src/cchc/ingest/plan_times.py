"""PLAN-2: a task's time as written → its milestones (plan_parser's use of cchc.plans.timephrases)."""

from __future__ import annotations

import datetime as dt

from cchc.ingest.structure import Milestone
from cchc.plans.timephrases import parse_time_phrase


def read_time(text: str, years: tuple[int, int]) -> tuple[list[Milestone], list[str]]:
    """The milestones of a time text and the warnings about it."""
    start, end = years
    parsed = parse_time_phrase(text, start, end_year=end, first_day=dt.date(start, 1, 1))
    milestones = [Milestone(label=m.label or m.text, due=m.due) for m in parsed.milestones]
    return milestones, list(parsed.warnings)
