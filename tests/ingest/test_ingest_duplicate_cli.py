"""PLAN-1, U-6: `cchc ingest --save` of a document already saved is refused with a message naming
--confirm-duplicate; with that option it saves the second copy, as the web page's confirmation box does."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cchc.ingest.models import IngestedDocument
from cchc.plans.models import Plan, PlanStatus
from tests.factories import world
from tests.ingest.texts import plan_text

pytestmark = pytest.mark.django_db


def _ingest(path, w, **options):
    out = StringIO()
    call_command("ingest", str(path), province=w.province.name, save=True, stdout=out, **options)
    return out.getvalue()


def test_PLAN_1_U_6_a_second_save_of_the_same_document_is_refused_and_names_the_option(tmp_path):
    """PLAN-1, U-6: the second `--save` of the same file saves nothing and tells the operator, in Vietnamese,
    which plan it duplicates and that --confirm-duplicate saves it anyway."""
    w = world()
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan_text(2), encoding="utf-8")
    _ingest(path, w)
    first = Plan.objects.get(province=w.province)
    documents = IngestedDocument.objects.count()
    with pytest.raises(CommandError) as refused:
        _ingest(path, w)
    message = str(refused.value)
    assert "không lưu được, không có gì thay đổi" in message
    assert f"«{first.title}»" in message and "kế hoạch trùng" in message
    assert "--confirm-duplicate" in message
    assert "đánh dấu" not in message, "the web page's checkbox is not the operator's way"
    assert Plan.objects.filter(province=w.province).count() == 1
    assert IngestedDocument.objects.count() == documents


def test_PLAN_1_U_6_confirm_duplicate_saves_the_second_copy(tmp_path):
    """PLAN-1, U-6: `--save --confirm-duplicate` saves the second copy as a draft (and with --issued, issued)."""
    w = world()
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan_text(2), encoding="utf-8")
    _ingest(path, w)
    output = _ingest(path, w, confirm_duplicate=True)
    assert "Đã lưu" in output
    plans = list(Plan.objects.filter(province=w.province).order_by("pk"))
    assert len(plans) == 2 and plans[1].status == PlanStatus.DRAFT
    _ingest(path, w, confirm_duplicate=True, issued=True)
    assert Plan.objects.filter(province=w.province, status=PlanStatus.ISSUED).count() == 1


def test_U_6_the_option_is_listed_in_the_commands_help():
    """U-6: `cchc ingest --help` names --confirm-duplicate, in Vietnamese."""
    from django.core.management import load_command_class

    command = load_command_class("cchc.ingest", "ingest")
    help_text = command.create_parser("cchc", "ingest").format_help()
    assert "--confirm-duplicate" in help_text and "trùng" in help_text
