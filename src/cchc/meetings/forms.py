"""Input of the coordination pages, parsed and bounded here (SEC-3)."""

import uuid

from django import forms

from cchc.agencies.models import Agency
from cchc.agencies.queries import grouped_agency_choices
from cchc.core.dates import QUARTER_NAMES, today
from cchc.core.params import YEAR_MAX, YEAR_MIN
from cchc.core.pickers import make_picker
from cchc.documents.files import ACCEPT, ALLOWED_LABEL, MAX_BYTES, MB
from cchc.meetings.models import STANDING_KINDS, ActivityKind

DATE = {"placeholder": "dd/mm/yyyy"}


def agency_choices(province) -> list:
    """U-1: the province's agencies for a picker, grouped by kind (ended ones last)."""
    return grouped_agency_choices(Agency.objects.filter(province=province), today())


def agencies_of(province, ids) -> list[Agency]:
    return list(Agency.objects.filter(province=province, pk__in=[int(i) for i in ids]))


class _Keyed(forms.Form):
    """A hidden key per form shown: the same form sent twice (a double click) records once (SEC-5)."""

    submit_key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submit_key"].initial = uuid.uuid4().hex


class ScheduleForm(_Keyed):
    """COO-2 / COO-3: the briefing of a quarter (or the review of a year), its date, place and participants."""

    year = forms.IntegerField(label="Năm", min_value=YEAR_MIN, max_value=YEAR_MAX)
    quarter = forms.TypedChoiceField(label="Quý", coerce=int, choices=list(QUARTER_NAMES.items()), required=False)
    held_on = forms.DateField(label="Ngày họp", widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label="Địa điểm, cách thức", max_length=200, required=False)
    agenda = forms.CharField(
        label="Chương trình, nội dung chính", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participants = forms.MultipleChoiceField(label="Cơ quan được mời (theo quy chế; có thể thêm, bớt)", required=False)

    def __init__(self, *args, province, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        make_picker(self.fields["participants"], agency_choices(province))
        if kind != ActivityKind.BRIEFING:
            del self.fields["quarter"]

    def participant_agencies(self):
        return agencies_of(self.province, self.cleaned_data["participants"])


class ActivityForm(_Keyed):
    """COO-1: a coordination activity an agency hosts."""

    kind = forms.ChoiceField(
        label="Hình thức phối hợp", choices=[(k, v) for k, v in ActivityKind.choices if k not in STANDING_KINDS]
    )
    host = forms.TypedChoiceField(label="Cơ quan chủ trì", coerce=int, required=False, empty_value=None)
    title = forms.CharField(label="Nội dung", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    held_on = forms.DateField(label="Ngày", widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label="Địa điểm, cách thức", max_length=200, required=False)
    participants = forms.MultipleChoiceField(label="Cơ quan tham gia", required=False)
    agenda = forms.CharField(
        label="Chương trình, nội dung chính", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.CharField(
        label="Kết quả (có thể ghi sau)", max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, province, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.hosts = {a.pk: a for a in hosts}
        self.fields["host"].choices = [(a.pk, a.name) for a in hosts]
        make_picker(self.fields["participants"], agency_choices(province))

    def host_agency(self):
        """The chosen host; a person of one agency need not choose (their agency hosts)."""
        chosen = self.cleaned_data.get("host")
        return self.hosts[chosen] if chosen else next(iter(self.hosts.values()))

    def participant_agencies(self):
        return agencies_of(self.province, self.cleaned_data["participants"])


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label="Kết quả, biên bản", max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class DocumentForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = forms.DateField(label="Ngày", required=False, widget=forms.DateInput(attrs=DATE))
    summary = forms.CharField(label="Trích yếu", max_length=500)
    file = forms.FileField(
        label=f"Tệp ({ALLOWED_LABEL}; tối đa {MAX_BYTES // MB} MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(label="Kết luận", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    lead = forms.TypedChoiceField(label="Cơ quan chủ trì thực hiện", coerce=int, required=False, empty_value=None)
    deadline = forms.DateField(label="Thời hạn", required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        make_picker(self.fields["lead"], [("", "—"), *agency_choices(province)])

    def lead_agency(self):
        pk = self.cleaned_data.get("lead")
        return Agency.objects.filter(province=self.province, pk=pk).first() if pk else None


class ConclusionTaskForm(forms.Form):
    plan = forms.TypedChoiceField(label="Vào kế hoạch", coerce=int)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {p.pk: p for p in plans}
        self.fields["plan"].choices = [(p.pk, f"{p.title} ({p.get_status_display().lower()})") for p in plans]

    def chosen_plan(self):
        return self.plans[self.cleaned_data["plan"]]
