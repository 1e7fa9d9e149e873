"""Writes of the reform index (IDX-1, IDX-2): each in a transaction, audited, refusing bad input with a reason."""

import dataclasses

from django.db import transaction

from cchc.core import audit
from cchc.core.errors import UserError, UserErrors, constraint_message
from cchc.core.models import AuditEntry
from cchc.index.fileformat import FrameworkDocument, Level, NodeEntry
from cchc.index.models import Framework, Node
from cchc.regulation.models import ReformProgramme

ONE_VERSION = {"unique_framework_version": "Bộ tiêu chí với mã và phiên bản này đã được nạp."}


@transaction.atomic
def load_framework(document: FrameworkDocument, *, actor=None) -> Framework:
    """IDX-1: store one version of a framework. The same code and version again: accepted only if identical
    (nothing changes); a different content under a loaded version is refused (load it as a new version)."""
    from cchc.regulation.services import find_province

    errors: list[UserError] = []
    programme = ReformProgramme.objects.filter(code=document.programme).first()
    if programme is None:
        errors.append(UserError(f"Không có chương trình CCHC mã «{document.programme}» (xem data/programmes.yaml)."))
        raise UserErrors(errors)
    known = {area.code: area.name for area in programme.areas.all()}
    for area in document.areas:
        if area.area not in known:
            errors.append(
                UserError(
                    f"Lĩnh vực «{area.code}»: chương trình {programme.code} không có lĩnh vực CCHC mã «{area.area}» "
                    f"(dùng: {', '.join(known)}).",
                    line=area.line,
                )
            )
    province = None
    if document.province:
        province = find_province(document.province)
        if province is None:
            errors.append(UserError(f"Không có tỉnh «{document.province}»."))
    if errors:
        raise UserErrors(errors)

    existing = Framework.objects.select_for_update().filter(code=document.code, version=document.version).first()
    if existing is not None:
        written = dataclasses.replace(document, province=province.name if province else "")
        if export_framework(existing) == written:
            return existing
        raise UserErrors(
            [
                UserError(
                    f"Bộ tiêu chí «{document.code}» phiên bản {document.version} đã được nạp với nội dung khác: "
                    "hãy nạp nội dung mới thành một phiên bản mới (version)."
                )
            ]
        )
    with constraint_message(ONE_VERSION):
        framework = Framework.objects.create(
            province=province,
            code=document.code,
            version=document.version,
            name=document.name,
            agency_kind=document.agency_kind,
            programme=programme,
            max_points=document.max_points,
            note=document.note,
            source=document.source,
        )
    order = iter(range(1, 100_000))
    for area in document.areas:
        _create(framework, area, Node.Kind.AREA, None, area.area, order)
    for item in document.bonus:
        _create(framework, item, Node.Kind.BONUS, None, "", order)
    for item in document.penalty:
        _create(framework, item, Node.Kind.PENALTY, None, "", order)
    audit.record(
        actor=actor,
        obj=framework,
        action=AuditEntry.Action.LOAD,
        province=province,
        after=audit.snapshot(framework),
        summary=f"Nạp từ tệp với {framework.nodes.count()} mục",
    )
    return framework


def _create(framework: Framework, entry: NodeEntry, kind: str, parent: Node | None, area_code: str, order) -> None:
    node = Node.objects.create(
        framework=framework,
        parent=parent,
        kind=kind,
        code=entry.code,
        name=entry.name,
        area_code=area_code,
        max_points=entry.max_points,
        method=entry.method,
        guidance=entry.guidance,
        formula=entry.formula,
        evidence=entry.evidence,
        binding=entry.binding,
        levels=[{"points": str(level.points), "text": level.text} for level in entry.levels],
        order=next(order),
    )
    child_kind = Node.Kind.CRITERION if kind == Node.Kind.AREA else Node.Kind.SUB_CRITERION
    for child in entry.children:
        _create(framework, child, child_kind, node, area_code, order)


def export_framework(framework: Framework) -> FrameworkDocument:
    """The stored framework as the document `fileformat.dump` writes (IDX-1 round trip)."""
    from decimal import Decimal

    nodes = list(framework.nodes.order_by("order"))
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def entry(node: Node) -> NodeEntry:
        return NodeEntry(
            code=node.code,
            name=node.name,
            max_points=Decimal(node.max_points).quantize(Decimal("0.01")),
            area=node.area_code if node.kind == Node.Kind.AREA else "",
            method=node.method,
            guidance=node.guidance,
            formula=node.formula,
            evidence=node.evidence,
            binding=node.binding,
            levels=[Level(points=Decimal(level["points"]), text=level["text"]) for level in node.levels],
            children=[entry(child) for child in children.get(node.pk, [])],
        )

    top = children.get(None, [])
    return FrameworkDocument(
        code=framework.code,
        version=framework.version,
        name=framework.name,
        agency_kind=framework.agency_kind,
        programme=framework.programme.code,
        max_points=Decimal(framework.max_points).quantize(Decimal("0.01")),
        province=framework.province.name if framework.province else "",
        note=framework.note,
        source=framework.source,
        areas=[entry(node) for node in top if node.kind == Node.Kind.AREA],
        bonus=[entry(node) for node in top if node.kind == Node.Kind.BONUS],
        penalty=[entry(node) for node in top if node.kind == Node.Kind.PENALTY],
    )


# --- IDX-2: campaigns -----------------------------------------------------------------------------------------------

ONE_CAMPAIGN = {
    "one_index_campaign_per_year": "Tỉnh đã có đợt đánh giá Chỉ số CCHC cho năm này.",
    "index_campaign_deadlines_in_order": "Các hạn phải theo thứ tự: tự đánh giá, thẩm định, giải trình, công bố.",
}
DEADLINES = (
    ("self_assessment_deadline", "tự đánh giá"),
    ("appraisal_deadline", "thẩm định"),
    ("explanation_deadline", "giải trình"),
    ("publication_deadline", "công bố"),
)


def default_agencies(province, kinds, on):
    """The agencies assessed by default: the province's agencies of the frameworks' kinds, active on the day."""
    from cchc.agencies.models import Agency

    return Agency.objects.filter(province=province, kind__in=list(kinds)).active_on(on)


@transaction.atomic
def open_campaign(
    province,
    *,
    actor,
    year: int,
    frameworks: dict,
    deadlines: dict,
    bands,
    on,
    agencies=None,
):
    """IDX-2: open the province's campaign of a year, copying each framework it uses (one per agency kind).

    The rule index.open_campaign (Sở Nội vụ's staff, a live province) is asked by the caller. Refused, with
    nothing written: a second campaign of the year, deadlines out of order, bad bands, no framework, a framework
    of another kind or of another province, an agency of another province.
    """
    from cchc.core.models import Province
    from cchc.index.models import Campaign, CampaignFramework
    from cchc.index.scoring import validate_bands

    Province.objects.select_for_update().get(pk=province.pk)  # two clicks at once: the second sees the first
    if not 2000 <= int(year) <= 2100:
        raise UserError("Năm đánh giá phải từ 2000 đến 2100.")
    if Campaign.objects.filter(province=province, year=year).exists():
        raise UserError(ONE_CAMPAIGN["one_index_campaign_per_year"])
    chosen = {kind: framework for kind, framework in frameworks.items() if framework is not None}
    if not chosen:
        raise UserError("Chọn bộ tiêu chí cho ít nhất một loại cơ quan.")
    for kind, framework in chosen.items():
        if framework.agency_kind != kind:
            raise UserError(f"Bộ tiêu chí «{framework.name}» dành cho loại cơ quan khác.")
        if framework.province_id not in (None, province.pk):
            raise UserError(f"Bộ tiêu chí «{framework.name}» là của tỉnh khác.")
    dates = [deadlines.get(key) for key, _ in DEADLINES]
    if any(day is None for day in dates):
        raise UserError("Cần đủ bốn hạn: tự đánh giá, thẩm định, giải trình, công bố.")
    for (_, before), (_, after), first, second in zip(DEADLINES, DEADLINES[1:], dates, dates[1:], strict=False):
        if first > second:
            raise UserError(f"Hạn {after} không được trước hạn {before}.")
    if dates[0].year < int(year):
        raise UserError(f"Hạn tự đánh giá phải sau khi năm {year} bắt đầu.")
    try:
        checked = validate_bands(bands)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    assessed = list(agencies) if agencies is not None else list(default_agencies(province, chosen, on))
    if any(agency.province_id != province.pk for agency in assessed):
        raise UserError("Chỉ đánh giá các cơ quan của tỉnh.")
    with constraint_message(ONE_CAMPAIGN):
        campaign = Campaign.objects.create(
            province=province,
            year=year,
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
            bands=[{"label": label, "min": str(minimum)} for label, minimum in checked],
            **dict(zip([key for key, _ in DEADLINES], dates, strict=True)),
        )
    campaign.agencies.set(assessed)
    for kind, framework in chosen.items():
        copy = CampaignFramework.objects.create(
            campaign=campaign,
            agency_kind=kind,
            source=framework,
            code=framework.code,
            version=framework.version,
            name=framework.name,
            max_points=framework.max_points,
        )
        _copy_nodes(framework, copy)
    create_files(campaign)
    audit.record(
        actor=actor,
        obj=campaign,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(campaign),
        summary=f"Mở đợt đánh giá với {len(chosen)} bộ tiêu chí, {len(assessed)} cơ quan",
    )
    return campaign


def _copy_nodes(framework: Framework, copy) -> None:
    """IDX-2: the campaign's own rows: a later version of the framework never changes them."""
    from cchc.index.models import CampaignNode

    copied: dict[int, CampaignNode] = {}
    for node in framework.nodes.order_by("order"):
        copied[node.pk] = CampaignNode.objects.create(
            framework=copy,
            parent=copied.get(node.parent_id),
            kind=node.kind,
            code=node.code,
            name=node.name,
            area_code=node.area_code,
            max_points=node.max_points,
            method=node.method,
            guidance=node.guidance,
            formula=node.formula,
            levels=node.levels,
            evidence=node.evidence,
            binding=node.binding,
            order=node.order,
        )


def leaves_of(framework) -> list:
    """The nodes of a campaign's framework that carry points of their own: criteria without sub-criteria,
    sub-criteria, bonus and penalty items (areas and criteria with children only add up)."""
    from cchc.index.models import CampaignNode

    nodes = list(CampaignNode.objects.filter(framework=framework).order_by("order"))
    parents = {node.parent_id for node in nodes if node.parent_id}
    return [node for node in nodes if node.pk not in parents and node.kind != CampaignNode.Kind.AREA]


def create_files(campaign) -> None:
    """IDX-3: one file per assessed agency (against its kind's framework) with one empty score row per leaf, so
    that the self-assessment, the appraisal grid and the results read rows that exist. An agency whose kind has no
    framework in the campaign gets no file."""
    from cchc.index.models import Assessment, Score

    frameworks = {copy.agency_kind: copy for copy in campaign.frameworks.all()}
    leaves = {kind: leaves_of(copy) for kind, copy in frameworks.items()}
    files = []
    for agency in campaign.agencies.order_by("pk"):
        if agency.kind in frameworks:  # one by one: each file's creation is in the change log (U-3)
            files.append(Assessment.objects.create(campaign=campaign, agency=agency, framework=frameworks[agency.kind]))
    kind_of = {copy.pk: kind for kind, copy in frameworks.items()}
    Score.objects.bulk_create(
        (Score(assessment=file, node=leaf) for file in files for leaf in leaves[kind_of[file.framework_id]]),
        batch_size=2000,
    )
