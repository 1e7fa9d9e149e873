"""ORG-5: the provinces merged into a province (its predecessors), for the pages that read their history."""

import datetime as dt

from cchc.core.dates import format_date, today
from cchc.core.errors import UserError
from cchc.core.models import Province


def predecessors_of(province: Province) -> list[Province]:
    """The provinces merged into this one, and those merged into them (recursively), latest last day first: one
    query (the provinces that have a successor are few)."""
    merged = list(Province.objects.filter(successor__isnull=False))
    found, wanted, grown = [], {province.pk}, True
    while grown:
        grown = False
        for p in merged:
            if p.successor_id in wanted and p.pk not in wanted:
                wanted.add(p.pk)
                found.append(p)
                grown = True
    return sorted(found, key=lambda p: (-(p.valid_to.toordinal() if p.valid_to else 0), p.name))


def refuse_if_ended(province: Province, on: dt.date | None = None) -> None:
    """ORG-5: nothing is written to a province after its last day (it merged into another): its records are
    history, read-only for everyone. Every service that writes in a province asks this; the message names the
    successor and the day."""
    on = on or today()
    if province.valid_to is None or on <= province.valid_to:
        return
    into = f" vào {province.successor.title}" if province.successor_id else ""
    raise UserError(
        f"{province.title} đã hợp nhất{into} từ ngày {format_date(province.valid_to + dt.timedelta(days=1))}: "
        "hồ sơ của tỉnh chỉ còn để xem, không ghi thêm."
    )
