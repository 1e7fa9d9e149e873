"""SEC-1, ORG-4: the permission table of the pages. Every (URL name, method) the resolver knows has one row, with
the answer the policy SHOULD give to each kind of user; a new URL or a new method without its row fails
`test_SEC_1_every_url_and_method_has_a_row`.

Each row runs on a fresh province of its own (tests/factories.py `world()`, plus a second world for "another
province") with the records the URL needs, built through the services. Each user's request runs in a
savepoint that is rolled back, so every POST is tried on the same fresh data. Codes:

- `200`, `302`, `403`, `404`, `405`: that status; after a POST, the database is unchanged (a fingerprint of
  every row the test made, in every table of the cchc apps and the accounts, is taken before and after);
- `L`: redirected to the login page, database unchanged;
- `W`: the write happened: a redirect (not to the login page) and the database changed.

So a refused write is proved to change nothing, and an allowed one is proved to write (a 302 alone proves
nothing: the views answer 302 with an error message too).
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cchc.agencies.models import Agency, Role
from cchc.core.dates import today
from cchc.core.models import Notification, Province
from cchc.ingest import services as ingest_services
from cchc.plans import alignment, cycle
from cchc.plans import services as plan_services
from cchc.plans.models import Plan, PlanStatus
from cchc.regulation import services as regulation_services
from tests.factories import (
    PERMISSION_COLUMNS,
    AgencyFactory,
    MembershipFactory,
    ProvinceFactory,
    RegulationFactory,
    ResponsibilityFactory,
    area,
    service_plan,
    world,
)

User = get_user_model()

COLUMNS = PERMISSION_COLUMNS

# URL names that are not pages of this table: the admin site, and the API (tests/api/test_permission_table.py).
NOT_PAGES = {"openapi"}
NAMESPACES_ELSEWHERE = {"admin", "api"}

PLAN_TEXT = """ỦY BAN NHÂN DÂN TỈNH THỬ
Số: 12/KH-UBND
KẾ HOẠCH
Cải cách hành chính năm 2027
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đẩy mạnh cải cách hành chính.
II. NHIỆM VỤ
1. Ban hành Kế hoạch cải cách hành chính năm 2027. Cơ quan chủ trì: Sở Nội vụ. Thời gian: Quý I.
"""


# --- the data each row acts on ------------------------------------------------------------------------------------


def build(w, other) -> dict:
    """The records the URLs need, in the world's province, built through the services as their users would."""
    snv = w.user("standing_focal")
    on = today()
    year = on.year + 1
    ctx = {"slug": w.province.slug, "agency": w.ordinary, "regulation": w.regulation}
    # ORG-5: a province merged into the world's on 01/7/2025, for the history page ("Lịch sử trước hợp nhất").
    ctx["predecessor"] = ProvinceFactory(valid_to=dt.date(2025, 6, 30), successor=w.province)

    # A draft provincial plan of Sở Nội vụ with a task led by the domain agency, and a target.
    plan = service_plan(w, objectives=["Đẩy mạnh cải cách hành chính"])
    task, _ = plan_services.add_task(
        plan, actor=snv, data=plan_services.TaskInput(title="Rà soát văn bản", lead=w.domain, time_text="Quý II")
    )
    ctx.update(plan=plan, task=task, milestone=task.milestones.first())
    ctx["target"] = plan_services.add_target(
        plan,
        actor=snv,
        data=plan_services.TargetInput(text="100% cơ quan có kế hoạch", measure="percent", comparison="=", value=100),
    )

    # An issued provincial plan with a target, for results and adjustments.
    issued = service_plan(
        w, kind="thematic", thematic_type="communication", title="Kế hoạch tuyên truyền cải cách hành chính"
    )
    led, _ = plan_services.add_task(
        issued, actor=snv, data=plan_services.TaskInput(title="Tuyên truyền", lead=w.domain, time_text="Quý I")
    )
    ctx["issued_milestone"] = led.milestones.first()
    ctx["issued_target"] = plan_services.add_target(
        issued,
        actor=snv,
        data=plan_services.TargetInput(text="100% cơ quan tuyên truyền", measure="percent", comparison="=", value=100),
    )
    Plan.objects.filter(pk=issued.pk).update(status=PlanStatus.ISSUED, number="5/KH-UBND", signed_on=on)
    ctx["issued"] = issued

    # An issued plan being adjusted: recording the adjustment is the owner's leader's act.
    adjusting = service_plan(w, kind="thematic", thematic_type="it", title="Kế hoạch ứng dụng công nghệ thông tin")
    plan_services.add_task(
        adjusting, actor=snv, data=plan_services.TaskInput(title="Số hóa", lead=w.standing, time_text="Quý I")
    )
    Plan.objects.filter(pk=adjusting.pk).update(status=PlanStatus.ISSUED, number="6/KH-UBND", signed_on=on)
    ctx["adjusting"] = cycle.begin_adjustment(adjusting, actor=snv)

    # A draft in consultation with one comment of the domain agency.
    consulted = service_plan(w, kind="thematic", thematic_type="inspection", title="Dự thảo kế hoạch đang lấy ý kiến")
    plan_services.add_task(
        consulted, actor=snv, data=plan_services.TaskInput(title="Khảo sát", lead=w.standing, time_text="Quý III")
    )
    consultation = cycle.send_for_comments(consulted, actor=snv, deadline=on + dt.timedelta(days=10), on=on)
    ctx["consulted"] = consulted
    ctx["comment"] = cycle.add_comment(
        consultation, agency=w.domain, actor=w.user("domain_focal"), text="Đề nghị bổ sung", on=on
    )

    # The ordinary agency's own draft plan, with a gap to explain.
    agency_plan = cycle.create_agency_plan(
        w.ordinary, year=year, actor=w.user("ordinary_focal"), programme=w.regulation.programme
    )
    ctx["agency_plan"] = agency_plan
    ctx["gap"] = alignment.check(agency_plan)[0].key
    # PLAN-7: the domain agency's own plan, issued and sent, waiting for Sở Nội vụ to acknowledge receiving it.
    sent = cycle.create_agency_plan(w.domain, year=year, actor=w.user("domain_focal"), programme=w.regulation.programme)
    Plan.objects.filter(pk=sent.pk).update(status=PlanStatus.ISSUED, number="3/KH-STP", signed_on=on)
    ctx["sent_agency_plan"] = sent

    # A call for proposals with a proposal of the domain agency.
    call = cycle.open_call(
        w.province, year=year, actor=snv, on=on, deadline=on + dt.timedelta(days=10), message="Đề nghị gửi đề xuất"
    )
    ctx["call"] = call
    ctx["proposal"] = cycle.submit_proposal(
        call, agency=w.domain, actor=w.user("domain_focal"), on=on, title="Rà soát thủ tục", lead=w.domain
    )
    accepted = cycle.submit_proposal(
        call, agency=w.ordinary, actor=w.user("ordinary_focal"), on=on, title="Số hóa hồ sơ", lead=w.ordinary
    )
    cycle.decide_proposal(accepted, accept=True, note="", actor=snv)

    # A draft regulation (a copy of the one in force) with its rows.
    draft = regulation_services.create_draft(
        w.province,
        actor=snv,
        fields={
            "programme": w.regulation.programme,
            "number": "200/QĐ-UBND",
            "title": "Quy chế phối hợp (sửa đổi)",
            "issuer": w.committee.name,
            "signed_on": on,
            "effective_from": on + dt.timedelta(days=30),
            "standing_agency": w.standing,
            "standing_article": "Điều 3",
        },
        copy_from=w.regulation,
    )
    ctx["draft"] = draft
    ctx["row"] = draft.responsibilities.order_by("pk").last()

    # ORG-5: a province merged into this one on 01/7/2025, with its regulation; a draft may start from it.
    old = ProvinceFactory(valid_to=dt.date(2025, 6, 30), successor=w.province)
    old_standing = AgencyFactory(province=old, name="Sở Nội vụ", valid_to=dt.date(2025, 6, 30), successor=w.standing)
    ctx["predecessor_regulation"] = RegulationFactory(province=old, standing_agency=old_standing)
    ResponsibilityFactory(regulation=ctx["predecessor_regulation"], area=area("direction"), agency=old_standing)

    # A notification of the ordinary agency's focal officer (the call above told the agencies it asks).
    ctx["notification"] = Notification.objects.filter(user=w.user("ordinary_focal")).first()

    # A membership the administrator may end, and an ingested plan awaiting review.
    ctx["membership"] = MembershipFactory(agency=w.ordinary, user__username=f"{w.province.slug}.extra")
    ctx["document"] = ingest_services.start_review(
        w.province, actor=snv, name="ke-hoach.txt", data=PLAN_TEXT.encode(), kind="plan"
    )
    # A plan imported from a document issued outside the system: a draft the leader records as issued (SEC-1).
    ctx["imported"] = service_plan(
        w,
        kind="period",
        title="Kế hoạch cải cách hành chính giai đoạn 2026 - 2030",
        start_year=2026,
        end_year=2030,
        source="Nhập từ văn bản: ke-hoach-2026-2030.docx",
    )
    # --- reminders (TRK-4) ---
    # The open task of the issued plan (led by the domain agency, whose leader and focal officer are reminded).
    ctx["issued_task"] = ctx["issued_milestone"].task
    # --- reports ---
    # RPT-1: Quý I of next year with the domain agency's report sent (the ordinary agency's not begun), and an ad
    # hoc cycle in which the ordinary agency has a draft.
    from cchc.reports import services as report_services

    ctx["report_cycle"] = report_services.open_cycle(w.province, kind="q1", year=year, actor=snv)
    ctx["domain_agency"], ctx["ordinary_agency"] = w.domain, w.ordinary
    sent = report_services.prepare(ctx["report_cycle"], w.domain, actor=w.user("domain_leader"))
    report_services.submit(sent, actor=w.user("domain_leader"))
    ctx["adhoc_cycle"] = report_services.open_cycle(
        w.province,
        kind="adhoc",
        year=on.year,
        actor=snv,
        agencies=[w.ordinary],
        period_start=on - dt.timedelta(days=30),
        period_end=on,
        due_date=on + dt.timedelta(days=10),
    )
    report_services.prepare(ctx["adhoc_cycle"], w.ordinary, actor=w.user("ordinary_focal"))
    ctx.update(meetings_and_documents(w, ctx))
    # --- tracking ---
    # A task of the issued plan led by the domain agency, the ordinary department coordinating; its lead's "done"
    # report waits for Sở Nội vụ; a problem raised by the lead waits for an answer (TRK-1, TRK-3).
    from cchc.plans.models import Milestone, Task
    from cchc.tracking import services as tracking_services

    tracked = Task.objects.create(plan=issued, code="T1", title="Theo dõi tiến độ rà soát", lead=w.domain)
    tracked.coordinator_agencies.add(w.ordinary)
    Milestone.objects.create(task=tracked, due=on + dt.timedelta(days=30))
    ctx["tracked"] = tracked
    ctx["pending_update"] = tracking_services.record_progress(
        w.user("domain_focal"), tracked, reported="done", percent=100, done_on=on
    )
    ctx["problem"] = tracking_services.raise_problem(
        w.user("domain_focal"), tracked, kind="obstacle", text="Thiếu kinh phí rà soát"
    )
    # --- index ---
    # IDX-1: the example framework for departments (national: no province), loaded once per test database.
    from django.conf import settings

    from cchc.index import fileformat as index_fileformat
    from cchc.index import services as index_services

    example = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"
    ctx["framework"] = index_services.load_framework(index_fileformat.parse(example.read_text(encoding="utf-8")))
    # IDX-2: last year's campaign of the departments, its self-assessment open (this year's is opened by a row).
    ctx["campaign"] = index_services.open_campaign(
        w.province,
        actor=snv,
        year=on.year - 1,
        frameworks={"department": ctx["framework"]},
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=10),
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
    )
    ctx["campaign_year"] = str(ctx["campaign"].year)
    # --- index: appraisal ---
    # IDX-4, IDX-5: a campaign of its own (three years ago: the rows of the other stages keep theirs as they are),
    # the ordinary department's file submitted; Sở Tư pháp appraises institutions and asked to explain II.3.
    from cchc.index import appraisal as index_appraisal
    from cchc.index.models import Assessment, AssessmentStatus, Score

    appraised = index_services.open_campaign(
        w.province,
        actor=snv,
        year=on.year - 3,
        frameworks={"department": ctx["framework"]},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Tốt", 90), ("Yếu", 0)],
        on=on,
        agencies=[w.ordinary],
    )
    Assessment.objects.filter(campaign=appraised).update(status=AssessmentStatus.SUBMITTED)
    Score.objects.filter(assessment__campaign=appraised).update(self_points=1)
    ctx["appraisal_year"] = str(appraised.year)
    ctx["appraised_score"] = Score.objects.get(assessment__campaign=appraised, node__code="II.2")
    ctx["asked_score"] = index_appraisal.request_explanation(
        w.user("domain_focal"), Score.objects.get(assessment__campaign=appraised, node__code="II.3"), "Bổ sung", 0
    )
    # --- index: results ---
    # IDX-6: a survey file (posted once per user: it rewinds); IDX-7: a campaign of two years ago, published by the
    # Sở Nội vụ leader, then a survey score changed, so that a correction has something to record.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.index import results as index_results
    from cchc.index.models import Result as IndexResult
    from cchc.index.models import Score as IndexScore

    class Rewound(SimpleUploadedFile):
        def read(self, *args):
            self.seek(0)
            return super().read(*args)

    ctx["survey_csv"] = Rewound("dieu-tra.csv", "Cơ quan;Mã tiêu chí;Điểm\nSTP;VIII.1;10,5\n".encode())
    published = index_services.open_campaign(
        w.province,
        actor=snv,
        year=on.year - 2,
        frameworks={"department": ctx["framework"]},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on,
            "explanation_deadline": on,
            "publication_deadline": on,
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
    )
    index_results.publish(w.user("standing_leader"), published)
    IndexScore.objects.filter(assessment__campaign=published, node__code="VIII.1").update(survey_points=5)
    ctx["published_year"] = str(published.year)
    ctx["published_result"] = IndexResult.objects.filter(campaign=published).first()
    # --- index: province ---
    # IDX-8: the province's own framework and a campaign of four years ago with UBND tỉnh's file, every appraisal
    # leaf scored (so that Sở Nội vụ's leader may submit it); its leaf 2.1 is of institutions (Sở Tư pháp leads).
    # EVL-1 reads last year's campaign of the departments (ctx["campaign"]) for the ordinary agency.
    from cchc.index.models import Score as IndexScore

    tinh = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-tinh.yaml"
    province_campaign = index_services.open_campaign(
        w.province,
        actor=snv,
        year=on.year - 4,
        frameworks={
            "provincial-committee": index_services.load_framework(
                index_fileformat.parse(tinh.read_text(encoding="utf-8"))
            )
        },
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=10),
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Đạt", 0)],
        on=on,
    )
    scores = IndexScore.objects.filter(assessment__campaign=province_campaign)
    scores.filter(node__method="appraisal").update(self_points=0, explanation="Chưa thực hiện")
    ctx["province_year"] = str(province_campaign.year)
    ctx["province_leaf"] = scores.get(node__code="2.1")
    # --- index: self ---
    # IDX-3: the ordinary department's draft file in last year's campaign (a leaf, an issued plan of its own cited
    # as evidence); Sở Tư pháp's file complete, ready to submit; Sở Nội vụ's file submitted with its signed scan.
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db.models import Q

    from cchc.index import selfassessment
    from cchc.index.models import Assessment as IndexAssessment
    from cchc.index.models import Score as IndexScore
    from cchc.plans.models import PlanKind
    from tests.factories import PlanFactory

    class Rewound(SimpleUploadedFile):
        """An upload the test client reads whole for every user's request."""

        def read(self, *args):
            self.seek(0)
            return super().read(*args)

    own = IndexAssessment.objects.get(campaign=ctx["campaign"], agency=w.ordinary)
    ctx["self_agency"], ctx["self_full_agency"], ctx["self_submitted_agency"] = w.ordinary, w.domain, w.standing
    ctx["self_score"] = IndexScore.objects.get(assessment=own, node__code="II.1")
    ctx["self_plan"] = PlanFactory(
        province=w.province,
        owner=w.ordinary,
        kind=PlanKind.AGENCY,
        status=PlanStatus.ISSUED,
        number="8/KH-SVH",
        start_year=ctx["campaign"].year,
        signed_on=dt.date(ctx["campaign"].year, 1, 10),
    )
    ctx["self_evidence"] = selfassessment.add_evidence(
        w.user("ordinary_focal"), ctx["self_score"], source="plan", record_id=ctx["self_plan"].pk, locator="mục II"
    )
    ctx["self_upload"] = selfassessment.add_evidence(
        w.user("ordinary_focal"), ctx["self_score"], source="upload", upload=SimpleUploadedFile("kc.pdf", PDF)
    )
    full = IndexAssessment.objects.filter(campaign=ctx["campaign"], agency__in=[w.domain, w.standing])
    IndexScore.objects.filter(assessment__in=full).exclude(
        Q(node__method="survey") | Q(node__kind__in=["bonus", "penalty"])
    ).update(self_points=0, explanation="Thuyết minh")
    submitted = full.get(agency=w.standing)
    selfassessment.submit_assessment(w.user("standing_leader"), submitted)
    selfassessment.attach_scan(w.user("standing_focal"), submitted, SimpleUploadedFile("ban-ky.pdf", PDF))
    ctx["self_scan"] = Rewound("ban-ky.pdf", PDF, content_type="application/pdf")
    return ctx


def d(days: int) -> str:
    return (today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


def regulation_form(ctx) -> dict:
    draft = ctx["draft"]
    return {
        "programme": draft.programme_id,
        "number": "201/QĐ-UBND",
        "title": "Quy chế phối hợp mới",
        "issuer": draft.issuer,
        "signed_on": d(0),
        "effective_from": d(40),
        "standing_agency": draft.standing_agency_id,
        "standing_article": "Điều 3",
        "meeting_cadence": "quarterly",
        "version": type(draft).objects.get(pk=draft.pk).version,
    }


def plan_form(ctx) -> dict:
    plan = ctx["plan"]
    return {
        "kind": "agency",
        "title": "Kế hoạch mới",
        "issuer": "Ủy ban nhân dân tỉnh",
        "start_year": plan.start_year + 1,
        "end_year": plan.start_year + 1,
        "programme": plan.programme_id,
        "objectives_text": "Mục tiêu một",
        "version": Plan.objects.get(pk=plan.pk).version,
    }


def plan_edit_form(ctx) -> dict:
    return {**plan_form(ctx), "kind": "annual", "start_year": ctx["plan"].start_year, "title": "Tên mới"}


def task_form(ctx) -> dict:
    return {"title": "Nhiệm vụ mới", "lead": f"agency:{ctx['task'].lead_id}", "time_text": "Quý IV", "code": "9"}


# --- the table ----------------------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    method: str
    args: tuple
    expected: str
    data: object = field(default_factory=dict)  # a dict, or a function of the records

    @property
    def id(self) -> str:
        return f"{self.name}:{self.method}"


#                   anon vwr  o.f  o.l  d.f  d.l  s.f  s.l  cmt  end  adm  other
READ = "            L    200  200  200  200  200  200  200  200  404  200  404"
STANDING_READ = "   L    403  403  403  403  403  200  200  403  404  403  404"
DRAFT_READ = "      L    404  404  404  404  404  200  200  200  404  200  404"
STANDING_WRITE = "  L    403  403  403  403  403  W    W    403  404  403  404"
DRAFT_WRITE = "     L    404  404  404  404  404  W    W    403  404  403  404"
ADMIN_WRITE = "     L    403  403  403  403  403  403  403  403  404  W    404"

TABLE = [
    # web
    Row("home", "GET", (), "L 302 302 302 302 302 302 302 302 200 302 302"),
    Row("province", "GET", ("slug",), READ),
    Row("province-history", "GET", ("slug",), READ),
    Row("healthz", "GET", (), "200 200 200 200 200 200 200 200 200 200 200 200"),
    Row("login", "GET", (), "200 302 302 302 302 302 302 302 302 302 302 302"),
    Row("login", "POST", (), "200 302 302 302 302 302 302 302 302 302 302 302", {"username": "x", "password": "y"}),
    Row("logout", "POST", (), "L L L L L L L L L L L L"),
    # notifications: one's own only; the people of the agencies the call and the consultation asked have some
    Row("notifications", "GET", (), "L 200 200 200 200 200 200 200 200 200 200 200"),
    Row("notifications-read-all", "POST", (), "L 302 W W W W W W 302 302 302 302"),
    Row("notification-read", "POST", ("notification",), "L 404 W 404 404 404 404 404 404 404 404 404"),
    Row("notification-open", "POST", ("notification",), "L 404 W 404 404 404 404 404 404 404 404 404"),
    # agencies
    Row("agency-list", "GET", ("slug",), READ),
    Row("agency-detail", "GET", ("slug", "agency"), READ),
    Row("agency-edit", "GET", ("slug", "agency"), "L 403 403 403 403 403 403 403 403 404 200 404"),
    Row(
        "agency-edit",
        "POST",
        ("slug", "agency"),
        ADMIN_WRITE,
        lambda c: {"name": "Sở Văn hóa và Thể thao", "kind": "department", "aliases_text": ""},
    ),
    Row(
        "membership-add",
        "POST",
        ("slug", "agency"),
        ADMIN_WRITE,
        lambda c: {
            "username": f"{c['slug']}.moi",
            "full_name": "Lê Văn Mới",
            "role": "focal",
            "password": "Mk-2026-an-toan!",
        },
    ),
    Row("membership-end", "POST", ("slug", "membership"), ADMIN_WRITE),
    # regulation
    Row("regulation-current", "GET", ("slug",), "L 302 302 302 302 302 302 302 302 404 302 404"),
    Row("regulation-list", "GET", ("slug",), READ),
    Row("regulation-detail", "GET", ("slug", "regulation"), READ),
    Row("routing", "GET", ("slug",), READ),
    Row("regulation-create", "GET", ("slug",), STANDING_READ),
    Row("regulation-create", "POST", ("slug",), STANDING_WRITE, regulation_form),
    Row("regulation-amend", "GET", ("slug", "regulation"), STANDING_READ),
    Row(
        "regulation-amend",
        "POST",
        ("slug", "regulation"),
        STANDING_WRITE,
        lambda c: {**regulation_form(c), "reason": "Sửa đổi trách nhiệm chủ trì lĩnh vực"},
    ),
    Row("regulation-edit", "GET", ("slug", "draft"), STANDING_READ),
    Row("regulation-edit", "POST", ("slug", "draft"), STANDING_WRITE, regulation_form),
    Row("regulation-issue", "POST", ("slug", "draft"), "L 403 403 403 403 403 403 W 403 404 403 404"),
    Row("regulation-from-predecessor", "POST", ("slug", "predecessor_regulation"), STANDING_WRITE),
    Row(
        "responsibility-add",
        "POST",
        ("slug", "draft"),
        STANDING_WRITE,
        lambda c: {"subject": "modernisation", "role": "lead", "party": f"agency:{c['agency'].pk}"},
    ),
    Row("responsibility-remove", "POST", ("slug", "draft", "row"), STANDING_WRITE),
    # plans: pages and editing
    Row("plan-list", "GET", ("slug",), READ),
    Row("plan-create", "GET", ("slug",), "L 403 200 200 200 200 200 200 403 404 403 404"),
    Row("plan-create", "POST", ("slug",), "L 403 W W W W W W 403 404 403 404", plan_form),
    Row("plan-detail", "GET", ("slug", "plan"), DRAFT_READ),
    Row("plan-detail", "GET", ("slug", "issued"), READ),
    Row("plan-appendix", "GET", ("slug", "plan"), DRAFT_READ),
    Row("plan-versions", "GET", ("slug", "plan"), DRAFT_READ),
    Row("plan-export-docx", "GET", ("slug", "plan"), DRAFT_READ),
    Row("plan-export-xlsx", "GET", ("slug", "plan"), DRAFT_READ),
    Row("plan-edit", "GET", ("slug", "plan"), "L 404 404 404 404 404 200 200 403 404 403 404"),
    Row("plan-edit", "POST", ("slug", "plan"), DRAFT_WRITE, plan_edit_form),
    Row("task-create", "GET", ("slug", "plan"), "L 404 404 404 404 404 200 200 403 404 403 404"),
    Row("task-create", "POST", ("slug", "plan"), DRAFT_WRITE, task_form),
    Row("task-edit", "GET", ("slug", "plan", "task"), "L 404 404 404 404 404 200 200 403 404 403 404"),
    Row("task-edit", "POST", ("slug", "plan", "task"), DRAFT_WRITE, task_form),
    Row("task-remove", "POST", ("slug", "plan", "task"), DRAFT_WRITE),
    # PLAN-1, U-3: a draft is discarded (marked, hidden) by whoever may edit it; an issued plan never
    Row("plan-discard", "POST", ("slug", "plan"), DRAFT_WRITE),
    Row("plan-discard", "POST", ("slug", "issued"), "L 403 403 403 403 403 403 403 403 404 403 404"),
    Row("target-create", "GET", ("slug", "plan"), "L 404 404 404 404 404 200 200 403 404 403 404"),
    Row(
        "target-create",
        "POST",
        ("slug", "plan"),
        DRAFT_WRITE,
        {"text": "90% hồ sơ đúng hạn", "measure": "percent", "comparison": ">=", "value": "90"},
    ),
    Row(
        "target-result",
        "POST",
        ("slug", "issued", "issued_target"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        lambda c: {"year": c["issued"].start_year, "value": "95"},
    ),
    # the task's lead (the domain agency) may set its milestones' dates too, once it may see the plan
    Row(
        "milestone-due",
        "POST",
        ("slug", "plan", "milestone"),
        DRAFT_WRITE,
        lambda c: {"due": d(60)},
    ),
    Row(
        "milestone-due",
        "POST",
        ("slug", "issued", "issued_milestone"),
        "L 403 403 403 W W W W 403 404 403 404",
        lambda c: {"due": d(60)},
    ),
    # plans: the cycle
    Row(
        "plan-send-for-comments",
        "POST",
        ("slug", "plan"),
        DRAFT_WRITE,
        lambda c: {"date": d(10)},
    ),
    Row(
        "plan-send-for-comments",
        "POST",
        ("slug", "agency_plan"),
        # its own staff may send it (PLAN-5); this draft has no task yet, so the service refuses it (302, no change)
        "L 403 302 302 404 404 403 403 403 404 403 404",
        lambda c: {"date": d(10)},
    ),
    Row("plan-comment", "POST", ("slug", "consulted"), "L 403 W W W W 403 403 403 404 403 404", {"text": "Góp ý thêm"}),
    Row(
        "comment-answer",
        "POST",
        ("slug", "consulted", "comment"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        {"answer": "accepted", "text": "Tiếp thu"},
    ),
    Row(
        "plan-issue",
        "POST",
        ("slug", "plan"),
        "L 404 404 404 404 404 403 W 403 404 403 404",
        lambda c: {"number": "99/KH-UBND", "signed_on": d(0), "decision": ""},
    ),
    Row(
        "plan-record-issued",
        "POST",
        ("slug", "imported"),
        "L 404 404 404 404 404 403 W 403 404 403 404",
        lambda c: {"number": "12/KH-UBND", "signed_on": d(0), "decision": ""},
    ),
    Row("plan-adjust", "POST", ("slug", "issued"), "L 403 403 403 403 403 W W 403 404 403 404", {"step": "begin"}),
    Row(
        "plan-adjust",
        "POST",
        ("slug", "adjusting"),
        "L 403 403 403 403 403 403 W 403 404 403 404",
        lambda c: {"step": "record", "reason": "Bổ sung nhiệm vụ", "decision": "7/QĐ-UBND", "decided_on": d(1)},
    ),
    Row(
        "gap-explain",
        "POST",
        ("slug", "agency_plan"),
        "L 403 W W 404 404 403 403 403 404 403 404",
        lambda c: {"key": c["gap"], "text": "Không áp dụng cho cơ quan"},
    ),
    # PLAN-7: the standing agency's staff acknowledge receiving an agency's issued plan; on a draft the service
    # refuses (302, no change); the owner agency, UBND tỉnh and the administrator may not
    Row(
        "plan-acknowledge",
        "POST",
        ("slug", "sent_agency_plan"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        {"note": "Đã nhận"},
    ),
    Row("plan-acknowledge", "POST", ("slug", "agency_plan"), "L 403 403 403 404 404 302 302 403 404 403 404"),
    Row(
        "agency-plan-create",
        "POST",
        ("slug",),
        "L 403 W W W W W W 403 404 403 404",
        lambda c: {"year": today().year + 2},
    ),
    # calls for proposals: provincial leadership and the administrator see every call (ORG-4)
    Row("call-list", "GET", ("slug",), READ),
    Row(
        "call-list",
        "POST",
        ("slug",),
        "L 403 403 403 403 403 W W 403 404 403 404",
        lambda c: {"year": today().year + 2, "deadline": d(20), "message": "Đề nghị"},
    ),
    Row("call-detail", "GET", ("slug", "call"), "L 404 200 200 200 200 200 200 200 404 200 404"),
    Row(
        "call-detail",
        "POST",
        ("slug", "call"),
        "L 404 W W W W W W 403 404 403 404",
        lambda c: {"title": "Số hóa hồ sơ", "lead": c["agency"].pk, "time_text": "Quý II"},
    ),
    Row(
        "call-reopen",
        "POST",
        ("slug", "call", "agency"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        lambda c: {"date": d(15)},
    ),
    Row(
        "proposal-decide",
        "POST",
        ("slug", "call", "proposal"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        {"decision": "accept"},
    ),
    # PLAN-4: before the deadline with an agency still silent, consolidating needs confirm=1 (without: 302, no change)
    Row("call-consolidate", "POST", ("slug", "call"), "L 403 403 403 403 403 302 302 403 404 403 404"),
    Row("call-consolidate", "POST", ("slug", "call"), STANDING_WRITE, {"confirm": "1"}),
    # PLAN-4: the proposing agency (the domain agency) edits or withdraws its proposal before the deadline
    Row("proposal-edit", "GET", ("slug", "call", "proposal"), "L 404 403 403 200 200 403 403 403 404 403 404"),
    Row(
        "proposal-edit",
        "POST",
        ("slug", "call", "proposal"),
        "L 404 403 403 W W 403 403 403 404 403 404",
        lambda c: {"title": "Rà soát thủ tục (sửa)", "lead": c["agency"].pk, "time_text": "Quý III"},
    ),
    Row("proposal-withdraw", "POST", ("slug", "call", "proposal"), "L 404 403 403 W W 403 403 403 404 403 404"),
    # ingest
    Row("ingest-upload", "GET", ("slug",), STANDING_READ),
    Row("ingest-upload", "POST", ("slug",), STANDING_WRITE, {"text": PLAN_TEXT, "kind": "plan"}),
    Row("ingest-review", "GET", ("slug", "document"), STANDING_READ),
    Row("ingest-review", "POST", ("slug", "document"), STANDING_WRITE, {"action": "save", "status": "draft"}),
    Row("ingest-review", "POST", ("slug", "document"), STANDING_WRITE, {"action": "discard"}),
    # --- tracking dashboards (TRK-6) ---
    Row("province-dashboard", "GET", ("slug",), READ),
    Row("agency-dashboard", "GET", ("slug", "agency"), READ),
    # --- reminders (TRK-4) ---
    # one's own e-mail choice: turning on what is on by default writes nothing (tests/core/test_notify_email.py
    # proves turning it off writes, for oneself only)
    Row("notification-settings", "POST", (), "L 302 302 302 302 302 302 302 302 302 302 302", {"email": "1"}),
    Row("overdue-tasks", "GET", ("slug",), READ),
    Row("task-remind", "POST", ("slug", "issued_task"), STANDING_WRITE),
    Row("overdue-remind", "POST", ("slug",), STANDING_WRITE, lambda c: {"tasks": [c["issued_task"].pk]}),
    # --- reports ---
    Row("report-cycle-list", "GET", ("slug",), READ),
    Row("report-cycle-list", "POST", ("slug",), STANDING_WRITE, lambda c: {"kind": "q3", "year": today().year + 1}),
    Row("report-settings", "POST", ("slug",), STANDING_WRITE, {"agency_lead_days": "7"}),
    Row("report-cycle", "GET", ("slug", "report_cycle"), READ),
    Row("report-remind", "POST", ("slug", "report_cycle"), STANDING_WRITE),
    Row(
        "report-indicator-add",
        "POST",
        ("slug", "report_cycle"),
        STANDING_WRITE,
        {"section_code": "II", "code": "2.20", "name": "Số hồ sơ trả muộn", "kind": "number", "rule": "sum"},
    ),
    Row("report-consolidated", "GET", ("slug", "report_cycle"), "L 403 403 403 403 403 200 200 200 404 200 404"),
    Row("report-consolidated", "POST", ("slug", "report_cycle"), STANDING_WRITE),
    Row("report-export-docx", "GET", ("slug", "report_cycle"), "L 403 403 403 403 403 200 200 200 404 200 404"),
    Row("report-export-xlsx", "GET", ("slug", "report_cycle"), "L 403 403 403 403 403 200 200 200 404 200 404"),
    Row(
        "report-agency",
        "GET",
        ("slug", "report_cycle", "domain_agency"),
        "L 404 404 404 200 200 200 200 200 404 404 404",
    ),
    Row(
        "report-agency",
        "POST",
        ("slug", "adhoc_cycle", "ordinary_agency"),
        "L 403 W W 404 404 403 403 403 404 404 404",
        {"v-2.3": "7", "t-V": "Thiếu người"},
    ),
    Row(
        "report-prepare",
        "POST",
        ("slug", "report_cycle", "ordinary_agency"),
        "L 403 W W 404 404 403 403 403 404 404 404",
    ),
    Row(
        "report-submit",
        "POST",
        ("slug", "adhoc_cycle", "ordinary_agency"),
        "L 403 403 W 404 404 403 403 403 404 404 404",
    ),
    Row(
        "report-return",
        "POST",
        ("slug", "report_cycle", "domain_agency"),
        "L 404 404 404 403 403 W W 403 404 404 404",
        {"comment": "Bổ sung số liệu"},
    ),
    # --- meetings, documents ---
    # COO-1: everyone in the province reads coordination; any agency's leader or focal officer records what it hosts
    Row("activity-list", "GET", ("slug",), READ),
    Row("activity-create", "GET", ("slug",), "L 403 200 200 200 200 200 200 200 404 403 404"),
    Row(
        "activity-create",
        "POST",
        ("slug",),
        "L 403 W W W W W W W 404 403 404",
        lambda c: {"kind": "meeting", "title": "Họp phối hợp", "held_on": d(0), "participants": [c["agency"].pk]},
    ),
    # COO-2, COO-3: Sở Nội vụ schedules the briefing (the next quarter: this one has its briefing) and the review
    Row("briefing-schedule", "GET", ("slug",), STANDING_READ),
    Row("briefing-schedule", "POST", ("slug",), STANDING_WRITE, lambda c: next_quarter_briefing()),
    Row("review-schedule", "GET", ("slug",), STANDING_READ),
    Row("review-schedule", "POST", ("slug",), STANDING_WRITE, lambda c: {"year": today().year, "held_on": d(0)}),
    Row("activity-detail", "GET", ("slug", "briefing"), READ),
    Row("activity-document-file", "GET", ("slug", "briefing", "activity_document"), READ),
    # the briefing is the standing agency's: its staff record the minutes, documents and conclusions
    Row("activity-outcome", "POST", ("slug", "briefing"), STANDING_WRITE, {"outcome": "Biên bản", "version": 1}),
    Row("activity-document-add", "POST", ("slug", "briefing"), STANDING_WRITE, {"summary": "Giấy mời họp"}),
    Row(
        "conclusion-add",
        "POST",
        ("slug", "briefing"),
        STANDING_WRITE,
        lambda c: {"text": "Rà soát thủ tục", "lead": c["agency"].pk, "deadline": d(30)},
    ),
    Row(
        "conclusion-task",
        "POST",
        ("slug", "briefing", "conclusion"),
        STANDING_WRITE,
        lambda c: {"plan": c["plan"].pk},
    ),
    # TRK-5: Sở Nội vụ and the domain agency publish; the document went to the ordinary agency only
    Row("document-list", "GET", ("slug",), READ),
    Row("document-create", "GET", ("slug",), "L 403 403 403 200 200 200 200 403 404 403 404"),
    Row(
        "document-create",
        "POST",
        ("slug",),
        "L 403 403 403 W W W W 403 404 403 404",
        lambda c: {
            "kind": "guidance",
            "issued_on": d(0),
            "issuer": "Sở Nội vụ",
            "title": "Hướng dẫn mới",
            "recipients": [f"agency:{c['agency'].pk}"],
        },
    ),
    Row("document-detail", "GET", ("slug", "shared"), "L 200 200 200 404 404 200 200 200 404 200 404"),
    Row("document-file", "GET", ("slug", "shared"), "L 200 200 200 404 404 200 200 200 404 200 404"),
    # --- tracking ---
    Row("task-tracking", "GET", ("slug",), READ),
    Row("task-detail", "GET", ("slug", "tracked"), READ),
    Row(
        "task-progress",
        "POST",
        ("slug", "tracked"),
        "L 403 403 403 W W 403 403 403 404 403 404",
        lambda c: {"reported": "in_progress", "percent": "50", "note": "Đang làm", "base": c["pending_update"].pk},
    ),
    Row(
        "task-contribute",
        "POST",
        ("slug", "tracked"),
        "L 403 W W 403 403 403 403 403 404 403 404",
        {"note": "Đã góp ý"},
    ),
    Row("update-confirm", "POST", ("slug", "tracked", "pending_update"), STANDING_WRITE),
    Row(
        "update-return", "POST", ("slug", "tracked", "pending_update"), STANDING_WRITE, {"comment": "Thiếu minh chứng"}
    ),
    Row("task-cancel", "POST", ("slug", "tracked"), "L 403 403 403 403 403 403 W 403 404 403 404", {"reason": "Thôi"}),
    Row(
        "problem-raise",
        "POST",
        ("slug", "tracked"),
        "L 403 W W W W W W 403 404 403 404",
        {"kind": "adjustment", "text": "Đề nghị lùi hạn"},
    ),
    Row("problem-list", "GET", ("slug",), "L 403 403 403 403 403 200 200 200 404 200 404"),
    Row("problem-answer", "POST", ("slug", "problem"), STANDING_WRITE, {"answer": "Sẽ bố trí kinh phí"}),
    # --- index ---
    Row("index-campaigns", "GET", ("slug",), READ),
    Row("index-campaigns", "POST", ("slug",), STANDING_WRITE, lambda c: index_campaign_form(c)),
    Row("index-framework", "GET", ("slug", "framework"), READ),
    Row("index-campaign", "GET", ("slug", "campaign_year"), READ),
    # --- index: appraisal ---
    Row("index-appraisal", "GET", ("slug", "appraisal_year"), "L 403 403 403 200 200 200 200 403 404 403 404"),
    Row(
        "index-appraisal-cell",
        "POST",
        ("slug", "appraisal_year", "appraised_score"),
        "L 403 403 403 W W 403 403 403 404 403 404",
        {"action": "change", "points": "2", "comment": "Đã rà soát đủ", "revision": "0"},
    ),
    Row(
        "index-appraise-leaf",
        "GET",
        ("slug", "appraisal_year", "appraised_score"),
        "L 403 403 403 200 200 403 403 403 404 403 404",
    ),
    Row(
        "index-appraise-leaf",
        "POST",
        ("slug", "appraisal_year", "appraised_score"),
        "L 403 403 403 W W 403 403 403 404 403 404",
        {"action": "request", "text": "Bổ sung báo cáo rà soát", "revision": "0"},
    ),
    Row("index-explanation", "GET", ("slug", "appraisal_year"), "L 403 200 200 403 403 403 403 403 404 403 404"),
    Row(
        "index-explanation",
        "POST",
        ("slug", "appraisal_year"),
        "L 403 W W 403 403 403 403 403 404 403 404",
        lambda c: {"score": c["asked_score"].pk, "text": "Đã ban hành KH 3/KH", "revision": "1"},
    ),
    # --- index: results ---
    # IDX-6: Sở Nội vụ's staff import survey points (and download the template to fill)
    Row("index-survey", "GET", ("slug", "campaign_year"), STANDING_READ),
    Row("index-survey", "POST", ("slug", "campaign_year"), STANDING_WRITE, lambda c: {"file": c["survey_csv"]}),
    Row("index-survey-template", "GET", ("slug", "campaign_year"), STANDING_READ),
    # IDX-7: everyone in the province opens the results (before publication an agency's rows are its own only)
    Row("index-results", "GET", ("slug", "campaign_year"), READ),
    Row("index-results", "GET", ("slug", "published_year"), READ),
    Row("index-results-xlsx", "GET", ("slug", "published_year"), READ),
    Row("index-results-docx", "GET", ("slug", "published_year"), READ),
    Row("index-results-compute", "POST", ("slug", "campaign_year"), STANDING_WRITE),
    # SEC-1: publishing and correcting are the Sở Nội vụ leader's acts; after publication recompute is refused
    Row("index-results-compute", "POST", ("slug", "published_year"), "L 403 403 403 403 403 302 302 403 404 403 404"),
    Row(
        "index-results-publish",
        "POST",
        ("slug", "campaign_year"),
        "L 403 403 403 403 403 403 W 403 404 403 404",
        lambda c: _settle_appraisal(c["campaign"]),
    ),
    Row("index-results-publish", "POST", ("slug", "published_year"), "L 403 403 403 403 403 403 302 403 404 403 404"),
    Row(
        "index-results-correct",
        "POST",
        ("slug", "published_year"),
        "L 403 403 403 403 403 403 W 403 404 403 404",
        lambda c: {"result": c["published_result"].pk, "reason": "Sót điểm điều tra"},
    ),
    # --- index: province ---
    # IDX-8: Sở Nội vụ and leadership see the province's file; Sở Tư pháp its area's leaves; others in the province
    # 403; a leaf is saved by its area's lead (Sở Tư pháp) or corrected by Sở Nội vụ with a comment; the leader of
    # Sở Nội vụ submits. EVL-1: one agency's page (the ordinary agency) and the list.
    Row("index-province-assessment", "GET", ("slug", "province_year"), "L 403 403 403 200 200 200 200 200 404 403 404"),
    Row(
        "index-province-assessment",
        "POST",
        ("slug", "province_year"),
        "L 403 403 403 403 403 W W 403 404 403 404",
        {"difficulties": "Thiếu nhân lực", "recommendations": "Tập huấn"},
    ),
    Row(
        "index-province-leaf",
        "POST",
        ("slug", "province_year", "province_leaf"),
        "L 404 404 404 W W W W 403 404 404 404",
        {"points": "1.5", "explanation": "Có văn bản chậm", "revision": "0", "comment": "Điều chỉnh theo hồ sơ"},
    ),
    Row("index-province-submit", "POST", ("slug", "province_year"), "L 404 404 404 403 403 403 W 403 404 404 404"),
    Row(
        "index-province-assessment-docx",
        "GET",
        ("slug", "province_year"),
        "L 403 403 403 403 403 200 200 200 404 403 404",
    ),
    Row("index-evaluations", "GET", ("slug", "campaign_year"), "L 403 403 403 403 403 200 200 200 404 403 404"),
    Row(
        "index-evaluation", "GET", ("slug", "campaign_year", "agency"), "L 200 200 200 404 404 200 200 200 404 404 404"
    ),
    Row(
        "index-evaluation-xlsx",
        "GET",
        ("slug", "campaign_year", "agency"),
        "L 200 200 200 404 404 200 200 200 404 404 404",
    ),
    Row(
        "index-evaluation-docx",
        "GET",
        ("slug", "campaign_year", "agency"),
        "L 200 200 200 404 404 200 200 200 404 404 404",
    ),
    # --- index: self ---
    # IDX-3: the ordinary department's file: its members, Sở Nội vụ and UBND tỉnh read it; its leader and focal
    # officer write (another agency: 404; readers: 403).
    Row("index-self", "GET", ("slug", "campaign_year", "self_agency"), "L 200 200 200 404 404 200 200 200 404 404 404"),
    Row(
        "index-self-export",
        "GET",
        ("slug", "campaign_year", "self_agency"),
        "L 200 200 200 404 404 200 200 200 404 404 404",
    ),
    Row(
        "index-self-score",
        "POST",
        ("slug", "campaign_year", "self_agency", "self_score"),
        "L 403 W W 404 404 403 403 403 404 404 404",
        {"points": "3", "explanation": "Đã trình đủ", "revision": "0"},
    ),
    Row(
        "index-self-evidence",
        "POST",
        ("slug", "campaign_year", "self_agency", "self_score"),
        "L 403 W W 404 404 403 403 403 404 404 404",
        lambda c: {"record": f"plan:{c['self_plan'].pk}", "locator": "trang 2"},
    ),
    Row(
        "index-self-evidence-file",
        "GET",
        ("slug", "campaign_year", "self_agency", "self_upload"),
        "L 200 200 200 404 404 200 200 200 404 404 404",
    ),
    Row(
        "index-self-evidence-remove",
        "POST",
        ("slug", "campaign_year", "self_agency", "self_evidence"),
        "L 403 W W 404 404 403 403 403 404 404 404",
    ),
    Row(
        "index-self-texts",
        "POST",
        ("slug", "campaign_year", "self_agency"),
        "L 403 W W 404 404 403 403 403 404 404 404",
        {"difficulties": "Thiếu người", "recommendations": "Tập huấn"},
    ),
    Row(
        "index-self-submit",
        "POST",
        ("slug", "campaign_year", "self_full_agency"),
        "L 404 404 404 403 W 403 403 403 404 404 404",
    ),
    Row(
        "index-self-withdraw",
        "POST",
        ("slug", "campaign_year", "self_submitted_agency"),
        "L 404 404 404 404 404 403 W 403 404 404 404",
    ),
    Row(
        "index-self-reopen",
        "POST",
        ("slug", "campaign_year", "self_agency"),
        "L 403 403 403 404 404 W W 403 404 404 404",
        {"until": d(5)},
    ),
    Row(
        "index-self-scan",
        "POST",
        ("slug", "campaign_year", "self_submitted_agency"),
        "L 404 404 404 404 404 W W 403 404 404 404",
        lambda c: {"scan": c["self_scan"]},
    ),
    Row(
        "index-self-scan-download",
        "GET",
        ("slug", "campaign_year", "self_submitted_agency"),
        "L 404 404 404 404 404 200 200 200 404 404 404",
    ),
]


def index_campaign_form(ctx) -> dict:
    """IDX-2: a campaign of this year with the example framework for departments."""
    return {
        "year": today().year,
        "framework_department": ctx["framework"].pk,
        "self_assessment_deadline": d(10),
        "appraisal_deadline": d(20),
        "explanation_deadline": d(30),
        "publication_deadline": d(40),
        "bands": "Tốt: 90\nKhá: 80\nTrung bình: 65\nYếu: 0",
    }


# --- running a row ------------------------------------------------------------------------------------------------


# Tables no page writes to: the programmes' reference data and Django's permission tables.
STATIC = {"regulation.ReformProgramme", "regulation.ReformArea", "regulation.Topic", "auth.Permission", "auth.Group"}


def _models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if (m._meta.app_label == "auth" or m._meta.app_config.name.startswith("cchc."))
        and m._meta.label not in STATIC
        and not m._meta.label.startswith("auth.Group_")
    ]


def fingerprint() -> dict:
    """Every field of every row made by this test, in every table of the cchc apps and the accounts: a row added,
    changed or deleted changes it. (The demo's rows, below BASELINE, are never the target of a request here:
    the table's users belong to provinces of their own.)"""
    out = {}
    for model in _models():
        floor = BASELINE.get(model._meta.label) or 0
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        out[model._meta.label] = list(model.objects.filter(pk__gt=floor).order_by("pk").values_list(*fields))
    return out


BASELINE: dict = {}


def _baseline():
    if not BASELINE:
        for model in _models():
            BASELINE[model._meta.label] = model.objects.aggregate(top=Max("pk"))["top"]


def _url(row: Row, ctx: dict) -> str:
    args = [ctx[a] if isinstance(ctx[a], str) else ctx[a].pk for a in row.args]
    return reverse(row.name, args=args)


def _settle_appraisal(campaign) -> dict:
    """IDX-7: publication waits for the appraisal: every leaf of the campaign accepted before the row's requests
    (written before the row's fingerprint, so only the request's own writes count). No form data."""
    from cchc.index.models import Score as IndexScore

    IndexScore.objects.filter(assessment__campaign=campaign, appraisal_state="").update(appraisal_state="accepted")
    return {}


def _user(w, other, column: str):
    if column == "anonymous":
        return None
    if column == "other_province":
        return other.user("standing_leader")
    return w.user(column)


def _outcome(response, changed: bool) -> str:
    login = reverse("login")
    if response.status_code == 302 and response["Location"].startswith(login) and not changed:
        return "L"
    if response.status_code == 302 and changed:
        return "W"
    return f"{response.status_code}{' (wrote)' if changed else ''}"


def run_row(client, row: Row) -> dict:
    _baseline()
    w, other = world(), world()
    ctx = build(w, other)
    url = _url(row, ctx)
    data = row.data(ctx) if callable(row.data) else row.data
    writes = row.method != "GET"
    before = fingerprint() if writes else None  # each user's request is rolled back: the same before for all
    got = {}
    for column in COLUMNS:
        with transaction.atomic():
            client.logout()
            user = _user(w, other, column)
            if user is not None:
                client.force_login(user)
            response = client.get(url) if row.method == "GET" else client.post(url, data)
            changed = writes and fingerprint() != before
            got[column] = _outcome(response, changed)
            transaction.set_rollback(True)
    return got


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_SEC_1_ORG_4_permission_table(client, row):
    """SEC-1 ORG-4: each kind of user gets what the policy says on every page and form action; a refused
    write changes nothing in the database, an allowed one writes."""
    expected = dict(zip(COLUMNS, row.expected.split(), strict=True))
    got = run_row(client, row)
    wrong = {c: f"expected {expected[c]}, got {got[c]}" for c in COLUMNS if got[c] != expected[c]}
    assert not wrong, wrong


# --- ORG-5: the successor province's people on the predecessor's pages ------------------------------------------------


def merge_into_successor(w) -> dict:
    """ORG-5: the world's province merged into a new province on 01/7/2025, its Sở Nội vụ carried on by the new
    province's Sở Nội vụ (so the old province's standing agency, followed through its successor, is the new one's);
    the new Sở Nội vụ's focal officer and leader."""
    last_day = dt.date(2025, 6, 30)
    new = ProvinceFactory()
    standing = AgencyFactory(province=new, name="Sở Nội vụ", abbreviation="SNV")
    Province.objects.filter(pk=w.province.pk).update(valid_to=last_day, successor=new)
    Agency.objects.filter(pk=w.standing.pk).update(valid_to=last_day, successor=standing)
    slug = new.slug.replace("-", "")
    return {
        role: MembershipFactory(user__username=f"{slug}.snv.{role}", agency=standing, role=role).user
        for role in (Role.FOCAL, Role.LEADER)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_ORG_5_the_successors_people_read_the_predecessor_like_its_viewer_and_write_nothing(client, row):
    """ORG-5, ORG-4: on every page and form action of a province that merged into another, the successor's Sở Nội
    vụ staff (focal officer and leader, whose agency carries on the old Sở Nội vụ's work) get what the old
    province's viewer gets: they read every page it reads, and every write is refused with nothing changed
    (the old province's drafts the viewer sees as its own agency's answer 404)."""
    _baseline()
    w, other = world(), world()
    ctx = build(w, other)
    readers = merge_into_successor(w)
    url = _url(row, ctx)
    data = row.data(ctx) if callable(row.data) else row.data
    writes = row.method != "GET"
    before = fingerprint() if writes else None
    got = {}
    for column, user in [("viewer", w.user("viewer")), *readers.items()]:
        with transaction.atomic():
            client.logout()
            client.force_login(user)
            response = client.get(url) if row.method == "GET" else client.post(url, data)
            got[column] = _outcome(response, writes and fingerprint() != before)
            transaction.set_rollback(True)
    assert not any(answer.startswith("W") or "wrote" in answer for answer in got.values()), got
    # a draft that the viewer sees as its own agency's (its agency plan, a draft sent to it for comments) is not
    # the successor's to know of: its refusal is a 404 where the viewer's is a 403
    viewer = got["viewer"]
    for role in (Role.FOCAL, Role.LEADER):
        assert got[role] == viewer or (writes and viewer == "403" and got[role] == "404"), got


def _page_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name and namespace not in NAMESPACES_ELSEWHERE:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    return names - NOT_PAGES


@pytest.mark.django_db
def test_SEC_1_every_url_and_method_has_a_row(client):
    """SEC-1: every URL name has a row for each method its view takes; any other method answers 405 (so a new
    URL, or a view that starts taking POST, fails here until its row is written)."""
    names = _page_names()
    rows = {(r.name, r.method) for r in TABLE}
    missing_names = names - {name for name, _ in rows}
    assert not missing_names, f"URLs without a row in the permission table: {sorted(missing_names)}"
    assert not {name for name, _ in rows} - names, "rows for URLs that no longer exist"

    _baseline()
    w, other = world(), world()
    ctx = build(w, other)
    client.force_login(w.user("standing_leader"))
    untested = []
    for name in sorted(names):
        row = next(r for r in TABLE if r.name == name)
        url = _url(row, ctx)
        for method in ("GET", "POST"):
            if (name, method) in rows:
                continue
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            if response.status_code != 405:
                untested.append(f"{method} {name} ({response.status_code})")
    assert not untested, f"methods a view takes without a row in the permission table: {untested}"


def test_the_table_reads_the_columns():
    for row in TABLE:
        assert len(row.expected.split()) == len(COLUMNS), row.id


_ = time  # the table's run time is reported by pytest --durations


# --- meetings, documents ---

PDF = b"%PDF-1.4\n%%EOF\n"


def meetings_and_documents(w, ctx) -> dict:
    """COO-2: this quarter's briefing of Sở Nội vụ with a conclusion led by the ordinary agency and a document;
    TRK-5: a document with its file that Sở Nội vụ shared with the ordinary agency."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.core.dates import quarter_of
    from cchc.documents import services as document_services
    from cchc.meetings import services as meeting_services

    on = today()
    snv = w.user("standing_focal")
    briefing = meeting_services.schedule(
        w.province, actor=snv, kind="briefing", year=on.year, quarter=quarter_of(on), held_on=on
    )
    return {
        "briefing": briefing,
        "conclusion": meeting_services.add_conclusion(
            briefing, actor=snv, text="Sở rà soát thủ tục", lead=w.ordinary, deadline=dt.date(on.year + 1, 6, 30)
        ),
        "activity_document": meeting_services.add_document(
            briefing, actor=snv, summary="Biên bản", upload=SimpleUploadedFile("bien-ban.pdf", PDF)
        ),
        "shared": document_services.publish(
            w.province,
            actor=snv,
            publisher=w.standing,
            data=document_services.DocumentInput(
                kind="guidance",
                number="1/HD-SNV",
                issued_on=on,
                issuer="Sở Nội vụ",
                title="Hướng dẫn",
                agencies=(w.ordinary,),
                upload=SimpleUploadedFile("huong-dan.pdf", PDF),
            ),
        ),
    }


def next_quarter_briefing() -> dict:
    from cchc.core.dates import quarter_of

    on = today()
    year, quarter = (on.year + 1, 1) if quarter_of(on) == 4 else (on.year, quarter_of(on) + 1)
    return {"year": year, "quarter": quarter, "held_on": dt.date(year, quarter * 3, 10).strftime("%d/%m/%Y")}
