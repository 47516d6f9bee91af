"""Node keys as arrays: the same answers as the list and dict they replace, before and after a
compaction, for keys added at any time."""
import pickle

import numpy as np
import pytest

from ecosystem.matching.graph import EcosystemGraph
from datetime import date


def _graph():
    return EcosystemGraph(half_life_days=365, as_of=date(2026, 12, 1), kind_weights={"mentor": 1.0})


def test_keys_and_index_agree_across_compaction_and_pickling():
    graph = _graph()
    keys = [("org", 10**12), ("person", 3), ("sector", 3), ("org", 3), ("person", 0)]
    assert [graph.add_node(k) for k in keys] == [0, 1, 2, 3, 4]
    graph.rebuild_index()  # compacts
    late = ("person", 77)
    assert graph.add_node(late) == 5 and graph.add_node(("org", 3)) == 3
    for g in (graph, pickle.loads(pickle.dumps(graph))):
        assert list(g.keys) == [*keys, late] and len(g.index) == 6 and g.n_nodes == 6
        assert all(g.index[k] == i for i, k in enumerate([*keys, late]))
        assert ("org", 4) not in g and ("club", 3) not in g and g.index.get(("person", 4)) is None
        assert g.keys[np.int64(2)] == ("sector", 3)
        with pytest.raises(KeyError):
            g.index[("org", 999)]
        with pytest.raises(IndexError):
            g.keys[6]


def test_ids_that_are_not_integers_are_refused():
    graph = _graph()
    with pytest.raises(ValueError):
        graph.add_node(("org", "abc"))
    with pytest.raises(ValueError):
        graph.add_node(("club", 1))
