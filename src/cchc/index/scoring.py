"""The reform index's arithmetic (IDX-6, IDX-7): pure functions, no database.

index = (appraised points + survey points) / max points × 100, where criteria that do not apply to a unit are taken
out of the max (varies by province; the caller passes their max). Points stay Decimal all the way; the percent is
rounded once, to two places, half up, when it is stored or shown. Units are ranked within their group with ties
sharing a rank (1, 2, 2, 4) and classified by the campaign's bands.
"""

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from cchc.agencies.models import AgencyKind

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# 01/7/2025: districts (cấp huyện) end; communes (xã, phường, đặc khu) answer to the province directly.
TWO_TIER_FROM = dt.date(2025, 7, 1)

DEFAULT_BANDS = [("Tốt", Decimal(90)), ("Khá", Decimal(80)), ("Trung bình", Decimal(65)), ("Yếu", Decimal(0))]


def round_percent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def index_percent(
    appraised: Decimal,
    survey: Decimal,
    max_points: Decimal,
    *,
    not_applicable: Decimal = Decimal(0),
    bonus: Decimal = Decimal(0),
    penalty: Decimal = Decimal(0),
) -> Decimal | None:
    """IDX-6: (appraised + survey [+ bonus − penalty]) / (max − not applicable) × 100, rounded once to 2 places.

    None when nothing applies (a max of zero): such a unit has no index, rather than a division by zero.
    """
    base = Decimal(max_points) - Decimal(not_applicable)
    if base <= 0:
        return None
    obtained = Decimal(appraised) + Decimal(survey) + Decimal(bonus) - Decimal(penalty)
    return round_percent(max(obtained, Decimal(0)) * HUNDRED / base)


def area_percents(points: Mapping[Hashable, tuple[Decimal, Decimal]]) -> dict[Hashable, Decimal | None]:
    """IDX-7: per area, {area: (obtained, max)} → {area: percent}; an area whose max is zero has None."""
    return {area: index_percent(obtained, Decimal(0), maximum) for area, (obtained, maximum) in points.items()}


def rank(scores: Mapping[Hashable, Decimal | None]) -> dict[Hashable, int | None]:
    """IDX-6: competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4).

    Scores are compared as given (pass the rounded percents, so that what is shown equal ranks equal). A unit
    without a score (None) has no rank.
    """
    ordered = sorted((score for score in scores.values() if score is not None), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, score in enumerate(ordered, start=1):
        first_position.setdefault(score, position)
    return {key: None if score is None else first_position[score] for key, score in scores.items()}


def validate_bands(bands: Iterable) -> list[tuple[str, Decimal]]:
    """Bands as [(label, min_percent)], strictly descending, the last at 0, labels unique and not empty.

    Raises ValueError with a Vietnamese message. Accepts lists of pairs or of {"label", "min"} mappings.
    """
    result: list[tuple[str, Decimal]] = []
    for band in bands:
        try:
            label, minimum = (band["label"], band["min"]) if isinstance(band, Mapping) else band
            label = str(label).strip()
            minimum = Decimal(str(minimum))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            raise ValueError(f"Mức xếp loại «{band}» phải có tên và ngưỡng (%).") from None
        if not label or len(label) > 60:
            raise ValueError("Tên mức xếp loại không được để trống và dài tối đa 60 ký tự.")
        if not minimum.is_finite() or minimum < 0 or minimum > HUNDRED:
            raise ValueError(f"Ngưỡng của mức «{label}» phải từ 0 đến 100%.")
        result.append((label, minimum))
    if not result:
        raise ValueError("Cần ít nhất một mức xếp loại.")
    if len({label for label, _ in result}) != len(result):
        raise ValueError("Tên các mức xếp loại không được trùng nhau.")
    minimums = [minimum for _, minimum in result]
    if any(a <= b for a, b in zip(minimums, minimums[1:], strict=False)):
        raise ValueError("Ngưỡng các mức xếp loại phải giảm dần (ví dụ Tốt ≥ 90, Khá ≥ 80, …).")
    if minimums[-1] != 0:
        raise ValueError("Mức thấp nhất phải có ngưỡng 0%, để mọi đơn vị đều được xếp loại.")
    return result


def classify(percent: Decimal | None, bands: Iterable) -> str:
    """IDX-6: the first band whose minimum the percent reaches (Tốt ≥ 90: exactly 90 is Tốt)."""
    if percent is None:
        return ""
    for label, minimum in validate_bands(bands):
        if Decimal(percent) >= minimum:
            return label
    return ""


def ranking_group(kind: str, on: dt.date) -> str | None:
    """IDX-6: the group a unit of this kind is ranked in on that day; None: not ranked.

    Before 01/7/2025: sở (with ban, ngành and Văn phòng UBND tỉnh), huyện, xã. From 01/7/2025: sở, and communes.
    The system has one kind for xã, phường and đặc khu (AgencyKind.COMMUNE, no ward kind), so from that day they
    are ranked together in one group; a province that ranks phường apart needs a ward kind first.
    """
    if kind in {AgencyKind.DEPARTMENT, AgencyKind.BOARD, AgencyKind.COMMITTEE_OFFICE}:
        return "department"
    if kind == AgencyKind.COMMUNE:
        return "commune"
    if kind == AgencyKind.DISTRICT and on < TWO_TIER_FROM:
        return "district"
    return None
