"""A tracked task of a world of its own: an issued plan of the standing agency with a task led by the domain
agency (Sở Tư pháp), the ordinary department coordinating, a milestone 30 days ahead."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.dates import today
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking.models import EvidenceDocument, Problem, ProgressUpdate, TaskCancellation
from tests.factories import PlanFactory, TaskFactory, world

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "bao-cao.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def tracked(status=PlanStatus.ISSUED, *, due_in: int = 30, w=None):
    """(world, task): a task of an issued plan led by w.domain, coordinated by w.ordinary."""
    w = w or world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=status, signed_on=today() - dt.timedelta(days=60))
    task = TaskFactory(plan=plan, lead=w.domain, title="Rà soát văn bản quy phạm pháp luật về đất đai")
    task.coordinator_agencies.add(w.ordinary)
    Milestone.objects.create(task=task, due=today() + dt.timedelta(days=due_in), label="Hoàn thành")
    return w, task


def counts() -> tuple[int, int, int, int]:
    """The rows of tracking: a refused write leaves them as they were."""
    return (
        ProgressUpdate.objects.count(),
        EvidenceDocument.objects.count(),
        Problem.objects.count(),
        TaskCancellation.objects.count(),
    )
