"""Ingest a document: read, extract, resolve names, keep it for review, then save it in one transaction.

Nothing is saved until a person (or `cchc ingest --save`) confirms; a save that meets a problem saves nothing
and lists every problem with its line.
"""

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import default_issuer
from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError, UserErrors
from cchc.core.models import AuditEntry, Province
from cchc.core.text import fold
from cchc.ingest import reader, structure
from cchc.ingest.models import IngestedDocument
from cchc.ingest.regulation_kind import decide_kind
from cchc.ingest.resolver import Resolver, resolve_extracted
from cchc.plans import cycle
from cchc.plans import services as plan_services
from cchc.plans.models import Plan, PlanKind
from cchc.regulation import services as regulation_services
from cchc.regulation.models import ReformArea, ReformProgramme, Regulation
from cchc.regulation.routing import standing_agency_for_permissions


def detect_kind(source: reader.Source) -> str:
    """U-6: a regulation or a plan, from the title block, the number's type and the structure (regulation_kind)."""
    return decide_kind(source)[0]


def extract(source: reader.Source, kind: str | None = None) -> structure.Extracted:
    """The structure of a document; the kind is decided (and the reason kept for the review) unless given."""
    if kind in ("plan", "regulation"):
        reason = f"Người nhập chọn đọc văn bản như {'quy chế' if kind == 'regulation' else 'kế hoạch'}."
    else:
        kind, reason = decide_kind(source)
    if kind == "regulation":
        from cchc.ingest.regulation_parser import parse_regulation

        extracted = parse_regulation(source)
    else:
        from cchc.ingest.plan_parser import parse_plan

        extracted = parse_plan(source)
    extracted.kind_reason = reason
    return extracted


def extract_for(province: Province, source: reader.Source, kind: str | None = None) -> structure.Extracted:
    """Extract and resolve every agency name against the province (the JSON of `cchc ingest`)."""
    return resolve_extracted(extract(source, kind), province)


def from_json(data: dict) -> structure.Extracted:
    """The structure back from its JSON (the review keeps it as JSON between requests)."""

    def date(value):
        return dt.date.fromisoformat(value) if value else None

    return structure.Extracted(
        kind=data.get("kind", "plan"),
        number=data.get("number", ""),
        date=date(data.get("date")),
        issuer=data.get("issuer", ""),
        title=data.get("title", ""),
        years=list(data.get("years") or []),
        areas=[structure.Area(**a) for a in data.get("areas", [])],
        objectives=list(data.get("objectives", [])),
        requirements=list(data.get("requirements", [])),
        targets=[structure.Target(**{**t, "line": t.get("line")}) for t in data.get("targets", [])],
        tasks=[
            structure.Task(
                **{
                    **t,
                    "milestones": [structure.Milestone(m["label"], date(m["due"])) for m in t.get("milestones", [])],
                }
            )
            for t in data.get("tasks", [])
        ],
        responsibilities=[structure.Responsibility(**r) for r in data.get("responsibilities", [])],
        warnings=[structure.Warning(w.get("line"), w["message"]) for w in data.get("warnings", [])],
        proposal_deadline=data.get("proposal_deadline"),
        meetings=data.get("meetings"),
        kind_reason=data.get("kind_reason", ""),
    )


def to_storable(extracted: structure.Extracted) -> dict:
    """Like the JSON contract, but keeping each row's line so the review can show warnings beside it."""
    from dataclasses import asdict

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return clean(asdict(extracted))


@transaction.atomic
def start_review(province: Province, *, actor, name: str, data: bytes, kind: str | None = None) -> IngestedDocument:
    """Read and extract an upload; keep the file and the extracted structure for the person to check."""
    source = reader.read_upload(data, name)
    extracted = extract_for(province, source, kind)
    document = IngestedDocument(
        province=province,
        name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        kind=extracted.kind,
        extracted=to_storable(extracted),
        uploaded_by=actor,
    )
    document.file.save(name[:120], ContentFile(data), save=False)
    document.save()
    audit.record(
        actor=actor,
        obj=document,
        action=AuditEntry.Action.CREATE,
        province=province,
        summary=f"Tải lên văn bản để rà soát: {name}",
    )
    return document


def duplicates_of(document: IngestedDocument, extracted: structure.Extracted | None = None) -> list[Plan]:
    """PLAN-1, U-6: plans of the province already saved from the same document: the same file (sha256), or the
    same number, date and title. A discarded draft does not count."""
    if document.kind != "plan":
        return []
    extracted = extracted or from_json(document.extracted)
    plans = Plan.objects.filter(province=document.province_id, discarded=False)
    same_file = plans.filter(sources__sha256=document.sha256).exclude(sources__pk=document.pk)
    found = {plan.pk: plan for plan in same_file}
    number, title = " ".join(extracted.number.split()), fold(" ".join(extracted.title.split()))
    if number and any(ch.isdigit() for ch in number) and extracted.date and title:
        for plan in plans.filter(number__iexact=number, signed_on=extracted.date):
            if fold(" ".join(plan.title.split())) == title:
                found.setdefault(plan.pk, plan)
    return sorted(found.values(), key=lambda plan: plan.pk)


# How the person says "save it anyway": the review page's checkbox; the command line's option (DUPLICATE_CLI).
DUPLICATE_WEB = "hãy đánh dấu «Tôi biết văn bản đã được lưu, vẫn lưu thêm» rồi lưu"
DUPLICATE_CLI = "hãy chạy lại lệnh với tùy chọn --confirm-duplicate"


class DuplicateDocument(UserErrors):
    """PLAN-1: the document was already saved; `plans` are the plans saved from it. The message tells how to save
    it anyway on the review page; the command line words its own (`duplicate_message(plans, DUPLICATE_CLI)`)."""

    def __init__(self, plans: list[Plan]):
        self.plans = plans
        super().__init__([UserError(duplicate_message(plans))])


def duplicate_message(plans: list[Plan], confirm: str = DUPLICATE_WEB) -> str:
    names = "; ".join(
        f"«{plan.title}»" + (f" (số {plan.number})" if plan.number else "") + f" — {plan_url(plan)}" for plan in plans
    )
    return (
        f"Văn bản này đã được lưu thành kế hoạch: {names}. Lưu lần nữa sẽ tạo một kế hoạch trùng; "
        f"nếu thật sự cần, {confirm}."
    )


def plan_url(plan: Plan) -> str:
    return reverse("plan-detail", args=[plan.province.slug, plan.pk])


MAX_TOKENS = 50  # the "add a row" submissions remembered, so a double click adds one row


@transaction.atomic
def keep_review(
    document: IngestedDocument,
    extracted: structure.Extracted,
    *,
    dropped: dict,
    actor,
    page: int,
    added: tuple[str, object] | None = None,
    token: str = "",
) -> bool:
    """U-6: the person's corrections of one review page, kept on the document until the save (audited).
    `added` (PLAN-2, REG-1): a row the person adds, ("tasks" | "responsibilities", row), appended to its list.
    `token` names that submission: the same token again (a double click, a resubmitted page) changes nothing
    and returns False."""
    locked = _lock(document)
    if locked.status != IngestedDocument.Status.REVIEW:
        raise UserErrors([_already_done(locked)])
    state = dict(locked.review_state or {})
    tokens = list(state.get("tokens", []))
    if added and token and token in tokens:
        document.extracted, document.review_state = locked.extracted, locked.review_state
        return False
    summary = f"Rà soát trang {page} của văn bản {locked.name}"
    if added:
        name, row = added
        getattr(extracted, name).append(row)
        tokens = [*tokens, token][-MAX_TOKENS:] if token else tokens
        what = "nhiệm vụ" if name == "tasks" else "trách nhiệm"
        summary = f"{summary}; thêm {what} «{getattr(row, 'title', '') or getattr(row, 'agency', '')}»"[:300]
    locked.extracted = to_storable(extracted)
    locked.review_state = {**state, "dropped": dropped, "tokens": tokens}
    locked.save(update_fields=["extracted", "review_state"])
    audit.record(actor=actor, obj=locked, action=AuditEntry.Action.UPDATE, province=locked.province, summary=summary)
    document.extracted, document.review_state = locked.extracted, locked.review_state
    return True


def _programme(year: int) -> ReformProgramme:
    programme = ReformProgramme.objects.filter(start_year__lte=year, end_year__gte=year).first()
    if programme is None:
        raise UserError(f"Không có chương trình CCHC nào cho năm {year}.")
    return programme


def _split(resolver: Resolver, names: list[str], line, what: str, problems: list):
    agencies, groups = [], []
    for name in names:
        party = resolver.resolve(name)
        if party is None:
            problems.append(UserError(f"{what} «{name}» chưa được chọn cơ quan.", line=line))
        elif isinstance(party, AgencyGroup):
            groups.append(party)
        else:
            agencies.append(party)
    return agencies, groups


def save_plan(document: IngestedDocument, extracted: structure.Extracted, *, actor) -> Plan:
    """PLAN-1..3, SEC-1: a DRAFT plan with its targets and tasks, exactly as reviewed; the source is kept as its
    evidence. The leader of the standing agency issues it (or records it as issued) on the plan's page."""
    province = document.province
    problems: list[UserError] = []
    if not extracted.years:
        problems.append(UserError("Cần nhập năm của kế hoạch."))
        raise UserErrors(problems)
    start, end = extracted.years[0], extracted.years[-1]
    programme = _programme(start)
    areas = {a.code: a for a in ReformArea.objects.filter(programme=programme)}
    resolver = Resolver(province)
    rows = []
    for task in extracted.tasks:
        lead = resolver.resolve(task.lead) if task.lead else None
        if lead is None:
            problems.append(UserError(f"Nhiệm vụ {task.code}: cần chọn một cơ quan chủ trì (REG-3).", line=task.line))
        agencies, groups = _split(
            resolver, task.coordinators, task.line, f"Nhiệm vụ {task.code}: cơ quan phối hợp", problems
        )
        rows.append((task, lead, agencies, groups))
    scopes = [(t, *_split(resolver, t.scope, t.line, "Phạm vi chỉ tiêu", problems)) for t in extracted.targets]
    if problems:
        raise UserErrors(problems)
    on = extracted.date or dt.date(start, 1, 1)
    owner = standing_agency_for_permissions(province, on)
    if owner is None:
        raise UserErrors([UserError(f"{province.title} chưa có cơ quan thường trực CCHC.")])
    plan = plan_services.create_plan(
        actor=actor,
        province=province,
        owner=owner,
        fields={
            "kind": PlanKind.ANNUAL if start == end else PlanKind.PERIOD,
            "number": extracted.number,
            "title": extracted.title or f"Kế hoạch cải cách hành chính {start}",
            "issuer": extracted.issuer or "",
            "signed_on": extracted.date,
            "start_year": start,
            "end_year": end,
            "programme": programme,
            "requirements": "\n".join(extracted.requirements),
            "source": f"Nhập từ văn bản: {document.name}",
        },
        objectives=extracted.objectives,
    )
    for target, agencies, groups in scopes:
        area = areas.get(target.area)
        plan_services.add_target(
            plan,
            actor=actor,
            data=plan_services.TargetInput(
                text=target.text,
                measure="percent" if target.unit == "%" else "count",
                comparison=target.comparison,
                value=target.value,
                unit=target.unit,
                area_id=area.pk if area else None,
                scope_agencies=tuple(agencies),
                scope_groups=tuple(groups),
            ),
        )
    inputs = []
    for task, lead, agencies, groups in rows:
        area = areas.get(task.area)
        inputs.append(
            plan_services.TaskInput(
                title=task.title,
                lead=lead,
                code=task.code,
                area_id=area.pk if area else None,
                products=tuple(task.products),
                coordinator_agencies=tuple(a for a in agencies if a != lead),
                coordinator_groups=tuple(groups),
                time_text=task.time_text,
                line=task.line,
            )
        )
    plan_services.add_tasks(plan, actor=actor, inputs=inputs)
    return plan


def save_regulation(document: IngestedDocument, extracted: structure.Extracted, *, actor) -> Regulation:
    """REG-1, SEC-1: a DRAFT regulation with its responsibilities, through the same checks as one entered in the
    app. Nothing in force changes: the regulation in force, its standing agency and the province's stay as they
    are until the leader of the standing agency issues the draft (REG-2: issuing ends the one it replaces)."""
    if extracted.date is None:
        raise UserErrors([UserError("Cần nhập ngày ban hành của quy chế.")])
    province = document.province
    resolver = Resolver(province)
    leads = [r.agency for r in extracted.responsibilities if r.area_or_topic == "general" and r.role == "lead"]
    named = resolver.resolve(leads[0]) if leads else None
    standing = named if isinstance(named, Agency) else province.standing_agency
    regulation = regulation_services.create_draft(
        province,
        actor=actor,
        fields={
            "programme": _programme(extracted.date.year),
            "number": extracted.number[:60],
            "title": (extracted.title or "Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính")[:500],
            "issuer": (extracted.issuer or default_issuer(province))[:200],
            "signed_on": extracted.date,
            "effective_from": extracted.date,
            "standing_agency": standing,
            "source": f"Nhập từ văn bản: {document.name}"[:300],
            **_times(extracted),
        },
    )
    problems: list[UserError] = []
    for row in extracted.responsibilities:
        party = resolver.resolve(row.agency) if row.agency else None
        if party is None:
            problems.append(UserError(f"Trách nhiệm: «{row.agency}» chưa được chọn cơ quan.", line=row.line))
            continue
        try:
            regulation_services.add_responsibility(
                regulation,
                actor=actor,
                subject_code=row.area_or_topic,
                role=row.role,
                party=party,
                article=row.article,
            )
        except UserError as exc:
            problems.append(UserError(exc.message, line=row.line))
    if problems:
        raise UserErrors(problems)
    regulation.refresh_from_db()
    return regulation


# REG-1: the parser's cadence words → Regulation.MeetingCadence values.
CADENCE = {"quarterly": "quarterly", "half-yearly": "six-monthly", "yearly": "yearly"}


def _times(extracted: structure.Extracted) -> dict:
    """REG-1: the yearly proposal deadline and the meeting cadence, as the regulation's header fields."""
    fields = {}
    deadline = extracted.proposal_deadline or {}
    if deadline.get("day") and deadline.get("month"):
        fields["proposal_deadline_day"] = int(deadline["day"])
        fields["proposal_deadline_month"] = int(deadline["month"])
        fields["proposal_deadline_article"] = str(deadline.get("article", ""))[:40]
    meetings = extracted.meetings or {}
    if meetings.get("cadence") in CADENCE:
        fields["meeting_cadence"] = CADENCE[meetings["cadence"]]
        fields["meeting_article"] = str(meetings.get("article", ""))[:40]
    return fields


@transaction.atomic
def switch_kind(document: IngestedDocument, *, actor) -> IngestedDocument:
    """U-6: the person's one click "read it as the other kind": the kept file is read again as a plan or a
    regulation; the corrections made so far are dropped (they belonged to the other reading). Audited."""
    locked = _lock(document)
    if locked.status != IngestedDocument.Status.REVIEW:
        raise UserErrors([_already_done(locked)])
    kind = "plan" if locked.kind == "regulation" else "regulation"
    with locked.file.open("rb") as handle:
        source = reader.read_upload(handle.read(), locked.name)
    extracted = extract_for(locked.province, source, kind)
    locked.kind, locked.extracted, locked.review_state = kind, to_storable(extracted), {}
    locked.save(update_fields=["kind", "extracted", "review_state"])
    audit.record(
        actor=actor,
        obj=locked,
        action=AuditEntry.Action.UPDATE,
        province=locked.province,
        summary=f"Đọc lại văn bản {locked.name} như {'quy chế' if kind == 'regulation' else 'kế hoạch'}",
    )
    document.kind, document.extracted, document.review_state = locked.kind, locked.extracted, locked.review_state
    return locked


def _finish(document: IngestedDocument, actor, **links) -> None:
    before = audit.snapshot(document)
    for name, value in links.items():
        setattr(document, name, value)
    document.status = IngestedDocument.Status.SAVED
    document.save()
    audit.record(
        actor=actor,
        obj=document,
        action=AuditEntry.Action.UPDATE,
        province=document.province,
        before=before,
        after=audit.snapshot(document),
        summary=f"Lưu {'kế hoạch' if 'plan' in links else 'quy chế'} dự thảo từ văn bản {document.name}",
    )


def saved_record(document: IngestedDocument):
    """The plan or regulation a document was saved as (None while it is under review or was discarded)."""
    return document.plan or document.regulation


def saved_url(document: IngestedDocument) -> str:
    slug = document.province.slug
    if document.plan_id:
        return reverse("plan-detail", args=[slug, document.plan_id])
    if document.regulation_id:
        return reverse("regulation-detail", args=[slug, document.regulation_id])
    return reverse("ingest-upload", args=[slug])


def _already_done(document: IngestedDocument) -> UserError:
    if document.status == IngestedDocument.Status.SAVED:
        return UserError(
            f"Văn bản này đã được lưu thành «{saved_record(document)}» ({saved_url(document)}); không lưu lần thứ hai."
        )
    return UserError("Văn bản này đã bị bỏ; hãy tải lên lại nếu cần.")


def _lock(document: IngestedDocument) -> IngestedDocument:
    """SEC-4: the document's row, locked until the transaction ends: a second save of it waits, then sees it saved."""
    return IngestedDocument.objects.select_for_update().select_related("province").get(pk=document.pk)


@transaction.atomic
def save(document: IngestedDocument, extracted: structure.Extracted, *, actor, confirm_duplicate: bool = False):
    """U-6, SEC-1, SEC-4: save the reviewed structure as a DRAFT plan or regulation, once. The document's row is
    locked, so two saves of one document (a stale page, a double click, two people) make one record. A plan
    already saved from the same document (PLAN-1) is saved again only when the person confirms it."""
    locked = _lock(document)
    if locked.status != IngestedDocument.Status.REVIEW:
        raise UserErrors([_already_done(locked)])
    if extracted.kind != "regulation" and not confirm_duplicate:
        duplicates = duplicates_of(locked, extracted)
        if duplicates:
            raise DuplicateDocument(duplicates)
    if extracted.kind == "regulation":
        saved = save_regulation(locked, extracted, actor=actor)
        _finish(locked, actor, regulation=saved)
    else:
        saved = save_plan(locked, extracted, actor=actor)
        _finish(locked, actor, plan=saved)
    document.status, document.plan, document.regulation = locked.status, locked.plan, locked.regulation
    return saved


@transaction.atomic
def discard(document: IngestedDocument, *, actor) -> None:
    """U-6, U-3: the person drops the document; nothing else is saved, and the drop is audited."""
    locked = _lock(document)
    if locked.status != IngestedDocument.Status.REVIEW:
        raise UserErrors([_already_done(locked)])
    before = audit.snapshot(locked)
    locked.status = IngestedDocument.Status.DISCARDED
    locked.save(update_fields=["status"])
    audit.record(
        actor=actor,
        obj=locked,
        action=AuditEntry.Action.UPDATE,
        province=locked.province,
        before=before,
        after=audit.snapshot(locked),
        summary=f"Bỏ văn bản {locked.name}; không lưu gì",
    )


@transaction.atomic
def record_issued(saved, *, actor):
    """The operator's `cchc ingest --save --issued` and the demo: a document issued long ago, recorded as issued
    after it was saved as a draft (audited). People on the web never reach this: the leader issues a draft on the
    plan's or regulation's own page."""
    if isinstance(saved, Regulation):
        return regulation_services.issue_regulation(saved, actor=actor)
    return cycle.record_as_issued(
        saved,
        actor=actor,
        number=saved.number,
        signed_on=saved.signed_on,
        decision=saved.decision,
        on=today(),
        blank_copy=True,
    )


@transaction.atomic
def ingest_file(
    province: Province,
    *,
    path_name: str,
    data: bytes,
    actor=None,
    status: str = "issued",
    confirm_duplicate: bool = False,
):
    """The command line's --save and the demo: review skipped, the same checks applied; saved as a draft, then,
    with status "issued" (a document issued long ago), recorded as issued with its own audit entry."""
    document = start_review(province, actor=actor, name=path_name, data=data)
    saved = save(document, from_json(document.extracted), actor=actor, confirm_duplicate=confirm_duplicate)
    if status == "issued":
        saved = record_issued(saved, actor=actor)
    return saved
