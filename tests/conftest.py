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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cchc.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


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
    """Trần Thị Mai, focal officer of Sở Nội vụ Quảng Nam."""
    return demo_user("qnam.snv")


@pytest.fixture
def client_for(client, demo_user):
    """A test client logged in as a demo account."""

    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login
