"""The demo's year of tracking in Khánh Hòa, after the plan is issued (issue 10), relative to the day of loading.

On this year's issued plan (built by demo/cycle.py) the demo holds, each step at the date it would have happened
and left out while its date is still to come:

- 15/03: Sở Nội vụ shares a guidance document with the departments that lead tasks (TRK-5);
- 20/04: Sở Khoa học và Công nghệ reports progress on one of its tasks (with an evidence document) and reports
  another done; Sở Nội vụ confirms it on 22/04 (TRK-1, TRK-2);
- 05/05: Sở Khoa học và Công nghệ raises a problem on a task; Sở Nội vụ answers it on 10/05 (TRK-3);
- 25/06: the Quý II briefing, scheduled by the regulation's invitation, with its minutes and a conclusion (COO-2);
- 01/09: the Quý III report cycle opens (RPT-1); Sở Khoa học và Công nghệ's leader submits its report on 10/09,
  Sở Nội vụ returns it on 12/09 and it comes back on 14/09, on time (RPT-3); the others are still missing;
- in the last week before loading: a "done" report waiting for Sở Nội vụ's confirmation, and an adjustment
  request waiting for an answer, so the to-do lists have something of today.

Every write goes through the services a person uses, as one of the demo's accounts (data/demo/accounts.yaml).
"""

import datetime as dt

from django.db import transaction

from cchc.core.dates import today
from cchc.core.models import Province
from cchc.demo.cycle import PROVINCE_SLUG, Story, at
from cchc.documents import services as documents
from cchc.documents.models import DocumentKind, SharedDocument
from cchc.meetings import services as meetings
from cchc.meetings.models import ActivityKind
from cchc.plans.models import Plan, PlanKind, PlanStatus
from cchc.reports import services as reports
from cchc.reports.models import CycleKind
from cchc.tracking import services as tracking
from cchc.tracking.models import ProblemKind, ProgressUpdate, Reported

SCIENCE = "Sở Khoa học và Công nghệ"


def build(on: dt.date | None = None) -> str:
    """Build the year's tracking once: a province that already has progress updates is left as it is."""
    on = on or today()
    province = Province.objects.filter(slug=PROVINCE_SLUG).first()
    if province is None:
        return "không có tỉnh Khánh Hòa, bỏ qua"
    plan = (
        Plan.objects.filter(
            province=province,
            kind=PlanKind.ANNUAL,
            start_year=on.year,
            status__in=(PlanStatus.ISSUED, PlanStatus.ADJUSTED),
            discarded=False,
        )
        .order_by("-signed_on")
        .first()
    )
    if plan is None:
        return f"chưa có kế hoạch năm {on.year} đã ban hành, bỏ qua"
    if ProgressUpdate.objects.filter(task__plan=plan).exists() or SharedDocument.objects.filter(
        province=province, issued_on__year=on.year
    ):
        return "đã có, bỏ qua"
    story = Story(province)
    science = story.agency(SCIENCE)
    tasks = list(plan.tasks.filter(lead=science).order_by("order", "id"))
    if len(tasks) < 2:
        return f"kế hoạch chỉ có {len(tasks)} nhiệm vụ do {SCIENCE} chủ trì, bỏ qua"
    year = on.year
    steps = [
        (dt.date(year, 3, 15), lambda: _share_guidance(story, plan)),
        (dt.date(year, 4, 20), lambda: _progress(story, tasks)),
        (dt.date(year, 5, 5), lambda: _problem(story, tasks[0])),
        (dt.date(year, 6, 10), lambda: _briefing(story, year)),
        (dt.date(year, 9, 1), lambda: _report_cycle(story, year, on)),
        (on - dt.timedelta(days=3), lambda: _this_week(story, plan, tasks, on)),
    ]
    done = 0
    for day, step in steps:
        if day.year == year and day <= on:
            step()
            done += 1
    return f"{done} bước theo dõi, báo cáo năm {year}"


def _share_guidance(story: Story, plan: Plan) -> None:
    """TRK-5: Sở Nội vụ shares its guidance on progress reports with the agencies that lead the plan's tasks."""
    day = dt.date(plan.start_year, 3, 15)
    leads = sorted({t.lead for t in plan.tasks.select_related("lead") if t.lead_id}, key=lambda a: a.name)
    with at(day), transaction.atomic():
        documents.publish(
            story.province,
            actor=story.person("khoa.snv"),
            publisher=story.agency("Sở Nội vụ"),
            data=documents.DocumentInput(
                kind=DocumentKind.GUIDANCE,
                number="512/HD-SNV",
                issued_on=day,
                issuer="Sở Nội vụ",
                title="Hướng dẫn cập nhật tiến độ nhiệm vụ cải cách hành chính trên hệ thống",
                summary="Cập nhật tiến độ hằng tháng, kèm tài liệu kiểm chứng; báo cáo hoàn thành để được xác nhận.",
                agencies=tuple(leads),
            ),
        )


def _progress(story: Story, tasks) -> None:
    """TRK-1, TRK-2: one task in progress with its evidence; another reported done and confirmed."""
    year = tasks[0].plan.start_year
    officer = story.person("khoa.skhcn")
    with at(dt.date(year, 4, 20)), transaction.atomic():
        tracking.record_progress(
            officer,
            tasks[0],
            reported=Reported.IN_PROGRESS,
            percent=50,
            note="Đã xây dựng dự thảo, đang lấy ý kiến các sở, ngành.",
            evidence=[
                tracking.EvidenceInput(
                    summary="Công văn lấy ý kiến dự thảo",
                    number="845/SKHCN-VP",
                    issued_on=dt.date(year, 4, 18),
                    issuer=SCIENCE,
                )
            ],
        )
        done = tracking.record_progress(
            officer,
            tasks[1],
            reported=Reported.DONE,
            percent=100,
            note="Đã hoàn thành, sản phẩm đã ban hành.",
            done_on=dt.date(year, 4, 15),
            evidence=[
                tracking.EvidenceInput(
                    summary="Quyết định ban hành sản phẩm của nhiệm vụ",
                    number="120/QĐ-SKHCN",
                    issued_on=dt.date(year, 4, 15),
                    issuer=SCIENCE,
                )
            ],
        )
    with at(dt.date(year, 4, 22)), transaction.atomic():
        tracking.confirm_update(story.person("khoa.snv"), done)


def _problem(story: Story, task) -> None:
    """TRK-3: a problem raised by the lead and answered by Sở Nội vụ."""
    year = task.plan.start_year
    with at(dt.date(year, 5, 5)), transaction.atomic():
        problem = tracking.raise_problem(
            story.person("khoa.skhcn"),
            task,
            kind=ProblemKind.OBSTACLE,
            text="Chưa bố trí được kinh phí thuê chuyên gia; đề nghị Sở Nội vụ hướng dẫn nguồn kinh phí.",
        )
    with at(dt.date(year, 5, 10)), transaction.atomic():
        tracking.answer_problem(
            story.person("khoa.snv"),
            problem,
            answer="Sử dụng kinh phí cải cách hành chính đã giao đầu năm; Sở Nội vụ đã trao đổi với Sở Tài chính.",
        )


def _briefing(story: Story, year: int) -> None:
    """COO-2: the Quý II briefing with the regulation's invitees, its minutes and one conclusion."""
    snv = story.person("khoa.snv")
    with at(dt.date(year, 6, 10)), transaction.atomic():
        briefing = meetings.schedule(
            story.province,
            actor=snv,
            kind=ActivityKind.BRIEFING,
            year=year,
            quarter=2,
            held_on=dt.date(year, 6, 25),
            place="Phòng họp Sở Nội vụ",
            agenda="Tiến độ nhiệm vụ cải cách hành chính 6 tháng đầu năm; chuẩn bị báo cáo 6 tháng.",
        )
    with at(dt.date(year, 6, 26)), transaction.atomic():
        briefing = meetings.record_outcome(
            briefing,
            actor=snv,
            outcome="Các sở, ngành báo cáo tiến độ; 2 nhiệm vụ chậm so với kế hoạch, đã thống nhất giải pháp.",
            expected_version=briefing.version,
        )
        meetings.add_conclusion(
            briefing,
            actor=snv,
            text="Hoàn thành số hóa hồ sơ thủ tục hành chính còn tồn đọng",
            lead=story.agency(SCIENCE),
            deadline=dt.date(year, 9, 30),
        )


def _report_cycle(story: Story, year: int, on: dt.date) -> None:
    """RPT-1, RPT-3: the Quý III cycle; one agency's report sent, returned and sent again."""
    with at(dt.date(year, 9, 1)), transaction.atomic():
        cycle = reports.open_cycle(story.province, kind=CycleKind.QUARTER_3, year=year, actor=story.person("khoa.snv"))
    if on < dt.date(year, 9, 10):
        return
    science = story.agency(SCIENCE)
    leader = story.person("khoa.skhcn.lanhdao")
    with at(dt.date(year, 9, 10)), transaction.atomic():
        draft = reports.prepare(cycle, science, actor=story.person("khoa.skhcn"))
        reports.save_draft(
            draft,
            actor=story.person("khoa.skhcn"),
            values={},
            texts={
                s.code: "Sở đã triển khai đầy đủ các nhiệm vụ được giao trong kỳ." for s in cycle.sections.all()[:1]
            },
        )
        sent, _ = reports.submit(draft, actor=leader)
    if on < dt.date(year, 9, 12):
        return
    with at(dt.date(year, 9, 12)), transaction.atomic():
        reports.return_submission(
            sent, actor=story.person("khoa.snv"), comment="Đề nghị bổ sung số liệu hồ sơ trực tuyến trong kỳ."
        )
    if on < dt.date(year, 9, 14):
        return
    with at(dt.date(year, 9, 14)), transaction.atomic():
        revision = reports.prepare(cycle, science, actor=story.person("khoa.skhcn"))
        reports.submit(revision, actor=leader)


def _this_week(story: Story, plan: Plan, tasks, on: dt.date) -> None:
    """Work of the last days: a done report waiting for confirmation, an adjustment request waiting for an
    answer."""
    day = on - dt.timedelta(days=3)
    officer = story.person("khoa.skhcn")
    with at(day), transaction.atomic():
        tracking.record_progress(
            officer,
            tasks[0],
            reported=Reported.DONE,
            percent=100,
            note="Đã hoàn thành; đề nghị Sở Nội vụ xác nhận.",
            done_on=day,
            expected_last_update_id=getattr(tracking.latest_lead_update(tasks[0]), "pk", None),
        )
        justice = plan.tasks.filter(lead=story.agency("Sở Tư pháp")).order_by("order", "id").first()
        if justice is None:
            return
        tracking.raise_problem(
            story.person("khoa.stp"),
            justice,
            kind=ProblemKind.ADJUSTMENT,
            text="Đề nghị lùi thời hạn hoàn thành sang Quý I năm sau do chờ hướng dẫn của Bộ.",
        )
