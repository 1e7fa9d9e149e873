"""The yearly planning cycle (PLAN-4, PLAN-5), issuing, adjustment (PLAN-6) and agency plans (PLAN-7).

Who is asked, who comments and who receives an agency plan come only from the routing service (REG-4).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cchc.agencies.models import Agency
from cchc.agencies.queries import default_issuer
from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError, constraint_message
from cchc.core.models import AuditEntry, Province
from cchc.core.notify import notify
from cchc.plans import alignment, queries, services, versions
from cchc.plans.bounds import check_signed_on
from cchc.plans.models import (
    ONE_CALL_PER_YEAR,
    CallRecipient,
    Comment,
    Consultation,
    Plan,
    PlanKind,
    PlanStatus,
    Proposal,
    ProposalCall,
    Task,
)
from cchc.regulation import routing
from cchc.regulation.routing import NoRegulationInForce


def _routed(call):
    try:
        return call()
    except NoRegulationInForce as exc:
        # ORG-5: a merged province's work goes on under its successor's regulation, not a new one of its own.
        advice = "" if routing.has_ended(exc.province, exc.on) else " Hãy ban hành quy chế phối hợp trước."
        raise UserError(f"{exc}{advice}") from exc


# --- PLAN-4: the call for proposals ------------------------------------------------------------------------


def call_taken(year: int) -> str:
    return f"Đã mở đợt đề xuất nhiệm vụ cho kế hoạch năm {year}."


@transaction.atomic
def open_call(
    province: Province,
    *,
    year: int,
    actor,
    on: dt.date,
    deadline: dt.date | None = None,
    message: str = "",
    link: str = "",
) -> ProposalCall:
    """Ask the agencies the regulation names for proposed tasks of the `year` plan, by its deadline."""
    taken = call_taken(year)
    if ProposalCall.objects.filter(province=province, year=year).exists():
        raise UserError(taken)
    routes = _routed(lambda: routing.route_proposal_requests(province, on))
    if not routes:
        raise UserError("Quy chế phối hợp không nêu cơ quan nào gửi đề xuất nhiệm vụ (nội dung «plan-proposals»).")
    regulation = routing.regulation_in_force(province, on)
    regulation_date = routing.proposal_deadline(province, year - 1, on)
    if deadline is None:
        if regulation_date is None:
            raise UserError("Quy chế không quy định hạn gửi đề xuất; hãy nhập hạn.")
        if regulation_date < on:
            raise UserError(
                f"Hạn theo quy chế ({regulation_date:%d/%m}) đã qua; hãy nhập hạn mới (dd/mm/yyyy) "
                f"cho đợt đề xuất kế hoạch năm {year}."
            )
        deadline = regulation_date
    if deadline < on:
        raise UserError(f"Hạn gửi đề xuất {format_date(deadline)} đã qua.")
    # U-1: "theo quy chế" only when the date is the regulation's; a date typed by hand has no article.
    article = regulation.proposal_deadline_article if deadline == regulation_date else ""
    # SEC-5: two officers (or a double click) opening the call at once pass the check above together; the
    # database's unique constraint lets one in and the other gets the same message.
    with constraint_message({ONE_CALL_PER_YEAR: taken}):
        call = ProposalCall.objects.create(
            province=province, year=year, deadline=deadline, deadline_article=article, message=message, opened_by=actor
        )
    for route in routes:
        CallRecipient.objects.create(call=call, agency=route.agency, article=route.article)
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(call),
        summary=f"Đề nghị {len(routes)} cơ quan gửi đề xuất trước {format_date(deadline)}",
    )
    notify(
        [r.agency for r in routes],
        province=province,
        subject=str(call),
        link=link,
        message=f"{regulation.standing_agency.current(on).name} đề nghị gửi đề xuất nhiệm vụ cải cách hành chính "
        f"năm {year} trước ngày "
        f"{format_date(deadline)}{f' ({article})' if article else ''}.",
    )
    return call


def open_calls_for(agencies) -> list[tuple[ProposalCall, CallRecipient]]:
    rows = CallRecipient.objects.filter(
        agency__in=list(agencies), call__status=ProposalCall.Status.OPEN
    ).select_related("call", "agency")
    return [(r.call, r) for r in rows]


def _may_submit(recipient: CallRecipient, on: dt.date) -> bool:
    limit = max(d for d in (recipient.call.deadline, recipient.reopened_until) if d)
    return on <= limit


def deadline_basis(call: ProposalCall) -> str:
    """U-1: "theo quy chế, Đ6.2a" when the call's deadline is the date the regulation sets for that year, else ""."""
    if not call.deadline_article:
        return ""
    opened = timezone.localdate(call.opened_at) if call.opened_at else call.deadline
    try:
        regulation_date = routing.proposal_deadline(call.province, call.year - 1, opened)
    except NoRegulationInForce:
        return ""
    return f"theo quy chế, {call.deadline_article}" if regulation_date == call.deadline else ""


def regulation_deadline_hint(province: Province, year: int, on: dt.date) -> str:
    """What the call form says of a blank deadline: the regulation's date, or that it has passed (U-1)."""
    try:
        regulation_date = routing.proposal_deadline(province, year - 1, on)
    except NoRegulationInForce:
        return "Chưa có quy chế phối hợp; hãy nhập hạn."
    if regulation_date is None:
        return "Quy chế không quy định hạn gửi đề xuất; hãy nhập hạn."
    if regulation_date < on:
        return f"Hạn theo quy chế ({regulation_date:%d/%m}) đã qua; hãy nhập hạn mới."
    return f"Để trống: theo quy chế, hạn {format_date(regulation_date)}."


def silent_recipients(call: ProposalCall, on: dt.date) -> list[CallRecipient]:
    """PLAN-4: agencies asked by the call that have sent nothing (a withdrawn proposal counts as nothing) and may
    still send: their deadline (or the date Sở Nội vụ reopened it to) has not passed."""
    sent = set(call.proposals.exclude(status=Proposal.Status.WITHDRAWN).values_list("agency_id", flat=True))
    recipients = call.recipients.select_related("agency", "call")
    return [r for r in recipients if r.agency_id not in sent and _may_submit(r, on)]


def _coordinators(call_or_plan_province_id, lead, agencies, groups) -> tuple[tuple, tuple]:
    """REG-3: coordinators of the province, never the lead itself."""
    agencies, groups = tuple(agencies), tuple(groups)
    if any(p.province_id != call_or_plan_province_id for p in (*agencies, *groups)):
        raise UserError("Cơ quan phối hợp phải thuộc tỉnh.")
    if lead in agencies:
        raise UserError(f"{lead.name} đã là cơ quan chủ trì nên không thể đồng thời là cơ quan phối hợp.")
    return agencies, groups


def _coordinator_names(proposal: Proposal) -> str:
    names = [a.name for a in proposal.coordinator_agencies.all()] + [g.name for g in proposal.coordinator_groups.all()]
    return "; ".join(names)


@transaction.atomic
def submit_proposal(
    call: ProposalCall,
    *,
    agency: Agency,
    actor,
    on: dt.date,
    title: str,
    lead: Agency,
    area_id=None,
    products=(),
    coordinators_text="",
    time_text="",
    coordinator_agencies=(),
    coordinator_groups=(),
) -> Proposal:
    """An agency the call names proposes a task before the deadline, unless Sở Nội vụ reopened it for them."""
    call = ProposalCall.objects.select_for_update().get(pk=call.pk)
    recipient = call.recipients.filter(agency=agency).select_related("call").first()
    if recipient is None:
        raise UserError(f"{agency.name} không thuộc các cơ quan được đề nghị gửi đề xuất.")
    if call.status != ProposalCall.Status.OPEN:
        raise UserError("Cơ quan thường trực CCHC đã tổng hợp các đề xuất; đợt đề xuất đã đóng.")
    if not _may_submit(recipient, on):
        raise UserError(
            f"Đã quá hạn gửi đề xuất ({format_date(call.deadline)}). Hãy đề nghị cơ quan thường trực CCHC mở lại "
            f"cho cơ quan nếu cần gửi muộn."
        )
    if not title.strip():
        raise UserError("Cần nhập nhiệm vụ đề xuất.")
    if lead.province_id != call.province_id:
        raise UserError("Cơ quan chủ trì phải thuộc tỉnh.")
    if call.proposals.filter(agency=agency, title=title.strip(), status=Proposal.Status.SUBMITTED).exists():
        raise UserError("Đề xuất này đã được gửi (có thể do bấm gửi hai lần).")
    coordinator_agencies, coordinator_groups = _coordinators(
        call.province_id, lead, coordinator_agencies, coordinator_groups
    )
    proposal = Proposal.objects.create(
        call=call,
        agency=agency,
        title=title.strip(),
        area_id=area_id,
        products=[p for p in products if p],
        lead=lead,
        coordinators_text=coordinators_text.strip(),
        time_text=time_text.strip(),
        submitted_by=actor,
    )
    proposal.coordinator_agencies.set(coordinator_agencies)
    proposal.coordinator_groups.set(coordinator_groups)
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.ADD,
        province=call.province,
        after=_proposal_snapshot(proposal),
        summary=f"{agency.name} gửi đề xuất",
    )
    return proposal


def _proposal_snapshot(proposal: Proposal) -> dict:
    return {**audit.snapshot(proposal), "Cơ quan phối hợp": _coordinator_names(proposal)}


def _lock_own_proposal(proposal: Proposal, on: dt.date) -> tuple[ProposalCall, Proposal]:
    """The call and the proposal, locked; refused once the call is consolidated, the agency's deadline has passed
    or Sở Nội vụ has decided against it."""
    call = ProposalCall.objects.select_for_update().get(pk=proposal.call_id)
    proposal = Proposal.objects.select_for_update().select_related("agency").get(pk=proposal.pk)
    if call.status != ProposalCall.Status.OPEN:
        raise UserError("Cơ quan thường trực CCHC đã tổng hợp các đề xuất; không sửa, rút đề xuất được nữa.")
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise UserError("Đề xuất này đã được rút.")
    if proposal.status == Proposal.Status.REJECTED:
        raise UserError("Cơ quan thường trực CCHC đã không tiếp nhận đề xuất này; hãy gửi một đề xuất mới nếu cần.")
    recipient = call.recipients.filter(agency=proposal.agency_id).select_related("call").first()
    if recipient is None or not _may_submit(recipient, on):
        raise UserError(f"Đã quá hạn gửi đề xuất ({format_date(call.deadline)}); không sửa, rút đề xuất được nữa.")
    return call, proposal


@transaction.atomic
def edit_proposal(
    proposal: Proposal,
    *,
    actor,
    on: dt.date,
    title: str,
    lead: Agency,
    area_id=None,
    products=(),
    time_text="",
    coordinator_agencies=(),
    coordinator_groups=(),
) -> Proposal:
    """PLAN-4: the proposing agency corrects its proposal while the call is open and before its deadline. An
    accepted proposal, once changed, waits for Sở Nội vụ to decide again."""
    call, proposal = _lock_own_proposal(proposal, on)
    if not title.strip():
        raise UserError("Cần nhập nhiệm vụ đề xuất.")
    if lead.province_id != call.province_id:
        raise UserError("Cơ quan chủ trì phải thuộc tỉnh.")
    coordinator_agencies, coordinator_groups = _coordinators(
        call.province_id, lead, coordinator_agencies, coordinator_groups
    )
    before = _proposal_snapshot(proposal)
    proposal.title, proposal.lead, proposal.area_id = title.strip(), lead, area_id
    proposal.products, proposal.time_text = [p for p in products if p], time_text.strip()
    proposal.status, proposal.decision_note = Proposal.Status.SUBMITTED, ""
    proposal.save()
    proposal.coordinator_agencies.set(coordinator_agencies)
    proposal.coordinator_groups.set(coordinator_groups)
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.UPDATE,
        province=call.province,
        before=before,
        after=_proposal_snapshot(proposal),
        summary=f"{proposal.agency.name} sửa đề xuất",
    )
    return proposal


@transaction.atomic
def withdraw_proposal(proposal: Proposal, *, actor, on: dt.date) -> Proposal:
    """PLAN-4, U-3: the proposing agency withdraws its proposal before the deadline; it stays, marked withdrawn."""
    call, proposal = _lock_own_proposal(proposal, on)
    before = audit.snapshot(proposal)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.UPDATE,
        province=call.province,
        before=before,
        after=audit.snapshot(proposal),
        summary=f"{proposal.agency.name} rút đề xuất «{proposal.title[:80]}»",
    )
    return proposal


@transaction.atomic
def reopen_for(call: ProposalCall, *, agency: Agency, until: dt.date, actor, on: dt.date) -> CallRecipient:
    recipient = call.recipients.filter(agency=agency).first()
    if recipient is None:
        raise UserError(f"{agency.name} không thuộc các cơ quan được đề nghị gửi đề xuất.")
    if until < on:
        raise UserError("Ngày được gửi muộn phải từ hôm nay trở đi.")
    before = audit.snapshot(recipient)
    recipient.reopened_until = until
    recipient.save(update_fields=["reopened_until"])
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.UPDATE,
        province=call.province,
        before=before,
        after=audit.snapshot(recipient),
        summary=f"Mở lại cho {agency.name} đến {format_date(until)}",
    )
    notify(
        [agency],
        province=call.province,
        subject=str(call),
        message=f"Được gửi đề xuất nhiệm vụ CCHC năm {call.year} đến ngày {format_date(until)}.",
    )
    return recipient


@transaction.atomic
def decide_proposal(proposal: Proposal, *, accept: bool, note: str, actor) -> Proposal:
    """The standing agency accepts or rejects a proposal.

    After the call has been consolidated, a proposal accepted late is added to the consolidated draft as a task,
    as long as that draft is still a draft. Refusing the decision instead would be simpler, but the proposal
    would then never reach the plan unless someone retyped it; and a decision racing the consolidation (two
    officers of the standing agency) used to be recorded as "accepted" with no task at all. Both rows are locked
    (the call, then the draft) so a decision and a consolidation are applied one after the other.
    Once the draft has been sent for comments or issued, the decision is refused with a message: the agencies
    comment on the draft as it was sent (PLAN-5), and an issued plan changes only by adjustment (PLAN-6).
    A proposal already made a task of the draft is not un-accepted here: its task is removed from the draft."""
    call = ProposalCall.objects.select_for_update().get(pk=proposal.call_id)
    proposal = Proposal.objects.select_for_update().select_related("agency", "lead").get(pk=proposal.pk)
    if proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED, Proposal.Status.REJECTED):
        raise UserError("Đề xuất đã rút không thể xét.")
    draft = None
    if not call.is_open:
        if proposal.task_id:
            raise UserError(
                "Đề xuất này đã có trong dự thảo kế hoạch; nếu không tiếp nhận nữa, hãy gỡ nhiệm vụ khỏi dự thảo."
            )
        if accept:
            draft = Plan.objects.select_for_update().filter(pk=call.draft_plan_id).first()
            if draft is None:
                raise UserError("Dự thảo tổng hợp từ đợt đề xuất không còn; hãy thêm nhiệm vụ vào kế hoạch trực tiếp.")
            if draft.status == PlanStatus.CONSULTATION:
                raise UserError(
                    "Dự thảo kế hoạch đã được gửi lấy ý kiến nên không bổ sung đề xuất được nữa; "
                    "hãy đưa nhiệm vụ vào khi tiếp thu ý kiến góp ý."
                )
            if draft.status != PlanStatus.DRAFT:
                raise UserError(
                    "Kế hoạch đã được ban hành; nhiệm vụ mới chỉ được bổ sung bằng một lần điều chỉnh kế hoạch."
                )
    before = audit.snapshot(proposal)
    proposal.status = Proposal.Status.ACCEPTED if accept else Proposal.Status.REJECTED
    proposal.decision_note = note.strip()
    proposal.save(update_fields=["status", "decision_note"])
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.UPDATE,
        province=call.province,
        before=before,
        after=audit.snapshot(proposal),
        summary=f"Xét đề xuất của {proposal.agency.name}",
    )
    if draft is not None:
        codes = [int(c) for c in draft.tasks.values_list("code", flat=True) if c.isascii() and c.isdigit()]
        _task_from_proposal(draft, proposal, code=str(max(codes, default=0) + 1), actor=actor)
    return proposal


def _task_from_proposal(plan: Plan, proposal: Proposal, *, code: str, actor) -> Task:
    # REG-3: the proposal's coordinators become the task's, never its lead.
    coordinator_agencies = tuple(a for a in proposal.coordinator_agencies.all() if a.pk != proposal.lead_id)
    coordinator_groups = tuple(proposal.coordinator_groups.all())
    task, _ = services.add_task(
        plan,
        actor=actor,
        data=services.TaskInput(
            title=proposal.title,
            lead=proposal.lead,
            code=code,
            area_id=proposal.area_id,
            products=tuple(proposal.products),
            time_text=proposal.time_text,
            coordinator_agencies=coordinator_agencies,
            coordinator_groups=coordinator_groups,
        ),
    )
    proposal.task = task
    proposal.save(update_fields=["task"])
    return task


@transaction.atomic
def consolidate(
    call: ProposalCall,
    *,
    actor,
    owner: Agency,
    programme,
    title: str = "",
    on: dt.date | None = None,
    confirm_early: bool = False,
) -> Plan:
    """PLAN-4: the accepted proposals become the tasks of a draft annual plan.

    Consolidating closes the call. Before the deadline, with agencies that have not yet proposed, it is refused
    with their names unless Sở Nội vụ confirms (`confirm_early`) that it will not wait for them."""
    call = ProposalCall.objects.select_for_update().get(pk=call.pk)
    if call.status != ProposalCall.Status.OPEN:
        raise UserError("Các đề xuất đã được tổng hợp vào dự thảo.")
    silent = silent_recipients(call, on or today())
    if silent and not confirm_early:
        raise UserError(early_consolidation_warning(call, silent))
    accepted = list(call.proposals.filter(status=Proposal.Status.ACCEPTED).select_related("lead"))
    if not accepted:
        raise UserError("Chưa có đề xuất nào được tiếp nhận để tổng hợp.")
    plan = services.create_plan(
        actor=actor,
        province=call.province,
        owner=owner,
        fields={
            "kind": PlanKind.ANNUAL,
            "title": title or f"Kế hoạch cải cách hành chính năm {call.year}",
            "issuer": default_issuer(call.province),
            "start_year": call.year,
            "end_year": call.year,
            "programme": programme,
        },
    )
    for index, proposal in enumerate(accepted, start=1):
        _task_from_proposal(plan, proposal, code=str(index), actor=actor)
    call.status, call.draft_plan = ProposalCall.Status.CONSOLIDATED, plan
    call.save(update_fields=["status", "draft_plan"])
    audit.record(
        actor=actor,
        obj=call,
        action=AuditEntry.Action.UPDATE,
        province=call.province,
        summary=f"Tổng hợp {len(accepted)} đề xuất vào dự thảo kế hoạch"
        + (f" (trước hạn; {len(silent)} cơ quan chưa gửi đề xuất)" if silent else ""),
    )
    return plan


def early_consolidation_warning(call: ProposalCall, silent: list[CallRecipient]) -> str:
    names = "; ".join(r.agency.name for r in silent)
    return (
        f"Chưa đến hạn gửi đề xuất ({format_date(call.deadline)}) và còn {len(silent)} cơ quan chưa gửi: {names}. "
        f"Tổng hợp bây giờ sẽ đóng đợt đề xuất; hãy chờ các cơ quan này hoặc xác nhận tổng hợp ngay."
    )


# --- PLAN-5: consultation -----------------------------------------------------------------------------------


@transaction.atomic
def send_for_comments(plan: Plan, *, actor, deadline: dt.date, on: dt.date, link: str = "") -> Consultation:
    """Send the draft to the agencies the regulation names for written comments, with a deadline."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        raise UserError("Chỉ dự thảo mới được gửi lấy ý kiến.")
    if deadline <= on:
        raise UserError("Hạn góp ý phải sau hôm nay.")
    if not plan.tasks.exists():
        raise UserError("Dự thảo chưa có nhiệm vụ nào.")
    routes = _routed(lambda: routing.route_comment_requests(plan.province, on))
    agencies = [r.agency for r in routes if r.agency.pk != plan.owner_id]
    if not agencies:
        raise UserError("Quy chế phối hợp không nêu cơ quan nào góp ý dự thảo (nội dung «plan-comments»).")
    consultation = Consultation.objects.create(plan=plan, deadline=deadline, sent_by=actor)
    consultation.agencies.set(agencies)
    before = audit.snapshot(plan)
    plan.status = PlanStatus.CONSULTATION
    plan.version += 1
    plan.save(update_fields=["status", "version"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
        summary=f"Gửi lấy ý kiến {len(agencies)} cơ quan, hạn {format_date(deadline)}",
    )
    notify(
        agencies,
        province=plan.province,
        subject=f"Góp ý dự thảo: {plan.title}",
        link=link,
        message=f"{plan.owner.name} đề nghị góp ý dự thảo «{plan.title}» trước ngày {format_date(deadline)}.",
    )
    return consultation


def consultations_for(agencies):
    return (
        Consultation.objects.filter(agencies__in=list(agencies), plan__status=PlanStatus.CONSULTATION)
        .select_related("plan")
        .distinct()
    )


@transaction.atomic
def add_comment(
    consultation: Consultation, *, agency: Agency, actor, text: str, on: dt.date, task: Task | None = None
) -> Comment:
    """A consulted agency comments only on a draft sent to it, by the deadline.

    SEC-5: the plan row is locked, as issue_plan locks it, so a comment and the issue are applied one after the
    other: a comment never lands on a plan issued meanwhile, and issuing counts every comment that landed."""
    plan = Plan.objects.select_for_update().get(pk=consultation.plan_id)
    if not consultation.agencies.filter(pk=agency.pk).exists():
        raise UserError(f"Dự thảo này không được gửi lấy ý kiến {agency.name}.")
    if plan.status != PlanStatus.CONSULTATION:
        raise UserError("Dự thảo không còn trong thời gian lấy ý kiến.")
    if on > consultation.deadline:
        raise UserError(f"Đã quá hạn góp ý ({format_date(consultation.deadline)}).")
    if not text.strip():
        raise UserError("Cần nhập nội dung góp ý.")
    if consultation.comments.filter(agency=agency, text=text.strip()).exists():
        raise UserError("Ý kiến này đã được gửi (có thể do bấm gửi hai lần).")
    if task is not None and task.plan_id != plan.pk:
        raise UserError("Nhiệm vụ được góp ý không thuộc dự thảo này.")
    comment = Comment.objects.create(
        consultation=consultation, agency=agency, text=text.strip(), author=actor, task=task
    )
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ADD,
        province=plan.province,
        after=audit.snapshot(comment),
        summary=f"Góp ý của {agency.name}",
    )
    return comment


@transaction.atomic
def answer_comment(comment: Comment, *, actor, answer: str, text: str) -> Comment:
    """PLAN-5: each comment gets an answer: tiếp thu (accepted) or giải trình (explained), with its text.

    The answer may be corrected while the plan is a draft or in consultation; each correction is audited, the
    earlier answer kept in the audit entry's "before"."""
    if answer not in Comment.Answer.values:
        raise UserError("Hãy chọn tiếp thu hoặc giải trình.")
    if not text.strip():
        label = "tiếp thu" if answer == Comment.Answer.ACCEPTED else "giải trình"
        raise UserError(f"Cần nhập nội dung {label} ý kiến góp ý.")
    # SEC-5: lock the plan (as issue_plan does) and read the comment afresh: no answer changes on a plan issued
    # meanwhile.
    plan = Plan.objects.select_for_update().get(pk=comment.consultation.plan_id)
    comment = Comment.objects.select_for_update().select_related("agency").get(pk=comment.pk)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        raise UserError("Kế hoạch đã ban hành; ý kiến góp ý không còn được trả lời.")
    before = audit.snapshot(comment)
    corrected = bool(comment.answer)
    comment.answer, comment.answer_text = answer, text.strip()
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.save(update_fields=["answer", "answer_text", "answered_by", "answered_at"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(comment),
        summary=f"{'Sửa trả lời' if corrected else 'Trả lời'} góp ý của {comment.agency.name}",
    )
    return comment


# --- issue and adjust ---------------------------------------------------------------------------------------


def silent_consulted(plan: Plan, on: dt.date) -> str:
    """PLAN-5: "Còn N cơ quan chưa góp ý, hạn góp ý đến dd/mm/yyyy: …" while a consultation's deadline has not
    passed and some agencies it was sent to have not commented; "" otherwise."""
    for consultation in Consultation.objects.filter(plan=plan, deadline__gte=on).prefetch_related("agencies"):
        commented = set(consultation.comments.values_list("agency_id", flat=True))
        silent = [a for a in consultation.agencies.all() if a.pk not in commented]
        if silent:
            names = "; ".join(a.name for a in sorted(silent, key=lambda a: a.name))
            return f"Còn {len(silent)} cơ quan chưa góp ý, hạn góp ý đến {format_date(consultation.deadline)}: {names}"
    return ""


SIGNER_LABELS = {
    "signer_authority": "Thẩm quyền ký",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ và tên người ký",
}


def _signer(**values: str | None) -> dict[str, str]:
    """U-2: the signer lines given (None: keep the plan's), spaces tidied, each within its 100-character column."""
    signer = {name: " ".join(value.split()) for name, value in values.items() if value is not None}
    for name, value in signer.items():
        if len(value) > 100:
            raise UserError(f"{SIGNER_LABELS[name]} dài quá 100 ký tự (hiện có {len(value)}).")
    return signer


@transaction.atomic
def issue_plan(
    plan: Plan,
    *,
    actor,
    number: str,
    signed_on: dt.date,
    decision: str = "",
    on: dt.date,
    link: str = "",
    confirm_silent: bool = False,
    signer_authority: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
) -> Plan:
    """Issue a plan with its number and date. Every comment must be answered first (PLAN-5); before the comment
    deadline, with consulted agencies still silent, the leader must confirm (`confirm_silent`) not to wait for
    them; an agency plan must pass the alignment check (PLAN-7) and is sent to the agencies the regulation
    names. The signer (U-2), when given, is saved with the issue; None keeps the plan's."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        raise UserError("Kế hoạch này đã được ban hành.")
    if not number.strip():
        raise UserError("Cần nhập số, ký hiệu của văn bản ban hành.")
    check_signed_on(signed_on, start_year=plan.start_year, end_year=plan.end_year, on=on)  # PLAN-1
    unanswered = Comment.objects.filter(consultation__plan=plan, answer="").count()
    if unanswered:
        raise UserError(f"Còn {unanswered} ý kiến góp ý chưa được tiếp thu hoặc giải trình.")
    waiting = silent_consulted(plan, on)
    if waiting and not confirm_silent:
        raise UserError(f"{waiting}. Hãy chờ hết hạn góp ý hoặc đánh dấu xác nhận ban hành khi chưa đủ ý kiến.")
    recipients = []
    if plan.kind == PlanKind.AGENCY:
        gaps = [g for g in alignment.check(plan) if not g.explanation]
        if gaps:
            raise UserError(
                f"Kế hoạch còn {len(gaps)} điểm chưa đạt yêu cầu; hãy bổ sung hoặc giải trình trước khi gửi."
            )
    if not plan.tasks.exists():
        raise UserError("Kế hoạch chưa có nhiệm vụ nào.")
    if plan.kind == PlanKind.AGENCY:
        recipients = [
            r.agency
            for r in _routed(lambda: routing.route_agency_plan_recipients(plan.province, on))
            if r.agency.pk != plan.owner_id
        ]
    signer = _signer(signer_authority=signer_authority, signer_title=signer_title, signer_name=signer_name)
    before = audit.snapshot(plan)
    for name, value in signer.items():
        setattr(plan, name, value)
    plan.status, plan.number, plan.signed_on, plan.decision = PlanStatus.ISSUED, number.strip(), signed_on, decision
    plan.version += 1
    plan.save()
    versions.record_version(plan, actor=actor, reason="Ban hành", decision=decision or number, decided_on=signed_on)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ISSUE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
    )
    if recipients:
        notify(
            recipients,
            province=plan.province,
            subject=f"Kế hoạch CCHC của {plan.owner.name}",
            link=link,
            message=f"{plan.owner.name} gửi «{plan.title}» (số {plan.number}) để tổng hợp, theo dõi.",
        )
    return plan


@transaction.atomic
def record_as_issued(
    plan: Plan,
    *,
    actor,
    number: str,
    signed_on: dt.date | None,
    decision: str = "",
    on: dt.date,
    blank_copy: bool = False,
    signer_authority: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
) -> Plan:
    """SEC-1: a plan imported from a document that was issued outside the system is a draft until the leader who
    would issue it (rule "plans.record_as_issued") confirms the number and date the document carries. It becomes
    issued without a consultation round here: the consultation, if any, happened before the document was signed.
    A plan prepared in the system has no source document and goes through send_for_comments and issue_plan.
    `blank_copy=True` is for the operator's `cchc ingest --issued` of a copy whose number and day are blank (seed
    004); a person on the page always gives both. The signer (U-2), when given, is saved too; None keeps the
    plan's."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_issued or plan.status == PlanStatus.CLOSED:
        raise UserError("Kế hoạch này đã được ban hành.")
    if plan.status != PlanStatus.DRAFT:
        raise UserError("Dự thảo đang lấy ý kiến; hãy trả lời các ý kiến rồi ban hành theo quy trình.")
    if not plan.has_source_document:
        raise UserError(
            "Kế hoạch này không có văn bản nguồn đã ban hành; hãy lấy ý kiến và ban hành theo quy trình trong hệ thống."
        )
    if not blank_copy and not number.strip():
        raise UserError("Cần nhập số, ký hiệu của văn bản ban hành.")
    if signed_on is None and not blank_copy:
        raise UserError("Cần nhập ngày ban hành ghi trên văn bản.")
    check_signed_on(signed_on, start_year=plan.start_year, end_year=plan.end_year, on=on)  # PLAN-1
    signer = _signer(signer_authority=signer_authority, signer_title=signer_title, signer_name=signer_name)
    before = audit.snapshot(plan)
    for name, value in signer.items():
        setattr(plan, name, value)
    plan.status, plan.number, plan.signed_on = PlanStatus.ISSUED, number.strip(), signed_on
    plan.decision = decision.strip()
    plan.version += 1
    plan.save()
    versions.record_version(
        plan, actor=actor, reason="Ghi nhận đã ban hành", decision=plan.decision or plan.number, decided_on=signed_on
    )
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ISSUE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
        summary="Ghi nhận đã ban hành theo văn bản nguồn: "
        + ", ".join(
            part
            for part in (
                plan.number and f"số {plan.number}",
                format_date(signed_on) and f"ngày {format_date(signed_on)}",
            )
            if part
        )
        if plan.number or signed_on
        else "Ghi nhận đã ban hành theo văn bản nguồn (bản sao không ghi số và ngày)",
    )
    return plan


@transaction.atomic
def begin_adjustment(plan: Plan, *, actor) -> Plan:
    """PLAN-6: an issued plan opens for adjustment; the changes become a new version when recorded."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.ADJUSTED) or plan.adjusting:
        raise UserError("Chỉ kế hoạch đã ban hành mới được điều chỉnh.")
    plan.adjusting = True
    plan.version += 1
    plan.save(update_fields=["adjusting", "version"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        summary="Bắt đầu điều chỉnh kế hoạch",
    )
    return plan


@transaction.atomic
def record_adjustment(plan: Plan, *, actor, reason: str, decision: str, decided_on: dt.date):
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.adjusting:
        raise UserError("Kế hoạch không trong quá trình điều chỉnh.")
    if not reason.strip() or not decision.strip():
        raise UserError("Cần nhập lý do và quyết định điều chỉnh.")
    if plan.signed_on and decided_on < plan.signed_on:
        raise UserError("Ngày quyết định điều chỉnh không được trước ngày ban hành kế hoạch.")
    plan.adjusting, plan.status = False, PlanStatus.ADJUSTED
    plan.version += 1
    plan.save(update_fields=["adjusting", "status", "version"])
    version = versions.record_version(plan, actor=actor, reason=reason, decision=decision, decided_on=decided_on)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        summary=f"Điều chỉnh lần {version.number - 1}: {reason.strip()}",
    )
    return version


# --- PLAN-7: an agency's own plan ---------------------------------------------------------------------------


def provincial_tasks_for(agency: Agency, year: int):
    """Tasks of the issued provincial plans of the year (CCHC, IT, ISO …) that the agency leads or coordinates."""
    plans = queries.issued_provincial_plans(agency.province_id, year)
    led = queries.tasks_led_by(agency, plans, dt.date(year, 1, 1))
    coordinated = Task.objects.filter(plan__in=plans, coordinator_agencies=agency)
    return plans, (led | coordinated).distinct().select_related("plan", "area").order_by("plan", "order")


@transaction.atomic
def create_agency_plan(agency: Agency, *, year: int, actor, programme) -> Plan:
    """A draft of the agency's yearly plan, prefilled with the provincial tasks assigned to it."""
    plans, tasks = provincial_tasks_for(agency, year)
    plan = services.create_plan(
        actor=actor,
        province=agency.province,
        owner=agency,
        fields={
            "kind": PlanKind.AGENCY,
            "title": f"Kế hoạch cải cách hành chính năm {year} của {agency.name}",
            "issuer": agency.name,
            "start_year": year,
            "end_year": year,
            "programme": programme,
        },
    )
    plan.based_on.set(plans)
    inputs = [
        services.TaskInput(
            title=task.title,
            lead=agency,
            code=task.code,
            area_id=task.area_id,
            products=tuple(task.products),
            time_text=task.time_text,
            source_task_id=task.pk,
        )
        for task in tasks
    ]
    services.add_tasks(plan, actor=actor, inputs=inputs)
    return plan


@transaction.atomic
def explain_gap(plan: Plan, *, actor, key: str, text: str) -> None:
    """PLAN-7: the agency explains a gap it will not fix; the explanation travels with the plan."""
    from cchc.plans.models import GapExplanation

    if key not in {gap.key for gap in alignment.check(plan)}:
        raise UserError("Điểm này không còn trong kết quả kiểm tra.")
    if not text.strip():
        raise UserError("Cần nhập nội dung giải trình.")
    services._check_editable(plan)
    GapExplanation.objects.update_or_create(plan=plan, gap_key=key, defaults={"text": text.strip(), "author": actor})
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        after={"Giải trình": text.strip()},
        summary="Giải trình điểm chưa đạt của kế hoạch",
    )


# --- PLAN-7: the standing agency receives an agency's plan ---------------------------------------------------------


def receipt_refusal(plan: Plan, standing: Agency | None) -> str:
    """PLAN-7: why the standing agency may not (or need not) acknowledge receiving the plan now; "" if it may.
    Only an agency's own yearly plan, issued and sent (possibly adjusted since), not discarded, not received yet,
    and not the standing agency's own plan (issue_plan sends that one to the others only)."""
    if plan.kind != PlanKind.AGENCY:
        return "Chỉ kế hoạch CCHC của cơ quan, đơn vị mới được xác nhận tiếp nhận."
    if plan.discarded or not plan.is_issued:
        return "Kế hoạch chưa được ban hành và gửi; chưa thể xác nhận tiếp nhận."
    if plan.received_at is not None:
        name = plan.received_agency.name if plan.received_agency_id else "Cơ quan thường trực CCHC"
        return f"{name} đã xác nhận tiếp nhận kế hoạch này ngày {format_date(timezone.localdate(plan.received_at))}."
    if standing is None:
        return "Tỉnh chưa có cơ quan thường trực CCHC."
    if plan.owner_id == standing.pk:
        return "Đây là kế hoạch của chính cơ quan thường trực CCHC; không cần xác nhận tiếp nhận."
    return ""


def awaits_receipt(plan: Plan, on: dt.date) -> bool:
    """PLAN-7: the plan is an issued agency plan that the standing agency has not yet acknowledged receiving."""
    if plan.kind != PlanKind.AGENCY or plan.discarded or not plan.is_issued or plan.received_at is not None:
        return False  # answered without looking the standing agency up
    return not receipt_refusal(plan, routing.standing_agency_for_permissions(plan.province, on))


@transaction.atomic
def acknowledge_agency_plan(plan: Plan, *, actor, note: str = "", link: str = "") -> Plan:
    """PLAN-7: the standing agency (Sở Nội vụ) records that it received an agency's issued yearly plan: who,
    when, an optional note. Once only: a second acknowledgement (a double click, a second officer) is refused.
    The plan row is locked, so two officers acknowledging at once are applied one after the other. The owner
    agency is told. The plan itself (its content, status and version) does not change."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    note = note.strip()
    on = today()
    standing = routing.standing_agency_for_permissions(plan.province, on)
    refusal = receipt_refusal(plan, standing)
    if refusal:
        raise UserError(refusal)
    if len(note) > 500:
        raise UserError("Ghi chú tiếp nhận không quá 500 ký tự.")
    before = audit.snapshot(plan)
    plan.received_agency, plan.received_by, plan.received_at, plan.receipt_note = standing, actor, timezone.now(), note
    plan.save(update_fields=["received_agency", "received_by", "received_at", "receipt_note"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
        summary=f"{standing.name} xác nhận đã tiếp nhận kế hoạch",
    )
    received_on = format_date(timezone.localdate(plan.received_at))
    notify(
        [plan.owner],
        province=plan.province,
        subject=f"Tiếp nhận kế hoạch: {plan.title}",
        link=link,
        message=f"{standing.name} đã tiếp nhận «{plan.title}»{f' (số {plan.number})' if plan.number else ''} "
        f"ngày {received_on}.{f' Ghi chú: {note}' if note else ''}",
    )
    return plan
