"""The framework file (docs/data-formats.md, IDX-1): parse it into a plain structure, and write it back.

Pure: no database. Reform area codes and the programme stay as written; the services check them.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cchc.agencies.models import AgencyKind
from cchc.core import yamlfile
from cchc.core.errors import UserError, UserErrors
from cchc.core.yamlfile import Mapping, check_keys, quote, text
from cchc.index.models import Binding, Method

METHODS = [method.value for method in Method]
KINDS = [kind.value for kind in AgencyKind]
MAX_POINTS = Decimal("9999.99")


@dataclass
class Level:
    points: Decimal
    text: str


@dataclass
class NodeEntry:
    code: str
    name: str
    max_points: Decimal
    area: str = ""  # the reform area's code (areas only)
    method: str = ""  # leaves only
    guidance: str = ""
    formula: str = ""
    evidence: str = ""
    binding: str = ""
    levels: list[Level] = field(default_factory=list)
    children: list["NodeEntry"] = field(default_factory=list)
    line: int = field(default=0, compare=False)

    def leaves(self):
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


@dataclass
class FrameworkDocument:
    code: str
    version: int
    name: str
    agency_kind: str
    programme: str
    max_points: Decimal
    province: str = ""
    note: str = ""
    source: str = ""
    areas: list[NodeEntry] = field(default_factory=list)
    bonus: list[NodeEntry] = field(default_factory=list)
    penalty: list[NodeEntry] = field(default_factory=list)

    def leaves(self):
        for area in self.areas:
            yield from area.leaves()

    def survey_points(self) -> Decimal:
        return sum((leaf.max_points for leaf in self.leaves() if leaf.method == Method.SURVEY), Decimal(0))


TOP_KEYS = {
    "code",
    "version",
    "name",
    "agency_kind",
    "programme",
    "province",
    "max_points",
    "note",
    "source",
    "areas",
    "bonus",
    "penalty",
}
REQUIRED_TOP = {"code", "version", "name", "agency_kind", "programme", "max_points", "areas"}
AREA_KEYS = {"code", "name", "area", "max_points", "criteria"}
BINDINGS = [choice.value for choice in Binding]
CRITERION_KEYS = {"code", "name", "max_points", "method", "guidance", "formula", "levels", "evidence", "binding"}
EXTRA_KEYS = {"code", "name", "max_points", "guidance", "formula", "levels", "evidence"}


def points(value: object, *, where: str, line: int) -> Decimal:
    """A number of points: not negative, at most two decimal places (half points are common)."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise UserError(f"{where}: điểm phải là một số, không phải «{value}».", line=line)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise UserError(f"{where}: điểm phải là một số, không phải «{value}».", line=line) from None
    if not number.is_finite():
        raise UserError(f"{where}: điểm phải là một số, không phải «{value}».", line=line)
    if number < 0:
        raise UserError(f"{where}: điểm không được âm ({value}).", line=line)
    if number != number.quantize(Decimal("0.01")):
        raise UserError(f"{where}: điểm chỉ có tối đa hai chữ số thập phân ({value}).", line=line)
    if number > MAX_POINTS:
        raise UserError(f"{where}: điểm quá lớn ({value}).", line=line)
    return number.quantize(Decimal("0.01"))


def parse(source: str) -> FrameworkDocument:
    """Read a framework file; raise UserErrors listing every problem with its line."""
    data = yamlfile.load(source)
    if not isinstance(data, Mapping):
        raise UserErrors([UserError("Tệp bộ tiêu chí phải là một bảng các trường (code, version, …).", line=1)])
    errors = check_keys(data, allowed=TOP_KEYS, required=REQUIRED_TOP, where="Bộ tiêu chí")
    if errors:
        raise UserErrors(errors)
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors.append(
            UserError(f"«version» phải là số nguyên dương, không phải «{version}».", line=data.line_of("version"))
        )
        version = 1
    kind = text(data, "agency_kind")
    if kind not in KINDS:
        errors.append(
            UserError(
                f"Loại cơ quan «{kind}» không hợp lệ (dùng: {', '.join(KINDS)}).", line=data.line_of("agency_kind")
            )
        )
    total = _points(data, "max_points", "Bộ tiêu chí", errors)
    document = FrameworkDocument(
        code=_code(data, errors),
        version=version,
        name=text(data, "name"),
        agency_kind=kind,
        programme=text(data, "programme"),
        max_points=total,
        province=text(data, "province"),
        note=text(data, "note"),
        source=text(data, "source"),
    )
    codes: dict[str, int] = {}
    document.areas = _list(data, "areas", errors, lambda m: _area(m, errors, codes))
    document.bonus = _list(data, "bonus", errors, lambda m: _leaf(m, "Điểm thưởng", EXTRA_KEYS, errors, codes))
    document.penalty = _list(data, "penalty", errors, lambda m: _leaf(m, "Điểm trừ", EXTRA_KEYS, errors, codes))
    area_sum = sum((area.max_points for area in document.areas), Decimal(0))
    if not errors and area_sum != total:
        errors.append(
            UserError(
                f"Tổng điểm tối đa của các lĩnh vực là {format_points(area_sum)}, "
                f"khác điểm tối đa của bộ tiêu chí ({format_points(total)}).",
                line=data.line_of("max_points"),
            )
        )
    if errors:
        raise UserErrors(sorted(errors, key=lambda e: e.line or 0))
    return document


def _code(mapping: Mapping, errors: list) -> str:
    value = mapping.get("code")
    if isinstance(value, float):
        errors.append(
            UserError(
                f'Mã «{value}» phải đặt trong ngoặc kép (ví dụ "{value}"), để 1.10 không thành 1.1.',
                line=mapping.line_of("code"),
            )
        )
    return text(mapping, "code")


def _points(mapping: Mapping, key: str, where: str, errors: list) -> Decimal:
    try:
        return points(mapping.get(key), where=where, line=mapping.line_of(key))
    except UserError as exc:
        errors.append(exc)
        return Decimal(0)


def _list(mapping: Mapping, key: str, errors: list, build) -> list[NodeEntry]:
    items = mapping.get(key)
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        errors.append(UserError(f"«{key}» phải là một danh sách các bảng (code, name, …).", line=mapping.line_of(key)))
        return []
    return [node for node in (build(item) for item in items) if node is not None]


def _node(mapping: Mapping, where: str, allowed: set, required: set, errors: list, codes: dict) -> NodeEntry | None:
    problems = check_keys(mapping, allowed=allowed, required=required, where=where)
    errors += problems
    if problems:
        return None
    code = _code(mapping, errors)
    label = f"{where} «{code}»"
    if code in codes:
        errors.append(UserError(f"Mã «{code}» trùng (đã dùng ở dòng {codes[code]}).", line=mapping.line))
    codes.setdefault(code, mapping.line)
    node = NodeEntry(
        code=code,
        name=text(mapping, "name"),
        max_points=_points(mapping, "max_points", label, errors),
        guidance=text(mapping, "guidance"),
        formula=text(mapping, "formula"),
        evidence=text(mapping, "evidence"),
        binding=text(mapping, "binding"),
        line=mapping.line,
    )
    if node.binding and node.binding not in BINDINGS:
        errors.append(
            UserError(f"{label}: «binding» phải là một trong: {', '.join(BINDINGS)}.", line=mapping.line_of("binding"))
        )
    levels = mapping.get("levels")
    if levels is not None:
        if not isinstance(levels, list) or not all(isinstance(level, Mapping) for level in levels):
            errors.append(
                UserError(f"{label}: «levels» là danh sách {{points, text}}.", line=mapping.line_of("levels"))
            )
        else:
            for level in levels:
                level_problems = check_keys(
                    level, allowed={"points", "text"}, required={"points", "text"}, where=f"{label}, mức điểm"
                )
                errors += level_problems
                if level_problems:
                    continue
                value = _points(level, "points", f"{label}, mức điểm", errors)
                if value > node.max_points:
                    errors.append(
                        UserError(
                            f"{label}: mức {format_points(value)} điểm vượt điểm tối đa "
                            f"({format_points(node.max_points)}).",
                            line=level.line,
                        )
                    )
                node.levels.append(Level(points=value, text=text(level, "text")))
    return node


def _leaf(mapping: Mapping, where: str, allowed: set, errors: list, codes: dict) -> NodeEntry | None:
    return _node(mapping, where, allowed, {"code", "name", "max_points"}, errors, codes)


def _criterion(mapping: Mapping, where: str, errors: list, codes: dict, *, nested: bool) -> NodeEntry | None:
    allowed = CRITERION_KEYS if nested else CRITERION_KEYS | {"sub_criteria"}
    node = _node(mapping, where, allowed, {"code", "name", "max_points"}, errors, codes)
    if node is None:
        return None
    if not nested:
        node.children = _list(
            mapping, "sub_criteria", errors, lambda m: _criterion(m, "Tiêu chí thành phần", errors, codes, nested=True)
        )
        _check_children(node, where, errors)
    method = text(mapping, "method")
    if node.children:
        if method:
            errors.append(
                UserError(
                    f"{where} «{node.code}» có tiêu chí thành phần: ghi «method» ở từng tiêu chí thành phần.",
                    line=mapping.line_of("method"),
                )
            )
    elif not method:
        errors.append(UserError(f"{where} «{node.code}»: thiếu trường bắt buộc «method».", line=mapping.line))
    elif method not in METHODS:
        errors.append(
            UserError(
                f"{where} «{node.code}»: phương pháp «{method}» không hợp lệ (dùng: {', '.join(METHODS)}).",
                line=mapping.line_of("method"),
            )
        )
    node.method = method
    return node


def _area(mapping: Mapping, errors: list, codes: dict) -> NodeEntry | None:
    node = _node(mapping, "Lĩnh vực", AREA_KEYS, {"code", "name", "area", "max_points", "criteria"}, errors, codes)
    if node is None:
        return None
    node.area = text(mapping, "area")
    node.children = _list(mapping, "criteria", errors, lambda m: _criterion(m, "Tiêu chí", errors, codes, nested=False))
    _check_children(node, "Lĩnh vực", errors)
    return node


def _check_children(node: NodeEntry, where: str, errors: list) -> None:
    total = sum((child.max_points for child in node.children), Decimal(0))
    if total > node.max_points:
        errors.append(
            UserError(
                f"{where} «{node.code}»: tổng điểm tối đa của các mục con ({format_points(total)}) "
                f"vượt điểm tối đa của mục ({format_points(node.max_points)}).",
                line=node.line,
            )
        )


def format_points(value: Decimal) -> str:
    """1.50 → 1.5, 10.00 → 10 (the way the file writes points)."""
    written = f"{value:.2f}"
    return written.rstrip("0").rstrip(".") if "." in written else written


def dump(document: FrameworkDocument) -> str:
    """Write the document in the format `parse` reads, so that a round trip is lossless."""
    out = ["# Bộ tiêu chí Chỉ số CCHC — định dạng: docs/data-formats.md"]
    if document.note:
        out.append("# " + document.note.replace("\n", " "))
    out += [
        f"code: {quote(document.code)}",
        f"version: {document.version}",
        f"name: {quote(document.name)}",
        f"agency_kind: {document.agency_kind}",
        f"programme: {quote(document.programme)}",
    ]
    if document.province:
        out.append(f"province: {quote(document.province)}")
    out.append(f"max_points: {format_points(document.max_points)}")
    if document.note:
        out.append(f"note: {quote(document.note)}")
    if document.source:
        out.append(f"source: {quote(document.source)}")
    out.append("areas:")
    for area in document.areas:
        _dump_node(area, out, "  ")
    for key, items in (("bonus", document.bonus), ("penalty", document.penalty)):
        if items:
            out.append(f"{key}:")
            for item in items:
                _dump_node(item, out, "  ")
    return "\n".join(out) + "\n"


def _dump_node(node: NodeEntry, out: list, indent: str) -> None:
    out.append(f"{indent}- code: {quote(node.code)}")
    inner = indent + "  "
    out.append(f"{inner}name: {quote(node.name)}")
    if node.area:
        out.append(f"{inner}area: {quote(node.area)}")
    out.append(f"{inner}max_points: {format_points(node.max_points)}")
    if node.method:
        out.append(f"{inner}method: {node.method}")
    for key in ("guidance", "formula", "evidence", "binding"):
        value = getattr(node, key)
        if value:
            out.append(f"{inner}{key}: {quote(value)}")
    if node.levels:
        out.append(f"{inner}levels:")
        for level in node.levels:
            out.append(f"{inner}  - {{points: {format_points(level.points)}, text: {quote(level.text)}}}")
    if node.children:
        out.append(f"{inner}{'criteria' if node.area else 'sub_criteria'}:")
        for child in node.children:
            _dump_node(child, out, inner + "  ")
