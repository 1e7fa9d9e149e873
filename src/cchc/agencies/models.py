"""Agency, AgencyGroup and Membership."""

import datetime as dt

from django.conf import settings
from django.db import models

from cchc.core.models import Province
from cchc.core.text import fold


class AgencyKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial-committee", "UBND tỉnh"
    COMMITTEE_OFFICE = "committee-office", "Văn phòng UBND tỉnh"
    DEPARTMENT = "department", "Sở"
    BOARD = "board", "Ban, ngành"
    CENTRAL = "central", "Cơ quan Trung ương trên địa bàn"
    DISTRICT = "district", "UBND cấp huyện"
    COMMUNE = "commune", "UBND cấp xã"


class AgencyQuerySet(models.QuerySet):
    def active_on(self, on: dt.date):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on),
        )


class Agency(models.Model):
    """A unit of a province (ORG-1) that existed between two dates and may have a successor (ORG-2)."""

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField("tên", max_length=200)
    abbreviation = models.CharField("tên viết tắt", max_length=40, blank=True)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    kind = models.CharField("loại", max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="cơ quan kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # ORG-2, ORG-5: a district (cấp huyện, gone from 01/7/2025) hands its work to several communes (phường, xã,
    # đặc khu), or to none; `successor` stays the one agency that carries the whole of a unit's work on.
    successor_communes = models.ManyToManyField(
        "self",
        verbose_name="xã, phường, đặc khu kế thừa",
        symmetrical=False,
        blank=True,
        related_name="district_predecessors",
    )
    note = models.TextField("ghi chú", blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["province", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="unique_agency_name")]
        indexes = [models.Index(fields=["province", "kind"])]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A leading space lets a search match the start of any word (" so", " noi").
        self.search_text = " " + fold(" | ".join([self.name, self.abbreviation, *self.aliases]))
        super().save(*args, **kwargs)

    @property
    def names(self) -> list[str]:
        """Every name this agency answers to: its name, abbreviation and aliases."""
        return [n for n in [self.name, self.abbreviation, *self.aliases] if n]

    def is_active_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def has_ended_by(self, on: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < on

    def successor_chain(self) -> list["Agency"]:
        """ORG-2, ORG-5: this agency, then its successor, that one's successor, …, across provinces; a loop
        (which the loader refuses) ends the list where it would repeat."""
        chain, seen = [self], {self.pk}
        agency = self
        while agency.successor_id and agency.successor_id not in seen:
            agency = Agency.objects.select_related("province", "successor").get(pk=agency.successor_id)
            seen.add(agency.pk)
            chain.append(agency)
        return chain

    def current(self, on: dt.date) -> "Agency":
        """ORG-2: the agency that carries this one's work on a date, following successors of ended agencies."""
        agency, seen = self, {self.pk}
        while agency.has_ended_by(on) and agency.successor_id and agency.successor_id not in seen:
            seen.add(agency.successor_id)
            agency = agency.successor
        return agency


class AgencyGroup(models.Model):
    """ORG-3: a named set of agencies ("Các sở, ban, ngành", "UBND cấp huyện"), resolved at a date."""

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("tên nhóm", max_length=200)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    kinds = models.JSONField("gồm các loại cơ quan", default=list, blank=True)
    members = models.ManyToManyField(Agency, verbose_name="gồm các cơ quan", blank=True, related_name="listed_in")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["province", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="unique_group_name")]
        verbose_name = "nhóm cơ quan"
        verbose_name_plural = "nhóm cơ quan"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = " " + fold(" | ".join([self.name, *self.aliases]))
        super().save(*args, **kwargs)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def kinds_display(self) -> str:
        labels = dict(AgencyKind.choices)
        return ", ".join(labels.get(k, k) for k in self.kinds)

    def resolve(self, on: dt.date) -> list[Agency]:
        """The agencies in the group on a date; a listed agency that has ended counts as its successor."""
        if self.kinds:
            return list(Agency.objects.filter(province=self.province_id, kind__in=self.kinds).active_on(on))
        found: dict[int, Agency] = {}
        for member in self.members.select_related("successor"):
            agency = member.current(on)
            if agency.is_active_on(on):
                found[agency.pk] = agency
        return sorted(found.values(), key=lambda a: a.name)


class Role(models.TextChoices):
    LEADER = "leader", "Lãnh đạo"
    FOCAL = "focal", "Chuyên viên đầu mối CCHC"
    VIEWER = "viewer", "Xem"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Membership(models.Model):
    """ORG-4: a person works in an agency with a role. Ending a membership keeps its history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    started_on = models.DateField("từ ngày", auto_now_add=True)
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                condition=models.Q(ended_on__isnull=True),
                name="one_active_membership",
            )
        ]
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.username
        return f"{name} — {self.agency} ({self.get_role_display()})"
