import datetime as dt

from django import forms

from cchc.agencies.models import Agency, AgencyKind
from cchc.agencies.queries import grouped_agency_choices
from cchc.core.dates import today
from cchc.core.pickers import make_picker
from cchc.regulation.models import (
    HEADER_FIELD_ORDER,
    AssessedScope,
    ReformProgramme,
    Regulation,
    ResponsibilityRole,
)


class RegulationForm(forms.ModelForm):
    # SEC-3: a day of a month and a month, not any small integer.
    proposal_deadline_day = forms.IntegerField(label="Hạn đề xuất (ngày)", min_value=1, max_value=31, required=False)
    proposal_deadline_month = forms.IntegerField(label="Hạn đề xuất (tháng)", min_value=1, max_value=12, required=False)

    class Meta:
        model = Regulation
        fields = [name for name in HEADER_FIELD_ORDER if name != "source"]  # the source is the ingest's
        widgets = {
            "signed_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "effective_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, province, kind: str = Regulation.Kind.NEW, **kwargs):
        super().__init__(*args, **kwargs)
        # U-3: an amendment and a correction say why; a new regulation may.
        self.fields["reason"].required = kind != Regulation.Kind.NEW
        self.fields["reason"].label = {
            Regulation.Kind.AMENDMENT: "Lý do sửa đổi, bổ sung",
            Regulation.Kind.CORRECTION: "Lý do đính chính (lỗi nào, ở đâu)",
        }.get(kind, "Lý do ban hành quy chế mới (nếu có)")
        self.fields["standing_agency"].queryset = Agency.objects.filter(province=province)
        self.fields["standing_agency"].required = True
        make_picker(
            self.fields["standing_agency"],
            grouped_agency_choices(self.fields["standing_agency"].queryset, today()),
        )
        self.fields["programme"].queryset = ReformProgramme.objects.all()
        self.fields["proposal_deadline_day"].widget.attrs.update(min=1, max=31)
        self.fields["proposal_deadline_month"].widget.attrs.update(min=1, max=12)

    def clean(self):
        data = super().clean()
        day, month = data.get("proposal_deadline_day"), data.get("proposal_deadline_month")
        if bool(day) != bool(month) and not self.errors:
            self.add_error("proposal_deadline_month", "Hạn đề xuất cần cả ngày và tháng.")
        elif day and month:
            try:
                dt.date(2024, month, day)  # a leap year accepts 29/02
            except ValueError:
                self.add_error("proposal_deadline_day", f"Tháng {month} không có ngày {day}.")
        return data

    def fields_dict(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResponsibilityForm(forms.Form):
    subject = forms.ChoiceField(label="Lĩnh vực, nội dung")
    role = forms.ChoiceField(label="Vai trò", choices=ResponsibilityRole.choices)
    party = forms.ChoiceField(label="Cơ quan, nhóm cơ quan")
    article = forms.CharField(
        label="Điều khoản",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ Đ15.2"}),
    )
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)
    # IDX-4: an appraisal row may concern only some assessed agencies
    assessed_kinds = forms.MultipleChoiceField(
        label="Đối với cơ quan được đánh giá loại (bỏ trống: mọi loại)",
        choices=AgencyKind.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    assessed_scope = forms.ChoiceField(
        label="Phạm vi cơ quan được đánh giá",
        choices=AssessedScope.choices,
        initial=AssessedScope.ALL,
        required=False,
    )

    def __init__(self, *args, subjects, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects
        make_picker(self.fields["party"], parties)
