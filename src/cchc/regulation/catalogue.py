"""Load the reform programmes, their areas and the topics from data/programmes.yaml."""

from django.db import transaction

from cchc.core import yamlfile
from cchc.core.errors import UserError, UserErrors
from cchc.core.yamlfile import Mapping, check_keys, text
from cchc.regulation.models import ReformArea, ReformProgramme, Topic

PROGRAMME_KEYS = {"code", "name", "decision", "start_year", "end_year", "areas"}


def _entries(data: Mapping, key: str, errors: list[UserError]) -> list[Mapping]:
    entries = data.get(key) or []
    good = [e for e in entries if isinstance(e, Mapping)]
    if len(good) != len(entries):
        errors.append(UserError(f"Mỗi mục của «{key}» phải là một bảng các trường.", line=data.line_of(key)))
    return good


@transaction.atomic
def load_programmes(source: str) -> int:
    """Create or update programmes, areas and topics by their codes; returns how many programmes.

    A key the format does not know is refused: it is how a name with an unquoted comma shows up."""
    data = yamlfile.load(source)
    if not isinstance(data, Mapping) or "programmes" not in data:
        raise UserErrors([UserError("Tệp chương trình CCHC cần mục «programmes».", line=1)])
    errors = check_keys(data, allowed={"programmes", "topics"}, required={"programmes"}, where="Tệp")
    programmes = _entries(data, "programmes", errors)
    topics = _entries(data, "topics", errors)
    for programme in programmes:
        errors += check_keys(
            programme, allowed=PROGRAMME_KEYS, required=PROGRAMME_KEYS - {"decision"}, where="Chương trình"
        )
        for area in _entries(programme, "areas", errors):
            errors += check_keys(area, allowed={"code", "name"}, required={"code", "name"}, where="Lĩnh vực")
    for topic in topics:
        errors += check_keys(topic, allowed={"code", "name", "area"}, required={"code", "name"}, where="Nội dung")
    if errors:
        raise UserErrors(errors)

    for programme_data in programmes:
        programme, _ = ReformProgramme.objects.update_or_create(
            code=text(programme_data, "code"),
            defaults={
                "name": text(programme_data, "name"),
                "decision": text(programme_data, "decision"),
                "start_year": int(programme_data["start_year"]),
                "end_year": int(programme_data["end_year"]),
            },
        )
        for order, area in enumerate(programme_data["areas"], start=1):
            ReformArea.objects.update_or_create(
                programme=programme, code=text(area, "code"), defaults={"name": text(area, "name"), "order": order}
            )
    for order, topic in enumerate(topics, start=1):
        Topic.objects.update_or_create(
            code=text(topic, "code"),
            defaults={"name": text(topic, "name"), "area_code": text(topic, "area"), "order": order},
        )
    return len(programmes)
