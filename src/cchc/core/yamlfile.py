"""YAML that remembers where each mapping stood, so a refusal can name the line (data files a person writes)."""

import datetime as dt

import yaml

from cchc.core.errors import UserError, UserErrors


class Mapping(dict):
    """A YAML mapping with the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, in C where PyYAML was built with libyaml (its nodes carry the same line marks)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise UserError(f"«{key}» xuất hiện hai lần (lần đầu ở dòng {mapping.key_lines[key]}).", line=line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str) -> object:
    """Parse YAML text; a syntax error or a repeated key becomes UserErrors naming the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except UserError as exc:
        raise UserErrors([exc]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"Tệp không đúng cú pháp YAML: {exc.problem or exc}."
        raise UserErrors([UserError(message, line=line)]) from exc
    except yaml.YAMLError as exc:
        raise UserErrors([UserError(f"Tệp không đúng cú pháp YAML: {exc}.")]) from exc


def as_date(value: object, *, field: str, line: int) -> dt.date:
    """A date written 2021-06-30 or 30/06/2021."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise UserError(f"«{field}» phải là một ngày (ví dụ 2021-06-30 hoặc 30/06/2021), không phải «{value}».", line=line)


def check_keys(mapping: Mapping, *, allowed: set[str], required: set[str], where: str) -> list[UserError]:
    errors = [
        UserError(
            f"{where}: không có trường «{key}» (các trường được dùng: {', '.join(sorted(allowed))}).",
            line=mapping.line_of(key),
        )
        for key in mapping
        if key not in allowed
    ]
    errors += [
        UserError(f"{where}: thiếu trường bắt buộc «{key}».", line=mapping.line)
        for key in sorted(required)
        if mapping.get(key) in (None, "")
    ]
    return errors


def text(mapping: Mapping, key: str) -> str:
    value = mapping.get(key)
    return "" if value is None else str(value).strip()


def quote(value: str) -> str:
    """A YAML scalar for a Vietnamese string, quoted only where YAML needs it."""
    if value == "":
        return '""'
    # Dumped inside a flow sequence, so that the result is also safe inside {…} flow mappings.
    dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=100_000).strip()
    return dumped[1:-1]
