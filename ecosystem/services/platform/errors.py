"""The one shape of a refusal: every service error is a DomainError(code, **params).

No Flask here, so the pure rule modules raise it too. The code picks the sentence in the
capability's message table (ecosystem/views/errors.py turns it into words); the params fill
that sentence, and `field` among them names the form field the refusal belongs to.
"""


class DomainError(Exception):
    """A refused operation: a stable `code` and the keyword `params` its message needs."""

    status: int | None = None  # an HTTP answer instead of a message (e.g. 403 for a forbidden move)

    def __init__(self, code: str, /, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def field(self) -> str | None:
        """The form field the refusal belongs to, when the service named one."""
        return self.params.get("field")

    def __str__(self) -> str:
        if not self.params:
            return self.code
        return f"{self.code}: " + ", ".join(f"{key}={value!r}" for key, value in self.params.items())
