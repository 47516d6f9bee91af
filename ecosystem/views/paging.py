"""Pages of long lists that count only as far as a reader looks: past platform.list_count_cap
matching rows the total is shown as "more than N", so a list of 50,000 never counts them all on
every page view (the items come from the ordered index; the count stops at the cap)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ecosystem.extensions import db
from ecosystem.services.platform.process_cache import remember, watch
from ecosystem.services.platform.settings import setting


@dataclass
class CappedPage:
    """What the pager and the list templates read (the same names as Flask-SQLAlchemy's Pagination)."""

    items: list
    page: int
    per_page: int
    total: int  # exact up to the cap, else the cap
    capped: bool  # more rows match than the cap

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page)) if not self.capped else max(
            self.page + (1 if self.has_next else 0), -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    has_next: bool = False


def capped_page(query: Select, page: int, per_page: int, count_key: tuple | None = None) -> CappedPage:
    """One page of `query` and a total counted up to the cap; with a count_key (the filters that
    make the query) the count is shared by the worker's page views for a few seconds."""
    cap = int(setting("platform.list_count_cap"))
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    has_next = len(rows) > per_page
    if count_key is None:
        counted = _count(query, cap)
    else:
        counted = remember("list_counts", (*count_key, cap), lambda: _count(query, cap))
    capped = counted > cap
    total = cap if capped else counted
    return CappedPage(rows[:per_page], page, per_page, total, capped, has_next)


def _count(query: Select, cap: int) -> int:
    return count_rows(query, cap + 1)


def count_rows(query: Select, limit: int | None = None) -> int:
    """How many rows `query` gives (at most `limit`), counting its first column only, unordered."""
    counted = query.order_by(None).with_only_columns(*query.selected_columns[:1])
    if limit is not None:
        counted = counted.limit(limit)
    return db.session.scalar(select(func.count()).select_from(counted.subquery()))


watch("list_counts", ("organisations", "people", "events"))
