"""REG-1, REG-4, U-6: the regulation corpus (tests/ingest/corpus/regulations/): seven regulations written for the
tests in the styles provinces use (an article per area, an article per agency, a separate appraisal article or
clause, pre- and post-2025 agency names, markup, a Word file with its header in a table), each beside its
expected structure as JSON.

Each document is scored on: the header fields found (kind, number, date, issuer, title), the agencies named, the
role rows (agency, role, area or topic), the yearly proposal deadline, the meeting cadence, the appraisal rows
(agency, area) and the lines left as warnings. The score is printed; anything under 100% fails.

Pure: no database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.core.text import fold
from cchc.ingest.reader import read_upload
from cchc.ingest.regulation_kind import decide_kind
from cchc.ingest.regulation_parser import parse_regulation
from tests.ingest.corpus_report import assert_corpus_scores_100, assert_document_scores_100

CORPUS = Path(__file__).resolve().parent / "corpus" / "regulations"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx"))


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _rows(rows) -> set[tuple]:
    return {tuple(fold(str(v)) for v in row) for row in rows}


def score(path: Path) -> dict[str, tuple[int, int]]:
    """(points, out of) per category; a row found but not expected costs a point too."""
    want = _expected(path)
    source = read_upload(path.read_bytes(), path.name)
    kind, _ = decide_kind(source)
    got = parse_regulation(source).to_json()
    found_rows = [
        (r["agency"], r["role"], r["area_or_topic"]) for r in got["responsibilities"] if r["role"] != "appraise"
    ]
    found_appraisal = [(r["agency"], r["area_or_topic"]) for r in got["responsibilities"] if r["role"] == "appraise"]

    def sets(expected: set, found: set) -> tuple[int, int]:
        return len(expected & found), len(expected | found)

    fields = [kind == want["kind"]] + [got[k] == want[k] for k in ("number", "date", "issuer", "title")]
    agencies_want = {fold(row[0]) for row in want["responsibilities"]} | {fold(row[0]) for row in want["appraisal"]}
    agencies_got = {fold(r["agency"]) for r in got["responsibilities"]}
    return {
        "fields": (sum(fields), len(fields)),
        "agencies": sets(agencies_want, agencies_got),
        "roles": sets(_rows(want["responsibilities"]), _rows(found_rows)),
        "proposal_deadline": (int(got["proposal_deadline"] == want["proposal_deadline"]), 1),
        "meetings": (int(got["meetings"] == want["meetings"]), 1),
        "appraisal": sets(_rows(want["appraisal"]), _rows(found_appraisal)),
        "warnings": sets(set(want["warned_lines"]), {w["line"] for w in got["warnings"] if w["line"]}),
    }


def test_REG_1_the_corpus_has_six_regulations_each_beside_its_json():
    """REG-1: at least six regulations, each with its expected structure; every style is represented."""
    assert len(DOCUMENTS) >= 6
    for path in DOCUMENTS:
        want = _expected(path)
        assert want["appraisal"] and want["proposal_deadline"] and want["meetings"], path.name
    texts = " ".join(fold(p.read_text(encoding="utf-8")) for p in DOCUMENTS if p.suffix == ".txt")
    assert "trach nhiem cua so" in texts and "dieu 4. cai cach tai chinh cong" in texts  # per agency, per area
    assert "so ke hoach va dau tu" in texts and "so nong nghiep va moi truong" in texts  # pre- and post-2025


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_REG_1_REG_4_each_regulation_of_the_corpus_scores_100_percent(path, record_property):
    """REG-1, REG-4, U-6: fields, agencies, roles, proposal deadline, meeting cadence, appraisal rows and the
    warned lines all as expected; the score is printed and anything under 100% fails."""
    assert_document_scores_100(path.name, score(path), record_property)


def test_REG_1_the_corpus_score_as_a_whole(record_property):
    """REG-1: the whole corpus's score, printed once; it must be 100%."""
    assert_corpus_scores_100("regulations", DOCUMENTS, score, record_property)
