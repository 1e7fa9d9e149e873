"""Test set-up: the demo data (five provinces, three seed regulations, demo accounts) is loaded once into the
test database; each test runs in a transaction that is rolled back."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from cchc.agencies.models import Agency, Membership
from cchc.core.models import Province
from cchc.core.text import fold

# A fast hasher: the tests create many accounts.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded files of the tests go to a throw-away folder, not to var/media.
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")

DEMO_PASSWORD = "cchc-demo-2026"
TODAY = dt.date(2026, 11, 24)


# --- the seed documents ---------------------------------------------------------------------------------------
# The five public decisions the system implements live in ../shared/seeds, beside the repository (CI lays a copy
# of shared/ beside its clone; here it is /work/shared/seeds). CCHC_SEEDS_DIR may name another folder. A missing
# folder or document FAILS the tests that read it: it is never a reason to skip (U-6).
SEEDS_DIR = Path(os.environ.get("CCHC_SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")


def seed_path(name: str) -> Path:
    """The path of a seed document; fails the test when it is not there."""
    path = Path(SEEDS_DIR) / name
    if not path.is_file():
        pytest.fail(
            f"Seed document {name} not found in {SEEDS_DIR}: the tests read the seed documents from "
            "../shared/seeds beside the repository (or $CCHC_SEEDS_DIR).",
            pytrace=False,
        )
    return path


def seed_text(name: str) -> str:
    return seed_path(name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the seed documents; fails the run when it is missing."""
    folder = Path(SEEDS_DIR)
    if not folder.is_dir():
        pytest.fail(f"{folder} is missing: the seed documents must be in ../shared/seeds beside the repository.")
    return folder


# --- Đà Nẵng, a province alive today (ORG-5) --------------------------------------------------------------------
# Quảng Nam ended on 30/06/2025 (merged into Thành phố Đà Nẵng): its regulation routes nothing after that day, and
# its agencies have their successors in Đà Nẵng. Tests that need a province at work today (the yearly cycle at
# real dates, pages that use today()) run in Đà Nẵng, with a regulation of the TEST data (not the demo):
# tests/fixtures/da-nang-regulation.yaml, made from Quảng Nam's by the successor mapping, and two more accounts.
DA_NANG = "Đà Nẵng"
DA_NANG_REGULATION = Path(__file__).resolve().parent / "fixtures" / "da-nang-regulation.yaml"
DA_NANG_ACCOUNTS = (
    # username, full name, agency, role
    ("dnang.stp", "Đặng Minh Khoa", "Sở Tư pháp", "focal"),
    ("dnang.ubnd", "Trương Thị Hà", "UBND thành phố", "leader"),
)


def load_da_nang_test_data() -> None:
    """The test data of Đà Nẵng on top of the demo: its issued regulation (in force from 01/07/2025) and the
    accounts dnang.stp and dnang.ubnd. Used by the session set-up here and by the e2e tests on their own
    database; safe to run twice."""
    from cchc.demo.loader import load_regulation_once

    load_regulation_once(DA_NANG_REGULATION)
    users = get_user_model()
    for username, full_name, agency_name, role in DA_NANG_ACCOUNTS:
        first, _, last = full_name.rpartition(" ")
        user, created = users.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        found = agency(DA_NANG, agency_name)
        if not Membership.objects.active().filter(user=user, agency=found).exists():
            Membership.objects.create(user=user, agency=found, role=role)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cchc.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()
        load_da_nang_test_data()


def province(name: str) -> Province:
    return next(p for p in Province.objects.all() if fold(p.name) == fold(name))


def agency(province_name: str, name: str) -> Agency:
    """The agency of a province that answers to the name (full name, abbreviation or alias)."""
    folded = fold(name)
    found = [a for a in Agency.objects.filter(province=province(province_name)) if folded in map(fold, a.names)]
    assert len(found) == 1, f"{name} in {province_name}: {found}"
    return found[0]


@pytest.fixture
def make_member(db):
    """A new user who works in an agency with a role."""
    counter = iter(range(1, 10_000))

    def make(province_name: str, agency_name: str, role: str = "focal", username: str | None = None):
        user = get_user_model().objects.create_user(
            username=username or f"user{next(counter)}",
            password=DEMO_PASSWORD,
            first_name="Người",
            last_name="Dùng",
        )
        Membership.objects.create(user=user, agency=agency(province_name, agency_name), role=role)
        return user

    return make


@pytest.fixture
def demo_user(db):
    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def snv(demo_user):
    """Ngô Thị Thu Trang, focal officer of Sở Nội vụ of Đà Nẵng: the standing agency of a province alive today."""
    return demo_user("dnang.snv")


@pytest.fixture
def qnam_snv(demo_user):
    """Trần Thị Mai, focal officer of Sở Nội vụ Quảng Nam (until 30/06/2025: the province's history)."""
    return demo_user("qnam.snv")


@pytest.fixture
def client_for(client, demo_user):
    """A test client logged in as a demo account."""

    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login


def pytest_terminal_summary(terminalreporter):
    """The corpus scores of the parsers (tests/ingest/corpus_report.py), printed after the run."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, []) if r.when == "call"]
    lines = sorted(value for r in reports for name, value in r.user_properties if name == "corpus")
    if lines:
        terminalreporter.section("corpus")
        for line in lines:
            terminalreporter.write_line(line)
