"""U-6, SEC-5: the review of a long plan is paged. A 2,000-task plan is uploaded, its review walked page by page
as a person's browser would post it (each page's form, never more than a few hundred fields or a few MB), a row
dropped on one page stays dropped on the others, and the save makes a draft of the 1,999 tasks kept."""

from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse

from cchc.ingest.models import IngestedDocument
from cchc.ingest.review import PAGE_SIZE
from cchc.plans.models import Plan, PlanStatus
from tests.factories import world
from tests.ingest.texts import plan_text

MB = 1024 * 1024


class _Form(HTMLParser):
    """The fields a browser posts from the review form: text inputs, text areas, checked boxes, the selected
    options (a select box without a selected option posts its first; a multiple one posts nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._multiple = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._first_option, self._chosen = a.get("name"), None, False
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a and (self._multiple or not self._chosen):
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._chosen and not self._multiple:
                self.fields.append((self._select, self._first_option or ""))
            self._select = None


def _form(html: str) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(html)
    post: dict[str, list[str]] = {}
    for name, value in parser.fields:
        post.setdefault(name, []).append(value)
    post.pop("csrfmiddlewaretoken", None)
    return post


def test_U_6_SEC_5_a_2000_task_plan_is_reviewed_page_by_page_and_saved(client, db):
    """U-6, SEC-5: upload 2,000 tasks, walk the 20 pages (each under 3 MB and under Django's 1,000-field limit),
    drop one row on page 3, come back to it, save: a draft plan of 1,999 tasks."""
    w = world()
    client.force_login(w.user("standing_focal"))
    response = client.post(reverse("ingest-upload", args=[w.province.slug]), {"text": plan_text(2000)})
    assert response.status_code == 302
    document = IngestedDocument.objects.filter(province=w.province).latest("id")
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    pages = 2000 // PAGE_SIZE
    dropped_code = str(2 * PAGE_SIZE + 5)  # a row of page 3
    for page in range(1, pages + 1):
        html = client.get(f"{url}?trang={page}")
        assert html.status_code == 200
        assert len(html.content) < 3 * MB, f"page {page}: {len(html.content)} bytes"
        text = html.content.decode()
        assert f'data-code="{(page - 1) * PAGE_SIZE + 1}"' in text and text.count("<tr data-code=") == PAGE_SIZE
        post = _form(text)
        assert sum(len(v) for v in post.values()) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if page == 3:
            index = int(dropped_code) - 1
            del post[f"task-{index}-keep"]
        post["goto"] = [str(page + 1 if page < pages else 1)]
        moved = client.post(url, post)
        assert moved.status_code == 302, moved.content.decode()[:3000]
    back = client.get(f"{url}?trang=3").content.decode()
    assert f'name="task-{int(dropped_code) - 1}-keep" checked' not in back, "the dropped row stays dropped"
    assert f'name="task-{int(dropped_code)}-keep" checked' in back
    post = _form(back)
    post["action"] = ["save"]
    saved = client.post(url, post)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    plan = Plan.objects.get(province=w.province)
    assert plan.status == PlanStatus.DRAFT and plan.tasks.count() == 1999
    assert not plan.tasks.filter(code=dropped_code).exists()


def test_U_6_an_odd_page_number_shows_the_first_page(client, db):
    """U-6: ?trang= with letters, non-ASCII digits or a huge number never breaks the page."""
    w = world()
    client.force_login(w.user("standing_focal"))
    client.post(reverse("ingest-upload", args=[w.province.slug]), {"text": plan_text(150)})
    document = IngestedDocument.objects.filter(province=w.province).latest("id")
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    for value in ("x", "²", "٣", "-1", "0", "9" * 30, "2"):
        response = client.get(url, {"trang": value})
        assert response.status_code == 200, value
    assert 'data-code="101"' in client.get(url, {"trang": "2"}).content.decode()
    assert 'data-code="1"' in client.get(url, {"trang": "²"}).content.decode()
