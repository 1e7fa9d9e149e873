"""U-3, SEC-2: audit by default, so that records change only through logged writes. Every model of the cchc apps
is logged by django-auditlog under the services; a row written by a path that bypasses the log (queryset
.update(), bulk_create) makes these tests fail; the trail on a record page names people by name and fields by
their Vietnamese labels."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import reverse

from cchc.core import audit, auditing
from cchc.core.models import AuditEntry
from cchc.plans import cycle, services
from cchc.plans.models import Milestone, Objective, Plan, PlanStatus, Proposal, Task
from cchc.regulation.models import ReformProgramme
from tests.factories import area, world


def entries_of(obj, action=None):
    found = LogEntry.objects.get_for_object(obj).order_by("pk")
    return found.filter(action=action) if action is not None else found


# --- registration -------------------------------------------------------------------------------------------


def test_U_3_every_model_of_the_cchc_apps_is_audited_unless_excluded_with_a_reason():
    """U-3: each concrete model of the cchc apps (found from the app registry, so a new model is covered) is
    registered with auditlog, with all its many-to-many fields; the exclusions name real models, with reasons."""
    labels = {m._meta.label for m in auditing.cchc_models()}
    assert {"plans.Task", "regulation.Regulation", "agencies.Membership", "core.AuditEntry"} <= labels
    for label, reason in auditing.EXCLUDED_MODELS.items():
        assert label in labels, f"{label} is excluded but is no model of the cchc apps"
        assert len(reason) > 20, f"{label}: say why it is not audited"
    for model in auditing.cchc_models():
        label = model._meta.label
        if label in auditing.EXCLUDED_MODELS:
            assert not auditlog.contains(model), label
            continue
        assert auditlog.contains(model), f"{label} is not audited: register it or exclude it with a reason"
        assert set(auditlog._registry[model]["m2m_fields"]) == {f.name for f in model._meta.many_to_many}, label
    assert auditlog.contains(get_user_model()), "accounts are audited too"
    assert "password" in auditlog.get_model_fields(get_user_model())["mask_fields"]
    for label, fields in auditing.EXCLUDED_FIELDS.items():
        if label != "*":
            model = apps.get_model(label)
            for name, reason in fields.items():
                assert model._meta.get_field(name) and reason, (label, name)


# --- the log explains the data ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_U_3_the_demo_load_leaves_an_entry_for_every_row_it_wrote():
    """U-3: the demo load (provinces, regulations, accounts, the seed plans through the ingest) leaves a
    LogEntry for every row; replaying them gives the data as it is (so no write bypassed the log)."""
    assert LogEntry.objects.filter(content_type__app_label="plans").exists()
    assert auditing.unlogged_changes() == []


@pytest.mark.django_db
def test_U_3_an_imported_issued_plan_changes_status_through_the_log():
    """U-3: the seed plans imported as issued have their status change in the log."""
    if not Plan.objects.filter(status=PlanStatus.ISSUED, sources__isnull=False).exists():
        pytest.fail("the demo's plans imported as issued are missing")  # not an AssertionError: a real failure
    problems = auditing.unlogged_changes([Plan])
    assert [p for p in problems if ".status" in p] == []


@pytest.mark.django_db
def test_U_3_a_write_that_bypasses_the_log_is_found():
    """U-3: the check itself: a queryset update, a bulk_create and a raw delete are each reported."""
    w = world()
    plan, _ = _plan_with_task(w)
    task = plan.tasks.get()
    assert auditing.unlogged_changes([Task]) == []
    Task.objects.filter(pk=task.pk).update(title="Đổi ngầm")
    Objective.objects.bulk_create([Objective(plan=plan, text="Thêm ngầm", order=9)])
    Milestone.objects.filter(task=task)._raw_delete(Milestone.objects.db)
    problems = auditing.unlogged_changes([Task, Objective, Milestone])
    assert any(f"plans.Task #{task.pk} .title" in p for p in problems), problems
    assert any(p.startswith("plans.Objective") and "không có mục nhật ký tạo" in p for p in problems), problems
    assert any(p.startswith("plans.Milestone") and "xóa" in p for p in problems), problems


def _plan_with_task(w):
    actor = w.user("standing_focal")
    plan = services.create_plan(
        actor=actor,
        province=w.province,
        owner=w.standing,
        fields={
            "kind": "annual",
            "title": "Kế hoạch cải cách hành chính năm 2027",
            "issuer": w.committee.name,
            "start_year": 2027,
            "end_year": 2027,
            "programme": ReformProgramme.objects.get(code="NQ76"),
        },
        objectives=["Nâng cao Chỉ số CCHC"],
    )
    task, _ = services.add_task(
        plan,
        actor=actor,
        data=services.TaskInput(
            title="Rà soát thủ tục hành chính",
            lead=w.domain,
            code="1",
            area_id=area("procedures").pk,
            coordinator_agencies=(w.ordinary,),
            time_text="Quý II",
        ),
    )
    return plan, task


@pytest.mark.django_db
def test_U_3_services_leave_an_entry_for_each_row_with_their_actor():
    """U-3 SEC-2: creating a plan, adding, changing and removing tasks (coordinators, milestones recomputed,
    objectives replaced) leaves a LogEntry per row written, the coordinators' changes included, each naming the
    service's actor though no request set it."""
    w = world()
    actor = w.user("standing_focal")
    start = LogEntry.objects.latest("pk").pk
    plan, task = _plan_with_task(w)
    old_milestone = task.milestones.get()
    services.update_task(
        task,
        actor=actor,
        data=services.TaskInput(
            title="Rà soát, đơn giản hóa thủ tục hành chính",
            lead=w.domain,
            code="1",
            area_id=area("procedures").pk,
            coordinator_agencies=(w.office,),
            coordinator_groups=(w.departments,),
            time_text="Quý III",
        ),
    )
    services.set_objectives(plan, actor=actor, texts=["Mục tiêu mới"])
    second, _ = services.add_task(plan, actor=actor, data=services.TaskInput(title="Nhiệm vụ bỏ", lead=w.standing))
    second_pk = second.pk
    services.remove_task(second, actor=actor)

    assert auditing.unlogged_changes([Task, Milestone, Objective, Plan.objects.filter(province=w.province)]) == []
    changes = [e.changes_dict for e in entries_of(task, LogEntry.Action.UPDATE)]
    assert {"type": "m2m", "operation": "add", "objects": [w.ordinary.name]} in [
        c.get("coordinator_agencies") for c in changes
    ]
    assert {"type": "m2m", "operation": "delete", "objects": [w.ordinary.name]} in [
        c.get("coordinator_agencies") for c in changes
    ]
    assert any(c.get("coordinator_groups", {}).get("objects") == [w.departments.name] for c in changes)
    assert entries_of(old_milestone, LogEntry.Action.DELETE).exists()
    assert LogEntry.objects.get_for_model(Task).filter(object_pk=str(second_pk), action=LogEntry.Action.DELETE).exists()
    mine = LogEntry.objects.filter(pk__gt=start)
    assert mine.count() > 10 and set(mine.values_list("actor", flat=True)) == {actor.pk}


@pytest.mark.django_db
def test_U_3_a_consolidated_proposal_links_its_task_through_the_log():
    """U-3: consolidating a call links each accepted proposal to its new task in the log."""
    w = world()
    actor, on = w.user("standing_focal"), dt.date(2026, 10, 1)
    call = cycle.open_call(w.province, year=2027, actor=actor, on=on, deadline=dt.date(2026, 11, 15))
    proposal = cycle.submit_proposal(
        call,
        agency=w.ordinary,
        actor=w.user("ordinary_focal"),
        on=on,
        title="Số hóa hồ sơ",
        lead=w.ordinary,
        area_id=area("procedures").pk,
        time_text="Quý II",
    )
    cycle.decide_proposal(proposal, accept=True, note="", actor=actor)
    cycle.consolidate(call, actor=actor, owner=w.standing, programme=ReformProgramme.objects.get(code="NQ76"))
    assert Proposal.objects.get(pk=proposal.pk).task_id is not None
    assert auditing.unlogged_changes([Proposal]) == []


# --- the actor ----------------------------------------------------------------------------------------------


def test_U_3_the_audit_middleware_is_installed_after_authentication():
    """U-3: every request runs under the audit middleware, after the user is known."""
    middleware = settings.MIDDLEWARE
    assert "auditlog" in settings.INSTALLED_APPS
    position = middleware.index("cchc.core.auditing.AuditMiddleware")
    assert position > middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


@pytest.mark.django_db
def test_U_3_a_request_names_its_user_as_the_actor(rf):
    """U-3: a write made while serving a request is logged with the logged-in person as its actor, even when the
    service forgets audit.record."""
    w = world()
    plan, _ = _plan_with_task(w)
    editor = w.user("domain_focal")
    objective = plan.objectives.get()

    def view(request):
        objective.text = "Đổi khi phục vụ một yêu cầu"
        objective.save()
        return HttpResponse("ok")

    request = rf.post("/")
    request.user = editor
    auditing.AuditMiddleware(view)(request)
    assert entries_of(objective, LogEntry.Action.UPDATE).get().actor == editor
    # Saving without a change logs nothing.
    count = LogEntry.objects.count()
    objective.save()
    assert LogEntry.objects.count() == count


@pytest.mark.django_db
def test_U_3_acting_as_names_the_actor_of_a_command():
    """U-3: a command or script wraps its writes in acting_as(user); writes without any actor stay the
    system's."""
    w = world()
    person = w.user("province_admin")
    with auditing.acting_as(person):
        w.ordinary.note = "Ghi chú của quản trị"
        w.ordinary.save()
    assert entries_of(w.ordinary, LogEntry.Action.UPDATE).last().actor == person
    w.ordinary.note = "Ghi chú của hệ thống"
    w.ordinary.save()
    audit.record(actor=None, obj=w.ordinary, action=AuditEntry.Action.UPDATE)
    assert entries_of(w.ordinary, LogEntry.Action.UPDATE).last().actor is None


# --- the trail speaks Vietnamese ----------------------------------------------------------------------------


def test_U_3_every_field_a_trail_shows_has_a_vietnamese_label():
    """U-3: the trail labels each field by its Vietnamese name, never by the code's English name."""
    for model in auditing.audited_models():
        if model is get_user_model():
            continue
        for field in model._meta.concrete_fields:
            if field.name in audit._SKIPPED_FIELDS or field.primary_key:
                continue
            label = audit.label(field)
            assert label != field.name.replace("_", " "), f"{model._meta.label}.{field.name} has no Vietnamese label"


@pytest.mark.django_db
def test_U_3_a_snapshot_names_people_and_dates_as_people_read_them():
    """U-3: a snapshot shows a person by full name, a choice by its label, a date as dd/mm/yyyy, an agency by
    its name (not ids or usernames)."""
    w = world()
    plan, _ = _plan_with_task(w)
    plan.signed_on = dt.date(2026, 12, 20)
    values = audit.snapshot(plan)
    assert values["cơ quan soạn thảo"] == w.standing.name
    assert values["ngày ban hành"] == "20/12/2026"
    assert values["trạng thái"] == PlanStatus.DRAFT.label
    nameless = get_user_model().objects.create_user(username="khongten")
    call_values = audit.snapshot(
        cycle.open_call(
            w.province,
            year=2027,
            actor=w.user("standing_focal"),
            on=dt.date(2026, 10, 1),
            deadline=dt.date(2026, 11, 15),
        )
    )
    assert call_values["người mở"] == w.user("standing_focal").get_full_name()
    assert audit.person(nameless) == "khongten"
    # An entry written before a field had its Vietnamese label still reads in Vietnamese.
    old = AuditEntry(before={"opened by": "Trần Thị Mai"}, after={"opened by": "Lê Văn Hải"})
    assert audit.changed_fields(old) == [("người mở", "Trần Thị Mai", "Lê Văn Hải")]


@pytest.mark.django_db
def test_U_3_the_plan_page_trail_names_the_person_and_the_field_in_vietnamese(client):
    """U-3: on a plan's page, the trail shows who changed it by full name (not the username), the action and
    the changed field by its Vietnamese label."""
    w = world()
    editor = w.user("standing_focal")
    plan, _ = _plan_with_task(w)
    plan.refresh_from_db()
    services.update_plan(
        plan, actor=editor, fields={"title": "Kế hoạch CCHC năm 2027 (sửa)"}, expected_version=plan.version
    )
    client.force_login(w.user("standing_leader"))
    html = client.get(reverse("plan-detail", args=[w.province.slug, plan.pk])).content.decode()
    assert "Nhật ký thay đổi" in html
    assert editor.get_full_name() in html
    assert editor.username not in html
    assert "tên kế hoạch" in html and "Kế hoạch CCHC năm 2027 (sửa)" in html
    assert "Sửa" in html and "Tạo mới" in html


@pytest.mark.django_db
def test_U_3_a_log_entry_reads_in_vietnamese():
    """U-3: a LogEntry reads with Vietnamese labels and actions, the related agency's name rather than its id,
    coordinators added and removed by name, and the actor by full name."""
    w = world()
    editor = w.user("standing_focal")
    plan, task = _plan_with_task(w)
    services.update_task(
        task,
        actor=editor,
        data=services.TaskInput(
            title="Rà soát thủ tục hành chính",
            lead=w.office,
            code="1",
            area_id=area("procedures").pk,
            coordinator_agencies=(w.standing,),
            time_text="Quý III",
        ),
    )
    updates = list(entries_of(task, LogEntry.Action.UPDATE))
    lines = [line for entry in updates for line in auditing.describe(entry)]
    assert ("cơ quan chủ trì", w.domain.name, w.office.name) in lines
    assert ("thời gian hoàn thành", "Quý II", "Quý III") in lines
    labels = {line[0] for line in lines}
    assert not labels & {"lead", "time_text", "coordinator_agencies"}, labels
    assert any(after == f"Thêm: {w.standing.name}" for _, _, after in lines), lines
    assert any(before == f"Gỡ: {w.ordinary.name}" for _, before, _ in lines), lines
    assert {auditing.action_label(e) for e in updates} == {"Sửa"}
    assert auditing.action_label(entries_of(task, LogEntry.Action.CREATE).get()) == "Tạo"


@pytest.mark.django_db
def test_U_3_the_admin_log_shows_people_by_name_in_vietnamese(client):
    """U-3: the admin's log of writes (read-only) names the actor by full name, not the username, with
    Vietnamese headings and field labels; nobody can change or delete an entry."""
    w = world()
    editor = w.user("standing_focal")
    plan, task = _plan_with_task(w)
    entry = entries_of(task, LogEntry.Action.CREATE).get()
    admin_user = get_user_model().objects.create_superuser("quantri-thu", "qt@example.gov.vn", "x-Mat-khau-2026")
    client.force_login(admin_user)
    listing = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "Người thực hiện" in listing and editor.get_full_name() in listing
    page = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    assert editor.get_full_name() in page and editor.username not in page
    assert "thời gian hoàn thành" in page and w.domain.name in page
    count = LogEntry.objects.count()
    response = client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403 and LogEntry.objects.count() == count
