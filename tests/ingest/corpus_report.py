"""What the corpus tests of both parsers share: record a document's score and the whole corpus's, fail under 100%.
A score is {category: (points, out of)}. The scores are recorded as the test's "corpus" property, which the
root conftest prints at the end of the run (also when the suite runs in several processes, where a test's own
output is not shown)."""

from __future__ import annotations


def assert_document_scores_100(name: str, result: dict[str, tuple[int, int]], record_property) -> None:
    points = sum(p for p, _ in result.values())
    total = sum(t for _, t in result.values())
    detail = ", ".join(f"{category} {p}/{t}" for category, (p, t) in result.items())
    record_property("corpus", f"{name}: {100 * points / total:.1f}% ({detail})")
    assert points == total, detail


def assert_corpus_scores_100(label: str, documents, score, record_property) -> None:
    points = total = 0
    for path in documents:
        for p, t in score(path).values():
            points, total = points + p, total + t
    record_property("corpus", f"{label}: {len(documents)} documents, {points}/{total} = {100 * points / total:.1f}%")
    assert points == total
