"""A graph's node keys held as arrays: ("org", 7) ↔ node index without 146,000 Python tuples and a
dict of them in every web worker (about 24 MB at 50,000 startups).

A key is coded as id * 4 + its type's code. The nodes known when the graph was last compacted sit in
two sorted arrays (binary search); nodes added since sit in a small dict until the next compaction.
"""
from __future__ import annotations

import numpy as np

TYPE_BITS = 4  # room for the node types' codes (NODE_TYPES has 3)


def encode(type_code: int, node_id: int) -> int:
    return int(node_id) * TYPE_BITS + type_code


class NodeKeys:
    """Node index → key, and key → node index, over the graph's type and id columns."""

    def __init__(self, types: tuple[str, ...]):
        self.types = types
        self.code_of = {name: code for code, name in enumerate(types)}
        self.ids = np.zeros(0, dtype=np.int64)
        self.count = 0
        self.sorted_codes = np.zeros(0, dtype=np.int64)
        self.sorted_nodes = np.zeros(0, dtype=np.int64)
        self.recent: dict[int, int] = {}  # code → node index, for nodes added since compact()

    def code(self, key) -> int | None:
        type_code = self.code_of.get(key[0])
        if type_code is None or isinstance(key[1], (str, bytes)):
            return None
        return encode(type_code, key[1])

    def get(self, key, default=None):
        code = self.code(key)
        if code is None:
            return default
        found = self.recent.get(code)
        if found is not None:
            return found
        pos = int(np.searchsorted(self.sorted_codes, code))
        if pos < self.sorted_codes.size and self.sorted_codes[pos] == code:
            return int(self.sorted_nodes[pos])
        return default

    def __getitem__(self, key) -> int:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def add(self, key, type_code: int) -> int:
        """The new node's index (the caller checked it is new)."""
        idx = self.count
        if idx >= self.ids.size:
            grown = np.zeros(max(16, 2 * idx), dtype=np.int64)
            grown[: self.ids.size] = self.ids
            self.ids = grown
        self.ids[idx] = int(key[1])
        self.recent[encode(type_code, key[1])] = idx
        self.count += 1
        return idx

    def compact(self) -> None:
        """Fold the recent nodes into the sorted arrays."""
        if not self.recent:
            return
        codes = np.concatenate([self.sorted_codes, np.fromiter(self.recent.keys(), dtype=np.int64)])
        nodes = np.concatenate([self.sorted_nodes, np.fromiter(self.recent.values(), dtype=np.int64)])
        order = np.argsort(codes, kind="stable")
        self.sorted_codes, self.sorted_nodes = codes[order], nodes[order]
        self.recent = {}

    def key_at(self, idx, type_codes: np.ndarray) -> tuple:
        idx = int(idx)
        if not 0 <= idx < self.count:
            raise IndexError(idx)
        return (self.types[type_codes[idx]], int(self.ids[idx]))

    def __getstate__(self) -> dict:
        self.compact()
        state = dict(self.__dict__)
        state["ids"] = self.ids[: self.count].copy()
        return state


class KeyList:
    """graph.keys: the sequence of node keys, read from the arrays (nothing stored)."""

    def __init__(self, keys: NodeKeys, type_codes: np.ndarray):
        self._keys, self._types = keys, type_codes

    def __len__(self) -> int:
        return self._keys.count

    def __getitem__(self, idx) -> tuple:
        return self._keys.key_at(idx, self._types)

    def __iter__(self):
        for idx in range(self._keys.count):
            yield self._keys.key_at(idx, self._types)


class KeyIndex:
    """graph.index: key → node index, with iteration over the keys like the dict it replaces."""

    def __init__(self, keys: NodeKeys, type_codes: np.ndarray):
        self._keys, self._types = keys, type_codes

    def get(self, key, default=None):
        return self._keys.get(key, default)

    def __getitem__(self, key) -> int:
        return self._keys[key]

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return self._keys.count

    def __iter__(self):
        return iter(KeyList(self._keys, self._types))
