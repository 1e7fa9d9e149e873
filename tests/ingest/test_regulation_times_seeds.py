"""REG-1: the three seed regulations' proposal deadline and meeting cadence agree with the hand-written data
files (data/regulations/*.yaml: proposal_deadline, meetings; a file without the key means the text has none).
Pure: no database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cchc.ingest.reader import read_text
from cchc.ingest.regulation_parser import parse_regulation
from tests.conftest import seed_text

DATA = Path(__file__).resolve().parents[2] / "data" / "regulations"
SEEDS = {
    "quang-nam": "000_66d1306ca9d616fc.txt",
    "kien-giang": "001_1e20eca3d8c0d2d6.txt",
    "khanh-hoa": "002_c4c3f22613671f70.txt",
}


@pytest.mark.parametrize("slug", SEEDS)
def test_REG_1_the_seeds_proposal_deadline_and_meetings_agree_with_their_data_files(slug):
    """REG-1: {day, month, article} and {cadence, article} as the data file has them, or none at all; a
    "phù hợp" or "phối hợp với" (folded like "họp") is no meeting."""
    truth = yaml.safe_load((DATA / f"{slug}.yaml").read_text(encoding="utf-8"))
    got = parse_regulation(read_text(seed_text(SEEDS[slug]))).to_json()
    assert got["proposal_deadline"] == truth.get("proposal_deadline")
    assert got["meetings"] == truth.get("meetings")
