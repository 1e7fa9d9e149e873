"""Shared by the benchmarks: a throw-away database with the demo loaded, timing, and writing the figures."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).parent / "results"


def setup_django() -> None:
    """Point Django at a fresh SQLite file (or DATABASE_URL if set), migrate and load the demo."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    from cchc.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    load_demo()


def median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def write_results(name: str, lines: list[str]) -> None:
    header = f"python {sys.version.split()[0]}, database {os.environ['DATABASE_URL'].split(':')[0]}"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = "\n".join([header, *lines]) + "\n"
    (RESULTS_DIR / f"{name}.txt").write_text(text, encoding="utf-8")
    print(text, end="")
