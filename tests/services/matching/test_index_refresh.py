"""Old candidate indexes are rebuilt in a background thread: the request that finds them old is
answered at once from the previous ones, and only one rebuild runs at a time."""
import threading
import time

from ecosystem.extensions import db
from ecosystem.services.matching.suggestions import Indexes
from ecosystem.services.platform.settings import set_setting
from tests import factories as f


def test_old_indexes_are_rebuilt_behind_the_request(app, monkeypatch):
    f.make_person("Nguyễn Cố Vấn", mentor_capacity=2)
    db.session.commit()
    indexes = Indexes()
    first = indexes.current().mentors
    set_setting("matching.index_max_age_seconds", 0, None)
    db.session.commit()
    started, release = threading.Event(), threading.Event()
    real_build = Indexes._build

    def slow_build(self, graph=None):
        started.set()
        release.wait(10)
        return real_build(self, graph)

    monkeypatch.setattr(Indexes, "_build", slow_build)
    time.sleep(0.01)
    began = time.monotonic()
    assert indexes.current().mentors is first  # answered from the previous indexes
    assert time.monotonic() - began < 5
    assert started.wait(5)
    assert indexes.current().mentors is first and indexes.refreshing  # one rebuild at a time
    release.set()
    deadline = time.monotonic() + 30
    while indexes.refreshing and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not indexes.refreshing
    assert indexes.mentors is not first
