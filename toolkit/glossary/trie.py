"""The word trie behind :class:`~toolkit.glossary.source.SourceMatcher`, and its index form.

A trie of the key words of every source variant, in flat per-node lists (node 0 is the
root). ``children[node]`` maps the key form of each child word to the child's node number,
and the plural-in-گان form of a child word ending in heh to minus one minus the child's
number (``~child``; a real word of the same form wins). At the root, where an automaton
finds first words, the گان forms are in ``root_gan`` instead. ``lengths[node]`` holds the
distinct lengths of the forms, longest first, as bytes (a tuple for a word of more than 255
letters), and ``first_chars[node]`` their first letters. The terms that end at a node are
``term_index[term_start[node]:term_start[node + 1]]``, each with the variant it was added
for in ``term_variant``.

Everything is a list, a dict of strings to ints or a string: per node there is only the
children dict, which the cyclic garbage collector does not track (a trie of objects made it
rescan the heap about ten times while a 100,000-term glossary was loaded).

:meth:`WordTrie.state` and :meth:`WordTrie.from_state` convert a trie to and from JSON
types for the compiled glossary index: each list as one packed array or one joined string,
so that reading it back costs a few large values, not one JSON value per node, and every
number in it is checked against the trie's size before it is used.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Sequence
from typing import Any, cast

from toolkit.glossary import cache

_HEH = "ه"
_GAN = "گان"  # نماینده -> نمایندگان: final heh dropped before the plural
KEY_SEP = " "
"""Joins key words and letters in the index form, where JSON writes it as is. Keys are
letters and digits; a compatibility ligature (ﷺ) can bring a space in, and a trie with one
is simply not written to the index."""


_VARIANT_SEP = "\n"
"""Joins the variants in the index form: a cell holds no line break (a trie with one is not
written to the index)."""


class WordTrie:
    """A word trie in flat per-node lists (see the module docstring)."""

    def __init__(self, inner: tuple[str, ...], final: tuple[str, ...]) -> None:
        self.inner = inner
        # The inner suffixes by first letter, in their order.
        self.inner_by_initial: dict[str, tuple[str, ...]] = {}
        for suffix in inner:
            if suffix:
                self.inner_by_initial[suffix[0]] = (
                    *self.inner_by_initial.get(suffix[0], ()),
                    suffix,
                )
        self.final_set = frozenset(final)
        # None for a node of a trie read from the index until node_children() makes it.
        self.children: list[dict[str, int] | None] = [{}]
        self._edges: tuple[list[int], list[str], list[int]] | None = None
        self.root_gan: dict[str, int] = {}
        self.lengths: list[bytes | tuple[int, ...]] = []
        self.first_chars: list[str] = []
        self.term_start: list[int] = []
        self.term_index: list[int] = []
        self.term_variant: list[str] = []
        # Until freeze(), the terms as they come: (node, term index, variant) in three lists,
        # not a list per node (which the garbage collector would keep rescanning).
        self._pending: tuple[list[int], list[int], list[str]] | None = ([], [], [])

    def add(self, words: Sequence[str], term_index: int, variant: str) -> None:
        """Add one variant, as its key words."""
        if self._pending is None:
            raise RuntimeError("WordTrie.add() after freeze()")
        all_children = self.children
        node = 0
        for word in words:
            children = all_children[node]
            assert children is not None  # a trie being built holds every node's dict
            child = children.get(word)
            if child is None or child < 0:
                child = children[word] = len(all_children)
                all_children.append({})
                if word.endswith(_HEH) and len(word) > 2:
                    gan = word[:-1] + _GAN
                    if node == 0:
                        self.root_gan[gan] = child
                    elif gan not in children:
                        children[gan] = ~child
            node = child
        nodes, indices, variants = self._pending
        nodes.append(node)
        indices.append(term_index)
        variants.append(variant)

    def freeze(self) -> None:
        """Finish building: group the terms by node, note each node's form lengths."""
        if self._pending is None:
            raise RuntimeError("WordTrie.freeze() twice")
        nodes, indices, variants = self._pending
        self._pending = None
        order = sorted(range(len(nodes)), key=nodes.__getitem__)  # stable: term order kept
        self.term_index = [indices[k] for k in order]
        self.term_variant = [variants[k] for k in order]
        counts = [0] * (len(self.children) + 1)
        for node in nodes:
            counts[node + 1] += 1
        self.term_start = list(itertools.accumulate(counts))
        for children in self.all_children():
            if not children:
                self.lengths.append(b"")
                self.first_chars.append("")
                continue
            if len(children) == 1:
                form = next(iter(children))
                if len(form) < 256:
                    self.lengths.append(bytes((len(form),)))
                    self.first_chars.append(form[0])
                    continue
            lengths = sorted({len(f) for f in children}, reverse=True)
            self.lengths.append(bytes(lengths) if lengths[0] < 256 else tuple(lengths))
            self.first_chars.append("".join(sorted({f[0] for f in children})))

    def node_children(self, node: int) -> dict[str, int]:
        """``children[node]``, made now if the trie was read from the index and it is not."""
        children = self.children[node]
        if children is None:
            assert self._edges is not None
            starts, forms, targets = self._edges
            a, b = starts[node], starts[node + 1]
            children = self.children[node] = dict(zip(forms[a:b], targets[a:b], strict=True))
        return children

    def all_children(self) -> list[dict[str, int]]:
        """Every node's children (all made now)."""
        if self._edges is not None:  # read from the index: make the nodes not made yet
            for node in range(len(self.children)):
                self.node_children(node)
            self._edges = None
        return cast(list[dict[str, int]], self.children)

    def state(self) -> dict[str, Any] | None:
        """The trie as JSON types; None when it cannot be written so (a word with a space, a
        word of more than 255 letters)."""
        import numpy as np

        every = self.all_children()
        counts = np.fromiter(map(len, every), dtype=np.int64, count=len(every))
        parents = np.repeat(np.arange(len(every)), counts)
        forms = list(itertools.chain.from_iterable(every))
        targets = list(itertools.chain.from_iterable(c.values() for c in every))
        joined = KEY_SEP.join(forms)
        if joined.count(KEY_SEP) != max(len(forms) - 1, 0):
            return None
        if not all(type(lens) is bytes for lens in self.lengths):
            return None
        if sum(v.count(_VARIANT_SEP) for v in self.term_variant):
            return None
        return {
            "nodes": len(self.children),
            "edge_parent": cache.pack_ints(parents),
            "edge_child": cache.pack_ints(targets),
            "edge_form": joined,
            "root_gan": self.root_gan,
            "lengths": base64.b64encode(b"\0".join(self.lengths)).decode("ascii"),  # type: ignore[arg-type]
            "first_chars": KEY_SEP.join(self.first_chars),
            "term_start": cache.pack_ints(self.term_start),
            "term_index": cache.pack_ints(self.term_index),
            "term_variant": _VARIANT_SEP.join(self.term_variant),
        }

    @classmethod
    def from_state(
        cls, state: Any, inner: tuple[str, ...], final: tuple[str, ...], terms: int
    ) -> WordTrie:
        """A trie from :meth:`state` read back; ``ValueError`` if anything does not fit.

        ``terms`` is the number of terms of the glossary it is for: every term index must
        be below it, every node number below the trie's size.
        """
        import numpy as np

        if not isinstance(state, dict):
            raise ValueError("trie: not an object")
        nodes = state.get("nodes")
        if not isinstance(nodes, int) or nodes < 1:
            raise ValueError("trie: bad node count")
        parents = cache.unpack_ints(state.get("edge_parent"))
        targets = cache.unpack_ints(state.get("edge_child"))
        forms = cache.split_joined(state.get("edge_form"), len(parents), KEY_SEP, "trie")
        if len(targets) != len(parents):
            raise ValueError("trie: edge lists differ in length")
        nodes_of = np.abs(targets + (targets < 0))  # a گان edge holds ~child: -child - 1
        # Children are numbered after their parents (so the trie has no cycle), from 1.
        if len(parents) and (
            parents.min() < 0 or nodes_of.max() >= nodes or (nodes_of <= parents).any()
        ):
            raise ValueError("trie: an edge names a node out of range")
        if not all(forms):
            raise ValueError("trie: an empty word")
        root_gan = state.get("root_gan")
        if not isinstance(root_gan, dict) or not all(
            isinstance(c, int) and 0 < c < nodes for c in root_gan.values()
        ):
            raise ValueError("trie: bad root_gan")
        lengths: list[bytes | tuple[int, ...]] = [
            *cache.unpack_bytes(state.get("lengths")).split(b"\0")
        ]
        if len(lengths) != nodes:
            raise ValueError("trie: bad lengths")
        first_chars = cache.split_joined(state.get("first_chars"), nodes, KEY_SEP, "trie")
        term_start = cache.unpack_ints(state.get("term_start"))
        term_index = cache.unpack_ints(state.get("term_index"))
        variants = cache.split_joined(
            state.get("term_variant"), len(term_index), _VARIANT_SEP, "trie"
        )
        if (
            len(term_start) != nodes + 1
            or term_start[0] != 0
            or term_start[-1] != len(term_index)
            or (np.diff(term_start) < 0).any()
        ):
            raise ValueError("trie: bad term offsets")
        if len(term_index) and (term_index.min() < 0 or term_index.max() >= terms):
            raise ValueError("trie: a term index is out of range")
        trie = cls(inner, final)
        trie._pending = None
        # Edges come node by node (as state() writes them); each node's dict is made when a
        # match first reaches it (node_children), not here: a run touches few of them.
        if (np.diff(parents) < 0).any():
            raise ValueError("trie: edges not in node order")
        edge_start = np.searchsorted(parents, np.arange(nodes + 1)).tolist()
        trie._edges = (edge_start, forms, targets.tolist())
        children: list[dict[str, int] | None] = [None] * nodes
        trie.children = children
        trie.root_gan = root_gan
        trie.lengths = lengths
        trie.first_chars = first_chars
        trie.term_start = term_start.tolist()
        trie.term_index = term_index.tolist()
        trie.term_variant = variants
        return trie
