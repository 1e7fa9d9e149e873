"""PLAN-3: whether a reported value meets a target. Pure."""

from decimal import Decimal

MET, NOT_MET, NOT_REPORTED = "met", "not-met", "not-reported"
LABELS = {MET: "Đạt", NOT_MET: "Chưa đạt", NOT_REPORTED: "Chưa báo cáo"}

_COMPARE = {
    ">=": lambda actual, value: actual >= value,
    ">": lambda actual, value: actual > value,
    "=": lambda actual, value: actual == value,
    "<=": lambda actual, value: actual <= value,
    "<": lambda actual, value: actual < value,
}


def evaluate(comparison: str, value: Decimal, actual: Decimal | None) -> str:
    """ "ít nhất 30%" (≥ 30) is met by 30 and by 45, not by 29.5; no actual value is "not reported"."""
    if actual is None:
        return NOT_REPORTED
    return MET if _COMPARE[comparison](Decimal(actual), Decimal(value)) else NOT_MET
