"""Small regulation files for tests, in the format of docs/data-formats.md."""

import textwrap

from cchc.regulation import fileformat, services


def regulation_text(responsibilities: str = "", **overrides) -> str:
    header = {
        "province": "Quảng Nam",
        "programme": "NQ76",
        "number": "99/QĐ-UBND",
        "title": "Quy chế phối hợp thử nghiệm",
        "issuer": "Ủy ban nhân dân tỉnh Quảng Nam",
        "signed_on": "2026-01-05",
        "effective_from": "2026-01-15",
        "standing_agency": "{agency: Sở Nội vụ, article: Đ4.1}",
    }
    header.update(overrides)
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    body = textwrap.dedent(responsibilities).strip("\n")
    return "\n".join(lines) + ("\nresponsibilities:\n" + textwrap.indent(body, "  ") if body else "") + "\n"


def load_text(text: str, actor=None):
    return services.load_regulation(fileformat.parse(text), actor=actor)
