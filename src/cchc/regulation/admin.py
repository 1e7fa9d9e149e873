from django.contrib import admin

from cchc.core.admin import ReadOnlyAdmin
from cchc.regulation.models import ReformArea, ReformProgramme, Regulation, Responsibility, Topic


@admin.register(ReformProgramme)
class ReformProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "start_year", "end_year"]


@admin.register(ReformArea)
class ReformAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "programme", "order"]
    list_filter = ["programme"]


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "area_code"]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "province", "status", "effective_from", "effective_to"]
    list_filter = ["province", "status"]


@admin.register(Responsibility)
class ResponsibilityAdmin(ReadOnlyAdmin):
    list_display = ["regulation", "area", "topic", "role", "agency", "group", "article"]
    list_filter = ["regulation__province", "role"]
