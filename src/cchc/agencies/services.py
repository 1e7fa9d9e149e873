"""Every write to provinces, agencies, groups and memberships, each with its audit entry (U-3)."""

import datetime as dt

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind, Membership, Role
from cchc.core import audit, yamlfile
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError, UserErrors, constraint_message
from cchc.core.models import AuditEntry, Province, ProvinceAdministrator
from cchc.core.rules import is_system_admin
from cchc.core.succession import refuse_if_ended
from cchc.core.text import fold
from cchc.core.yamlfile import Mapping, check_keys, text

AGENCY_KEYS = {
    "name",
    "abbreviation",
    "aliases",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "successor_communes",
    "note",
}
GROUP_KEYS = {"name", "aliases", "kinds", "members"}
PROVINCE_KEYS = {"province", "kind", "note", "valid_to", "successor", "standing_agency", "agencies", "groups"}
SUCCESSOR_KEYS = {"province", "agency"}


def _names(entry: Mapping, errors: list[UserError]) -> list[str]:
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        errors.append(UserError("«aliases» phải là một danh sách tên.", line=entry.line_of("aliases")))
        aliases = []
    return [str(a).strip() for a in aliases if str(a).strip()]


def _check_unique_names(parties: list[tuple[Mapping, list[str]]], errors: list[UserError]) -> None:
    owner: dict[str, str] = {}
    for entry, names in parties:
        for name in {fold(n) for n in names}:
            if name in owner and owner[name] != entry["name"]:
                errors.append(UserError(f"Tên «{name}» đã dùng cho «{owner[name]}».", line=entry.line))
            owner[name] = entry["name"]


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _province_named(written: str, *, exclude: int | None = None) -> Province | None:
    """The province in the system that a file means by a name ("Thành phố Đà Nẵng", "Quảng Nam", a slug)."""
    return next((p for p in Province.objects.exclude(pk=exclude) if p.answers_to(written)), None)


def _province_succession(data: Mapping, loading: Province, errors: list[UserError]) -> tuple[dt.date | None, str]:
    """ORG-5: the province's last day and its successor's name as written, refused with the line when the
    successor is the province itself, comes without a last day, or closes a loop of provinces."""
    valid_to = None
    if data.get("valid_to"):
        try:
            valid_to = yamlfile.as_date(data["valid_to"], field="valid_to", line=data.line_of("valid_to"))
        except UserError as exc:
            errors.append(exc)
    written = text(data, "successor")
    if not written:
        return valid_to, ""
    line = data.line_of("successor")
    if not data.get("valid_to"):
        errors.append(
            UserError("Cần ghi ngày cuối cùng của tỉnh (valid_to) khi ghi tỉnh hợp nhất vào (successor).", line=line)
        )
    if loading.answers_to(written):
        errors.append(UserError(f"Tỉnh, thành phố «{written}» không thể hợp nhất vào chính nó.", line=line))
        return valid_to, written
    # Follow the successors from the one named: reaching the province being loaded (by a link, or by a name
    # written in a file loaded before) would close a loop.
    step, path, seen = _province_named(written, exclude=loading.pk), [loading.title], set()
    while step is not None and step.pk not in seen:
        seen.add(step.pk)
        path.append(step.title)
        if (step.successor_id and step.successor_id == loading.pk) or (
            not step.successor_id and step.successor_name and loading.answers_to(step.successor_name)
        ):
            path.append(loading.title)
            errors.append(UserError(f"Các tỉnh hợp nhất vào nhau thành vòng: {' → '.join(path)}.", line=line))
            break
        step = step.successor
    return valid_to, written


def _link_predecessors(province: Province) -> None:
    """ORG-5: provinces loaded before this one that named it as their successor now link to it."""
    waiting = Province.objects.filter(successor__isnull=True).exclude(successor_name="").exclude(pk=province.pk)
    for old in waiting:
        if province.answers_to(old.successor_name):
            old.successor, old.successor_name = province, ""
            old.save(update_fields=["successor", "successor_name"])


def _successor_written(entry: Mapping, errors: list[UserError], value=None) -> tuple[str, str]:
    """An agency's successor as written: a name (an agency of the file), or {province: …, agency: …}; `value`:
    one item of a list of successors (successor_communes) instead of the entry's "successor"."""
    if value is None:
        value = entry.get("successor")
    elif not isinstance(value, Mapping):
        return "", str(value).strip()
    if isinstance(value, Mapping):
        errors += check_keys(value, allowed=SUCCESSOR_KEYS, required={"agency"}, where="Cơ quan kế thừa")
        return text(value, "province"), text(value, "agency")
    if isinstance(value, list | dict):
        errors.append(
            UserError("«successor» là tên một cơ quan hoặc {province: …, agency: …}.", line=entry.line_of("successor"))
        )
        return "", ""
    return "", text(entry, "successor")


def _successor_communes(agency: Agency, entry: Mapping, successor_of, errors: list[UserError]) -> list[Agency]:
    """ORG-2, ORG-5: the communes (phường, xã, đặc khu) a district handed its work to on its last day: a list of
    names or {province, agency}; only a district has them, each a commune at work the next day."""
    written = entry.get("successor_communes")
    if not written:
        return []
    line = entry.line_of("successor_communes")
    if agency.kind != AgencyKind.DISTRICT:
        errors.append(UserError(f"«{agency.name}»: chỉ UBND cấp huyện mới ghi «successor_communes».", line=line))
        return []
    if not isinstance(written, list):
        errors.append(UserError("«successor_communes» phải là một danh sách xã, phường.", line=line))
        return []
    if agency.valid_to is None:
        errors.append(
            UserError(
                f"«{agency.name}»: cần ghi ngày kết thúc hoạt động (valid_to) khi ghi xã, phường kế thừa.", line=line
            )
        )
        return []
    next_day = agency.valid_to + dt.timedelta(days=1)
    communes = []
    for value in written:
        commune = successor_of(entry, "successor_communes", value)
        if commune is None:
            continue
        if commune.kind != AgencyKind.COMMUNE:
            errors.append(UserError(f"«successor_communes»: «{commune.name}» không phải UBND cấp xã.", line=line))
        elif not commune.is_active_on(next_day):
            errors.append(
                UserError(
                    f"«{agency.name}»: «{commune.name}» không hoạt động vào ngày {_day(next_day)} (ngày sau ngày kết "
                    f"thúc của «{agency.name}»).",
                    line=line,
                )
            )
        else:
            communes.append(commune)
    return communes


def _by_names(agencies) -> dict[str, Agency]:
    found: dict[str, Agency] = {}
    for agency in agencies:
        for written in agency.names:
            found.setdefault(fold(written), agency)
    return found


def _check_succession(province: Province, placed: list[tuple[Mapping, Agency]], errors: list[UserError]) -> None:
    """ORG-2, ORG-5: each successor existed on the day after its predecessor's last day, no successor chain
    loops (across files too), and no predecessor kept in the system loses its successor's start."""
    for entry, agency in placed:
        successor, line = agency.successor, entry.line_of("successor")
        if successor is None:
            continue
        if agency.valid_to is None:
            errors.append(
                UserError(
                    f"«{agency.name}»: cần ghi ngày kết thúc hoạt động (valid_to) khi ghi cơ quan kế thừa.", line=line
                )
            )
            continue
        next_day = agency.valid_to + dt.timedelta(days=1)
        if successor.valid_from and successor.valid_from > next_day:
            errors.append(
                UserError(
                    f"«{agency.name}»: cơ quan kế thừa «{successor.name}» chưa hoạt động vào ngày {_day(next_day)} "
                    f"(ngày sau ngày kết thúc của «{agency.name}»); nó hoạt động từ {_day(successor.valid_from)}.",
                    line=line,
                )
            )
    # Loops: one query for the links of this province and of the provinces it merged into.
    provinces, step = {province.pk}, province.successor
    while step is not None and step.pk not in provinces:
        provinces.add(step.pk)
        step = step.successor
    links = {
        pk: (successor_id, name)
        for pk, successor_id, name in Agency.objects.filter(province_id__in=provinces).values_list(
            "pk", "successor_id", "name"
        )
    }
    for entry, agency in placed:
        path, step = [agency.name], agency.successor_id
        seen = {agency.pk}
        while step is not None and step not in seen and step in links:
            seen.add(step)
            path.append(links[step][1])
            step = links[step][0]
        if step == agency.pk:
            path.append(agency.name)
            errors.append(
                UserError(
                    f"«{agency.name}»: chuỗi cơ quan kế thừa tạo thành vòng ({' → '.join(path)}).",
                    line=entry.line_of("successor"),
                )
            )
    # Predecessors not in this file (another province's, or left from an earlier load) keep their day.
    placed_ids = {agency.pk: (entry, agency) for entry, agency in placed}
    outside = (
        Agency.objects.filter(successor_id__in=placed_ids, valid_to__isnull=False)
        .exclude(pk__in=placed_ids)
        .select_related("province")
    )
    for predecessor in outside:
        entry, agency = placed_ids[predecessor.successor_id]
        next_day = predecessor.valid_to + dt.timedelta(days=1)
        if agency.valid_from and agency.valid_from > next_day:
            errors.append(
                UserError(
                    f"«{agency.name}» hoạt động từ {_day(agency.valid_from)}, sau ngày {_day(next_day)} nhận công việc "
                    f"của «{predecessor.name} ({predecessor.province.title})».",
                    line=entry.line_of("valid_from"),
                )
            )


@transaction.atomic
def load_agencies(source: str, *, actor=None) -> Province:
    """ORG-1, ORG-3: create or update a province with its agencies and groups from a province file."""
    data = yamlfile.load(source)
    if not isinstance(data, Mapping):
        raise UserErrors([UserError("Tệp phải là một bảng các trường (province, agencies, …).", line=1)])
    errors = check_keys(data, allowed=PROVINCE_KEYS, required={"province", "agencies"}, where="Tỉnh")
    agencies = data.get("agencies") or []
    groups = data.get("groups") or []
    entries: list[tuple[Mapping, list[str]]] = []
    for entry in agencies:
        if not isinstance(entry, Mapping):
            errors.append(
                UserError("Mỗi cơ quan là một bảng các trường (name, kind, …).", line=data.line_of("agencies"))
            )
            continue
        errors += check_keys(entry, allowed=AGENCY_KEYS, required={"name", "kind"}, where="Cơ quan")
        if entry.get("kind") and entry["kind"] not in AgencyKind.values:
            errors.append(
                UserError(
                    f"Loại cơ quan «{entry['kind']}» không hợp lệ (dùng: {', '.join(AgencyKind.values)}).",
                    line=entry.line_of("kind"),
                )
            )
        entries.append((entry, [text(entry, "name"), text(entry, "abbreviation"), *_names(entry, errors)]))
    group_entries: list[tuple[Mapping, list[str]]] = []
    for entry in groups:
        if not isinstance(entry, Mapping):
            errors.append(
                UserError("Mỗi nhóm là một bảng các trường (name, kinds | members).", line=data.line_of("groups"))
            )
            continue
        errors += check_keys(entry, allowed=GROUP_KEYS, required={"name"}, where="Nhóm")
        if bool(entry.get("kinds")) == bool(entry.get("members")):
            errors.append(
                UserError(f"Nhóm «{entry.get('name')}» cần đúng một trong hai: kinds hoặc members.", line=entry.line)
            )
        for kind in entry.get("kinds") or []:
            if kind not in AgencyKind.values:
                errors.append(UserError(f"Loại cơ quan «{kind}» không hợp lệ.", line=entry.line_of("kinds")))
        group_entries.append((entry, [text(entry, "name"), *_names(entry, errors)]))
    _check_unique_names([(e, [n for n in names if n]) for e, names in entries + group_entries], errors)
    name = text(data, "province")
    slug, kind = slugify(fold(name)), text(data, "kind") or Province.Kind.PROVINCE
    loading = Province.objects.filter(slug=slug).first() or Province(name=name, slug=slug, kind=kind)
    valid_to, successor_written = _province_succession(data, loading, errors)
    if errors:
        raise UserErrors(errors)

    province, created = Province.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})
    province.note = text(data, "note")
    # ORG-5: the successor if it is in the system, else its name until its own file loads.
    province.valid_to = valid_to
    province.successor = _province_named(successor_written, exclude=province.pk) if successor_written else None
    province.successor_name = "" if province.successor else successor_written
    by_name: dict[str, Agency] = {}
    for entry, names in entries:
        agency = Agency.objects.filter(province=province, name=text(entry, "name")).first() or Agency(
            province=province, name=text(entry, "name")
        )
        agency.abbreviation = text(entry, "abbreviation")
        agency.aliases = names[2:]
        agency.kind = entry["kind"]
        agency.note = text(entry, "note")
        try:
            agency.valid_from = (
                yamlfile.as_date(entry["valid_from"], field="valid_from", line=entry.line)
                if entry.get("valid_from")
                else None
            )
            agency.valid_to = (
                yamlfile.as_date(entry["valid_to"], field="valid_to", line=entry.line)
                if entry.get("valid_to")
                else None
            )
        except UserError as exc:
            errors.append(exc)
            continue
        if agency.valid_from and agency.valid_to and agency.valid_to < agency.valid_from:
            errors.append(UserError(f"«{agency.name}»: ngày kết thúc trước ngày bắt đầu.", line=entry.line))
        agency.parent = agency.successor = None
        agency.save()
        for written in names:
            if written:
                by_name[fold(written)] = agency

    def lookup(entry: Mapping, key: str) -> Agency | None:
        written = text(entry, key)
        if not written:
            return None
        found = by_name.get(fold(written))
        if found is None:
            errors.append(UserError(f"«{key}»: không có cơ quan «{written}» trong tệp.", line=entry.line_of(key)))
        return found

    known: dict[int, dict[str, Agency]] = {}

    def agencies_of(target: Province) -> dict[str, Agency]:
        if target.pk not in known:
            known[target.pk] = _by_names(Agency.objects.filter(province=target))
        return known[target.pk]

    def successor_of(entry: Mapping, key: str = "successor", value=None) -> Agency | None:
        """ORG-2, ORG-5: a name of the file; or {province, agency}: an agency of this province (of the file or
        already in the system) or of the province this one merged into (already in the system)."""
        if value is None and not entry.get(key):
            return None
        province_written, written = _successor_written(entry, errors, value)
        line = entry.line_of(key)
        if not written:
            return None
        if not province_written:
            found = by_name.get(fold(written))
            if found is None:
                errors.append(UserError(f"«successor»: không có cơ quan «{written}» trong tệp.", line=line))
            return found
        if province.answers_to(province_written):
            found = by_name.get(fold(written)) or agencies_of(province).get(fold(written))
        else:
            target = _province_named(province_written, exclude=province.pk)
            if target is None:
                errors.append(
                    UserError(
                        f"«successor»: tỉnh, thành phố «{province_written}» chưa có trong hệ thống; nạp tệp của "
                        "tỉnh, thành phố đó trước rồi nạp lại tệp này.",
                        line=line,
                    )
                )
                return None
            if target.pk != province.successor_id:
                merged = (
                    f"({province.successor.title})" if province.successor else "(tệp không ghi «successor» của tỉnh)"
                )
                errors.append(
                    UserError(
                        f"«successor»: {target.title} không phải tỉnh của cơ quan này hay tỉnh, thành phố mà tỉnh "
                        f"hợp nhất vào {merged}.",
                        line=line,
                    )
                )
                return None
            found = agencies_of(target).get(fold(written))
        if found is None:
            where = province_written or province.title
            errors.append(UserError(f"«successor»: {where} không có cơ quan «{written}».", line=line))
        return found

    placed: list[tuple[Mapping, Agency]] = []
    for entry, _ in entries:
        agency = by_name.get(fold(text(entry, "name")))
        if agency is None:  # its dates were refused above
            continue
        agency.parent = lookup(entry, "parent")
        agency.successor = successor_of(entry)
        if agency.successor and agency.successor.pk == agency.pk:
            errors.append(UserError(f"«{agency.name}» không thể kế thừa chính nó.", line=entry.line))
            agency.successor = None
        agency.save(update_fields=["parent", "successor"])
        agency.successor_communes.set(_successor_communes(agency, entry, successor_of, errors))
        placed.append((entry, agency))
    _check_succession(province, placed, errors)
    for entry, names in group_entries:
        group, _ = AgencyGroup.objects.get_or_create(province=province, name=text(entry, "name"))
        group.aliases = names[1:]
        group.kinds = list(entry.get("kinds") or [])
        group.save()
        group.members.set([m for m in (by_name.get(fold(str(w))) for w in entry.get("members") or []) if m])
        missing = [w for w in entry.get("members") or [] if fold(str(w)) not in by_name]
        errors += [UserError(f"Nhóm «{group.name}»: không có cơ quan «{w}».", line=entry.line) for w in missing]
    if data.get("standing_agency"):
        province.standing_agency = lookup(data, "standing_agency")
    if errors:
        raise UserErrors(errors)
    province.save()
    _link_predecessors(province)
    audit.record(
        actor=actor,
        obj=province,
        action=AuditEntry.Action.LOAD,
        province=province,
        after=audit.snapshot(province),
        summary=f"Nạp {len(entries)} cơ quan và {len(group_entries)} nhóm từ tệp",
    )
    return province


# SEC-6: who may give which role. A province administrator manages the people and agencies of their province,
# except what would hand out the standing agency's powers or provincial leadership: only a superuser does that.
# "The standing agency" is always the policy's answer (standing_agency_for_permissions), never a name.


def refuse_ended_province(province: Province) -> None:
    """ORG-5: a province that merged into another is history: its agencies and memberships change no more (the
    permission rules say so too; this holds for every path, the admin site's forms included)."""
    refuse_if_ended(province)


STANDING_ONLY_SUPERUSER = "Chỉ quản trị hệ thống mới được cấp hoặc thôi vai trò trong cơ quan thường trực ({agency})."
# Fields of an agency record that decide who holds the standing agency's powers (ORG-2: successors carry on).
STANDING_FIELDS = ("valid_from", "valid_to", "successor_id")


def standing_agency(province: Province, on: dt.date | None = None) -> Agency | None:
    """The agency whose staff hold the standing agency's powers in the province on the date (today by default)."""
    from cchc.regulation.routing import standing_agency_for_permissions

    return standing_agency_for_permissions(province, on or today())


def leads_to_standing_agency(agency: Agency, on: dt.date | None = None) -> bool:
    """True for the standing agency and for any ended agency whose work it carries on (its predecessors)."""
    standing = standing_agency(agency.province, on)
    return standing is not None and agency.current(on or today()).pk == standing.pk


def may_manage_people_of(user, agency: Agency) -> bool:
    """Whether the user (already allowed to manage memberships in the province) may grant or end roles in this
    agency: in the standing agency only a superuser may."""
    return is_system_admin(user) or not leads_to_standing_agency(agency)


def _check_agency_change(agency: Agency, original: Agency, actor) -> None:
    """SEC-6: a province administrator cannot move the standing agency's powers (by ending the standing agency
    with a successor, or changing its dates) nor make or unmake provincial leadership (UBND tỉnh)."""
    if is_system_admin(actor):
        return
    if leads_to_standing_agency(original) and any(
        getattr(agency, name) != getattr(original, name) for name in STANDING_FIELDS
    ):
        raise UserError(
            f"Chỉ quản trị hệ thống mới được sửa ngày hoạt động hoặc cơ quan kế thừa của cơ quan thường trực "
            f"({original.name}): thay đổi này chuyển quyền của cơ quan thường trực."
        )
    committee = AgencyKind.PROVINCIAL_COMMITTEE
    if (agency.kind == committee) != (original.kind == committee):
        raise UserError("Chỉ quản trị hệ thống mới được đổi một cơ quan thành UBND tỉnh hoặc ngược lại.")


@transaction.atomic
def update_agency(agency: Agency, *, actor, fields: dict) -> Agency:
    """ORG-1, ORG-2: correct an agency's record, or end it with a successor."""
    original = Agency.objects.select_for_update().get(pk=agency.pk)
    refuse_ended_province(agency.province)
    before = audit.snapshot(agency)
    for name, value in fields.items():
        setattr(agency, name, value)
    if agency.valid_from and agency.valid_to and agency.valid_to < agency.valid_from:
        raise UserError("Ngày kết thúc hoạt động không được trước ngày bắt đầu.")
    if agency.successor_id and agency.successor_id == agency.pk:
        raise UserError("Một cơ quan không thể kế thừa chính nó.")
    # ORG-2, ORG-5: the successor is of the same province, or of the province it merged into (as the file loader).
    if agency.successor_id and agency.successor.province_id not in {
        agency.province_id,
        agency.province.successor_id,
    }:
        raise UserError("Cơ quan kế thừa phải thuộc cùng tỉnh, hoặc tỉnh, thành phố mà tỉnh đã hợp nhất vào.")
    if agency.successor_id and not agency.valid_to:
        raise UserError("Cần nhập ngày kết thúc hoạt động khi ghi cơ quan kế thừa.")
    if agency.parent_id and agency.parent_id == agency.pk:
        raise UserError("Một cơ quan không thể trực thuộc chính nó.")
    _check_agency_change(agency, original, actor)
    agency.save()
    audit.record(
        actor=actor,
        obj=agency,
        action=AuditEntry.Action.UPDATE,
        province=agency.province,
        before=before,
        after=audit.snapshot(agency),
    )
    return agency


def _check_grant(*, actor, agency: Agency, user) -> None:
    """SEC-6, ORG-4: refuse a grant that would give a role its holder could not hold."""
    if not may_manage_people_of(actor, agency):
        raise UserError(STANDING_ONLY_SUPERUSER.format(agency=agency.name))
    if user.pk is None:
        return
    if user.pk == actor.pk and not is_system_admin(actor):
        raise UserError("Không thể tự cấp vai trò cho chính mình: nhờ một quản trị viên khác thực hiện.")
    # Nobody, a superuser included, makes one account a member of two provinces (ORG-4): a person who moves
    # leaves the old province first (the membership is ended there).
    # ORG-5: a membership of an agency that has ended (a merged province's) is no place to act any more; its
    # people may join the successor from the next day and keep reading what they did before.
    province_id = agency.province_id
    acting = (
        Membership.objects.active()
        .filter(user=user)
        .filter(Q(agency__valid_to__isnull=True) | Q(agency__valid_to__gte=today()))
    )
    elsewhere = (
        acting.exclude(agency__province_id=province_id).exists()
        or ProvinceAdministrator.objects.filter(user=user).exclude(province_id=province_id).exists()
    )
    if elsewhere:
        raise UserError(
            f"Tài khoản {user.username} đang thuộc một tỉnh khác: không thể thêm vào cơ quan của {agency.province} "
            "(cho thôi ở tỉnh cũ trước)."
        )


def _password_messages(error: ValidationError) -> list[str]:
    """The validators' messages in Vietnamese. Django's Vietnamese catalogue lacks the minimum-length message
    of Django 5.2 (its wording changed), so that one is written here from its code and parameter."""
    messages = []
    for item in error.error_list:
        if item.code == "password_too_short":
            messages.append(f"Mật khẩu quá ngắn: cần ít nhất {item.params['min_length']} ký tự.")
        else:
            messages.extend(item.messages)
    return messages


def _new_account(*, username: str, full_name: str, email: str, password: str):
    """An unsaved account; its password, if given, must pass AUTH_PASSWORD_VALIDATORS (Vietnamese messages)."""
    users = get_user_model()
    first, _, last = full_name.strip().rpartition(" ")
    user = users(username=username, first_name=first, last_name=last or full_name.strip(), email=email.strip())
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise UserError("Mật khẩu chưa đạt yêu cầu: " + " ".join(_password_messages(exc))) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    return user


@transaction.atomic
def add_membership(
    *,
    actor,
    agency: Agency,
    role: str,
    username: str,
    full_name: str = "",
    email: str = "",
    password: str = "",
) -> Membership:
    """ORG-4: put a person (new or existing account) into an agency with a role (SEC-6: within what the actor
    may grant)."""
    if role not in Role.values:
        raise UserError("Vai trò không hợp lệ.")
    role = Role(role)
    if agency.has_ended_by(today()):
        # ORG-5: nobody joins an agency that has ended; its people belong to the successor from the next day.
        successor = agency.current(today())
        carried = f" Hãy thêm vào {successor.name}." if successor.pk != agency.pk else ""
        raise UserError(f"{agency.name} đã chấm dứt hoạt động sau ngày {format_date(agency.valid_to)}.{carried}")
    refuse_ended_province(agency.province)
    username = username.strip()
    if not username:
        raise UserError("Cần nhập tên đăng nhập.")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = _new_account(username=username, full_name=full_name, email=email, password=password)
    _check_grant(actor=actor, agency=agency, user=user)
    if user.pk is None:
        user.save()
    if Membership.objects.active().filter(user=user, agency=agency).exists():
        raise UserError(f"{username} đã là thành viên của {agency.name}.")
    already = f"{username} đã là thành viên của {agency.name}."
    # SQLite names the columns, not the constraint, of a partial unique index: the default covers it.
    with constraint_message({"one_active_membership": already}, default=already):
        membership = Membership.objects.create(user=user, agency=agency, role=role)
    audit.record(
        actor=actor,
        obj=agency,
        action=AuditEntry.Action.ADD,
        province=agency.province,
        after=audit.snapshot(membership),
        summary=f"Thêm thành viên: {membership}",
    )
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, actor, on: dt.date) -> Membership:
    """A person leaves an agency: the membership ends and stays in the history (SEC-6: in the standing agency,
    by a superuser only)."""
    refuse_ended_province(membership.agency.province)
    if not may_manage_people_of(actor, membership.agency):
        raise UserError(STANDING_ONLY_SUPERUSER.format(agency=membership.agency.name))
    if membership.ended_on:
        raise UserError("Thành viên này đã thôi tham gia.")
    before = audit.snapshot(membership)
    membership.ended_on = on
    membership.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        obj=membership.agency,
        action=AuditEntry.Action.REMOVE,
        province=membership.agency.province,
        before=before,
        after=audit.snapshot(membership),
        summary=f"Thôi thành viên: {membership}",
    )
    return membership
