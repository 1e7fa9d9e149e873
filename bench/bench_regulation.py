"""Benchmark (issue 2): routing questions and the responsibility matrix page on the demo data.

Run with `make bench`; figures go to bench/results/regulation.txt. Nothing is asserted here.
"""

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import median_ms, setup_django, write_results  # noqa: E402


def main() -> None:
    start = time.perf_counter()
    setup_django()
    load_seconds = time.perf_counter() - start
    from django.contrib.auth import get_user_model
    from django.test import Client

    from cchc.core.models import Province
    from cchc.regulation import routing

    quang_nam = Province.objects.get(slug="quang-nam")
    on = dt.date(2025, 6, 1)
    regulation = routing.regulation_in_force(quang_nam, on)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="qnam.snv"))
    url = f"/tinh/quang-nam/quy-che/{regulation.pk}/"
    if client.get(url).status_code != 200:
        raise SystemExit(f"{url} did not answer 200")
    measures = {
        "route_lead(it-application, via successor)": lambda: routing.route_lead(quang_nam, "it-application", on),
        "route_briefing_invitees": lambda: routing.route_briefing_invitees(quang_nam, on),
        "route_coordinators(general, with groups)": lambda: routing.route_coordinators(quang_nam, "general", on),
    }
    write_results(
        "regulation",
        [
            f"migrate + load_demo (5 provinces, 3 regulations): {load_seconds:.2f} s",
            *(f"{name}: {median_ms(action, 50):.2f} ms (median of 50)" for name, action in measures.items()),
            f"regulation page with matrix ({regulation.responsibilities.count()} rows): "
            f"{median_ms(lambda: client.get(url), 20):.2f} ms (median of 20)",
        ],
    )


if __name__ == "__main__":
    main()
