"""Stored dashboard figures are drawn once per worker and computation: the next view reuses the
drawing, a recomputation (a new computed_at) is drawn again."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.services.platform import process_cache
from ecosystem.views.dashboard import panels
from tests import factories as f

pytestmark = [pytest.mark.app_config(PROCESS_CACHE_SECONDS=30),
              pytest.mark.usefixtures("empty_process_cache")]



def test_stored_figures_are_drawn_once_until_recomputed(client, login_as, monkeypatch):
    f.make_org("Công ty Một")
    db.session.commit()
    login_as(f.make_user("officer"))
    drawn = []
    real_view = panels.view
    monkeypatch.setattr(panels, "view", lambda panel: drawn.append(panel["code"]) or real_view(panel))
    first = client.get("/dashboard/")  # computed now and stored: drawn as it is
    assert first.status_code == 200 and drawn
    count = len(drawn)
    second = client.get("/dashboard/")  # from the store: drawn and kept
    assert len(drawn) == 2 * count
    third = client.get("/dashboard/")  # the same computation: the kept drawing
    assert len(drawn) == 2 * count and third.get_data() == second.get_data()
    for row in db.session.scalars(select(AggregateCache)):
        row.computed_at = row.computed_at - timedelta(seconds=5)  # recomputed by the scheduler
    db.session.commit()
    client.get("/dashboard/")
    assert len(drawn) == 3 * count


def test_stored_figures_are_decoded_once_per_computation(client, login_as, monkeypatch):
    from ecosystem.services.dashboard import stored_rows
    f.make_org("Công ty Hai")
    db.session.commit()
    login_as(f.make_user("officer"))
    read = []
    real = stored_rows._load
    monkeypatch.setattr(stored_rows, "_load", lambda key, make: read.append(key) or real(key, make))
    client.get("/dashboard/")  # computed now and stored
    assert read == []
    client.get("/dashboard/")
    client.get("/dashboard/")
    assert len(read) == 1
    for row in db.session.scalars(select(AggregateCache)):
        row.computed_at = row.computed_at - timedelta(seconds=5)
    db.session.commit()
    assert client.get("/dashboard/").status_code == 200 and len(read) == 2
