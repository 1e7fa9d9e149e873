"""Forms of periodic reports: opening a cycle, writing an agency's report, returning it. Every field is bounded."""

from django import forms

from cchc.core.params import YEAR_MAX, YEAR_MIN
from cchc.reports.models import CycleKind, IndicatorKind
from cchc.reports.services import TEXT_MAX

DATE = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}), "required": False}


class CycleForm(forms.Form):
    kind = forms.ChoiceField(label="Kỳ báo cáo", choices=CycleKind.choices)
    year = forms.IntegerField(label="Năm", min_value=YEAR_MIN, max_value=YEAR_MAX)
    due_date = forms.DateField(label="Hạn gửi", help_text="Để trống: theo lịch của tỉnh.", **DATE)
    period_start = forms.DateField(label="Số liệu từ ngày", help_text="Để trống: theo lịch của Bộ Nội vụ.", **DATE)
    period_end = forms.DateField(label="Số liệu đến ngày", **DATE)
    agencies = forms.ModelMultipleChoiceField(
        label="Cơ quan báo cáo", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].help_text = "Để trống: mọi cơ quan đang hoạt động (trừ UBND tỉnh)."


class ReportForm(forms.Form):
    """The agency's report: one field per typed indicator (a percentage follows from its pair), one per section,
    one per area the agency leads (RPT-2)."""

    def __init__(self, *args, sections, indicators, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections, self.indicators, self.areas = sections, indicators, areas
        for section in sections:
            self.fields[f"t-{section.code}"] = forms.CharField(
                label=section.title, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
            )
        for area in areas:
            self.fields[f"a-{area['code']}"] = forms.CharField(
                label=area["name"], required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
            )
        for indicator in indicators:
            if indicator.kind == IndicatorKind.PERCENT:
                continue
            if indicator.kind == IndicatorKind.YES_NO:
                field = forms.ChoiceField(
                    label=indicator.name, required=False, choices=[("", "—"), ("1", "Có"), ("0", "Không")]
                )
            else:
                field = forms.CharField(label=indicator.name, required=False, max_length=30)
            self.fields[f"v-{indicator.code}"] = field

    @classmethod
    def initial_for(cls, submission) -> dict:
        initial = {f"v-{code}": value for code, value in submission.values.items()}
        initial.update({f"t-{code}": text for code, text in submission.texts.items()})
        initial.update({f"a-{code}": text for code, text in submission.area_texts.items()})
        return initial

    def parts(self) -> tuple[dict, dict, dict]:
        data = self.cleaned_data
        values = {k[2:]: v for k, v in data.items() if k.startswith("v-")}
        texts = {k[2:]: v for k, v in data.items() if k.startswith("t-")}
        area_texts = {k[2:]: v for k, v in data.items() if k.startswith("a-")}
        return values, texts, area_texts


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Lý do trả lại", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    agency_lead_days = forms.IntegerField(label="Số ngày cơ quan gửi trước hạn của tỉnh", min_value=0, max_value=19)


class IndicatorForm(forms.Form):
    section_code = forms.ChoiceField(label="Đề mục")
    code = forms.CharField(label="Mã", max_length=20)
    name = forms.CharField(label="Tên chỉ số", max_length=300)
    unit = forms.CharField(label="Đơn vị tính", max_length=40, required=False)
    kind = forms.ChoiceField(label="Loại", choices=IndicatorKind.choices)
    rule = forms.ChoiceField(
        label="Cách tổng hợp (chỉ số dạng số)",
        choices=[("sum", "Cộng"), ("average", "Trung bình"), ("min", "Nhỏ nhất"), ("max", "Lớn nhất")],
    )
    numerator_code = forms.CharField(label="Tử số (mã, với tỷ lệ)", max_length=20, required=False)
    denominator_code = forms.CharField(label="Mẫu số (mã, với tỷ lệ)", max_length=20, required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_code"].choices = [(s.code, f"{s.code}. {s.title}") for s in sections]
