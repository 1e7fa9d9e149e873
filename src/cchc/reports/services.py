"""Every write of periodic reports (RPT-1, RPT-3): open a cycle, prepare and submit an agency's report, return it,
remind the missing, consolidate. Each is one transaction, audited, and refuses bad input with a Vietnamese
message (UserError) having changed nothing.

Time rules: a report sent after the due date is accepted and marked late by the server's clock, in
Asia/Ho_Chi_Minh (RPT-1). A submitted version is never edited; returned, it is revised as a new version.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cchc.agencies.models import Agency, AgencyKind
from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError, constraint_message
from cchc.core.models import AuditEntry, Province
from cchc.core.notify import notify
from cchc.core.succession import refuse_if_ended
from cchc.regulation import routing
from cchc.reports import calendar, consolidate, prefill, queries
from cchc.reports import template as default_template
from cchc.reports.models import (
    ONE_OPEN_DRAFT,
    ONE_PERIODIC_CYCLE,
    ONE_STANDING_SUBMISSION,
    ONE_VERSION_NUMBER,
    CycleKind,
    Indicator,
    IndicatorKind,
    ReportCycle,
    ReportSection,
    ReportSettings,
    ReportSubmission,
)

CLOSED = "Kỳ báo cáo đã được tổng hợp; không nhận thêm thay đổi."
VALUE_MAX = Decimal("9999999999.99")
TEXT_MAX = 20000


def lead_days(province: Province) -> int:
    settings = ReportSettings.objects.filter(province=province).first()
    return settings.agency_lead_days if settings else calendar.DEFAULT_LEAD_DAYS


def _refuse_ended(province: Province) -> None:
    """ORG-5: nothing is written to a province that merged into another."""
    refuse_if_ended(province, today())


def default_agencies(province: Province, on: dt.date):
    """The agencies asked by default: every agency existing on the day except UBND tỉnh (which receives)."""
    return Agency.objects.filter(province=province).active_on(on).exclude(kind=AgencyKind.PROVINCIAL_COMMITTEE)


def _copy_template(cycle: ReportCycle) -> None:
    sections = {}
    for order, (code, title, guidance, problems) in enumerate(default_template.SECTIONS):
        sections[code] = ReportSection.objects.create(
            cycle=cycle, code=code, title=title, guidance=guidance, problems=problems, order=order
        )
    made = {}
    for order, (code, section, name, unit, kind, rule, source, num, den) in enumerate(default_template.INDICATORS):
        made[code] = Indicator.objects.create(
            cycle=cycle,
            section=sections[section],
            code=code,
            name=name,
            unit=unit,
            kind=kind,
            rule=rule,
            source=source,
            numerator=made.get(num),
            denominator=made.get(den),
            order=order,
        )


@transaction.atomic
def open_cycle(
    province: Province,
    *,
    kind: str,
    year: int,
    actor,
    agencies=None,
    due_date: dt.date | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    title: str = "",
    link: str = "",
) -> ReportCycle:
    """RPT-1: Sở Nội vụ opens a reporting round: the Ministry's period for a periodic kind (an ad hoc one takes its
    own), the due date (the province's deadline less its lead days, unless typed), the agencies in scope and a
    copy of the default template. The agencies asked are told."""
    _refuse_ended(province)
    on = today()
    if kind not in CycleKind.values:
        raise UserError("Kỳ báo cáo không hợp lệ.")
    if not 2000 <= year <= 2100:
        raise UserError("Năm báo cáo phải từ 2000 đến 2100.")
    if kind == calendar.AD_HOC:
        if period_start is None or period_end is None or due_date is None:
            raise UserError("Báo cáo đột xuất cần thời gian lấy số liệu (từ ngày, đến ngày) và hạn gửi.")
    else:
        start, end = calendar.period(kind, year)
        period_start, period_end = period_start or start, period_end or end
        due_date = due_date or calendar.agency_due_date(kind, year, lead_days(province))
    if period_end < period_start:
        raise UserError("Ngày kết thúc kỳ số liệu phải sau ngày bắt đầu.")
    if due_date < on:
        raise UserError(f"Hạn gửi {format_date(due_date)} đã qua; hãy nhập hạn khác.")
    agencies = list(default_agencies(province, on) if agencies is None else agencies)
    if not agencies:
        raise UserError("Hãy chọn ít nhất một cơ quan báo cáo.")
    if any(a.province_id != province.pk for a in agencies):
        raise UserError("Cơ quan báo cáo phải thuộc tỉnh.")
    if any(a.has_ended_by(on) for a in agencies):
        raise UserError("Không thể yêu cầu cơ quan đã giải thể, sáp nhập báo cáo.")
    taken = f"Đã mở kỳ báo cáo {CycleKind(kind).label} năm {year}."
    if kind != calendar.AD_HOC and ReportCycle.objects.filter(province=province, kind=kind, year=year).exists():
        raise UserError(taken)
    with constraint_message({ONE_PERIODIC_CYCLE: taken}, default=taken):
        cycle = ReportCycle.objects.create(
            province=province,
            kind=kind,
            year=year,
            title=(title or calendar.title(kind, year))[:300],
            period_start=period_start,
            period_end=period_end,
            due_date=due_date,
            opened_by=actor,
        )
    cycle.agencies.set(agencies)
    _copy_template(cycle)
    audit.record(
        actor=actor,
        obj=cycle,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(cycle),
        summary=f"Yêu cầu {len(agencies)} cơ quan gửi báo cáo trước {format_date(due_date)}",
    )
    notify(
        agencies,
        province=province,
        subject=cycle.title,
        link=link,
        message=f"Đề nghị gửi {cycle.title[0].lower()}{cycle.title[1:]} (số liệu từ {format_date(period_start)} "
        f"đến {format_date(period_end)}) trước ngày {format_date(due_date)}.",
    )
    return cycle


def _locked_cycle(cycle: ReportCycle) -> ReportCycle:
    return ReportCycle.objects.select_for_update().select_related("province").get(pk=cycle.pk)


def _check_agency(cycle: ReportCycle, agency: Agency) -> None:
    _refuse_ended(cycle.province)
    if not cycle.agencies.filter(pk=agency.pk).exists():
        raise UserError(f"{agency.name} không thuộc các cơ quan phải gửi báo cáo kỳ này.")
    if not cycle.is_open:
        raise UserError(CLOSED)
    if agency.has_ended_by(today()):
        raise UserError(f"{agency.name} đã kết thúc hoạt động; không ghi thêm báo cáo (ORG-5).")


def _prefilled_values(cycle: ReportCycle, figures: dict) -> dict:
    return {i.code: str(figures[i.source]) for i in cycle.indicators.all() if i.source in figures}


@transaction.atomic
def prepare(cycle: ReportCycle, agency: Agency, *, actor) -> ReportSubmission:
    """The agency's draft: the one it is writing, or a new one. The first version opens prefilled with what the
    system knows (prefill.gather); a revision after a return starts from the returned version's content, with the
    system's figures brought up to date."""
    cycle = _locked_cycle(cycle)
    _check_agency(cycle, agency)
    versions = list(ReportSubmission.objects.select_for_update().filter(cycle=cycle, agency=agency).order_by("version"))
    latest = versions[-1] if versions else None
    if latest is not None and latest.status == ReportSubmission.Status.DRAFT:
        return latest
    if latest is not None and latest.status == ReportSubmission.Status.SUBMITTED:
        raise UserError("Báo cáo đã được gửi; chỉ soạn lại khi cơ quan thường trực trả lại.")
    gathered = prefill.gather(agency, cycle)
    if latest is None:
        values = _prefilled_values(cycle, gathered["figures"])
        first = cycle.sections.order_by("order", "id").first()
        texts = {}
        summary = prefill.task_text(gathered)
        if first is not None and summary:
            texts[first.code] = "Kết quả thực hiện nhiệm vụ được giao chủ trì:\n" + summary
        area_texts = {a["code"]: "" for a in gathered["areas"]}
    else:
        values = {**latest.values, **_prefilled_values(cycle, gathered["figures"])}
        texts, area_texts = dict(latest.texts), dict(latest.area_texts)
    with constraint_message({ONE_OPEN_DRAFT: "Cơ quan đang soạn báo cáo kỳ này.", ONE_VERSION_NUMBER: "Xin thử lại."}):
        draft = ReportSubmission.objects.create(
            cycle=cycle,
            agency=agency,
            version=(latest.version + 1) if latest else 1,
            values=values,
            texts=texts,
            area_texts=area_texts,
            prefill=gathered,
            created_by=actor,
        )
    audit.record(
        actor=actor,
        obj=draft,
        action=AuditEntry.Action.CREATE,
        province=cycle.province,
        after=audit.snapshot(draft),
        summary=f"Soạn báo cáo (lần {draft.version})",
    )
    return draft


def clean_values(cycle: ReportCycle, raw: dict) -> dict:
    """The typed figures, checked: a number within bounds (≥ 0), "có"/"không" for a yes/no indicator; a
    percentage is not typed, it follows from its numerator and denominator."""
    cleaned = {}
    for indicator in cycle.indicators.all():
        if indicator.is_percent:
            continue
        text = str(raw.get(indicator.code, "") or "").strip()[:30]
        if text == "":
            cleaned[indicator.code] = ""
        elif indicator.kind == IndicatorKind.YES_NO:
            answer = consolidate.to_yes(text)
            if text.lower() not in {"1", "0", "true", "false", "yes", "no", "có", "không", "co", "khong"}:
                raise UserError(f"Chỉ số {indicator.code}: chọn «Có» hoặc «Không».")
            cleaned[indicator.code] = "1" if answer else "0"
        else:
            number = consolidate.to_decimal(text)
            if number is None or number < 0 or number > VALUE_MAX:
                raise UserError(f"Chỉ số {indicator.code} ({indicator.name}): nhập một số không âm.")
            cleaned[indicator.code] = format(number.normalize(), "f")
    for indicator in cycle.indicators.all():
        if indicator.is_percent and indicator.numerator_id and indicator.denominator_id:
            num = consolidate.to_decimal(cleaned.get(indicator.numerator.code))
            den = consolidate.to_decimal(cleaned.get(indicator.denominator.code))
            if num is not None and den is not None and num > den:
                raise UserError(
                    f"Chỉ số {indicator.numerator.code} không thể lớn hơn chỉ số {indicator.denominator.code} "
                    f"({indicator.name})."
                )
    return cleaned


def _bounded_texts(raw: dict, codes) -> dict:
    texts = {}
    for code in codes:
        text = str(raw.get(code, "") or "")
        if len(text) > TEXT_MAX:
            raise UserError(f"Nội dung mục {code} dài quá {TEXT_MAX} ký tự.")
        texts[code] = text
    return texts


@transaction.atomic
def save_draft(
    submission: ReportSubmission, *, actor, values: dict, texts: dict, area_texts: dict | None = None
) -> ReportSubmission:
    """The agency's focal officer or leader saves the draft (never a submitted version)."""
    submission = (
        ReportSubmission.objects.select_for_update().select_related("cycle__province", "agency").get(pk=submission.pk)
    )
    cycle = submission.cycle
    _check_agency(cycle, submission.agency)
    if not submission.is_draft:
        raise UserError("Báo cáo đã gửi không sửa được; cơ quan thường trực trả lại thì soạn lần mới.")
    before = audit.snapshot(submission)
    submission.values = clean_values(cycle, {**submission.values, **values})  # a figure not sent stays
    submission.texts = _bounded_texts(texts, cycle.sections.values_list("code", flat=True))
    submission.area_texts = _bounded_texts(area_texts or {}, submission.area_texts.keys())
    submission.save()
    audit.record(
        actor=actor,
        obj=submission,
        action=AuditEntry.Action.UPDATE,
        province=cycle.province,
        before=before,
        after=audit.snapshot(submission),
        summary="Lưu dự thảo báo cáo",
    )
    return submission


@transaction.atomic
def submit(submission: ReportSubmission, *, actor, link: str = "") -> tuple[ReportSubmission, bool]:
    """The agency's leader sends the draft. After the due date it is accepted and marked late, by the server's
    clock in local time. A second click finds it sent already and sends nothing more: (submission, False)."""
    submission = (
        ReportSubmission.objects.select_for_update().select_related("cycle__province", "agency").get(pk=submission.pk)
    )
    cycle = submission.cycle
    if submission.status == ReportSubmission.Status.SUBMITTED:
        return submission, False
    _check_agency(cycle, submission.agency)
    if not submission.is_draft:
        raise UserError("Phiên bản này đã bị trả lại; hãy soạn lại báo cáo.")
    before = audit.snapshot(submission)
    now = timezone.now()
    submission.status = ReportSubmission.Status.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, actor
    submission.late = timezone.localdate(now) > cycle.due_date
    with constraint_message({ONE_STANDING_SUBMISSION: "Báo cáo đã được gửi."}, default="Báo cáo đã được gửi."):
        submission.save()
    audit.record(
        actor=actor,
        obj=submission,
        action=AuditEntry.Action.UPDATE,
        province=cycle.province,
        before=before,
        after=audit.snapshot(submission),
        summary=f"Gửi báo cáo (lần {submission.version}){' muộn' if submission.late else ''}",
    )
    standing = routing.standing_agency_for_permissions(cycle.province, today())
    if standing is not None:
        notify(
            [standing],
            province=cycle.province,
            subject=cycle.title,
            link=link,
            message=f"{submission.agency.name} đã gửi {cycle.title[0].lower()}{cycle.title[1:]}"
            f"{' (muộn hạn)' if submission.late else ''}.",
        )
    return submission, True


@transaction.atomic
def return_submission(submission: ReportSubmission, *, actor, comment: str, link: str = "") -> ReportSubmission:
    """RPT-3: Sở Nội vụ returns a submitted report for revision with a comment; the version stays as it was sent."""
    comment = " ".join(str(comment or "").split())
    if not comment:
        raise UserError("Hãy ghi lý do trả lại báo cáo.")
    if len(comment) > 1000:
        raise UserError("Lý do trả lại dài quá 1000 ký tự.")
    submission = (
        ReportSubmission.objects.select_for_update().select_related("cycle__province", "agency").get(pk=submission.pk)
    )
    cycle = submission.cycle
    _refuse_ended(cycle.province)
    if not cycle.is_open:
        raise UserError(CLOSED)
    if submission.status != ReportSubmission.Status.SUBMITTED:
        raise UserError("Chỉ trả lại báo cáo đã gửi (báo cáo này đã được trả lại hoặc chưa gửi).")
    before = audit.snapshot(submission)
    submission.status = ReportSubmission.Status.RETURNED
    submission.returned_at, submission.returned_by, submission.return_comment = timezone.now(), actor, comment
    submission.save(update_fields=["status", "returned_at", "returned_by", "return_comment", "updated_at"])
    audit.record(
        actor=actor,
        obj=submission,
        action=AuditEntry.Action.UPDATE,
        province=cycle.province,
        before=before,
        after=audit.snapshot(submission),
        summary=f"Trả lại báo cáo: {comment[:200]}",
    )
    notify(
        [submission.agency],
        province=cycle.province,
        subject=cycle.title,
        link=link,
        message=f"Báo cáo của {submission.agency.name} được trả lại để hoàn thiện: {comment}",
    )
    return submission


@transaction.atomic
def remind_missing(cycle: ReportCycle, *, actor, link: str = "") -> int:
    """RPT-3: one click reminds the agencies that have not sent a standing report (missing, drafting, returned);
    the number of agencies reminded."""
    cycle = _locked_cycle(cycle)
    _refuse_ended(cycle.province)
    if not cycle.is_open:
        raise UserError(CLOSED)
    missing = [row.agency for row in queries.board(cycle) if not row.has_standing_report]
    if not missing:
        raise UserError("Tất cả cơ quan đã gửi báo cáo.")
    notify(
        missing,
        province=cycle.province,
        subject=cycle.title,
        link=link,
        message=f"Nhắc gửi {cycle.title[0].lower()}{cycle.title[1:]}: hạn {format_date(cycle.due_date)}.",
    )
    audit.record(
        actor=actor,
        obj=cycle,
        action=AuditEntry.Action.UPDATE,
        province=cycle.province,
        summary=f"Nhắc {len(missing)} cơ quan chưa gửi báo cáo",
    )
    return len(missing)


@transaction.atomic
def mark_consolidated(cycle: ReportCycle, *, actor) -> ReportCycle:
    """RPT-3: Sở Nội vụ closes the cycle: the province's report is consolidated from the standing reports; no
    report is returned or received after this."""
    cycle = _locked_cycle(cycle)
    _refuse_ended(cycle.province)
    if not cycle.is_open:
        raise UserError("Kỳ báo cáo đã được tổng hợp.")
    if not ReportSubmission.objects.filter(cycle=cycle, status=ReportSubmission.Status.SUBMITTED).exists():
        raise UserError("Chưa có cơ quan nào gửi báo cáo để tổng hợp.")
    before = audit.snapshot(cycle)
    cycle.status = ReportCycle.Status.CONSOLIDATED
    cycle.consolidated_at, cycle.consolidated_by = timezone.now(), actor
    cycle.save(update_fields=["status", "consolidated_at", "consolidated_by"])
    audit.record(
        actor=actor,
        obj=cycle,
        action=AuditEntry.Action.UPDATE,
        province=cycle.province,
        before=before,
        after=audit.snapshot(cycle),
        summary="Tổng hợp báo cáo của tỉnh",
    )
    return cycle


@transaction.atomic
def set_lead_days(province: Province, *, days: int, actor) -> ReportSettings:
    """RPT-1: how many days before the province's deadline to the Ministry its agencies report (0–19); cycles
    opened afterwards take it, those already open keep their due date."""
    _refuse_ended(province)
    if not isinstance(days, int) or not 0 <= days <= 19:
        raise UserError("Số ngày gửi trước hạn của tỉnh phải từ 0 đến 19.")
    settings, _ = ReportSettings.objects.select_for_update().get_or_create(province=province)
    before = audit.snapshot(settings)
    settings.agency_lead_days = days
    settings.save()
    audit.record(
        actor=actor,
        obj=settings,
        action=AuditEntry.Action.UPDATE,
        province=province,
        before=before,
        after=audit.snapshot(settings),
        summary=f"Các cơ quan gửi báo cáo trước hạn của tỉnh {days} ngày",
    )
    return settings


@transaction.atomic
def add_indicator(
    cycle: ReportCycle,
    *,
    actor,
    section_code: str,
    code: str,
    name: str,
    unit: str = "",
    kind: str = IndicatorKind.NUMBER,
    rule: str = consolidate.SUM,
    numerator_code: str = "",
    denominator_code: str = "",
) -> Indicator:
    """RPT-1, RPT-3: Sở Nội vụ adds an indicator to an open cycle's template, with how it consolidates. A number
    sums, averages, or takes the min or max; a yes/no counts the "yes"; a percentage names the two number
    indicators it is computed from (never averaged)."""
    cycle = _locked_cycle(cycle)
    _refuse_ended(cycle.province)
    if not cycle.is_open:
        raise UserError(CLOSED)
    code, name, unit = code.strip()[:20], " ".join(name.split())[:300], unit.strip()[:40]
    if not code or not name:
        raise UserError("Hãy nhập mã và tên chỉ số.")
    if cycle.indicators.filter(code=code).exists():
        raise UserError(f"Đã có chỉ số mã {code} trong kỳ báo cáo này.")
    section = cycle.sections.filter(code=section_code).first()
    if section is None:
        raise UserError("Hãy chọn một đề mục của báo cáo.")
    numerator = denominator = None
    if kind == IndicatorKind.PERCENT:
        numbers = {i.code: i for i in cycle.indicators.filter(kind=IndicatorKind.NUMBER)}
        numerator, denominator = numbers.get(numerator_code.strip()), numbers.get(denominator_code.strip())
        if numerator is None or denominator is None or numerator == denominator:
            raise UserError("Chỉ số tỷ lệ cần hai chỉ số dạng số khác nhau làm tử số và mẫu số.")
        rule = consolidate.RATIO
    elif kind == IndicatorKind.YES_NO:
        rule = consolidate.COUNT_YES
    elif kind == IndicatorKind.NUMBER:
        if rule not in (consolidate.SUM, consolidate.AVERAGE, consolidate.MIN, consolidate.MAX):
            raise UserError("Chỉ số dạng số tổng hợp bằng cộng, trung bình, nhỏ nhất hoặc lớn nhất.")
    else:
        raise UserError("Loại chỉ số không hợp lệ.")
    last = cycle.indicators.order_by("-order").first()
    indicator = Indicator.objects.create(
        cycle=cycle,
        section=section,
        code=code,
        name=name,
        unit=unit,
        kind=kind,
        rule=rule,
        numerator=numerator,
        denominator=denominator,
        order=(last.order + 1) if last else 0,
    )
    audit.record(
        actor=actor,
        obj=cycle,
        action=AuditEntry.Action.ADD,
        province=cycle.province,
        summary=f"Thêm chỉ số {code}. {name} ({consolidate.RULE_LABELS[rule]})",
    )
    return indicator
