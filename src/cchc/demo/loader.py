"""Load everything the demo shows: programmes, the six provinces and cities, the three seed regulations,
accounts, the planning cycle in progress in Khánh Hòa (cycle.py), its year of tracking (tracking.py) and its reform
index campaign (index.py).

Safe to run twice: provinces update in place, a regulation already loaded is left as it is, accounts keep
their passwords.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.agencies.models import Agency, Membership
from cchc.agencies.services import load_agencies
from cchc.core import yamlfile
from cchc.core.models import ProvinceAdministrator
from cchc.core.text import fold
from cchc.demo import cycle, index, tracking
from cchc.regulation import fileformat
from cchc.regulation.catalogue import load_programmes
from cchc.regulation.services import _same_document, find_province, load_regulation


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def province_files() -> list[Path]:
    return sorted((data_dir() / "provinces").glob("*.yaml"))


def regulation_files() -> list[Path]:
    return sorted((data_dir() / "regulations").glob("*.yaml"))


def document_files() -> list[Path]:
    """Seed plans as their documents (data/documents/<province-slug>-….txt), read through the ingest."""
    return sorted((data_dir() / "documents").glob("*.txt"))


def ingest_document_once(path: Path) -> str:
    """U-6: the demo's plans come from the documents through the same ingest a person uses."""
    import hashlib

    from cchc.core.models import Province
    from cchc.ingest.models import IngestedDocument
    from cchc.ingest.services import ingest_file

    province = next((p for p in Province.objects.all() if path.name.startswith(p.slug + "-")), None)
    if province is None:
        return "không rõ tỉnh, bỏ qua"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if IngestedDocument.objects.filter(province=province, sha256=digest, status="saved").exists():
        return "đã có, bỏ qua"
    saved = ingest_file(province, path_name=path.name, data=data)
    return f"đã nhập: {saved}"


def load_regulation_once(path: Path) -> bool:
    document = fileformat.parse(path.read_text(encoding="utf-8"))
    province = find_province(document.province)
    if province is not None and _same_document(province, document) is not None:
        return False
    load_regulation(document)
    return True


@transaction.atomic
def load_accounts(path: Path | None = None) -> int:
    """Demo accounts (data/demo/accounts.yaml): each a person in an agency with a role."""
    path = path or data_dir() / "demo" / "accounts.yaml"
    data = yamlfile.load(path.read_text(encoding="utf-8"))
    users = get_user_model()
    for entry in data["accounts"]:
        user, created = users.objects.get_or_create(username=entry["username"])
        if created:
            first, _, last = entry.get("full_name", "").rpartition(" ")
            user.first_name, user.last_name = first, last
            user.email = entry.get("email", "")
            user.set_password(str(entry["password"]))
            user.is_superuser = user.is_staff = bool(entry.get("superuser"))
            user.save()
        if entry.get("agency"):
            province = find_province(entry["province"])
            agency = next(
                a for a in Agency.objects.filter(province=province) if fold(entry["agency"]) in map(fold, a.names)
            )
            if not Membership.objects.active().filter(user=user, agency=agency).exists():
                Membership.objects.create(user=user, agency=agency, role=entry["role"])
        if entry.get("administers"):
            ProvinceAdministrator.objects.get_or_create(user=user, province=find_province(entry["administers"]))
    return len(data["accounts"])


def drafts_from_predecessors() -> list[str]:
    """ORG-5: a merged province with no regulation of its own (Đà Nẵng) gets the draft a new user would start from
    its predecessor's regulation, with every replacement listed, to review and issue; once."""
    from cchc.core.dates import today
    from cchc.core.models import Province
    from cchc.regulation.queries import predecessor_regulations
    from cchc.regulation.routing import regulation_in_force
    from cchc.regulation.services import draft_from_predecessor

    said = []
    for province in Province.objects.filter(predecessors__isnull=False).distinct():
        if regulation_in_force(province, today()) is not None:
            continue
        for found in predecessor_regulations(province, today()):
            if found.regulation is not None and found.draft is None:
                draft = draft_from_predecessor(province, found.regulation, actor=None, on=today())
                said.append(f"Dự thảo quy chế của {province.title} từ «{found.regulation}»: số {draft.pk}")
    return said


def load_demo(stdout=None) -> None:
    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    load_programmes((data_dir() / "programmes.yaml").read_text(encoding="utf-8"))
    for path in province_files():
        province = load_agencies(path.read_text(encoding="utf-8"))
        say(f"Tỉnh: {province.title} ({province.agencies.count()} cơ quan)")
    for path in regulation_files():
        say(f"Quy chế: {path.name} — {'đã nạp' if load_regulation_once(path) else 'đã có, bỏ qua'}")
    say(f"Tài khoản mẫu: {load_accounts()}")
    for line in drafts_from_predecessors():
        say(line)
    for path in document_files():
        say(f"Văn bản: {path.name} — {ingest_document_once(path)}")
    say(f"Chu trình kế hoạch Khánh Hòa: {cycle.build()}")
    say(f"Theo dõi, báo cáo Khánh Hòa: {tracking.build()}")
    say(f"Chỉ số CCHC: {index.build()}")
