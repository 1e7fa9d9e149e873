"""Forms of the task page (TRK-1, TRK-3): bounded fields; the services check the rules."""

from django import forms

from cchc.tracking.models import ProblemKind, Reported
from cchc.tracking.services import COMMENT_MAX, NOTE_MAX, EvidenceInput

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}


class EvidenceFields(forms.Form):
    """One evidence document, optional: trích yếu, số/ký hiệu, ngày, cơ quan ban hành, tệp."""

    ev_summary = forms.CharField(label="Trích yếu tài liệu kiểm chứng", max_length=500, required=False)
    ev_number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    ev_issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=forms.DateInput(attrs=DATE_ATTRS))
    ev_issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    ev_file = forms.FileField(label="Tệp (pdf, docx, xlsx, jpg, png; tối đa 10 MB)", required=False)

    def clean(self):
        data = super().clean()
        given = any(data.get(f) for f in ("ev_number", "ev_issued_on", "ev_issuer", "ev_file"))
        if given and not data.get("ev_summary"):
            self.add_error("ev_summary", "Hãy nhập trích yếu của tài liệu kiểm chứng.")
        return data

    def evidence(self) -> list[EvidenceInput]:
        data = self.cleaned_data
        if not data.get("ev_summary"):
            return []
        return [
            EvidenceInput(
                summary=data["ev_summary"],
                number=data.get("ev_number") or "",
                issued_on=data.get("ev_issued_on"),
                issuer=data.get("ev_issuer") or "",
                file=data.get("ev_file"),
            )
        ]


class ProgressForm(EvidenceFields):
    """TRK-1: the lead's update; `base` is the id of the latest update the form was based on (concurrency)."""

    reported = forms.ChoiceField(label="Tình trạng", choices=Reported.choices, initial=Reported.IN_PROGRESS)
    percent = forms.IntegerField(label="Tỷ lệ hoàn thành (%)", min_value=0, max_value=100, initial=0)
    done_on = forms.DateField(label="Ngày hoàn thành", required=False, widget=forms.DateInput(attrs=DATE_ATTRS))
    note = forms.CharField(
        label="Nội dung", max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    base = forms.IntegerField(min_value=0, max_value=2**62, required=False, widget=forms.HiddenInput)

    field_order = ["reported", "percent", "done_on", "note"]


class ContributionForm(EvidenceFields):
    note = forms.CharField(label="Nội dung đóng góp", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["note"]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến khi trả lại", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="Lý do hủy", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=ProblemKind.choices)
    text = forms.CharField(label="Nội dung", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Trả lời", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    accepted = forms.ChoiceField(
        label="Đề nghị điều chỉnh",
        choices=[("", "—"), ("1", "Chấp thuận"), ("0", "Không chấp thuận")],
        required=False,
    )

    def accepted_value(self) -> bool | None:
        value = self.cleaned_data.get("accepted")
        return None if value in (None, "") else value == "1"
