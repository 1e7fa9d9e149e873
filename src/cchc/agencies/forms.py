from django import forms

from cchc.agencies.models import Agency, Role
from cchc.agencies.queries import grouped_agency_choices
from cchc.core.dates import today
from cchc.core.pickers import make_picker


class AgencyForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label="Tên gọi khác (mỗi dòng một tên)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Agency
        fields = ["name", "abbreviation", "kind", "parent", "valid_from", "valid_to", "successor", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Agency.objects.filter(province=self.instance.province_id).exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = others
        self.fields["successor"].queryset = others
        grouped = grouped_agency_choices(others, today())
        make_picker(self.fields["parent"], grouped)
        make_picker(self.fields["successor"], grouped)
        self.fields["aliases_text"].initial = "\n".join(self.instance.aliases)

    def cleaned_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["aliases"] = [line.strip() for line in self.cleaned_data["aliases_text"].splitlines() if line.strip()]
        return data


class MembershipForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên (nếu là tài khoản mới)", max_length=150, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu (nếu là tài khoản mới)", required=False, widget=forms.PasswordInput
    )
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
