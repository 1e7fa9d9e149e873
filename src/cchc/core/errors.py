"""Errors that carry a message for the user, in Vietnamese."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction


class UserError(Exception):
    """Bad input: the message says what is wrong; nothing was changed."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}" if self.line else self.message


class UserErrors(Exception):
    """Several problems found in one input; nothing was changed."""

    def __init__(self, errors: list[UserError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Conflict(UserError):
    """A database constraint refused a write that raced another one (SEC-5): the message says which rule."""


@contextmanager
def constraint_message(messages: dict[str, str], default: str | None = None):
    """Turn an IntegrityError raised by a named constraint into a UserError with its Vietnamese message.

    Use it around the write, inside the service's transaction: `with constraint_message({"one_open_call":
    "Đã có đợt đề xuất đang mở cho năm này."}): call.save()`. An IntegrityError of another constraint is
    re-raised unless a default message is given.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        text = str(exc)
        for name, message in messages.items():
            if name in text:
                raise Conflict(message) from exc
        if default is not None:
            raise Conflict(default) from exc
        raise
