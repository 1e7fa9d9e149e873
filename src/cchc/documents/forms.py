"""Input of the shared-document pages, parsed and bounded here (SEC-3)."""

import uuid

from django import forms

from cchc.core.dates import today
from cchc.core.params import SEARCH_MAX
from cchc.core.pickers import make_picker
from cchc.documents.files import ACCEPT, ALLOWED_LABEL, MAX_BYTES, MB
from cchc.documents.models import DocumentKind
from cchc.plans.forms import party_choices, split_parties


class DocumentForm(forms.Form):
    publisher = forms.TypedChoiceField(label="Chia sẻ nhân danh", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200)
    title = forms.CharField(label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(
        label="Nội dung chính", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recipients = forms.MultipleChoiceField(label="Gửi đến (cơ quan hoặc nhóm cơ quan)")
    file = forms.FileField(
        label=f"Tệp văn bản ({ALLOWED_LABEL}; tối đa {MAX_BYTES // MB} MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    submit_key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args, province, publishers, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.publishers = {a.pk: a for a in publishers}
        self.fields["publisher"].choices = [(a.pk, a.name) for a in publishers]
        make_picker(self.fields["recipients"], party_choices(province))
        if not self.is_bound:
            self.fields["submit_key"].initial = uuid.uuid4().hex
            self.fields["issued_on"].initial = today()

    def publisher_agency(self):
        """The chosen publisher; by default the first (the standing agency for its staff)."""
        chosen = self.cleaned_data.get("publisher")
        return self.publishers[chosen] if chosen else next(iter(self.publishers.values()))

    def recipient_parties(self):
        return split_parties(self.province, self.cleaned_data["recipients"])


class SearchForm(forms.Form):
    """TRK-5, U-1: the search box and filters of the list; a bad filter is dropped and the page says so."""

    q = forms.CharField(label="Từ khóa", max_length=SEARCH_MAX, required=False)
    so = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    co_quan = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    loai = forms.ChoiceField(label="Loại", choices=[("", "Tất cả loại"), *DocumentKind.choices], required=False)
    tu_ngay = forms.DateField(label="Từ ngày", required=False)
    den_ngay = forms.DateField(label="Đến ngày", required=False)
