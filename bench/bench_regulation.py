"""Benchmark: routing questions and the responsibility matrix page on the demo data.

Run with `make bench`. Figures go to bench/results/regulation.txt; nothing here is asserted.
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "regulation.txt"


def timed(action, repeat: int = 50) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from cchc.core.models import Province
    from cchc.demo.loader import load_demo
    from cchc.regulation import routing

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load_demo()
    load_seconds = time.perf_counter() - start
    quang_nam = Province.objects.get(slug="quang-nam")
    on = dt.date(2025, 6, 1)
    regulation = routing.regulation_in_force(quang_nam, on)
    client = Client(HTTP_HOST="127.0.0.1")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="qnam.snv"))
    url = f"/tinh/quang-nam/quy-che/{regulation.pk}/"
    status = client.get(url).status_code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200")
    measures = {
        "route_lead(it-application, via successor)": lambda: routing.route_lead(quang_nam, "it-application", on),
        "route_briefing_invitees": lambda: routing.route_briefing_invitees(quang_nam, on),
        "route_coordinators(general, with groups)": lambda: routing.route_coordinators(quang_nam, "general", on),
    }
    lines = [
        f"python {sys.version.split()[0]}, database {os.environ['DATABASE_URL'].split(':')[0]}",
        f"load_demo (5 provinces, 3 regulations): {load_seconds:.2f} s",
        *(f"{name}: {timed(action):.2f} ms (median of 50)" for name, action in measures.items()),
        f"regulation page with matrix ({regulation.responsibilities.count()} rows): "
        f"{timed(lambda: client.get(url), 20):.2f} ms (median of 20)",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
