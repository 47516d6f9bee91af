"""No value reaches the database that one of the two would refuse or keep differently.

PostgreSQL refuses a NUL byte, a string longer than its VARCHAR(n) and an integer past its column's
range (the request then ends in a 500); SQLite keeps the first two silently and fails on the
third. Checked at every flush, so forms, imports, the API and jobs all meet the same rule on both
databases, and a view whose form forgot a bound answers 400 naming the field, never 500.
"""
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Enum, Integer, String, event, inspect
from sqlalchemy.orm import Session

TOO_LONG = _l("Giá trị của trường “%(field)s” dài quá %(max)s ký tự.")
HAS_NUL = _l("Giá trị của trường “%(field)s” có ký tự không hợp lệ (NUL).")
OUT_OF_RANGE = _l("Giá trị của trường “%(field)s” quá lớn.")
INTEGER_LIMITS = {"int": 2**31 - 1, "bigint": 2**63 - 1}


class ValueRefused(ValueError):
    """A column's value the database would refuse: 'nul', 'too_long' (limit = its length) or
    'out_of_range'."""

    def __init__(self, table: str, column: str, problem: str, limit: int | None = None):
        super().__init__(f"{table}.{column}: {problem}")
        self.table, self.column, self.problem, self.limit = table, column, problem, limit

    def message(self) -> str:
        if self.problem == "nul":
            return str(HAS_NUL % {"field": self.column})
        if self.problem == "too_long":
            return str(TOO_LONG % {"field": self.column, "max": self.limit})
        return str(OUT_OF_RANGE % {"field": self.column})


@lru_cache(maxsize=None)
def _checked_columns(cls) -> tuple[tuple[str, str, str, int | None], ...]:
    """(attribute, table, 'text' or 'int', limit) of each text and integer column of a class."""
    out = []
    for attr in inspect(cls).column_attrs:
        column = attr.columns[0]
        kind = column.type
        if isinstance(kind, String) and not isinstance(kind, Enum):
            out.append((attr.key, column.table.name, "text", kind.length))
        elif isinstance(kind, Integer):
            limit = INTEGER_LIMITS["bigint" if isinstance(kind, BigInteger) else "int"]
            out.append((attr.key, column.table.name, "int", limit))
    return tuple(out)


def check_values(session: Session, _flush_context, _instances) -> None:
    """before_flush: every new or changed row's loaded text and integer values."""
    for obj in (*session.new, *session.dirty):
        loaded = obj.__dict__
        for key, table, kind, limit in _checked_columns(type(obj)):
            value = loaded.get(key)
            if kind == "text" and isinstance(value, str):
                if "\x00" in value:
                    raise ValueRefused(table, key, "nul")
                if limit is not None and len(value) > limit:
                    raise ValueRefused(table, key, "too_long", limit)
            elif kind == "int" and isinstance(value, int) and not -limit - 1 <= value <= limit:
                raise ValueRefused(table, key, "out_of_range")


def install() -> None:
    """Listen on every ORM session (once, however many apps the tests create)."""
    if not event.contains(Session, "before_flush", check_values):
        event.listen(Session, "before_flush", check_values)
