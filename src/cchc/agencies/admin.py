from django.contrib import admin

from cchc.agencies.models import Agency, AgencyGroup, Membership
from cchc.core.admin import ReadOnlyAdmin


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "abbreviation", "kind", "province", "valid_from", "valid_to", "successor"]
    list_filter = ["province", "kind"]
    search_fields = ["search_text"]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "kinds"]
    list_filter = ["province"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "agency", "role", "started_on", "ended_on"]
    list_filter = ["role", "agency__province"]
