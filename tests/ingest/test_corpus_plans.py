"""PLAN-2, PLAN-3, U-6: the plan corpus (tests/ingest/corpus/plans/): plans written for the tests in the styles
provinces use (Word tables with merged cells, pipe tables, numbered body text with labelled lines; annual, period
and thematic plans; pre- and post-2025 agency names), each beside its expected structure as JSON.

Each document is scored on: the header fields (kind, number, date, issuer, title, years), the agencies named
(leads and coordinators, folded), the tasks (title, lead, coordinators), the milestones of each task (label,
due date), the targets (comparison, value, unit) and the lines left as warnings. A task is matched by its
folded title: the same, or the expected title followed by more words; a task found but not expected, a
milestone, target or warning found but not expected each cost a point too. The score is printed; anything
under 100% fails. The .docx plans are built by make_docx.py beside them; a test checks the script still builds
the same content.

Pure: no database.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from cchc.core.text import fold
from cchc.ingest.plan_parser import parse_plan
from cchc.ingest.reader import read_upload
from cchc.ingest.regulation_kind import decide_kind
from tests.ingest.corpus_report import assert_corpus_scores_100, assert_document_scores_100

CORPUS = Path(__file__).resolve().parent / "corpus" / "plans"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".docx"))


def _expected(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".json").read_text(encoding="utf-8"))


def _key(text: str) -> str:
    return " ".join(fold(text).replace("\n", " ").split()).rstrip(" .;:")


def _continues(found: str, title: str) -> bool:
    """The found title is the expected one followed by more words ("…; sản phẩm …")."""
    return found.startswith(title) and len(found) > len(title) and not found[len(title)].isalnum()


def _match_tasks(want: list[dict], got: list[dict]) -> list[dict | None]:
    """For each expected task, the task found with the same folded title, or whose title starts with it (each
    found task is used once, in order)."""
    free = list(got)
    matched: list[dict | None] = []
    for task in want:
        title = _key(task["title"])
        found = next((g for g in free if _key(g["title"]) == title), None)
        if found is None:
            found = next((g for g in free if _continues(_key(g["title"]), title)), None)
        if found is not None:
            free.remove(found)
        matched.append(found)
    return matched


def _sets(expected: set, found: set) -> tuple[int, int]:
    return len(expected & found), len(expected | found)


def _bags(expected: Counter, found: Counter) -> tuple[int, int]:
    return sum((expected & found).values()), sum((expected | found).values())


def _milestones(task: dict, name: str) -> set[tuple]:
    return {(name, _key(m["label"]), m["due"]) for m in task["milestones"]}


def score(path: Path) -> dict[str, tuple[int, int]]:
    """(points, out of) per category."""
    want = _expected(path)
    source = read_upload(path.read_bytes(), path.name)
    kind, _ = decide_kind(source)
    got = parse_plan(source).to_json()
    fields = [kind == want["kind"]] + [got[k] == want[k] for k in ("number", "date", "issuer", "title", "years")]

    def agencies(tasks: list[dict]) -> set[str]:
        return {_key(a) for t in tasks for a in [t["lead"], *t["coordinators"]] if a.strip()}

    matched = _match_tasks(want["tasks"], got["tasks"])
    task_points = 0
    milestones_want: set[tuple] = set()
    milestones_got: set[tuple] = set()
    for number, (task, found) in enumerate(zip(want["tasks"], matched, strict=True)):
        milestones_want |= _milestones(task, str(number))
        if found is None:
            continue
        milestones_got |= _milestones(found, str(number))
        task_points += 1  # the title
        task_points += _key(found["lead"]) == _key(task["lead"])
        task_points += {_key(c) for c in found["coordinators"]} == {_key(c) for c in task["coordinators"]}
    extra = [g for g in got["tasks"] if not any(g is m for m in matched)]
    for number, found in enumerate(extra):
        milestones_got |= _milestones(found, f"extra {number}")

    def targets(rows: list[dict]) -> Counter:
        return Counter((t["comparison"], float(t["value"]), _key(t["unit"])) for t in rows)

    return {
        "fields": (sum(fields), len(fields)),
        "agencies": _sets(agencies(want["tasks"]), agencies(got["tasks"])),
        "tasks": (task_points, 3 * len(want["tasks"]) + len(extra)),
        "milestones": _sets(milestones_want, milestones_got),
        "targets": _bags(targets(want["targets"]), targets(got["targets"])),
        "warnings": _sets(set(want["warned_lines"]), {w["line"] for w in got["warnings"] if w["line"]}),
    }


def _texts() -> str:
    """Every line of the corpus, folded (lower case, no accents), one a line."""
    parts = []
    for path in DOCUMENTS:
        source = read_upload(path.read_bytes(), path.name)
        parts.extend(fold(line.text) for line in source.lines)
    return "\n".join(parts)


def test_PLAN_2_the_corpus_has_eight_plans_in_every_style():
    """PLAN-2, PLAN-3, U-6: at least eight plans, each beside its expected structure; Word tables with merged
    cells, pipe tables and numbered body text; annual, period and thematic plans; pre- and post-2025 agency
    names; targets as a section of their own and as bullets; two-phase times; stray lines to warn about."""
    assert len(DOCUMENTS) >= 8
    suffixes = Counter(p.suffix for p in DOCUMENTS)
    assert suffixes[".docx"] >= 2 and suffixes[".txt"] + suffixes[".md"] >= 6
    expected = {p.name: _expected(p) for p in DOCUMENTS}
    for name, want in expected.items():
        assert want["kind"] == "plan" and want["tasks"] and want["targets"], name
        assert all(t["lead"] and t["milestones"] for t in want["tasks"]), name
    spans = [tuple(w["years"]) for w in expected.values()]
    assert any(a == b for a, b in spans) and (2026, 2030) in spans  # annual and period plans
    assert sum("cai cach hanh chinh" not in fold(w["title"]) for w in expected.values()) >= 2  # thematic plans
    texts = _texts()
    assert "so ke hoach va dau tu" in texts and "so thong tin va truyen thong" in texts  # pre-2025 names
    assert "ubnd cap huyen" in texts or "uy ban nhan dan cap huyen" in texts
    assert "so nong nghiep va moi truong" in texts and "so khoa hoc va cong nghe" in texts  # post-2025 names
    assert "ubnd cap xa" in texts or "uy ban nhan dan cap xa" in texts
    assert "co quan chu tri:" in texts and "ii. chi tieu" in texts and "\nchi tieu:" in texts
    assert "quy ii va quy iv" in texts and "thang 9 va thang 12" in texts
    assert any(len(t["milestones"]) == 2 for w in expected.values() for t in w["tasks"])
    assert sum(len(w["warned_lines"]) for w in expected.values()) >= 3
    pipe = [p for p in DOCUMENTS if p.suffix in (".txt", ".md") and read_upload(p.read_bytes(), p.name).tables]
    assert len(pipe) >= 2


def test_PLAN_2_the_word_plans_are_what_make_docx_builds():
    """PLAN-2: make_docx.py builds the committed .docx plans: the same lines and table cells, read back."""
    spec = importlib.util.spec_from_file_location("make_docx", CORPUS / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all()
    assert built and set(built) == {p.name for p in DOCUMENTS if p.suffix == ".docx"}
    for name, data in built.items():
        fresh = read_upload(data, name)
        committed = read_upload((CORPUS / name).read_bytes(), name)
        assert [line.text for line in fresh.lines] == [line.text for line in committed.lines], name
        assert [t.rows for t in fresh.tables] == [t.rows for t in committed.tables], name


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_PLAN_2_PLAN_3_each_plan_of_the_corpus_scores_100_percent(path, record_property):
    """PLAN-2, PLAN-3, U-6: fields, agencies, tasks, milestones, targets and the warned lines all as expected;
    the score is printed and anything under 100% fails."""
    assert_document_scores_100(path.name, score(path), record_property)


def test_PLAN_2_the_corpus_score_as_a_whole(record_property):
    """PLAN-2, PLAN-3: the whole plan corpus's score, printed once; it must be 100%."""
    assert_corpus_scores_100("plans", DOCUMENTS, score, record_property)
