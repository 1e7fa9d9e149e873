"""factory_boy factories: new tests build the data they need here instead of leaning on the five-province demo.

`ProvinceWorld` builds a small province of its own with the people every permission question needs
(see `world()`): its regulation names the standing agency, a domain agency that leads an area, and the
agencies asked for proposals and comments. The reform programmes come from data/programmes.yaml, which the
test database loads once.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import factory
from django.contrib.auth import get_user_model

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind, Membership, Role
from cchc.core.models import Province, ProvinceAdministrator
from cchc.plans.models import Plan, PlanKind, PlanStatus, Task
from cchc.regulation.models import ReformArea, ReformProgramme, Regulation, Responsibility, ResponsibilityRole, Topic

PASSWORD = "mat-khau-thu-2026"
_province_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = factory.Iterator(["Mai", "Hùng", "Lan", "Tuấn", "Hà"])
    last_name = factory.Iterator(["Trần Thị", "Nguyễn Văn", "Võ Thị", "Phạm Minh", "Lê Thu"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.LazyFunction(lambda: f"Thử Nghiệm {next(_province_numbers)}")
    slug = factory.LazyAttribute(lambda p: "thu-nghiem-" + p.name.rsplit(" ", 1)[-1])


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = AgencyKind.DEPARTMENT


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Nhóm {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.FOCAL


def _catalogue() -> None:
    """The programmes, areas and topics of data/programmes.yaml. The test database loads them once, but a
    transactional test (the PostgreSQL races) empties the database when it ends, so load them again if gone."""
    if not ReformProgramme.objects.exists():
        from django.conf import settings

        from cchc.regulation.catalogue import load_programmes

        load_programmes((Path(settings.DATA_DIR) / "programmes.yaml").read_text(encoding="utf-8"))


def programme(code: str = "NQ76") -> ReformProgramme:
    _catalogue()
    return ReformProgramme.objects.get(code=code)


def area(code: str, programme_code: str = "NQ76") -> ReformArea:
    _catalogue()
    return ReformArea.objects.get(programme__code=programme_code, code=code)


def topic(code: str) -> Topic:
    _catalogue()
    return Topic.objects.get(code=code)


class RegulationFactory(factory.django.DjangoModelFactory):
    """An issued regulation in force from 01/01/2022, open-ended."""

    class Meta:
        model = Regulation

    province = factory.SubFactory(ProvinceFactory)
    programme = factory.LazyFunction(programme)
    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    title = "Quy chế phối hợp trong công tác cải cách hành chính"
    issuer = factory.LazyAttribute(lambda r: f"Ủy ban nhân dân {r.province.title}")
    signed_on = dt.date(2021, 12, 20)
    effective_from = dt.date(2022, 1, 1)
    status = Regulation.Status.ISSUED
    proposal_deadline_day = 15
    proposal_deadline_month = 11


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    regulation = factory.SubFactory(RegulationFactory)
    role = ResponsibilityRole.LEAD
    article = "Điều 4"


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft annual plan of the province's standing agency."""

    class Meta:
        model = Plan

    province = factory.SubFactory(ProvinceFactory)
    owner = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..province"))
    kind = PlanKind.ANNUAL
    title = factory.LazyAttribute(lambda p: f"Kế hoạch cải cách hành chính năm {p.start_year}")
    issuer = factory.LazyAttribute(lambda p: f"Ủy ban nhân dân {p.province.title}")
    start_year = 2027
    end_year = factory.SelfAttribute("start_year")
    programme = factory.LazyFunction(programme)
    status = PlanStatus.DRAFT


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(str)
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử {n}")
    lead = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..plan.province"))
    products = factory.LazyFunction(lambda: ["Báo cáo"])
    time_text = "Quý II"


@dataclass
class ProvinceWorld:
    """A province with the agencies and people that permission questions need."""

    province: Province
    committee: Agency  # UBND tỉnh
    office: Agency  # Văn phòng UBND tỉnh
    standing: Agency  # Sở Nội vụ: the standing agency
    domain: Agency  # Sở Tư pháp: leads and appraises institutional reform
    ordinary: Agency  # a department the regulation names only through the group
    district: Agency
    departments: AgencyGroup
    regulation: Regulation
    users: dict[str, object] = field(default_factory=dict)

    def user(self, kind: str):
        return self.users[kind]


# The columns of the permission tables (pages and API): who asks, in this order.
PERMISSION_COLUMNS = (
    "anonymous",
    "viewer",
    "ordinary_focal",
    "ordinary_leader",
    "domain_focal",
    "domain_leader",
    "standing_focal",
    "standing_leader",
    "committee_leader",
    "ended",
    "province_admin",
    "other_province",
)

# The kinds of user a permission table asks about, besides the anonymous visitor and another province's user.
USER_KINDS = (
    "viewer",
    "ordinary_focal",
    "ordinary_leader",
    "domain_focal",
    "domain_leader",
    "standing_focal",
    "standing_leader",
    "committee_leader",
    "ended",
    "province_admin",
)


def world(name: str | None = None) -> ProvinceWorld:
    """A province of its own: UBND tỉnh, VP UBND, Sở Nội vụ (standing), Sở Tư pháp (domain agency), one more
    department, a district, the group "Các sở, ban, ngành", a regulation in force naming them, and one user
    of each kind in USER_KINDS."""
    province = ProvinceFactory(**({"name": name} if name else {}))
    make = AgencyFactory

    committee = make(
        province=province, name="Ủy ban nhân dân tỉnh", abbreviation="UBND tỉnh", kind=AgencyKind.PROVINCIAL_COMMITTEE
    )
    office = make(
        province=province, name="Văn phòng UBND tỉnh", abbreviation="VP UBND", kind=AgencyKind.COMMITTEE_OFFICE
    )
    standing = make(province=province, name="Sở Nội vụ", abbreviation="SNV")
    domain = make(province=province, name="Sở Tư pháp", abbreviation="STP")
    ordinary = make(province=province, name="Sở Văn hóa, Thể thao và Du lịch", abbreviation="SVHTTDL")
    district = make(province=province, name="UBND huyện Thử", kind=AgencyKind.DISTRICT)
    departments = GroupFactory(province=province, name="Các sở, ban, ngành", kinds=[AgencyKind.DEPARTMENT])
    province.standing_agency = standing
    province.save()

    regulation = RegulationFactory(province=province, standing_agency=standing, standing_article="Điều 3")
    rows = [
        ("direction", None, ResponsibilityRole.LEAD, standing, None),
        ("institutions", None, ResponsibilityRole.LEAD, domain, None),
        ("institutions", None, ResponsibilityRole.APPRAISE, domain, None),
        ("procedures", None, ResponsibilityRole.LEAD, office, None),
        (None, "plan-proposals", ResponsibilityRole.COORDINATE, None, departments),
        (None, "plan-comments", ResponsibilityRole.COORDINATE, None, departments),
    ]
    for order, (area_code, topic_code, role, agency, group) in enumerate(rows):
        ResponsibilityFactory(
            regulation=regulation,
            area=area(area_code) if area_code else None,
            topic=topic(topic_code) if topic_code else None,
            role=role,
            agency=agency,
            group=group,
            order=order,
        )

    w = ProvinceWorld(province, committee, office, standing, domain, ordinary, district, departments, regulation)
    slug = province.slug.replace("-", "")
    for kind, agency, role in [
        ("viewer", ordinary, Role.VIEWER),
        ("ordinary_focal", ordinary, Role.FOCAL),
        ("ordinary_leader", ordinary, Role.LEADER),
        ("domain_focal", domain, Role.FOCAL),
        ("domain_leader", domain, Role.LEADER),
        ("standing_focal", standing, Role.FOCAL),
        ("standing_leader", standing, Role.LEADER),
        ("committee_leader", committee, Role.LEADER),
        ("ended", standing, Role.LEADER),
    ]:
        membership = MembershipFactory(user__username=f"{slug}.{kind}", agency=agency, role=role)
        if kind == "ended":
            membership.ended_on = dt.date(2025, 1, 1)
            membership.save()
        w.users[kind] = membership.user
    admin = UserFactory(username=f"{slug}.province_admin")
    ProvinceAdministrator.objects.create(user=admin, province=province)
    w.users["province_admin"] = admin
    return w


def service_plan(w: ProvinceWorld, *, objectives=(), **fields) -> Plan:
    """A draft plan of the world's standing agency for next year, created through the plan services as its focal
    officer would; `fields` override the plan's (kind, thematic_type, title, years, source …)."""
    from cchc.core.dates import today
    from cchc.plans import services

    year = fields.pop("year", today().year + 1)
    defaults = {
        "kind": PlanKind.ANNUAL,
        "title": f"Kế hoạch cải cách hành chính năm {year}",
        "issuer": w.committee.name,
        "start_year": year,
        "end_year": year,
        "programme": w.regulation.programme,
    }
    return services.create_plan(
        actor=w.user("standing_focal"),
        province=w.province,
        owner=w.standing,
        fields={**defaults, **fields},
        objectives=list(objectives),
    )
