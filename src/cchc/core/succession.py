"""ORG-5: the provinces merged into a province (its predecessors), for the pages that read their history."""

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
