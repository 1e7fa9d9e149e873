"""Benchmark (issue 4): parse each seed document 20 times; the median per document goes to bench/results/ingest.txt.

The parsers are pure, so no database is needed here.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import write_results  # noqa: E402

SEEDS = [Path(__file__).resolve().parents[2] / "shared" / "seeds", Path(__file__).resolve().parents[1] / "data"]


def seed_files() -> list[Path]:
    folder = SEEDS[0]
    if folder.is_dir():
        return sorted(folder.glob("0*.txt"))
    return sorted((SEEDS[1] / "documents").glob("*.txt"))


def main() -> None:
    import os

    os.environ.setdefault("DATABASE_URL", "sqlite://")
    from cchc.ingest.plan_parser import parse_plan
    from cchc.ingest.reader import read_text
    from cchc.ingest.regulation_parser import parse_regulation

    lines = []
    for path in seed_files():
        text = path.read_text(encoding="utf-8")
        is_regulation = "quy chế phối hợp" in text[:3000].lower()
        parse = parse_regulation if is_regulation else parse_plan
        samples, result = [], None
        for _ in range(20):
            start = time.perf_counter()
            result = parse(read_text(text))
            samples.append(time.perf_counter() - start)
        found = (
            f"{len(result.responsibilities)} trách nhiệm"
            if is_regulation
            else (f"{len(result.tasks)} nhiệm vụ, {len(result.targets)} chỉ tiêu")
        )
        lines.append(
            f"{path.name}: {statistics.median(samples) * 1000:.1f} ms (median of 20), {found}, "
            f"{len(result.warnings)} cảnh báo"
        )
    write_results("ingest", lines)


if __name__ == "__main__":
    main()
