"""Survey points (IDX-6): import from .xlsx or .csv (agency, criterion code, points), all or nothing, and the
template to fill.

Every row is checked and every rejected row is reported with its number and reason; if any row is rejected nothing
is imported. Accepted rows set `Score.survey_points` (a re-import overwrites the rows it names), bump the row's
`revision` and leave a `ScoreEvent` of kind survey; the import is audited once.
"""

import csv
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from cchc.core import audit
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.core.rules import can, standing_says
from cchc.index.models import Assessment, Campaign, CampaignNode, Method, Score, ScoreEvent, ScoreEventKind
from cchc.index.services import leaves_of

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 50_000
TYPES = (".xlsx", ".csv")
STAFF_ONLY = "Chỉ {standing} nhập điểm điều tra xã hội học."
PUBLISHED = (
    "Kết quả đã công bố: không nhập lại điểm điều tra xã hội học. Điểm chỉ thay đổi bằng đính chính có ghi lý do "
    "(lãnh đạo {standing})."
)
HEADERS = ("Cơ quan (tên viết tắt hoặc tên)", "Mã tiêu chí", "Điểm")


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class Report:
    rows: int = 0
    imported: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def normalise(text) -> str:
    """Accent- and case-insensitive key: "Sở Tư pháp" and "so tu phap" match."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def read_rows(upload) -> list[tuple[int, list[str]]]:
    """The file's rows as (line number, cells as text); a wrong type, a broken or oversized file is refused."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in TYPES:
        raise UserError(f"Tệp «{name[:100]}» không được nhận: chỉ nhận tệp .xlsx hoặc .csv.")
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise UserError(f"Tệp «{name[:100]}» rỗng.")
    if size > MAX_BYTES:
        raise UserError(f"Tệp «{name[:100]}» quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB.")
    upload.seek(0)
    data = upload.read()
    rows = _read_xlsx(data) if ext == ".xlsx" else _read_csv(data)
    if len(rows) > MAX_ROWS:
        raise UserError(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS:,} dòng.".replace(",", "."))
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(max_col=3, values_only=True), start=1):
            cells = ["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in values]
            rows.append((number, [c.strip() for c in cells]))
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise UserError("Không đọc được tệp .xlsx: tệp hỏng hoặc không phải bảng tính Excel.") from None
    return rows


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("Tệp .csv phải lưu bằng mã UTF-8 (có hoặc không có BOM).") from None
    if "\x00" in text:
        raise UserError("Không đọc được tệp .csv: tệp hỏng hoặc không phải văn bản.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [
            (n, [c.strip() for c in row]) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        ]
    except csv.Error:
        raise UserError("Không đọc được tệp .csv: định dạng không hợp lệ.") from None


def parse_points(text: str) -> Decimal:
    text = text.strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"điểm «{text[:20]}» không phải là số") from None
    if not value.is_finite():
        raise ValueError(f"điểm «{text[:20]}» không phải là số")
    if value < 0:
        raise ValueError("điểm không được âm")
    if value > 9999:
        raise ValueError("điểm quá lớn")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("điểm có quá 2 chữ số thập phân")
    return value.quantize(Decimal("0.01"))


class _Agencies:
    """Who a cell names: abbreviation, exact name or alias, accent- and case-insensitive; ambiguous names refused."""

    def __init__(self, province):
        from cchc.agencies.models import Agency

        self.keys: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        for agency in Agency.objects.filter(province=province).only("pk", "name", "abbreviation", "aliases"):
            self.names[agency.pk] = agency.name
            for text in [agency.name, agency.abbreviation, *(agency.aliases or [])]:
                if text:
                    self.keys.setdefault(normalise(text), set()).add(agency.pk)

    def find(self, text: str) -> int:
        found = self.keys.get(normalise(text), set())
        if not found:
            raise ValueError(f"không có cơ quan «{text[:100]}» trong tỉnh")
        if len(found) > 1:
            raise ValueError(f"«{text[:100]}» trùng tên nhiều cơ quan: ghi tên đầy đủ")
        return next(iter(found))


def check_rows(campaign, rows) -> tuple[Report, dict[tuple[int, int], Decimal]]:
    """IDX-6: every row checked; returns the report and the accepted {(file id, node id): points}."""
    report = Report()
    agencies = _Agencies(campaign.province)
    files = {
        a.agency_id: a
        for a in Assessment.objects.filter(campaign=campaign).exclude(agency__kind="provincial-committee")
    }
    nodes = list(CampaignNode.objects.filter(framework__campaign=campaign).order_by("order"))
    known_codes = {normalise(node.code) for node in nodes}
    parents = {node.parent_id for node in nodes if node.parent_id}
    survey_leaves = {
        (node.framework_id, normalise(node.code)): node
        for node in nodes
        if node.pk not in parents and node.method == Method.SURVEY and node.kind not in ("area", "bonus", "penalty")
    }
    accepted: dict[tuple[int, int], Decimal] = {}
    first_line: dict[tuple[int, int], int] = {}
    header_seen = False
    for line, cells in rows:
        cells = (cells + ["", "", ""])[:3]
        if not any(cells):
            continue
        if not header_seen:
            header_seen = True
            try:
                parse_points(cells[2])
            except ValueError:
                continue  # the header row
        report.rows += 1
        agency_text, code, points_text = cells
        try:
            if not agency_text:
                raise ValueError("thiếu tên cơ quan")
            agency_id = agencies.find(agency_text)
            file = files.get(agency_id)
            if file is None:
                raise ValueError(f"cơ quan «{agencies.names[agency_id]}» không được đánh giá trong đợt này")
            if not code:
                raise ValueError("thiếu mã tiêu chí")
            if normalise(code) not in known_codes:
                raise ValueError(f"không có tiêu chí mã «{code[:40]}» trong bộ tiêu chí của đợt")
            node = survey_leaves.get((file.framework_id, normalise(code)))
            if node is None:
                raise ValueError(
                    f"tiêu chí «{code[:40]}» không phải tiêu chí điều tra xã hội học trong bộ tiêu chí "
                    f"của «{agencies.names[agency_id]}»"
                )
            if not points_text:
                raise ValueError("thiếu điểm")
            points = parse_points(points_text)
            if points > node.max_points:
                raise ValueError(f"điểm {points} vượt điểm tối đa {node.max_points} của tiêu chí {node.code}")
            key = (file.pk, node.pk)
            if key in first_line:
                raise ValueError(f"trùng với dòng {first_line[key]} (cùng cơ quan và tiêu chí)")
        except ValueError as exc:
            report.rejected.append(Rejected(line, str(exc)[:1].upper() + str(exc)[1:] + "."))
            continue
        first_line[key] = line
        accepted[key] = points
    if report.rows == 0:
        report.rejected.append(Rejected(0, "Tệp không có dòng điểm nào."))
    return report, accepted


def import_survey(user, campaign, upload) -> Report:
    """IDX-6: import the survey points of a file: all rows accepted, or nothing imported (one transaction)."""
    if not can(user, "index.import_survey", campaign):
        raise UserError(standing_says(STAFF_ONLY, campaign.province))
    if campaign.published_at is not None:
        raise UserError(standing_says(PUBLISHED, campaign.province))
    report, accepted = check_rows(campaign, read_rows(upload))
    if not report.ok:
        return report
    with transaction.atomic():
        # IDX-7: the campaign locked as publication locks it: an import and a publication never interleave
        if Campaign.objects.select_for_update().filter(pk=campaign.pk, published_at__isnull=False).exists():
            raise UserError(standing_says(PUBLISHED, campaign.province))
        scores = Score.objects.select_for_update().filter(assessment__campaign=campaign, node__method=Method.SURVEY)
        by_key = {(s.assessment_id, s.node_id): s for s in scores}
        changed, events = [], []
        for key, points in accepted.items():
            score = by_key.get(key)
            if score is None:  # a leaf without its row: the campaign's files are made whole when opened
                continue
            if score.survey_points is not None and score.survey_points == points:
                report.unchanged += 1
                continue
            score.survey_points = points
            score.revision += 1
            changed.append(score)
            events.append(ScoreEvent(score=score, kind=ScoreEventKind.SURVEY, points=points, actor=user))
        Score.objects.bulk_update(changed, ["survey_points", "revision", "updated_at"], batch_size=500)
        ScoreEvent.objects.bulk_create(events, batch_size=1000)
        report.imported = len(changed)
        audit.record(
            actor=user,
            obj=campaign,
            action=AuditEntry.Action.LOAD,
            province=campaign.province,
            summary=f"Nhập điểm điều tra xã hội học từ tệp «{os.path.basename(upload.name)[:80]}»: "
            f"{report.imported} điểm thay đổi, {report.unchanged} không đổi",
        )
    return report


def template_xlsx(campaign) -> bytes:
    """The file to fill: one row per assessed agency and survey leaf of its framework, points empty."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Điểm điều tra"
    sheet.append(list(HEADERS) + ["Tên tiêu chí", "Điểm tối đa"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    files = Assessment.objects.filter(campaign=campaign).exclude(agency__kind="provincial-committee")
    files = files.select_related("agency", "framework").order_by("agency__name")
    leaves: dict[int, list] = {}
    for file in files:
        if file.framework_id not in leaves:
            leaves[file.framework_id] = [n for n in leaves_of(file.framework) if n.method == Method.SURVEY]
        for node in leaves[file.framework_id]:
            sheet.append([file.agency.name, node.code, None, node.name, float(node.max_points)])
    for column, width in zip("ABCDE", (30, 14, 10, 70, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
