"""The `cchc` command: load-regulation, export-regulation (same format), load-agencies, create-token."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cchc.cli import main
from cchc.regulation import fileformat
from cchc.regulation.models import Regulation

QN_FILE = Path(settings.DATA_DIR) / "regulations" / "quang-nam.yaml"
KH_FILE = Path(settings.DATA_DIR) / "regulations" / "khanh-hoa.yaml"


def test_REG_1_export_regulation_prints_the_format_load_regulation_reads(db):
    """REG-1: the regulation in force today (Khánh Hòa's; Quảng Nam's is no longer in force after 30/06/2025,
    ORG-5) comes out in the format of its file."""
    out = StringIO()
    call_command("export_regulation", province="khanh hoa", stdout=out)
    document = fileformat.parse(out.getvalue())
    assert document.province == "Khánh Hòa" and document.proposal_deadline == (10, 12)
    original = fileformat.parse(KH_FILE.read_text(encoding="utf-8"))
    assert len(document.responsibilities) == len(original.responsibilities)


def test_REG_1_load_regulation_refuses_a_bad_file_and_names_the_line(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        QN_FILE.read_text(encoding="utf-8").replace("agency: Sở Tư pháp", "agency: Sở Tư Pháp Giả", 1),
        encoding="utf-8",
    )
    count = Regulation.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("load_regulation", str(bad))
    assert "không nạp được, không có gì thay đổi" in str(caught.value)
    assert "Dòng" in str(caught.value) and "Sở Tư Pháp Giả" in str(caught.value)
    assert Regulation.objects.count() == count


def test_cchc_command_translates_dashed_names(db, capsys):
    main(["cchc", "export-regulation", "--province", "Khánh Hòa"])
    assert "2816/QĐ-UBND" in capsys.readouterr().out


def test_cchc_create_token_prints_a_token_once(db):
    out = StringIO()
    call_command("create_token", "qnam.snv", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("cchc_") and len(token) > 30
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("create_token", "nobody")


def test_cchc_is_installed_as_a_command():
    cchc = Path(sys.executable).parent / "cchc"
    result = subprocess.run([str(cchc), "help", "load-regulation"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "load_regulation" in result.stdout


def test_ORG_5_export_regulation_of_a_merged_province_prints_its_last_regulation(db):
    """ORG-5, REG-1: Quảng Nam merged into Đà Nẵng on 01/07/2025: export-regulation prints the regulation in force
    on its last day (and says so), or the one asked by --on or --id; a day with none, or a bad day, is refused."""
    import datetime as dt

    from cchc.core.models import Province
    from cchc.regulation.routing import regulation_in_force

    regulation = regulation_in_force(Province.objects.get(slug="quang-nam"), dt.date(2025, 6, 30))
    out, err = StringIO(), StringIO()
    call_command("export_regulation", province="Quảng Nam", stdout=out, stderr=err)
    assert fileformat.parse(out.getvalue()).number == regulation.number
    assert "đã hợp nhất từ ngày 01/07/2025" in err.getvalue()
    for option in ({"on": "2025-06-30"}, {"id": regulation.pk}):
        out = StringIO()
        call_command("export_regulation", province="Quảng Nam", stdout=out, **option)
        assert fileformat.parse(out.getvalue()).number == regulation.number
    with pytest.raises(CommandError, match="có hiệu lực vào ngày 01/07/2025"):
        call_command("export_regulation", province="Quảng Nam", on="2025-07-01", stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_regulation", province="Quảng Nam", on="30/06/2025", stdout=StringIO())
