"""Errors that carry a message for the user, in Vietnamese."""


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
