"""Benchmark (issue 4, issue 7): parse each seed document 20 times (the median per document), then review a
2,000-task plan: the upload, one review page (its size) and the save of the draft. Figures go to
bench/results/ingest.txt.

The parsers are pure; the review uses a throw-away SQLite database with the demo loaded (bench/common.py).
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


def review_2000() -> list[str]:
    """SEC-5, U-6: a 2,000-task plan through the review: upload, one page of 100 rows, the save as a draft."""
    from common import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cchc.ingest import services
    from cchc.ingest.models import IngestedDocument
    from cchc.regulation.services import find_province

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.ingest.texts import plan_text

    province = find_province("Quảng Nam")
    user = get_user_model().objects.get(username="qnam.snv")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    start = time.perf_counter()
    document = services.start_review(province, actor=user, name="2000.txt", data=plan_text(2000).encode())
    uploaded = time.perf_counter() - start
    url = reverse("ingest-review", args=[province.slug, document.pk])
    start = time.perf_counter()
    page = client.get(f"{url}?trang=7")
    shown = time.perf_counter() - start
    document = IngestedDocument.objects.get(pk=document.pk)
    start = time.perf_counter()
    plan = services.save(document, services.from_json(document.extracted), actor=user)
    saved = time.perf_counter() - start
    return [
        f"review of a 2,000-task plan: upload {uploaded * 1000:.0f} ms; one review page (100 rows) "
        f"{shown * 1000:.0f} ms, {len(page.content) // 1024} KB; save as a draft {saved:.1f} s "
        f"({plan.tasks.count()} nhiệm vụ)"
    ]


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
    lines += review_2000()
    write_results("ingest", lines)


if __name__ == "__main__":
    main()
