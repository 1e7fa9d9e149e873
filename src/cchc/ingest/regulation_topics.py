"""REG-1: what a clause of a regulation is about: folded keywords → topic and area codes of
data/programmes.yaml (the patterns are in `regulation_vocabulary`), with the refinements of the module
`regulation_parser`'s decisions (a deliverable or process absorbs the areas it names; four areas at once are
the reform as a whole)."""

from __future__ import annotations

import re

from cchc.ingest.regulation_vocabulary import (
    AREA_OF,
    AREAS,
    BUDGET_TOPICS,
    FUZZY_PHRASES,
    PLAN_TOPICS,
    PROCESS_TOPICS,
    TOPIC_PATTERNS,
)

_TOPIC_RES = [(code, re.compile(pattern)) for code, pattern in TOPIC_PATTERNS]
# "theo kế hoạch áp dụng … đã được Ủy ban nhân dân tỉnh phê duyệt", "(thuộc lĩnh vực hiện đại hóa hành chính)".
_REFERENCE_RES = [
    re.compile(r"\b(theo|can cu)\b[^.;]{0,160}?\bda duoc\b[^.;]{0,40}?\bphe duyet\b"),
    re.compile(r"\bthuoc linh vuc\b[^.;]{0,60}"),
]


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))


def _fuzzy_found(words: list[str], phrase: str) -> bool:
    target = phrase.split()
    head, rest = target[:2], target[2:]
    for i in range(len(words) - len(target) + 1):
        if words[i : i + 2] != head:
            continue
        window = words[i + 2 : i + len(target)]
        misses = [(w, t) for w, t in zip(window, rest, strict=True) if w != t]
        if len(misses) == 1 and len(misses[0][1]) >= 3 and _within_one_edit(*misses[0]):
            return True
    return False


def _raw_topics(normed: str) -> list[str]:
    text = normed
    for pattern in _REFERENCE_RES:
        text = pattern.sub(" ", text)
    found = [code for code, pattern in _TOPIC_RES if pattern.search(text)]
    words = text.replace(".", " ").replace(";", " ").split()
    for code, phrase in FUZZY_PHRASES:
        if code not in found and _fuzzy_found(words, phrase):
            found.append(code)
    return found


def _refine(found: list[str]) -> list[str]:
    """The more specific topic absorbs the general one it overlaps with (see the module's decisions)."""
    topics = list(dict.fromkeys(found))
    if "general" in topics or len({AREA_OF.get(t, t) for t in topics if t in AREAS or t in AREA_OF}) >= 4:
        return ["general"]  # a sentence naming four reform areas at once is about the reform as a whole
    drop: set[str] = set()
    pairs = [
        ("one-stop-facilities", "one-stop"),
        ("land-environment-procedures", "tthc-control"),
        ("iso-plan", "iso"),
        ("it-plan", "it-application"),
        ("training", "civil-service"),
    ]
    drop |= {general for specific, general in pairs if specific in topics}
    content = {t for t in topics if t in AREAS or t in AREA_OF}
    budget = [t for t in BUDGET_TOPICS if t in topics]
    if budget:
        drop |= content - {budget[0]}
        drop |= set(BUDGET_TOPICS) - {budget[0]}
    plan = [t for t in PLAN_TOPICS if t in topics]
    if plan and not budget:
        drop |= content - set(plan)
    if any(t in PROCESS_TOPICS for t in topics):
        drop |= content
    return [t for t in topics if t not in drop]


def _topics(normed: str) -> list[str]:
    return _refine(_raw_topics(normed))
