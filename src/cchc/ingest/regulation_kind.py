"""U-6, REG-1: is a document a coordination regulation or a plan? Decided from, in this order:

1. the title block: a heading "QUY CHẾ" or "KẾ HOẠCH", alone or in capitals (the first one found);
2. the number's type: "…/KH-…" is a plan; a "…/QĐ-…" decision is what it issues ("Ban hành Quy chế …",
   "Ban hành Kế hoạch …", "phê duyệt Kế hoạch …");
3. the structure: articles ("Điều 1.", "Điều 2.", …) and no task table make a regulation.
A plan whose text mentions a regulation (a task "Ban hành Quy chế phối hợp …") stays a plan. The reason is said
in Vietnamese, for the review page.
"""

from __future__ import annotations

import re

from cchc.ingest.reader import Source
from cchc.ingest.textparse import ART_RE, aligned, number_type

_HEADING = {"quy che": "regulation", "ke hoach": "plan"}
_ISSUES_RE = re.compile(
    r"^\W*(?:ve viec\s+)?(?:ban hanh|phe duyet)\s+(?:kem theo\s+)?(quy che|ke hoach|chuong trinh)\b"
)
_NUMBER_LINE_RE = re.compile(r"^\W*so(?:\s+hieu)?\s*:")
_WORD = {"regulation": "quy chế", "plan": "kế hoạch"}


def decide_kind(source: Source) -> tuple[str, str]:
    """(kind, reason): kind is "regulation" or "plan"."""
    lines = [line.text for line in source.lines]
    for text in lines:
        bare = text.strip().strip("*#_ .:")
        heading = aligned(bare)
        first = next((h for h in _HEADING if heading == h or heading.startswith(h + " ")), None)
        if first and (heading == first or bare == bare.upper()):  # "QUY CHẾ", "KẾ HOẠCH CẢI CÁCH … NĂM 2026"
            kind = _HEADING[first]
            return kind, f"Văn bản có tiêu đề «{bare[:120]}», nên được đọc là {_WORD[kind]}."
    number = next((t for t in lines[:40] if _NUMBER_LINE_RE.match(aligned(t))), "")
    kind_of_number = number_type(number)
    if kind_of_number == "KH":
        return "plan", f"Số văn bản «{number.strip()}» là loại KH (kế hoạch)."
    for text in lines[:60]:
        m = _ISSUES_RE.match(aligned(text.strip()))
        if m:
            kind = "regulation" if m.group(1) == "quy che" else "plan"
            what = "quyết định" if kind_of_number == "QD" else "văn bản"
            return kind, f"Đây là {what} ban hành {_WORD[kind]} («{text.strip()[:120]}»)."
    articles = sum(1 for t in lines if ART_RE.match(aligned(t.strip())))
    if articles >= 2 and not source.tables:
        return "regulation", f"Văn bản gồm {articles} điều khoản (Điều 1., Điều 2., …) và không có bảng nhiệm vụ."
    return "plan", "Không thấy tiêu đề «QUY CHẾ» hay điều khoản của một quy chế; văn bản được đọc là kế hoạch."
