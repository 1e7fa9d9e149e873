"""U-6, PLAN-1, REG-1: the seed documents the parser tests read come from ../shared/seeds (beside the clone, as
CI lays it out), and a missing folder fails the run instead of skipping 52 tests without a word."""

import re
from pathlib import Path

import pytest

from tests import conftest


def test_U_6_a_missing_seeds_folder_fails_never_skips(monkeypatch, tmp_path):
    """U-6: seed_text and seed_path fail (pytest.fail, not skip) when the folder or a document is missing."""
    monkeypatch.setattr(conftest, "SEEDS_DIR", tmp_path / "no-seeds-here")
    with pytest.raises(pytest.fail.Exception, match="shared/seeds"):
        conftest.seed_text("004_803d1f92a7fc57d5.txt")
    with pytest.raises(pytest.fail.Exception, match="shared/seeds"):
        conftest.seed_path("003_b63ce56accc08db8.txt")


def test_U_6_the_seeds_are_read_from_shared_seeds_beside_the_repository(seeds_dir):
    """U-6: the folder is ../shared/seeds relative to the repository and holds the five seed documents."""
    repository = Path(conftest.__file__).resolve().parents[1]
    assert seeds_dir == repository.parent / "shared" / "seeds" or seeds_dir == conftest.SEEDS_DIR
    assert len(list(seeds_dir.glob("00[0-4]_*.txt"))) == 5


def test_U_6_no_test_skips_because_a_seed_is_missing():
    """U-6: no test file skips on a missing seed document (the helpers fail instead)."""
    tests = Path(conftest.__file__).resolve().parent
    offenders = [
        f"{path.relative_to(tests)}:{number}"
        for path in tests.rglob("test_*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"pytest\.skip\(.*seed|skipif\(.*seed", line, re.IGNORECASE)
    ]
    assert offenders == []
