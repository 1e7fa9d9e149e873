"""Every write of coordination activities (COO-1 to COO-3), each in a transaction with its audit entry.

- COO-2: the quarterly briefing follows the regulation in force: its cadence (`meeting_cadence`; a regulation
  that sets none gets the quarterly default of 000 Đ12.2) and its invitees (the coordinators of the
  `quarterly-briefing` topic; a regulation that names none: the agencies that lead an area or topic in it).
  One briefing per quarter (a database constraint backs the check).
- COO-3: the yearly review of the regulation, one per year, invitees from the `regulation-review` topic the
  same way; its report is the activity's outcome.
- A conclusion becomes a task of a plan the person may edit (a draft, or an issued plan under adjustment:
  PLAN-6, an issued plan is not edited in place), through the plans' own `add_task`; once only.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cchc.agencies.models import Agency
from cchc.core import audit
from cchc.core.dates import end_of_quarter, format_date, quarter_name, quarter_of, today
from cchc.core.errors import UserError, constraint_message
from cchc.core.models import AuditEntry, Province
from cchc.core.notify import notify
from cchc.core.rules import can
from cchc.documents.files import check_upload
from cchc.documents.services import check_province_alive
from cchc.meetings.models import (
    ONE_ACTIVITY_PER_SUBMIT,
    ONE_BRIEFING_PER_QUARTER,
    ONE_REVIEW_PER_YEAR,
    STANDING_KINDS,
    Activity,
    ActivityDocument,
    ActivityKind,
    Conclusion,
)
from cchc.plans import services as plan_services
from cchc.plans.models import Plan
from cchc.regulation import routing
from cchc.regulation.models import MeetingCadence, Regulation, ResponsibilityRole

CADENCE_QUARTERS = {
    MeetingCadence.QUARTERLY: (1, 2, 3, 4),
    MeetingCadence.SIX_MONTHLY: (2, 4),
    MeetingCadence.YEARLY: (4,),
}
DEFAULT_CADENCE = MeetingCadence.QUARTERLY  # 000 Đ12.2: "định kỳ hằng quý"
REVIEW_TOPIC = "regulation-review"
ALREADY_RECORDED = "Hoạt động này vừa được ghi (biểu mẫu được gửi hai lần); không ghi thêm bản thứ hai."
LATE_DAYS = 31  # a briefing on a quarter may be held up to a month after the quarter ends


@dataclass
class Invitation:
    """Whom the regulation invites and why, for a briefing or a review."""

    regulation: Regulation
    agencies: list[Agency]
    reasons: dict[int, str]
    note: str
    cadence_label: str = ""
    quarters: tuple[int, ...] = (1, 2, 3, 4)
    defaulted: list[str] = field(default_factory=list)


def _lead_agencies(regulation: Regulation, on: dt.date) -> dict[int, tuple[Agency, str]]:
    """The agencies that lead an area or topic in the regulation (its domain agencies), following successors."""
    found: dict[int, tuple[Agency, str]] = {}
    rows = (
        regulation.responsibilities.filter(role=ResponsibilityRole.LEAD, agency__isnull=False)
        .select_related("agency__successor", "area", "topic")
        .order_by("order", "id")
    )
    for row in rows:
        agency = row.agency.current(on)
        if agency.is_active_on(on) and agency.pk not in found:
            found[agency.pk] = (agency, f"chủ trì {row.subject} theo {row.article or 'quy chế'}")
    return found


def invitation(province: Province, kind: str, on: dt.date) -> Invitation:
    """COO-2, COO-3, REG-4: whom the regulation in force invites to the briefing or the review, with why."""
    try:
        regulation = routing.require_regulation(province, on)
    except routing.NoRegulationInForce as exc:
        raise UserError(str(exc)) from exc
    standing = routing.standing_agency_for_permissions(province, on)
    if kind == ActivityKind.BRIEFING:
        routes = routing.route_briefing_invitees(province, on)
    else:
        routes = routing.routes_for(regulation, REVIEW_TOPIC, [ResponsibilityRole.COORDINATE], on)
    defaulted = []
    if routes:
        chosen = {r.agency.pk: (r.agency, r.explain()) for r in routes if r.agency.is_active_on(on)}
        note = f"Cơ quan được mời theo Quy chế {regulation.number or ''}".strip() + "."
    else:
        chosen = _lead_agencies(regulation, on)
        note = (
            f"Quy chế {regulation.number or ''} không nêu cơ quan được mời; hệ thống mời các cơ quan chủ trì "
            "lĩnh vực, nội dung CCHC theo quy chế."
        ).replace("  ", " ")
        defaulted.append("invitees")
    if standing is not None:
        chosen.pop(standing.pk, None)  # the host is not among its guests
    cadence = regulation.meeting_cadence
    quarters = CADENCE_QUARTERS.get(cadence)
    if quarters is None:
        quarters = CADENCE_QUARTERS[DEFAULT_CADENCE]
        cadence_label = "Hằng quý (quy chế không quy định định kỳ giao ban; dùng mặc định hằng quý)"
        defaulted.append("cadence")
    else:
        cadence_label = MeetingCadence(cadence).label + (
            f" ({regulation.meeting_article})" if regulation.meeting_article else ""
        )
    agencies = sorted((a for a, _ in chosen.values()), key=lambda a: a.name)
    return Invitation(
        regulation=regulation,
        agencies=agencies,
        reasons={pk: why for pk, (_, why) in chosen.items()},
        note=note,
        cadence_label=cadence_label,
        quarters=quarters,
        defaulted=defaulted,
    )


def next_briefing_period(province: Province, quarters: tuple[int, ...], on: dt.date) -> tuple[int, int]:
    """COO-2: the first quarter of the cadence, from the current one on, that has no briefing yet."""
    taken = set(Activity.objects.filter(province=province, kind=ActivityKind.BRIEFING).values_list("year", "quarter"))
    year, quarter = on.year, quarter_of(on)
    for _ in range(12):
        if quarter in quarters and (year, quarter) not in taken:
            return year, quarter
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return year, quarter


def default_date(year: int, quarter: int, on: dt.date) -> dt.date:
    first = dt.date(year, quarter * 3 - 2, 1)
    if first <= on <= end_of_quarter(year, quarter):
        return min(on + dt.timedelta(days=7), end_of_quarter(year, quarter) + dt.timedelta(days=LATE_DAYS))
    return dt.date(year, quarter * 3, 15)


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _participants(province: Province, agencies, host: Agency, on: dt.date) -> list[Agency]:
    found: dict[int, Agency] = {}
    for agency in agencies:
        if agency.province_id != province.pk:
            raise UserError(f"{agency.name} không thuộc {province.title}.")
        if not agency.is_active_on(on):
            raise UserError(f"{agency.name} không còn hoạt động vào ngày {format_date(on)}.")
        if agency.pk != host.pk:
            found[agency.pk] = agency
    return list(found.values())


def _announce(activity: Activity, participants: list[Agency], verb: str) -> None:
    link = reverse("activity-detail", args=[activity.province.slug, activity.pk])
    notify(
        participants,
        province=activity.province,
        subject=f"{activity.get_kind_display()}: {activity.title}",
        message=f"{activity.host.name} {verb} «{activity.title}» ngày {format_date(activity.held_on)}"
        + (f" tại {activity.place}" if activity.place else "")
        + ".",
        link=link,
    )


def _check_key(host: Agency, submit_key: str) -> None:
    """SEC-5: the form already sent (a double click): said first, before any other check."""
    if submit_key and Activity.objects.filter(host=host, submit_key=submit_key[:40]).exists():
        raise UserError(ALREADY_RECORDED)


def _save_new(activity: Activity) -> None:
    _check_key(activity.host, activity.submit_key)
    messages = {
        ONE_ACTIVITY_PER_SUBMIT: ALREADY_RECORDED,
        ONE_BRIEFING_PER_QUARTER: "Quý này đã có cuộc giao ban (vừa được người khác lên lịch).",
        ONE_REVIEW_PER_YEAR: "Năm này đã có đợt đánh giá việc thực hiện quy chế (vừa được người khác tạo).",
    }
    with constraint_message(messages):
        activity.save()


@transaction.atomic
def schedule(
    province: Province,
    *,
    actor,
    kind: str,
    year: int,
    quarter: int | None,
    held_on: dt.date,
    place: str = "",
    agenda: str = "",
    participants=None,
    submit_key: str = "",
) -> Activity:
    """COO-2: schedule the quarterly briefing; COO-3: the yearly review of the regulation. Hosted by the standing
    agency; participants as the regulation invites (or as the person chose from them and others)."""
    on = today()
    check_province_alive(province, on)
    if kind not in STANDING_KINDS:
        raise UserError("Chỉ lên lịch giao ban hằng quý hoặc đánh giá việc thực hiện quy chế ở đây.")
    host = routing.standing_agency_for_permissions(province, on)
    if host is None:
        raise UserError(f"{province.title} chưa có cơ quan thường trực CCHC.")
    _check_key(host, submit_key)
    invited = invitation(province, kind, on)
    if kind == ActivityKind.BRIEFING:
        if quarter not in invited.quarters:
            allowed = ", ".join(quarter_name(q) for q in invited.quarters)
            raise UserError(f"Theo định kỳ giao ban ({invited.cadence_label}), chỉ giao ban vào: {allowed}.")
        first, last = dt.date(year, quarter * 3 - 2, 1), end_of_quarter(year, quarter)
        if not first <= held_on <= last + dt.timedelta(days=LATE_DAYS):
            raise UserError(
                f"Ngày giao ban {quarter_name(quarter)} năm {year} phải từ {format_date(first)} đến "
                f"{format_date(last + dt.timedelta(days=LATE_DAYS))}."
            )
        if Activity.objects.filter(province=province, kind=kind, year=year, quarter=quarter).exists():
            raise UserError(f"{quarter_name(quarter)} năm {year} đã có cuộc giao ban; hãy mở cuộc giao ban đó.")
        title = f"Giao ban cải cách hành chính {quarter_name(quarter)} năm {year}"
    else:
        quarter = None
        if held_on.year not in (year, year + 1):
            raise UserError(f"Đánh giá việc thực hiện quy chế năm {year} diễn ra trong năm {year} hoặc đầu năm sau.")
        if Activity.objects.filter(province=province, kind=kind, year=year).exists():
            raise UserError(f"Năm {year} đã có đợt đánh giá việc thực hiện quy chế.")
        title = f"Đánh giá kết quả thực hiện Quy chế phối hợp CCHC năm {year}"
    chosen = invited.agencies if participants is None else participants
    guests = _participants(province, chosen, host, on)
    activity = Activity(
        province=province,
        kind=kind,
        title=title,
        host=host,
        held_on=held_on,
        place=_clean(place)[:200],
        agenda=(agenda or "").strip(),
        year=year,
        quarter=quarter,
        regulation=invited.regulation,
        invitation_note=f"{invited.note} Định kỳ: {invited.cadence_label}."[:500],
        created_by=actor,
        submit_key=(submit_key or "")[:40],
    )
    _save_new(activity)
    activity.participants.set(guests)
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(activity, {"Cơ quan tham gia": "; ".join(a.name for a in guests)}),
        summary=f"Lên lịch: {title}",
    )
    _announce(activity, guests, "mời dự")
    return activity


@transaction.atomic
def record_activity(
    province: Province,
    *,
    actor,
    host: Agency,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    agenda: str = "",
    outcome: str = "",
    participants=(),
    submit_key: str = "",
) -> Activity:
    """COO-1: an agency records a coordination activity it hosts, with its participants and outcome."""
    on = today()
    check_province_alive(province, on)
    if kind not in ActivityKind.values or kind in STANDING_KINDS:
        raise UserError(
            f"Hãy chọn hình thức phối hợp (giao ban và đánh giá quy chế do {province.standing_name} lên lịch)."
        )
    if host.province_id != province.pk or not can(
        actor, "meetings.edit_activity", Activity(province=province, kind=kind, host=host)
    ):
        raise UserError(f"Bạn chỉ ghi hoạt động do cơ quan của mình chủ trì, không nhân danh {host.name}.")
    _check_key(host, submit_key)
    title = _clean(title)
    if not title:
        raise UserError("Hãy nhập nội dung của hoạt động.")
    guests = _participants(province, participants, host, on)
    activity = Activity(
        province=province,
        kind=kind,
        title=title[:500],
        host=host,
        held_on=held_on,
        place=_clean(place)[:200],
        agenda=(agenda or "").strip(),
        outcome=(outcome or "").strip(),
        created_by=actor,
        submit_key=(submit_key or "")[:40],
    )
    if activity.outcome:
        activity.outcome_by, activity.outcome_at = actor, timezone.now()
    _save_new(activity)
    activity.participants.set(guests)
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(activity, {"Cơ quan tham gia": "; ".join(a.name for a in guests)}),
        summary=f"Ghi hoạt động phối hợp: {activity.get_kind_display()}",
    )
    _announce(activity, guests, "ghi hoạt động phối hợp")
    return activity


def _locked(activity: Activity) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    check_province_alive(locked.province, today())
    return locked


@transaction.atomic
def record_outcome(activity: Activity, *, actor, outcome: str, expected_version: int) -> Activity:
    """COO-1 outcome, COO-2 minutes, COO-3 report. A change made meanwhile by another person is not overwritten."""
    activity = _locked(activity)
    if activity.version != expected_version:
        raise UserError("Kết quả vừa được người khác cập nhật. Hãy tải lại trang để xem rồi ghi lại.")
    text = (outcome or "").strip()
    if not text:
        raise UserError("Hãy nhập kết quả, biên bản.")
    before = audit.snapshot(activity)
    activity.outcome, activity.outcome_by, activity.outcome_at = text, actor, timezone.now()
    activity.version += 1
    activity.save(update_fields=["outcome", "outcome_by", "outcome_at", "version"])
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.UPDATE,
        province=activity.province,
        before=before,
        after=audit.snapshot(activity),
        summary="Ghi kết quả, biên bản",
    )
    return activity


@transaction.atomic
def add_document(
    activity: Activity, *, actor, summary: str, number: str = "", issued_on: dt.date | None = None, upload=None
) -> ActivityDocument:
    """COO-1: a document of the activity (invitation, minutes, comments, report), its file bounded (SEC-4)."""
    activity = _locked(activity)
    summary = _clean(summary)
    if not summary:
        raise UserError("Hãy nhập trích yếu của tài liệu.")
    file_name = check_upload(upload) if upload is not None else ""
    document = ActivityDocument(
        activity=activity,
        number=_clean(number)[:60],
        issued_on=issued_on,
        summary=summary[:500],
        file_name=file_name,
        uploaded_by=actor,
    )
    if upload is not None:
        document.file.save(file_name, upload, save=False)
    document.save()
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.ADD,
        province=activity.province,
        after=audit.snapshot(document),
        summary=f"Thêm tài liệu: {document}",
    )
    return document


@transaction.atomic
def add_conclusion(
    activity: Activity, *, actor, text: str, lead: Agency | None = None, deadline: dt.date | None = None
) -> Conclusion:
    """COO-2: a conclusion with its lead agency and deadline."""
    activity = _locked(activity)
    text = (text or "").strip()
    if not text:
        raise UserError("Hãy nhập nội dung kết luận.")
    on = today()
    if lead is not None:
        if lead.province_id != activity.province_id:
            raise UserError(f"{lead.name} không thuộc {activity.province.title}.")
        if not lead.is_active_on(on):
            raise UserError(f"{lead.name} không còn hoạt động; hãy chọn cơ quan kế thừa.")
    if deadline is not None and deadline < activity.held_on:
        held = format_date(activity.held_on)
        raise UserError(f"Thời hạn ({format_date(deadline)}) không được trước ngày họp ({held}).")
    conclusion = Conclusion.objects.create(
        activity=activity,
        text=text[:2000],
        lead=lead,
        deadline=deadline,
        order=activity.conclusions.count() + 1,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.ADD,
        province=activity.province,
        after=audit.snapshot(conclusion),
        summary=f"Thêm kết luận {conclusion.order}",
    )
    return conclusion


@transaction.atomic
def conclusion_to_task(conclusion: Conclusion, *, actor, plan: Plan):
    """COO-2: the conclusion becomes a task of the plan: its text the title, its lead the lead, its deadline the
    milestone. Once only (the conclusion row is locked, and its one-to-one column backs it: SEC-5)."""
    conclusion = (
        Conclusion.objects.select_for_update(of=("self",))
        .select_related("activity__province", "lead")
        .get(pk=conclusion.pk)
    )
    activity = conclusion.activity
    check_province_alive(activity.province, today())
    if conclusion.task_id:
        task = conclusion.task
        raise UserError(f"Kết luận này đã thành nhiệm vụ của kế hoạch «{task.plan.title}»; không tạo thêm.")
    if plan.province_id != activity.province_id:
        raise UserError("Kế hoạch phải thuộc cùng tỉnh với cuộc họp.")
    if not can(actor, "plans.edit_plan", plan):
        raise UserError(f"Bạn không có quyền thêm nhiệm vụ vào kế hoạch «{plan.title}».")
    if not plan.is_editable:
        raise UserError(
            f"Kế hoạch «{plan.title}» đã ban hành, không sửa trực tiếp (PLAN-6); hãy bắt đầu điều chỉnh kế hoạch "
            "rồi chuyển kết luận vào kế hoạch đang điều chỉnh, hoặc chọn một dự thảo."
        )
    if conclusion.lead is None:
        raise UserError("Kết luận chưa có cơ quan chủ trì; mỗi nhiệm vụ cần đúng một cơ quan chủ trì (REG-3).")
    source = f"{activity.title} ({format_date(activity.held_on)})"
    task, warnings = plan_services.add_task(
        plan,
        actor=actor,
        data=plan_services.TaskInput(
            title=conclusion.text,
            lead=conclusion.lead,
            products=(f"Thực hiện kết luận {source}"[:300],),
            time_text=format_date(conclusion.deadline) if conclusion.deadline else "",
        ),
    )
    before = audit.snapshot(conclusion)
    conclusion.task, conclusion.tasked_by, conclusion.tasked_at = task, actor, timezone.now()
    conclusion.save(update_fields=["task", "tasked_by", "tasked_at"])
    audit.record(
        actor=actor,
        obj=activity,
        action=AuditEntry.Action.UPDATE,
        province=activity.province,
        before=before,
        after=audit.snapshot(conclusion),
        summary=f"Kết luận {conclusion.order} thành nhiệm vụ của kế hoạch «{plan.title}»",
    )
    return task, warnings
