"""SEC-3: the database refuses a target value that no page could show, whatever path writes it."""

from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction

from cchc.plans.models import Target, TargetResult
from tests.factories import PlanFactory, world


@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("10000000000")])
def test_SEC_3_a_target_value_outside_its_column_is_refused_by_the_database(db, value):
    """SEC-3: a value below 0 or above 9,999,999,999.99 written around the services is refused (the constraint;
    on PostgreSQL the column's precision refuses the large one first)."""
    plan = PlanFactory(province=world().province)
    target = Target.objects.create(plan=plan, text="100% cơ quan", value=100, start_year=2027, end_year=2027)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(value=value)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        TargetResult.objects.create(target=target, year=2027, value=value)
    target.refresh_from_db()
    assert target.value == 100 and not target.results.exists()
