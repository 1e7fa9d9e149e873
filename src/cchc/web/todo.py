"""PLAN-4, PLAN-5, TRK-6: "Việc cần làm": every action waiting for the user, in every province they work in.

Reads only. Each item is a Vietnamese sentence, a count, a deadline (if any) and the page where the action is
taken. Who waits for what follows the permission rules (plans/rules.py, regulation/rules.py), not a hand check:

- the standing agency's staff (Sở Nội vụ, leader or focal officer): proposals to decide, comments to answer,
  drafts whose comment deadline has passed, calls past their deadline not yet consolidated, the agencies' yearly
  plans issued and sent to it that it has not yet acknowledged receiving (PLAN-7);
- the leader of a plan's owner agency (the standing agency's leader for the provincial plans): drafts ready to
  issue (in consultation, every comment answered, and the deadline passed or every agency asked has commented),
  drafts imported from an issued document waiting "Ghi nhận đã ban hành"; the standing agency's leader: the
  regulation drafts waiting for issue;
- the leader or focal officer of any agency: open calls it has not answered, drafts sent to it that it has not
  commented on (deadline not passed), its own yearly plan to prepare and send once the province's annual plan
  of that year is issued; the comments on its own plan to answer;
- provincial leadership (UBND tỉnh): a read-only summary of counts.

The whole list costs a fixed number of queries per request whatever the number of waiting items (a few per
kind of work, and one per province for its standing agency); `for_request` computes it once per request for
the menu's badge and the pages.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse

from cchc.agencies.models import AgencyKind, Role
from cchc.core.dates import format_date, today
from cchc.core.rules import EDITOR_ROLES, memberships, standing_agency_of, standing_agency_roles
from cchc.tracking import todo as tracking_todo


@dataclass(frozen=True)
class Item:
    """One waiting action."""

    key: str  # the kind of work, stable for tests: "decide-proposals", "answer-comments" …
    province_id: int
    text: str
    count: int
    url: str
    deadline: dt.date | None = None
    deadline_label: str = "hạn"
    note: str = ""
    on: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and self.on and self.deadline < self.on)

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline)


@dataclass(frozen=True)
class Line:
    """A line of provincial leadership's read-only summary."""

    province_id: int
    label: str
    count: int
    url: str


@dataclass
class Todo:
    items: list[Item] = field(default_factory=list)
    summary: list[Line] = field(default_factory=list)
    unread: int = 0
    provinces: dict = field(default_factory=dict)  # id -> Province, of the user's memberships

    @property
    def total(self) -> int:
        """The menu's badge: the actions waiting (the leadership's summary is for reading, not counted)."""
        return sum(item.count for item in self.items)

    def items_of(self, province) -> list[Item]:
        return [i for i in self.items if i.province_id == province.pk]

    def summary_of(self, province) -> list[Line]:
        return [line for line in self.summary if line.province_id == province.pk]

    @property
    def url(self) -> str:
        """Where the menu's "Việc cần làm" leads: the province page when the user works in one province."""
        if len(self.provinces) == 1:
            return reverse("province", args=[next(iter(self.provinces.values())).slug]) + "#todo"
        return reverse("home") + "#todo"


def for_request(request) -> Todo:
    """The user's to-do list, computed once per request (the menu and the page share it)."""
    cached = getattr(request, "_cchc_todo", None)
    if cached is None:
        cached = for_user(request.user, today())
        request._cchc_todo = cached
    return cached


def for_user(user, on: dt.date) -> Todo:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Todo()
    mine = memberships(user)
    provinces = {m.agency.province_id: m.agency.province for m in mine}
    todo = Todo(provinces=provinces, unread=user.notifications.filter(read_at__isnull=True).count())
    editors = [m for m in mine if m.role in EDITOR_ROLES]
    editor_ids = {m.agency_id for m in editors}
    leader_ids = {m.agency_id for m in editors if m.role == Role.LEADER}
    own_plan_agencies = {m.agency_id: m.agency for m in editors if m.agency.kind != AgencyKind.PROVINCIAL_COMMITTEE}
    # The standing agency of each province where the user holds an editor's role (one lookup per province).
    standing, standing_leader = set(), set()
    standing_agencies = {}  # province id -> the standing agency's id, for the provinces in `standing`
    for province_id in {m.agency.province_id for m in editors}:
        roles = standing_agency_roles(user, provinces[province_id])
        if roles & EDITOR_ROLES:
            standing.add(province_id)
            standing_agencies[province_id] = standing_agency_of(user, provinces[province_id]).pk
        if Role.LEADER in roles:
            standing_leader.add(province_id)
    slug = {pid: p.slug for pid, p in provinces.items()}

    def add(key, province_id, text, count, url, deadline=None, **extra):
        todo.items.append(Item(key, province_id, text, count, url, deadline, on=on, **extra))

    if standing:
        _standing_work(add, standing, slug, on)
        _agency_plans_to_receive(add, standing_agencies, slug)
        tracking_todo.standing_items(add, standing, slug)  # TRK-1, TRK-3 (cchc.tracking.todo)
    _plan_work(add, standing, editor_ids, leader_ids, slug, on)
    if standing_leader:
        _regulation_drafts(add, standing_leader, slug)
    if editor_ids:
        _agency_work(add, editor_ids, own_plan_agencies, slug, on)
    leadership = {m.agency.province_id for m in mine if m.agency.kind == AgencyKind.PROVINCIAL_COMMITTEE}
    if leadership:
        todo.summary = _leadership_summary(leadership, slug) + tracking_todo.leadership_lines(leadership, slug)
    todo.items.sort(key=lambda i: (i.deadline is None, i.deadline or on, i.text))
    return todo


# --- the standing agency ------------------------------------------------------------------------------------------


def _standing_work(add, provinces: set[int], slug, on: dt.date) -> None:
    from cchc.plans.models import PlanStatus, Proposal, ProposalCall

    # Proposals submitted and not yet decided, per call (also on a consolidated call whose draft is still a draft:
    # a proposal accepted late is added to it).
    waiting = (
        Proposal.objects.filter(call__province__in=provinces, status=Proposal.Status.SUBMITTED)
        .filter(Q(call__status=ProposalCall.Status.OPEN) | Q(call__draft_plan__status=PlanStatus.DRAFT))
        .values("call_id", "call__year", "call__deadline", "call__province_id")
        .annotate(n=Count("id"))
        .order_by("call__year")
    )
    for row in waiting:
        province_id = row["call__province_id"]
        add(
            "decide-proposals",
            province_id,
            f"Xét đề xuất nhiệm vụ CCHC năm {row['call__year']}: tiếp nhận hoặc không tiếp nhận",
            row["n"],
            reverse("call-detail", args=[slug[province_id], row["call_id"]]),
            row["call__deadline"],
            deadline_label="hạn gửi đề xuất",
        )
    # Calls past their deadline (and past every late permission) not yet consolidated.
    calls = (
        ProposalCall.objects.filter(province__in=provinces, status=ProposalCall.Status.OPEN, deadline__lt=on)
        .annotate(
            late=Max("recipients__reopened_until"),
            accepted=Count("proposals", filter=Q(proposals__status=Proposal.Status.ACCEPTED), distinct=True),
        )
        .order_by("year")
    )
    for call in calls:
        if call.late and call.late >= on:
            continue
        add(
            "consolidate-call",
            call.province_id,
            f"Tổng hợp đề xuất nhiệm vụ CCHC năm {call.year} thành dự thảo kế hoạch (đã hết hạn gửi đề xuất)",
            call.accepted,
            reverse("call-detail", args=[slug[call.province_id], call.pk]),
            call.deadline,
            deadline_label="hạn gửi đề xuất",
            note=f"{call.accepted} đề xuất đã tiếp nhận",
        )


def _agency_plans_to_receive(add, standing_agencies: dict[int, int], slug) -> None:
    """PLAN-7: the agencies' yearly plans issued and sent to the standing agency (not its own plan) that it has not
    yet acknowledged receiving, per province: one plan links to its page, several to the list of agency plans (of
    their year when they share one). One query whatever the number of plans."""
    from cchc.plans.models import Plan, PlanKind, PlanStatus

    own_plans = Q()
    for province_id, agency_id in standing_agencies.items():
        own_plans |= Q(province_id=province_id, owner_id=agency_id)
    waiting = (
        Plan.objects.filter(
            province__in=list(standing_agencies),
            kind=PlanKind.AGENCY,
            status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED],
            discarded=False,
            received_at__isnull=True,
        )
        .exclude(own_plans)
        .values("province_id")
        .annotate(n=Count("id"), first=Min("pk"), low=Min("start_year"), high=Max("start_year"))
        .order_by("province_id")
    )
    for row in waiting:
        province_id = row["province_id"]
        if row["n"] == 1:
            url = reverse("plan-detail", args=[slug[province_id], row["first"]]) + "#receipt"
        else:
            url = reverse("plan-list", args=[slug[province_id]]) + f"?loai={PlanKind.AGENCY}"
            if row["low"] == row["high"]:
                url += f"&nam={row['low']}"
        add("receive-agency-plans", province_id, "Tiếp nhận kế hoạch CCHC của các cơ quan", row["n"], url)


# --- plans: comments to answer, consultations ended, drafts to issue -----------------------------------------------


def _plan_work(add, standing: set[int], editor_ids: set[int], leader_ids: set[int], slug, on: dt.date) -> None:
    """The drafts the user may edit (plans.edit_plan: a provincial plan for the standing agency's staff, an
    agency plan for its own staff) or issue (plans.issue_plan: a leader of the owner agency)."""
    from cchc.plans.models import Comment, Plan, PlanKind, PlanStatus

    editable = Q(province__in=standing) & ~Q(kind=PlanKind.AGENCY) | Q(kind=PlanKind.AGENCY, owner__in=editor_ids)
    if not standing and not editor_ids:
        return
    # Comments received and not yet answered, per draft.
    comments = (
        Comment.objects.filter(answer="", consultation__plan__status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION])
        .filter(
            Q(consultation__plan__province__in=standing) & ~Q(consultation__plan__kind=PlanKind.AGENCY)
            | Q(consultation__plan__kind=PlanKind.AGENCY, consultation__plan__owner__in=editor_ids)
        )
        .values("consultation__plan_id", "consultation__plan__title", "consultation__plan__province_id")
        .annotate(n=Count("id"), deadline=Max("consultation__deadline"))
        .order_by("consultation__plan_id")
    )
    for row in comments:
        province_id = row["consultation__plan__province_id"]
        add(
            "answer-comments",
            province_id,
            f"Tiếp thu, giải trình ý kiến góp ý dự thảo «{row['consultation__plan__title']}»",
            row["n"],
            reverse("plan-detail", args=[slug[province_id], row["consultation__plan_id"]]) + "#consultation",
            row["deadline"],
            deadline_label="hạn góp ý",
        )
    # Drafts in consultation the user may edit or issue: ended, or ready to issue.
    drafts = (
        Plan.objects.filter(status=PlanStatus.CONSULTATION)
        .filter(editable | Q(owner__in=leader_ids))
        .annotate(
            deadline=Max("consultations__deadline"),
            received=Count("consultations__comments", distinct=True),
            unanswered=Count("consultations__comments", filter=Q(consultations__comments__answer=""), distinct=True),
            asked=Count("consultations__agencies", distinct=True),
            answered_by=Count("consultations__comments__agency", distinct=True),
        )
        .order_by("pk")
    )
    for plan in drafts:
        url = reverse("plan-detail", args=[slug[plan.province_id], plan.pk])
        ended = plan.deadline is not None and plan.deadline < on
        ready = not plan.unanswered and (ended or plan.answered_by >= plan.asked)
        if ready and plan.owner_id in leader_ids:
            add(
                "issue-plan",
                plan.province_id,
                f"Ban hành «{plan.title}»: mọi ý kiến góp ý đã được tiếp thu, giải trình",
                1,
                url + "#issue-form",
                plan.deadline,
                deadline_label="hạn góp ý",
                note=f"{plan.answered_by}/{plan.asked} cơ quan đã góp ý",
            )
        elif ended and plan.owner_id not in leader_ids:
            add(
                "consultation-ended",
                plan.province_id,
                f"Đã hết hạn góp ý dự thảo «{plan.title}»: hoàn thiện dự thảo, trình lãnh đạo ban hành",
                1,
                url + "#consultation",
                plan.deadline,
                deadline_label="hạn góp ý",
                note=f"{plan.answered_by}/{plan.asked} cơ quan đã góp ý",
            )
    # Drafts imported from a document issued outside the system, waiting "Ghi nhận đã ban hành" by the leader.
    if leader_ids:
        imported = (
            Plan.objects.filter(owner__in=leader_ids, status=PlanStatus.DRAFT)
            .filter(~Q(source="") | Q(sources__isnull=False))
            .values("pk", "title", "province_id")
            .distinct()
            .order_by("pk")
        )
        for plan in imported:
            add(
                "record-issued",
                plan["province_id"],
                f"Ghi nhận đã ban hành «{plan['title']}» (số, ngày ghi trên văn bản nguồn)",
                1,
                reverse("plan-detail", args=[slug[plan["province_id"]], plan["pk"]]) + "#record-issued-form",
            )


def _regulation_drafts(add, provinces: set[int], slug) -> None:
    from cchc.regulation.models import Regulation

    for regulation in Regulation.objects.filter(province__in=provinces, status=Regulation.Status.DRAFT).order_by(
        "effective_from", "pk"
    ):
        add(
            "issue-regulation",
            regulation.province_id,
            f"Ban hành dự thảo quy chế «{regulation.title}»",
            1,
            reverse("regulation-detail", args=[slug[regulation.province_id], regulation.pk]),
            regulation.effective_from,
            deadline_label="dự kiến hiệu lực từ",
        )


# --- every agency: calls to answer, drafts to comment on, its own plan ----------------------------------------------


def _agency_work(add, editor_ids: set[int], own_plan_agencies: dict, slug, on: dt.date) -> None:
    from cchc.plans.models import (
        CallRecipient,
        Comment,
        Consultation,
        Plan,
        PlanKind,
        PlanStatus,
        Proposal,
        ProposalCall,
    )

    # Open calls the agency has not answered yet (a withdrawn proposal is no answer).
    answered = Proposal.objects.filter(call=OuterRef("call_id"), agency=OuterRef("agency_id")).exclude(
        status=Proposal.Status.WITHDRAWN
    )
    recipients = (
        CallRecipient.objects.filter(agency__in=editor_ids, call__status=ProposalCall.Status.OPEN)
        .exclude(Exists(answered))
        .select_related("call", "agency")
        .order_by("call__deadline", "agency__name")
    )
    for r in recipients:
        late = r.reopened_until and r.reopened_until >= on
        add(
            "answer-call",
            r.call.province_id,
            f"Gửi đề xuất nhiệm vụ CCHC năm {r.call.year}",
            1,
            reverse("call-detail", args=[slug[r.call.province_id], r.call_id]),
            r.reopened_until if late else r.call.deadline,
            deadline_label="được gửi muộn đến" if late else "hạn",
            note=r.agency.name,
        )
    # Drafts sent to the agency for comments that it has not commented on, before the deadline.
    through = Consultation.agencies.through
    commented = Comment.objects.filter(consultation=OuterRef("consultation_id"), agency=OuterRef("agency_id"))
    asked = (
        through.objects.filter(
            agency_id__in=editor_ids,
            consultation__plan__status=PlanStatus.CONSULTATION,
            consultation__deadline__gte=on,
        )
        .exclude(Exists(commented))
        .select_related("consultation__plan", "agency")
        .order_by("consultation__deadline", "pk")
    )
    for row in asked:
        plan = row.consultation.plan
        add(
            "comment-draft",
            plan.province_id,
            f"Góp ý dự thảo «{plan.title}»",
            1,
            reverse("plan-detail", args=[slug[plan.province_id], plan.pk]) + "#consultation",
            row.consultation.deadline,
            note=row.agency.name,
        )
    # Its own yearly plan (PLAN-7), once the province's annual plan of the year is issued: to prepare, or a draft
    # to finish and send.
    if not own_plan_agencies:
        return
    years = [on.year, on.year + 1]
    provinces = {a.province_id for a in own_plan_agencies.values()}
    issued = set(
        Plan.objects.filter(
            province__in=provinces,
            kind=PlanKind.ANNUAL,
            start_year__in=years,
            status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED],
        )
        .values_list("province_id", "start_year")
        .distinct()
    )
    if not issued:
        return
    rows = Plan.objects.filter(kind=PlanKind.AGENCY, owner__in=list(own_plan_agencies), start_year__in=years)
    own = {(p["owner_id"], p["start_year"]): p for p in rows.values("pk", "owner_id", "start_year", "status")}
    for agency_id, agency in sorted(own_plan_agencies.items(), key=lambda kv: kv[1].name):
        for year in years:
            if (agency.province_id, year) not in issued:
                continue
            plan = own.get((agency_id, year))
            if plan is None:
                add(
                    "prepare-agency-plan",
                    agency.province_id,
                    f"Xây dựng kế hoạch CCHC năm {year} của {agency.name}",
                    1,
                    reverse("plan-list", args=[slug[agency.province_id]]),
                    note="Kế hoạch năm của tỉnh đã ban hành",
                )
            elif plan["status"] == PlanStatus.DRAFT:
                add(
                    "send-agency-plan",
                    agency.province_id,
                    f"Hoàn thiện, ban hành và gửi kế hoạch CCHC năm {year} của {agency.name}",
                    1,
                    reverse("plan-detail", args=[slug[agency.province_id], plan["pk"]]),
                )


# --- provincial leadership: counts to read -------------------------------------------------------------------------


def _leadership_summary(provinces: set[int], slug) -> list[Line]:
    from cchc.plans.models import Comment, Plan, PlanKind, PlanStatus, ProposalCall

    lines: list[Line] = []
    calls = (
        ProposalCall.objects.filter(province__in=provinces, status=ProposalCall.Status.OPEN)
        .values("province_id")
        .annotate(n=Count("id", distinct=True), proposals=Count("proposals", distinct=True))
        .order_by("province_id")
    )
    drafts = (
        Plan.objects.filter(province__in=provinces, status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION])
        .exclude(kind=PlanKind.AGENCY)
        .values("province_id", "status")
        .annotate(n=Count("id"))
        .order_by("province_id", "status")
    )
    comments = (
        Comment.objects.filter(
            consultation__plan__province__in=provinces,
            answer="",
            consultation__plan__status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION],
        )
        .values("consultation__plan__province_id")
        .annotate(n=Count("id"))
        .order_by("consultation__plan__province_id")
    )
    for row in calls:
        p = row["province_id"]
        url = reverse("call-list", args=[slug[p]])
        lines.append(Line(p, "Đợt đề xuất nhiệm vụ đang mở", row["n"], url))
        lines.append(Line(p, "Đề xuất nhiệm vụ đã nhận trong các đợt đang mở", row["proposals"], url))
    labels = {
        PlanStatus.DRAFT: "Dự thảo kế hoạch của tỉnh đang soạn",
        PlanStatus.CONSULTATION: "Dự thảo đang lấy ý kiến",
    }
    for row in drafts:
        p = row["province_id"]
        lines.append(Line(p, labels[row["status"]], row["n"], reverse("plan-list", args=[slug[p]])))
    for row in comments:
        p = row["consultation__plan__province_id"]
        url = reverse("plan-list", args=[slug[p]])
        lines.append(Line(p, "Ý kiến góp ý chưa được tiếp thu, giải trình", row["n"], url))
    return lines
