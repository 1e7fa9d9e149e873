"""The form that opens a campaign (IDX-2): a framework per agency kind, four deadlines, the bands."""

from decimal import Decimal, InvalidOperation

from django import forms

from cchc.agencies.models import AgencyKind
from cchc.index.scoring import DEFAULT_BANDS, validate_bands
from cchc.plans.forms import year_field

# The kinds a province assesses with a framework of its own (districts only before 01/7/2025).
KINDS = (AgencyKind.DEPARTMENT, AgencyKind.DISTRICT, AgencyKind.COMMUNE)
DATE = {"widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


def bands_text(bands) -> str:
    return "\n".join(f"{label}: {minimum}" for label, minimum in bands)


class CampaignForm(forms.Form):
    year = year_field("Năm đánh giá")
    self_assessment_deadline = forms.DateField(label="Hạn tự đánh giá", **DATE)
    appraisal_deadline = forms.DateField(label="Hạn thẩm định", **DATE)
    explanation_deadline = forms.DateField(label="Hạn giải trình", **DATE)
    publication_deadline = forms.DateField(label="Hạn công bố", **DATE)
    bands = forms.CharField(
        label="Mức xếp loại (mỗi dòng «tên: ngưỡng %», từ cao xuống thấp, mức cuối 0)",
        max_length=1000,
        initial=bands_text(DEFAULT_BANDS),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            self.fields[f"framework_{kind}"] = forms.ModelChoiceField(
                label=f"Bộ tiêu chí cho {AgencyKind(kind).label}",
                queryset=frameworks.filter(agency_kind=kind),
                required=False,
                empty_label="(không đánh giá)",
            )

    def clean_bands(self):
        bands = []
        for line in self.cleaned_data["bands"].splitlines():
            if not line.strip():
                continue
            label, _, minimum = line.rpartition(":")
            try:
                bands.append((label.strip(), Decimal(minimum.strip().rstrip("%").replace(",", "."))))
            except InvalidOperation:
                raise forms.ValidationError(f"Dòng «{line.strip()}» phải có dạng «tên: ngưỡng %».") from None
        try:
            return validate_bands(bands)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def frameworks(self) -> dict:
        return {kind: self.cleaned_data.get(f"framework_{kind}") for kind in KINDS}

    def deadlines(self) -> dict:
        names = ("self_assessment_deadline", "appraisal_deadline", "explanation_deadline", "publication_deadline")
        return {name: self.cleaned_data[name] for name in names}
