"""Loading a row reached through its parent's URL: one of another parent is not found, never shown."""
from flask import abort

from ecosystem.extensions import db


def row_of(model, object_id: int, **owner):
    """The row with this id whose columns hold the `owner` values (e.g. event_id=3), else 404."""
    row = db.session.get(model, object_id)
    if row is None or any(getattr(row, column) != value for column, value in owner.items()):
        abort(404)
    return row
