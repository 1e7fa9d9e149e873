from django import forms

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import grouped_agency_choices, grouped_party_choices
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import YEAR_MAX, YEAR_MIN
from cchc.core.pickers import make_picker
from cchc.plans.bounds import COUNT_MAX, check_signed_on, target_value
from cchc.plans.models import Comparison, Measure, Plan, PlanKind, ThematicType
from cchc.regulation.models import ReformArea, ReformProgramme, Topic


def party_choices(province) -> list:
    """U-1: the province's agencies and groups, grouped by kind for a picker (ended agencies last)."""
    return grouped_party_choices(province, today())


def split_parties(province, keys: list[str]) -> tuple[list[Agency], list[AgencyGroup]]:
    agency_ids = [int(k.split(":")[1]) for k in keys if k.startswith("agency:")]
    group_ids = [int(k.split(":")[1]) for k in keys if k.startswith("group:")]
    return (
        list(Agency.objects.filter(province=province, pk__in=agency_ids)),
        list(AgencyGroup.objects.filter(province=province, pk__in=group_ids)),
    )


def lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def year_field(label: str, **kwargs) -> forms.IntegerField:
    """SEC-3: a year of a plan is 2000–2100 (a larger one was saved once, and every task add then failed)."""
    return forms.IntegerField(label=label, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class PlanForm(forms.ModelForm):
    start_year = year_field("Từ năm")
    end_year = year_field("Đến năm")
    objectives_text = forms.CharField(
        label="Mục tiêu (mỗi dòng một mục tiêu)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Plan
        fields = [
            "kind",
            "thematic_type",
            "number",
            "title",
            "issuer",
            "signed_on",
            "start_year",
            "end_year",
            "programme",
            "requirements",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "signer_authority": forms.TextInput(attrs={"placeholder": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"}),
            "signer_title": forms.TextInput(attrs={"placeholder": "CHỦ TỊCH / PHÓ CHỦ TỊCH"}),
            "signer_name": forms.TextInput(attrs={"placeholder": "Họ và tên người ký"}),
        }

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in PlanKind.choices if k in kinds]
        self.fields["thematic_type"].choices = [("", "—"), *ThematicType.choices]
        self.fields["programme"].queryset = ReformProgramme.objects.all()
        if self.instance.pk:
            self.fields["objectives_text"].initial = "\n".join(self.instance.objectives.values_list("text", flat=True))

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", "Năm kết thúc không được trước năm bắt đầu.")
        if data.get("signed_on") and data.get("start_year"):
            try:  # PLAN-1: not after today, not more than two years before the plan's first year
                check_signed_on(data["signed_on"], start_year=data["start_year"], on=today())
            except UserError as exc:
                self.add_error("signed_on", exc.message)
        return data

    def plan_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TaskForm(forms.Form):
    code = forms.CharField(label="TT (số thứ tự trong văn bản)", max_length=20, required=False)
    title = forms.CharField(label="Nhiệm vụ", widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(label="Lĩnh vực", queryset=ReformArea.objects.none(), required=False)
    products_text = forms.CharField(
        label="Sản phẩm (mỗi dòng một sản phẩm)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead = forms.ChoiceField(
        label="Cơ quan chủ trì (một cơ quan, hoặc một nhóm mà mỗi cơ quan chủ trì phần việc của mình)"
    )
    coordinators = forms.MultipleChoiceField(
        label="Cơ quan phối hợp", required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    time_text = forms.CharField(
        label="Thời gian hoàn thành (như văn bản ghi)",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "Quý III; hoặc: - Ban hành kế hoạch: Quý I - Thực hiện: Cả năm"}
        ),
    )
    owner_unit = forms.CharField(label="Người, bộ phận thực hiện", max_length=200, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = plan.province
        self.fields["area"].queryset = ReformArea.objects.filter(programme=plan.programme_id).order_by("order")
        parties = party_choices(plan.province)
        make_picker(self.fields["lead"], [("", "—"), *parties])
        make_picker(self.fields["coordinators"], parties)

    def coordinator_parties(self):
        return split_parties(self.province, self.cleaned_data["coordinators"])

    def lead_party(self):
        agencies, groups = split_parties(self.province, [self.cleaned_data["lead"]])
        return (agencies or groups or [None])[0]


class TargetForm(forms.Form):
    text = forms.CharField(label="Chỉ tiêu", widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(label="Lĩnh vực", queryset=ReformArea.objects.none(), required=False)
    topic = forms.ModelChoiceField(
        label="Nội dung (ISO, tin học hóa …)", queryset=Topic.objects.filter(area_code__gt=""), required=False
    )
    measure = forms.ChoiceField(label="Đo bằng", choices=Measure.choices)
    comparison = forms.ChoiceField(label="So sánh", choices=Comparison.choices)
    value = forms.DecimalField(label="Giá trị", max_digits=12, decimal_places=2, min_value=0, max_value=COUNT_MAX)
    unit = forms.CharField(label="Đơn vị", max_length=40, required=False, initial="%")
    scope = forms.MultipleChoiceField(
        label="Áp dụng cho", required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = plan.province
        self.fields["area"].queryset = ReformArea.objects.filter(programme=plan.programme_id).order_by("order")
        make_picker(self.fields["scope"], party_choices(plan.province))

    def clean(self):
        """SEC-3: a percentage is 0–100, a yes/no target 0 or 1, a count within the column."""
        data = super().clean()
        if data.get("measure") and data.get("value") is not None:
            try:
                data["value"] = target_value(data["value"], data["measure"])
            except UserError as exc:
                self.add_error("value", exc.message)
        return data


class AppendixFilterForm(forms.Form):
    """U-1: the appendix's lead and coordinator filters as agency pickers, with the GET names the page always had
    (chu_tri, phoi_hop). It only draws them: the view parses each value itself (SEC-3), as before."""

    chu_tri = forms.ChoiceField(label="Cơ quan chủ trì", required=False)
    phoi_hop = forms.ChoiceField(label="Cơ quan phối hợp", required=False)

    def __init__(self, *, leads, coordinator_agencies, coordinator_groups, lead=None, coordinator: str = ""):
        super().__init__(initial={"chu_tri": lead if lead is not None else "", "phoi_hop": coordinator})
        on = today()
        make_picker(
            self.fields["chu_tri"],
            [("", "Mọi cơ quan chủ trì"), *grouped_agency_choices(leads, on)],
            placeholder="Mọi cơ quan chủ trì (gõ để tìm)",
        )
        coordinators = grouped_agency_choices(
            coordinator_agencies,
            on,
            key=lambda agency: f"agency:{agency.pk}",
            groups=coordinator_groups,
            group_key=lambda group: f"group:{group.pk}",
        )
        make_picker(
            self.fields["phoi_hop"],
            [("", "Mọi cơ quan phối hợp"), *coordinators],
            placeholder="Mọi cơ quan phối hợp (gõ để tìm)",
        )
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select", "aria-label": field.label})


class MilestoneDueForm(forms.Form):
    due = forms.DateField(label="Hạn", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))


class CallForm(forms.Form):
    year = year_field("Kế hoạch năm")
    deadline = forms.DateField(
        label="Hạn gửi đề xuất",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    message = forms.CharField(label="Nội dung đề nghị", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalForm(forms.Form):
    title = forms.CharField(label="Nhiệm vụ đề xuất", widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(label="Lĩnh vực", queryset=ReformArea.objects.none(), required=False)
    products_text = forms.CharField(
        label="Sản phẩm (mỗi dòng một sản phẩm)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead = forms.ModelChoiceField(label="Cơ quan chủ trì đề xuất", queryset=Agency.objects.none())
    coordinators = forms.MultipleChoiceField(
        label="Cơ quan phối hợp (chọn một hoặc nhiều)", required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    time_text = forms.CharField(label="Thời gian hoàn thành", max_length=300, required=False)

    def __init__(self, *args, province, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["area"].queryset = ReformArea.objects.filter(programme=programme).order_by("order")
        self.fields["lead"].queryset = Agency.objects.filter(province=province).order_by("kind", "name")
        make_picker(self.fields["lead"], grouped_agency_choices(self.fields["lead"].queryset, today()))
        make_picker(self.fields["coordinators"], party_choices(province))

    def clean(self):
        """REG-3: the lead is never among its coordinators."""
        data = super().clean()
        lead = data.get("lead")
        if lead is not None and f"agency:{lead.pk}" in data.get("coordinators", []):
            self.add_error(
                "coordinators", f"{lead.name} đã là cơ quan chủ trì nên không thể đồng thời là cơ quan phối hợp."
            )
        return data

    def coordinator_parties(self):
        return split_parties(self.province, self.cleaned_data["coordinators"])

    def proposal_fields(self) -> dict:
        """PLAN-4: the keyword arguments of cycle.submit_proposal and cycle.edit_proposal, from the cleaned form."""
        data = self.cleaned_data
        agencies, groups = self.coordinator_parties()
        return {
            "title": data["title"],
            "lead": data["lead"],
            "area_id": data["area"].pk if data["area"] else None,
            "products": lines(data["products_text"]),
            "time_text": data["time_text"],
            "coordinator_agencies": agencies,
            "coordinator_groups": groups,
        }

    @staticmethod
    def initial_for(proposal) -> dict:
        return {
            "title": proposal.title,
            "area": proposal.area_id,
            "products_text": "\n".join(proposal.products),
            "lead": proposal.lead_id,
            "coordinators": [f"agency:{a.pk}" for a in proposal.coordinator_agencies.all()]
            + [f"group:{g.pk}" for g in proposal.coordinator_groups.all()],
            "time_text": proposal.time_text,
        }


class DateForm(forms.Form):
    date = forms.DateField(label="Ngày", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))


SIGNER_FIELDS = ("signer_authority", "signer_title", "signer_name")


def signer_field(label: str) -> forms.CharField:
    """U-2: one line of the signature block; the column holds 100 characters."""
    return forms.CharField(
        label=label,
        max_length=100,
        required=False,
        error_messages={"max_length": f"{label} dài quá %(limit_value)d ký tự (hiện có %(show_value)d)."},
    )


class IssueForm(forms.Form):
    """PLAN-5, SEC-1: the «Ban hành» and «Ghi nhận đã ban hành» forms: number, date, decision, and the signer
    (U-2: printed in the .docx's signature block), prefilled from the plan."""

    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    signed_on = forms.DateField(label="Ngày ban hành", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    decision = forms.CharField(label="Quyết định ban hành (nếu có)", max_length=200, required=False)
    signer_authority = signer_field("Thẩm quyền ký")
    signer_title = signer_field("Chức vụ người ký")
    signer_name = signer_field("Họ và tên người ký")
    # PLAN-5: ticked to issue before the comment deadline while consulted agencies are still silent.
    confirm_silent = forms.BooleanField(required=False)

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def signer_fields(self) -> dict:
        """U-2: the signer fields the POST carried (a page without them leaves the plan's signer as it was)."""
        return {name: self.cleaned_data[name] for name in SIGNER_FIELDS if name in self.data}

    def problem(self, default: str) -> str:
        """The message of an invalid form: `default` when the number or the date is missing or unreadable, then
        each specific reason (a date out of bounds, a signer too long) in its own words."""
        missing, reasons = False, []
        for name, errors in self.errors.as_data().items():
            for error in errors:
                if name in ("number", "signed_on") and error.code in ("required", "invalid"):
                    missing = True
                else:
                    reasons.extend(error.messages)
        return " ".join([default] * missing + reasons)

    def clean_signed_on(self):
        """PLAN-1: never after today; with the plan known, not more than two years before its first year."""
        signed_on = self.cleaned_data["signed_on"]
        try:
            if self.plan is not None:
                check_signed_on(signed_on, start_year=self.plan.start_year, end_year=self.plan.end_year, on=today())
            else:
                check_signed_on(signed_on, start_year=signed_on.year, on=today())
        except UserError as exc:
            raise forms.ValidationError(exc.message) from exc
        return signed_on


class AdjustmentForm(forms.Form):
    reason = forms.CharField(label="Lý do điều chỉnh", widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.CharField(label="Quyết định điều chỉnh", max_length=200)
    decided_on = forms.DateField(label="Ngày quyết định", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
