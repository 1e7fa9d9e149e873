"""The demo's planning cycle in progress in Khánh Hòa, relative to the day the demo is loaded (issue 8).

Khánh Hòa kept its name through the 2025 merger and its regulation 2816/QĐ-UBND stays in force, routing the
work of departments that ended in 2025 to their successors. For the current year Y the demo holds:

- last year's call for proposals for Y (opened 15/11/Y-1, deadline 10/12 by Đ4.2a), its proposals accepted or
  refused, consolidated into a draft, sent for comments, a comment answered, and the plan issued on 26/12/Y-1;
- the agencies' own plans for Y: Sở Khoa học và Công nghệ's sent (its gaps explained), Sở Tư pháp's a draft;
- after mid-year, the six-month results of the targets and one adjustment of the plan;
- this year's call for proposals for Y+1, with some proposals in, waiting for Sở Nội vụ.

Every step goes through the same services a person uses, each at the date it would have happened
(`time_machine` moves the clock, so records, the journal and notifications carry those dates); a step whose date
is still to come on the day of loading is left out. The actors are demo accounts (data/demo/accounts.yaml).
Agency names come from the province and regulation files; the few written here are the demo's story, looked up
by name like a person typing them and failing loudly if the data changes.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from cchc.agencies.models import Agency, AgencyGroup, Membership
from cchc.core.dates import today
from cchc.core.models import Notification, Province
from cchc.core.text import fold
from cchc.plans import alignment, cycle, services
from cchc.plans.models import Comparison, Measure, Plan, ProposalCall
from cchc.regulation.models import ReformArea, ReformProgramme, Topic

PROVINCE_SLUG = "khanh-hoa"
PROGRAMME = "NQ76"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Story:
    """Lookups for the demo's story in one province: people by username, agencies and groups by name."""

    def __init__(self, province: Province):
        self.province = province
        self.programme = ReformProgramme.objects.get(code=PROGRAMME)
        self._agencies = list(Agency.objects.filter(province=province))
        self._groups = list(AgencyGroup.objects.filter(province=province))

    def person(self, username: str):
        return get_user_model().objects.get(username=username)

    def agency(self, name: str) -> Agency:
        found = [a for a in self._agencies if fold(name) in map(fold, a.names)]
        if len(found) != 1:
            raise LookupError(f"Demo: {name!r} names {len(found)} agencies of {self.province}.")
        return found[0]

    def group(self, name: str) -> AgencyGroup:
        return next(g for g in self._groups if fold(g.name) == fold(name))

    def area(self, code: str) -> int:
        return ReformArea.objects.get(programme=self.programme, code=code).pk

    def link(self, name: str, *args) -> str:
        return reverse(name, args=[self.province.slug, *args])


def at(day: dt.date, hour: int = 9):
    """Run the enclosed writes as if at `hour` o'clock on `day` in Vietnam."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM), tick=False)


def build(on: dt.date | None = None) -> str:
    """Build the cycle once; a province that already has its call for the current year is left as it is."""
    on = on or today()
    province = Province.objects.filter(slug=PROVINCE_SLUG).first()
    if province is None:
        return "không có tỉnh Khánh Hòa, bỏ qua"
    if ProposalCall.objects.filter(province=province, year=on.year).exists():
        return "đã có, bỏ qua"
    story = Story(province)
    _backdate_memberships(story, dt.date(on.year - 1, 1, 1))
    plan = _last_years_round(story, on.year)
    _agency_plans(story, on)
    _mid_year(story, plan, on)
    _next_years_call(story, on)
    # What happened more than a month ago has been read; the bell shows what is recent.
    month_ago = on - dt.timedelta(days=30)
    Notification.objects.filter(province=province, read_at=None, created_at__date__lt=month_ago).update(
        read_at=dt.datetime.combine(on, dt.time(8), tzinfo=VIETNAM)
    )
    return f"kế hoạch năm {on.year} đã ban hành, đợt đề xuất năm {on.year + 1} đang mở"


def _backdate_memberships(story: Story, since: dt.date) -> None:
    """The demo's people of Khánh Hòa have worked there since before the story starts (saved one by one, so the
    audit log records the change)."""
    for membership in Membership.objects.filter(agency__province=story.province, user__username__startswith="khoa."):
        if membership.started_on > since:
            membership.started_on = since
            membership.save(update_fields=["started_on"])


@transaction.atomic
def _last_years_round(story: Story, year: int) -> Plan:
    """The call for `year` last November, through consolidation and consultation, to the plan issued in December."""
    last = year - 1
    snv, science = story.person("khoa.snv"), "Sở Khoa học và Công nghệ"
    call = _open_call(story, year, dt.date(last, 11, 15))
    with at(dt.date(last, 11, 28), 15):
        on = dt.date(last, 11, 28)
        proposals = [
            cycle.submit_proposal(
                call,
                agency=story.agency(science),
                actor=story.person("khoa.skhcn"),
                on=on,
                title=title,
                lead=story.agency(lead),
                area_id=story.area(area),
                products=products,
                time_text=time_text,
                coordinator_agencies=tuple(story.agency(n) for n in coordinators),
            )
            for title, lead, area, products, time_text, coordinators in (
                (
                    "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại các cơ quan hành "
                    "chính nhà nước trên địa bàn tỉnh",
                    science,
                    "modernisation",
                    ("Báo cáo kết quả duy trì, cải tiến Hệ thống quản lý chất lượng",),
                    "Quý IV",
                    ("Sở Nội vụ",),
                ),
                (
                    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
                    "Văn phòng Ủy ban nhân dân tỉnh",
                    "procedures",
                    ("Kho dữ liệu hồ sơ, kết quả giải quyết thủ tục hành chính đã số hóa",),
                    "Quý III",
                    (science,),
                ),
                (
                    "Kết nối nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) với Cổng Dịch vụ công quốc gia",
                    science,
                    "modernisation",
                    ("Nền tảng LGSP kết nối, chia sẻ dữ liệu với Cổng Dịch vụ công quốc gia",),
                    "Tháng 6",
                    ("Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính"),
                ),
                (
                    "Tổ chức hội thảo giới thiệu phần mềm quản lý văn bản và điều hành mới",
                    science,
                    "modernisation",
                    ("Hội thảo",),
                    "Quý II",
                    (),
                ),
            )
        ]
    with at(dt.date(last, 12, 11)):
        for proposal in proposals[:3]:
            cycle.decide_proposal(proposal, accept=True, note="", actor=snv)
        cycle.decide_proposal(
            proposals[3],
            accept=False,
            note="Đã có trong kế hoạch chuyển đổi số của tỉnh; không đưa vào kế hoạch CCHC.",
            actor=snv,
        )
    with at(dt.date(last, 12, 12)):
        plan = cycle.consolidate(
            call,
            actor=snv,
            owner=story.agency("Sở Nội vụ"),
            programme=story.programme,
            title=f"Kế hoạch cải cách hành chính năm {year}",
            on=dt.date(last, 12, 12),
        )
        _complete_draft(story, plan, year)
    with at(dt.date(last, 12, 15)):
        consultation = cycle.send_for_comments(
            plan,
            actor=snv,
            deadline=dt.date(last, 12, 22),
            on=dt.date(last, 12, 15),
            link=story.link("plan-detail", plan.pk),
        )
    lgsp = plan.tasks.get(title__startswith="Kết nối nền tảng")
    with at(dt.date(last, 12, 19), 10):
        comment = cycle.add_comment(
            consultation,
            agency=story.agency(science),
            actor=story.person("khoa.skhcn"),
            text="Đề nghị lùi thời gian hoàn thành sang Quý III: việc kết nối phụ thuộc kinh phí năm "
            f"{year} và lịch kết nối của Cổng Dịch vụ công quốc gia.",
            on=dt.date(last, 12, 19),
            task=lgsp,
        )
    with at(dt.date(last, 12, 23)):
        services.update_task(lgsp, actor=snv, data=_as_input(lgsp, time_text="Quý III"))
        cycle.answer_comment(
            comment, actor=snv, answer="accepted", text="Tiếp thu: thời gian hoàn thành điều chỉnh thành Quý III."
        )
    with at(dt.date(last, 12, 26), 16):
        plan = services.update_plan(
            plan,
            actor=snv,
            fields={
                "signer_authority": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
                "signer_title": "PHÓ CHỦ TỊCH",
                "signer_name": "Trần Văn Hải",
            },
            expected_version=Plan.objects.get(pk=plan.pk).version,
        )
        plan = cycle.issue_plan(
            plan,
            actor=story.person("khoa.snv.lanhdao"),
            number="4815/KH-UBND",
            signed_on=dt.date(last, 12, 26),
            on=dt.date(last, 12, 26),
        )
    return plan


def _as_input(task, **changes) -> services.TaskInput:
    """The task as it stands, with `changes`: what a person's edit form would post back."""
    fields = {
        "title": task.title,
        "lead": task.lead or task.lead_group,
        "code": task.code,
        "area_id": task.area_id,
        "products": tuple(task.products),
        "coordinator_agencies": tuple(task.coordinator_agencies.all()),
        "coordinator_groups": tuple(task.coordinator_groups.all()),
        "time_text": task.time_text,
        "owner_unit": task.owner_unit,
        "source_task_id": task.source_task_id,
    }
    return services.TaskInput(**{**fields, **changes})


def _complete_draft(story: Story, plan: Plan, year: int) -> None:
    """Sở Nội vụ adds its own tasks, the objectives and the targets to the consolidated draft."""
    snv = story.person("khoa.snv")
    services.set_objectives(
        plan,
        actor=snv,
        texts=[
            "Tiếp tục đẩy mạnh cải cách hành chính gắn với sắp xếp tổ chức bộ máy sau hợp nhất, bảo đảm hoạt động "
            "thông suốt của chính quyền hai cấp.",
            f"Cải thiện Chỉ số cải cách hành chính, Chỉ số SIPAS năm {year} của tỉnh.",
        ],
    )
    departments = story.group("Các sở, ban, ngành")
    tasks = (
        ("Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm {year}", "Sở Nội vụ", "direction",
         ("Kế hoạch kiểm tra",), "Quý I", (), ()),
        ("Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} của tỉnh", "Sở Nội vụ", "direction",
         ("Báo cáo tự đánh giá, chấm điểm",), "Quý IV", (), (departments,)),
        ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành", "Sở Tư pháp",
         "institutions", ("Báo cáo kết quả rà soát",), "Quý II", ("Văn phòng Ủy ban nhân dân tỉnh",), ()),
        ("Công bố, công khai danh mục thủ tục hành chính sau sắp xếp tổ chức bộ máy",
         "Văn phòng Ủy ban nhân dân tỉnh", "procedures", ("Quyết định công bố danh mục",), "Quý I", (),
         (departments,)),
        ("Rà soát chức năng, nhiệm vụ của các cơ quan chuyên môn sau hợp nhất", "Sở Nội vụ", "organisation",
         ("Báo cáo rà soát",), "Quý II", (), ()),
        ("Bồi dưỡng kỹ năng cho công chức làm công tác cải cách hành chính cấp xã", "Sở Nội vụ", "civil-service",
         ("Lớp bồi dưỡng",), "Quý III", (), ()),
        ("Giao dự toán kinh phí thực hiện nhiệm vụ cải cách hành chính năm {year}", "Sở Tài chính",
         "public-finance", ("Quyết định giao dự toán",), "Quý I", ("Sở Nội vụ",), ()),
        ("Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
         "Sở Nội vụ", "impact", ("Báo cáo kết quả khảo sát",), "Quý IV", ("Sở Khoa học và Công nghệ",), ()),
    )  # fmt: skip
    first = plan.tasks.count() + 1
    for index, (title, lead, area, products, time_text, coordinators, groups) in enumerate(tasks, start=first):
        services.add_task(
            plan,
            actor=snv,
            data=services.TaskInput(
                title=title.format(year=year),
                lead=story.agency(lead),
                code=str(index),
                area_id=story.area(area),
                products=products,
                time_text=time_text,
                coordinator_agencies=tuple(story.agency(n) for n in coordinators),
                coordinator_groups=groups,
            ),
        )
    for text, comparison, value, area in (
        ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", Comparison.AT_LEAST, 98, "procedures"),
        ("Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", Comparison.AT_LEAST, 80, "modernisation"),
        ("Tỷ lệ cơ quan hành chính áp dụng Hệ thống quản lý chất lượng ISO 9001", Comparison.EQUAL, 100,
         "modernisation"),
    ):  # fmt: skip
        services.add_target(
            plan,
            actor=snv,
            data=services.TargetInput(
                text=text, measure=Measure.PERCENT, comparison=comparison, value=value, area_id=story.area(area)
            ),
        )


def _agency_plans(story: Story, on: dt.date) -> None:
    """In January the agencies make their own plans from the province's: Sở Khoa học và Công nghệ sends its plan
    (PLAN-7, with its gaps explained); Sở Tư pháp's is a draft still held back by the check."""
    year = on.year
    made, sent = dt.date(year, 1, 10), dt.date(year, 1, 15)
    if on < made:
        return
    with at(made), transaction.atomic():
        science = cycle.create_agency_plan(
            story.agency("Sở Khoa học và Công nghệ"),
            year=year,
            actor=story.person("khoa.skhcn"),
            programme=story.programme,
        )
        cycle.create_agency_plan(
            story.agency("Sở Tư pháp"), year=year, actor=story.person("khoa.stp"), programme=story.programme
        )
    if on < sent:
        return
    with at(sent), transaction.atomic():
        _complete_agency_plan(story, science)
        cycle.issue_plan(
            science,
            actor=story.person("khoa.skhcn.lanhdao"),
            number="35/KH-SKHCN",
            signed_on=sent,
            on=sent,
            link=story.link("plan-detail", science.pk),
        )


def _complete_agency_plan(story: Story, plan: Plan) -> None:
    """Sở Khoa học và Công nghệ completes its plan as the check asks: objectives, an owner for each task, its own
    tasks in the other areas, the ISO and computerisation targets; it explains the one area it leaves empty."""
    officer = story.person("khoa.skhcn")
    services.set_objectives(
        plan,
        actor=officer,
        texts=[
            f"Thực hiện đầy đủ, đúng tiến độ các nhiệm vụ cải cách hành chính tỉnh giao cho Sở năm {plan.start_year}."
        ],
    )
    units = {"modernisation": "Phòng Chuyển đổi số", "procedures": "Văn phòng Sở", "impact": "Văn phòng Sở"}
    for task in plan.tasks.select_related("area", "lead"):
        services.update_task(
            task, actor=officer, data=_as_input(task, owner_unit=units.get(task.area.code, "Văn phòng Sở"))
        )
    science = story.agency("Sở Khoa học và Công nghệ")
    own = (
        (
            "direction",
            "Ban hành kế hoạch kiểm tra công tác cải cách hành chính tại các phòng, đơn vị thuộc Sở",
            "Quý I",
        ),
        ("institutions", "Rà soát văn bản quy phạm pháp luật lĩnh vực khoa học và công nghệ sau hợp nhất", "Quý II"),
        ("organisation", "Sắp xếp các phòng chuyên môn sau khi tiếp nhận chức năng thông tin và truyền thông", "Quý I"),
        ("civil-service", "Cử công chức tham gia bồi dưỡng kỹ năng làm công tác cải cách hành chính", "Quý III"),
    )
    for index, (area, title, time_text) in enumerate(own, start=plan.tasks.count() + 1):
        services.add_task(
            plan,
            actor=officer,
            data=services.TaskInput(
                title=title,
                lead=science,
                code=str(index),
                area_id=story.area(area),
                products=("Báo cáo kết quả thực hiện",),
                time_text=time_text,
                owner_unit="Văn phòng Sở",
            ),
        )
    topics = {t.code: t.pk for t in Topic.objects.filter(code__in=("iso", "online-services"))}
    for text, topic in (
        ("Tỷ lệ thủ tục hành chính giải quyết tại Sở được áp dụng ISO 9001", "iso"),
        ("Tỷ lệ thủ tục hành chính của Sở cung cấp dịch vụ công trực tuyến toàn trình", "online-services"),
    ):
        services.add_target(
            plan,
            actor=officer,
            data=services.TargetInput(
                text=text,
                measure=Measure.PERCENT,
                comparison=Comparison.EQUAL,
                value=100,
                area_id=story.area("modernisation"),
                topic_id=topics[topic],
            ),
        )
    for gap in alignment.check(plan):
        cycle.explain_gap(
            plan,
            actor=officer,
            key=gap.key,
            text="Kinh phí cải cách hành chính của Sở nằm trong dự toán chung của Sở; không lập nhiệm vụ riêng.",
        )


def _mid_year(story: Story, plan: Plan, on: dt.date) -> None:
    """After six months: the targets' results so far, and an adjustment adding a task (PLAN-3, PLAN-6)."""
    year = on.year
    reported, adjusted = dt.date(year, 7, 10), dt.date(year, 7, 20)
    if on < reported:
        return
    snv = story.person("khoa.snv")
    with at(reported), transaction.atomic():
        for target, value in zip(plan.targets.order_by("order"), (97.4, 62.5, 100), strict=True):
            services.record_target_result(target, actor=snv, year=year, value=value, note="Kết quả 6 tháng đầu năm")
    if on < adjusted:
        return
    with at(adjusted), transaction.atomic():
        plan = cycle.begin_adjustment(plan, actor=snv)
        services.add_task(
            plan,
            actor=snv,
            data=services.TaskInput(
                title="Kiện toàn Bộ phận Một cửa cấp xã sau sắp xếp đơn vị hành chính",
                lead=story.agency("Văn phòng Ủy ban nhân dân tỉnh"),
                code=str(plan.tasks.count() + 1),
                area_id=story.area("procedures"),
                products=("Quyết định kiện toàn",),
                time_text="Quý III",
                coordinator_agencies=(story.agency("Sở Nội vụ"),),
            ),
        )
        cycle.record_adjustment(
            plan,
            actor=story.person("khoa.snv.lanhdao"),
            reason="Bổ sung nhiệm vụ kiện toàn Bộ phận Một cửa cấp xã sau sắp xếp đơn vị hành chính",
            decision=f"Quyết định số 2150/QĐ-UBND ngày {adjusted:%d/%m/%Y}",
            decided_on=adjusted,
        )


def _next_years_call(story: Story, on: dt.date) -> None:
    """This year's call for next year's proposals, by the regulation's deadline, with two proposals in."""
    opened = min(on, dt.date(on.year, 11, 15))
    proposed = min(on, opened + dt.timedelta(days=9))
    call = _open_call(story, on.year + 1, opened)
    science = story.agency("Sở Khoa học và Công nghệ")
    with at(proposed, 14), transaction.atomic():
        for title, area, time_text, coordinators in (
            (
                "Chuyển đổi Hệ thống quản lý chất lượng sang nền tảng số tại các cơ quan hành chính cấp tỉnh",
                "modernisation",
                "Quý III",
                ("Sở Nội vụ",),
            ),
            (
                "Triển khai chữ ký số trong giải quyết thủ tục hành chính tại Ủy ban nhân dân cấp xã",
                "modernisation",
                "Quý II",
                ("Văn phòng Ủy ban nhân dân tỉnh",),
            ),
        ):
            cycle.submit_proposal(
                call,
                agency=science,
                actor=story.person("khoa.skhcn"),
                on=proposed,
                title=title,
                lead=science,
                area_id=story.area(area),
                products=("Báo cáo kết quả triển khai",),
                time_text=time_text,
                coordinator_agencies=tuple(story.agency(n) for n in coordinators),
            )


def _open_call(story: Story, year: int, on: dt.date) -> ProposalCall:
    """Sở Nội vụ asks the agencies the regulation names for proposals; the notifications link to the call."""
    with at(on), transaction.atomic():
        call = cycle.open_call(
            story.province,
            year=year,
            actor=story.person("khoa.snv"),
            on=on,
            message="Đề nghị các cơ quan đề xuất nhiệm vụ ứng dụng công nghệ thông tin, ISO cho kế hoạch CCHC.",
        )
        Notification.objects.filter(province=story.province, link="", created_at=call.opened_at).update(
            link=story.link("call-detail", call.pk)
        )
    return call
