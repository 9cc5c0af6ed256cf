"""The claim graph and its discrepancies (the sole networkx user).

Claims of one topic whose values are identical after normalisation (and that hold at
the same time and share their negation) form a *value group*. The graph links each
claim to its group (``member`` edges) and groups of one topic that face each other
with ``agrees``/``compatible``/``conflicts`` edges. Comparing distinct values instead of
all claim pairs keeps the cost proportional to the number of claims; the relation of
two claims is the relation of their groups (claims of one group agree).

A discrepancy is a topic with a ``conflicts`` edge, or for a time-varying property one
period of it (contract 8.2); it lists its value groups and names its conflicts as pairs
of them, so it too grows with the claims, never with their pairs (contract 8.3).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import networkx as nx

from checker.model import (
    BoolValue,
    Cardinality,
    Claim,
    DateValue,
    DiscrepancyKind,
    Modality,
    Property,
    Relation,
    Value,
)
from checker.problems import Problem, problem
from checker.values import comparable, compare, contains, negate_boolean


@dataclass(frozen=True, slots=True)
class ValueEntry:
    """One value group of a discrepancy and the claims (ids, sorted) that state it.

    ``as_of`` is the canonical text of the time the claims hold, for a time-varying
    property whose group shares one; None otherwise.
    """

    value: str
    claims: tuple[str, ...]
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Conflicting claims of one topic (one period of it, for a time-varying property).

    ``conflicts`` holds sorted index pairs ``(i, j)`` into ``values``, sorted: every claim
    of entry ``i`` conflicts with every claim of entry ``j``. It grows with the number of
    distinct values, not with the square of the claims.
    """

    id: str
    subject: str
    property: str
    kind: DiscrepancyKind
    values: tuple[ValueEntry, ...]
    conflicts: tuple[tuple[int, int], ...]

    # Derived: the topic ``subject/property`` and, for a time-varying topic's
    # discrepancy ``subject/property@T``, its period ``T`` (else None).
    topic: str = field(init=False, compare=False)
    period: str | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        topic = f"{self.subject}/{self.property}"
        object.__setattr__(self, "topic", topic)
        object.__setattr__(self, "period", self.id[len(topic) + 1 :] if self.id != topic else None)

    def value_texts(self) -> tuple[str, ...]:
        """The distinct value texts, sorted (what ``values_seen`` and ``--value`` use)."""
        return tuple(sorted({entry.value for entry in self.values}))

    def opponents(self) -> dict[int, list[int]]:
        """For each entry index in a conflict, the indexes of the entries it conflicts with."""
        found: dict[int, list[int]] = {}
        for i, j in self.conflicts:
            found.setdefault(i, []).append(j)
            found.setdefault(j, []).append(i)
        return found

    def conflicting_claims(self) -> set[str]:
        """Every claim joined to another by a ``conflicts`` edge."""
        return {c for i in self.opponents() for c in self.values[i].claims}

    def claim_pairs(self) -> list[tuple[str, str]]:
        """Every conflicting claim pair, each sorted, the list sorted: quadratic, as the
        version 1 report listed them; for small uses and tests only."""
        pairs = {
            _pair(a, b)
            for i, j in self.conflicts
            for a in self.values[i].claims
            for b in self.values[j].claims
        }
        return sorted(pairs)


@dataclass(slots=True)
class _Group:
    node: str
    topic: str
    value: Value
    negated: bool
    as_of: DateValue | None
    claims: list[Claim]

    @property
    def text(self) -> str:
        return f"not {self.value.text}" if self.negated else self.value.text

    @property
    def name(self) -> str:
        """A stable name: topic, value text and, where it has one, the time it holds."""
        when = f"@{self.as_of.text}" if self.as_of is not None else ""
        return f"{self.topic}={self.text}{when}"


@dataclass(frozen=True, slots=True)
class ValueGroup:
    """Claims of one topic with identical values, holding at one time (public view)."""

    name: str  # topic=value[@as_of]: stable across runs and file orders
    topic: str
    value: str
    as_of: str | None
    claims: tuple[str, ...]  # sorted


class Member(Protocol):
    """What the truth estimate reads of a value group's claims: a :class:`Claim`, or the
    :class:`ClaimRef` an assembled graph keeps instead."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def negated(self) -> bool: ...
    @property
    def value(self) -> Value | None: ...
    @property  # last: the name shadows the builtin in the rest of the class body
    def property(self) -> str: ...


class ClaimRef(NamedTuple):
    """A claim as the truth estimate sees it in a graph assembled from stored topics:
    its id, its source, its property and whether it denies a value (a negated
    non-boolean; ``value`` is None, so ``negated and not isinstance(value, BoolValue)``
    reads the same as on the claim)."""

    id: str
    source: str
    property: str
    negated: bool
    value: None = None


class TopicPart(NamedTuple):
    """Everything the run concludes from one topic's claims, which depends on nothing
    else (the registry's properties and threshold aside): kept by the cache so that a
    run recomputes only the topics whose claims changed.

    ``counts``: per source (sorted) its claims of the topic and how many of them are
    corroborated; ``groups``: the value groups in the graph's order, each its canonical
    text and claims as (id, source, denies); ``links``: relations between groups as index
    pairs and relation values; ``claims``: the topic's claims where it has a discrepancy
    (reports look them up), else none. A named tuple: thousands are read back from the
    cache on every run, and a tuple is rebuilt in one call.
    """

    topic: str
    property: str  # the property id of the topic's claims
    counts: tuple[tuple[str, int, int], ...]
    groups: tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...]
    links: tuple[tuple[int, int, str], ...]
    discrepancies: tuple[Discrepancy, ...]
    problems: tuple[Problem, ...]
    corroborated: tuple[str, ...]
    claims: tuple[Claim, ...]


def value_text(claim: Claim) -> str:
    """The canonical text of a claim's value as reports show it (``not X`` if negated)."""
    value = _effective(claim)[0]
    if value is None:
        return ""
    return f"not {value.text}" if _effective(claim)[1] else value.text


def _effective(claim: Claim) -> tuple[Value | None, bool]:
    """A boolean's negation flips the value (contract 7); other negations stay a flag."""
    if claim.negated and isinstance(claim.value, BoolValue):
        return negate_boolean(claim.value), False
    return claim.value, claim.negated


class ClaimGraph:
    """Claims, their value groups and the relations between them.

    Relations are computed once, between the value groups of each topic; the queries
    below read those. :attr:`graph` is the same structure as a networkx graph (claim
    and value nodes, ``member`` and relation edges), built on first use only, because
    building it costs more than the whole comparison on large sets.
    """

    def __init__(self, claims: Iterable[Claim], properties: dict[str, Property], threshold: float):
        self.properties = properties
        self.threshold = threshold
        self.claims: dict[str, Claim] = {}
        self.problems: list[Problem] = []
        self._topics: dict[str, list[_Group]] = {}
        self._links: dict[str, list[tuple[_Group, _Group, Relation]]] = {}
        self._group_of: dict[str, _Group] = {}
        self._problems_of: dict[str, Problem] = {}
        self._nx: nx.Graph | None = None
        self._build(claims)

    # ------------------------------------------------------------------ building
    def _build(self, claims: Iterable[Claim]) -> None:
        by_key: dict[tuple[object, ...], _Group] = {}
        properties = self.properties
        all_claims, group_of, topics = self.claims, self._group_of, self._topics
        for claim in claims:  # a million times on big sets: locals, no calls that can wait
            all_claims[claim.id] = claim
            value, negated = claim.value, claim.negated
            if value is None:
                continue
            if negated and type(value) is BoolValue:
                value, negated = negate_boolean(value), False
            prop = properties[claim.property]
            as_of = claim.as_of if prop.time_varying else None  # None: faces every claim
            topic = claim.topic
            key = (topic, value.key, negated, (as_of.lo, as_of.hi) if as_of else None)
            group = by_key.get(key)
            if group is None:
                groups = topics.setdefault(topic, [])
                node = f"{topic}#{len(groups)}"
                group = by_key[key] = _Group(node, topic, value, negated, as_of, [])
                groups.append(group)
            elif value.text < group.value.text:
                # Identical values written differently: the smallest canonical text
                # names the group, whatever order the files come in.
                group.value = value
            group.claims.append(claim)
            group_of[claim.id] = group
        for topic, groups in self._topics.items():
            if len(groups) < 2:
                continue
            prop = properties[groups[0].claims[0].property]
            links = [
                (a, b, relation)
                for a, b in itertools.combinations(groups, 2)
                if (relation := self._relate(a, b, prop)) is not None
            ]
            self._incomparable(topic, groups)
            if links:
                self._links[topic] = links

    def _incomparable(self, topic: str, groups: list[_Group]) -> None:
        """One warning per topic whose values cannot all be compared (contract 8.1: a
        datetime with an offset against one without, where the property has no zone)."""
        first = groups[0]
        for group in groups[1:]:
            if not comparable(first.value, group.value):
                claim = min((c for g in groups for c in g.claims), key=lambda c: c.id)
                self._problems_of[topic] = found = problem(
                    "CC116",
                    claim.span,
                    f"topic {topic!r} mixes values that cannot be compared "
                    f"({first.value.text!r} and {group.value.text!r}): a time with an "
                    "offset is never compared with one without unless the property "
                    "has a timezone; those pairs are left out",
                )
                self.problems.append(found)
                return

    def _relate(self, a: _Group, b: _Group, prop: Property) -> Relation | None:
        """The relation of two value groups of a topic, or None when they do not face
        (different times, or values that cannot be compared)."""
        if not comparable(a.value, b.value):
            return None
        if (
            a.as_of is not None
            and b.as_of is not None
            and (a.as_of.hi < b.as_of.lo or b.as_of.hi < a.as_of.lo)
        ):
            return None
        if a.negated and b.negated:
            return Relation.AGREES if a.value.key == b.value.key else None
        if a.negated or b.negated:
            negative, positive = (a, b) if a.negated else (b, a)
            if contains(negative.value, positive.value):
                return Relation.CONFLICTS
            return Relation.COMPATIBLE
        relation = compare(a.value, b.value, threshold=self.threshold)
        if relation is Relation.CONFLICTS and prop.cardinality is Cardinality.MULTIPLE:
            return None  # different members of a multi-valued property
        return relation

    @property
    def graph(self) -> nx.Graph:
        """The claim graph as networkx: claim and value nodes, typed edges."""
        if self._nx is None:
            import networkx as nx  # here, not at the top: a check without export never needs it

            g = nx.Graph()
            g.add_nodes_from(
                (c.id, {"kind": "claim", "source": c.source, "topic": c.topic})
                for c in self.claims.values()
            )
            for groups in self._topics.values():
                g.add_nodes_from(
                    (x.node, {"kind": "value", "topic": x.topic, "value": x.text}) for x in groups
                )
                g.add_edges_from(
                    (c.id, x.node, {"relation": "member"}) for x in groups for c in x.claims
                )
            for links in self._links.values():
                g.add_edges_from((a.node, b.node, {"relation": r.value}) for a, b, r in links)
            self._nx = g
        return self._nx

    # ------------------------------------------------------------------ queries
    def relation(self, a: str, b: str) -> Relation | None:
        """How claims ``a`` and ``b`` relate, or None when they do not face each other."""
        ga, gb = self._group_of.get(a), self._group_of.get(b)
        if ga is None or gb is None or ga.topic != gb.topic:
            return None
        if ga is gb:
            return Relation.AGREES
        for x, y, relation in self._links.get(ga.topic, ()):  # a topic's links: a handful
            if (x is ga and y is gb) or (x is gb and y is ga):
                return relation
        return None

    def named_groups(self) -> Iterator[ValueGroup]:
        """Every value group of every topic."""
        for groups in self._topics.values():
            for g in groups:
                as_of = g.as_of.text if g.as_of is not None else None
                claims = tuple(sorted(c.id for c in g.claims))
                yield ValueGroup(g.name, g.topic, g.text, as_of, claims)

    def value_links(self) -> Iterator[tuple[str, str, Relation]]:
        """Every relation between two value groups (by name) that face each other."""
        for links in self._links.values():
            for a, b, relation in links:
                yield a.name, b.name, relation

    def discrepancies(self) -> list[Discrepancy]:
        """Topics with at least one ``conflicts`` edge, sorted by id.

        A time-varying topic gives one discrepancy per period: its conflicting value
        groups split into sets connected through ``conflicts`` edges, each named
        ``topic@T`` with T the earliest ``as_of`` among them (contract 8.2). Sets that
        would get one name (possible only when a set has no ``as_of`` at all, or two
        sets start on one date) are one discrepancy, so ids stay unique and stable.
        """
        found = [d for topic in self._links for d in self._topic_discrepancies(topic)]
        found.sort(key=lambda d: d.id)
        return found

    def _topic_discrepancies(self, topic: str) -> list[Discrepancy]:
        """The discrepancies of one topic (none, one, or one per period), unsorted."""
        conflicting = [(a, b) for a, b, r in self._links.get(topic, ()) if r is Relation.CONFLICTS]
        if not conflicting:
            return []
        groups = self._topics[topic]
        if not self.properties[groups[0].claims[0].property].time_varying:
            return [self._discrepancy(topic, groups, conflicting)]
        found = []
        by_id: dict[str, list[tuple[_Group, _Group]]] = {}
        for component in _components(conflicting):
            dated = [g.as_of for a, b in component for g in (a, b) if g.as_of is not None]
            earliest = min(dated, key=lambda d: (d.lo, d.hi, d.text), default=None)
            name = f"{topic}@{earliest.text}" if earliest is not None else topic
            by_id.setdefault(name, []).extend(component)
        for name, pairs in by_id.items():
            members = {id(g) for pair in pairs for g in pair}
            found.append(
                self._discrepancy(topic, [g for g in groups if id(g) in members], pairs, name, True)
            )
        return found

    def _discrepancy(
        self,
        topic: str,
        groups: list[_Group],
        conflicting: list[tuple[_Group, _Group]],
        name: str | None = None,
        dated: bool = False,
    ) -> Discrepancy:
        """One discrepancy from its value groups and their conflicting pairs.

        Everything here is per value group, so the cost grows with the claims, not with
        their pairs. A source that states one value twice is one statement (its claims
        share a group); only two *different* values of one source contradict it.
        """
        kinds: set[DiscrepancyKind] = set()
        traits: dict[int, tuple[set[str], bool, bool]] = {}  # of the groups in conflict
        for pair in conflicting:
            for group in pair:
                if id(group) not in traits:
                    modalities = {c.modality for c in group.claims}
                    traits[id(group)] = (
                        {c.source for c in group.claims},
                        Modality.ACTUAL in modalities,
                        not modalities <= {Modality.ACTUAL},  # a planned or expected one
                    )
        for a, b in conflicting:
            sources_a, actual_a, other_a = traits[id(a)]
            sources_b, actual_b, other_b = traits[id(b)]
            if not sources_a.isdisjoint(sources_b):
                kinds.add(DiscrepancyKind.SELF_CONTRADICTION)
            if (actual_a and actual_b) or (other_a and other_b):
                kinds.add(DiscrepancyKind.CONFLICT)
            if (actual_a and other_b) or (other_a and actual_b):
                kinds.add(DiscrepancyKind.PLAN_VS_ACTUAL)
        kind = next(k for k in DiscrepancyKind if k in kinds)  # the first, in precedence order
        # Entries: one per value text, and per as_of where the property is time-varying.
        # A claim is in one group, so an entry's claims are its groups' claims, no repeats.
        by_entry: dict[tuple[str, tuple[int, int, str] | None], list[_Group]] = {}
        entry_key: dict[int, tuple[str, tuple[int, int, str] | None]] = {}
        for group in groups:
            when = group.as_of
            key = (group.text, (when.lo, when.hi, when.text) if dated and when else None)
            by_entry.setdefault(key, []).append(group)
            entry_key[id(group)] = key
        ordered = sorted(by_entry, key=lambda k: (k[0], k[1] is not None, k[1] or (0, 0, "")))
        index = {key: i for i, key in enumerate(ordered)}
        values = tuple(
            ValueEntry(
                key[0],
                tuple(sorted([c.id for g in by_entry[key] for c in g.claims])),
                key[1][2] if key[1] else None,
            )
            for key in ordered
        )
        pairs = {
            _index_pair(index[entry_key[id(a)]], index[entry_key[id(b)]]) for a, b in conflicting
        }
        subject, _, prop = topic.rpartition("/")
        return Discrepancy(name or topic, subject, prop, kind, values, tuple(sorted(pairs)))

    def corroborated(self) -> set[str]:
        """Claims that agree with, or are refined by, a claim of another source.

        A negation is compatible with every value it does not exclude; that is no
        support for either claim, so pairs involving a negated group do not count.
        """
        found: set[str] = set()
        for topic, groups in self._topics.items():
            found.update(self._topic_corroborated(topic, groups))
        return found

    def _topic_corroborated(self, topic: str, groups: list[_Group]) -> list[str]:
        own = {group.node: frozenset(c.source for c in group.claims) for group in groups}
        # The sources backing each group: its own and those of the groups it agrees
        # with or refines. A claim is corroborated when they hold a source not its own,
        # i.e. when there are two or more.
        support = {node: set(sources) for node, sources in own.items()}
        for a, b, relation in self._links.get(topic, ()):
            if relation is Relation.CONFLICTS or a.negated != b.negated:
                continue
            support[a.node] |= own[b.node]
            support[b.node] |= own[a.node]
        return [c.id for group in groups if len(support[group.node]) > 1 for c in group.claims]

    def value_groups(
        self,
    ) -> Iterator[tuple[str, list[tuple[str, Sequence[Member]]], list[tuple[int, int, Relation]]]]:
        """Per topic: its value groups (canonical text, claims) and the relations between
        groups that face each other, as index pairs into that list (the truth estimate's
        input)."""
        for topic, groups in self._topics.items():
            index = {id(group): i for i, group in enumerate(groups)}
            links = [(index[id(a)], index[id(b)], r) for a, b, r in self._links.get(topic, ())]
            yield topic, [(group.text, group.claims) for group in groups], links

    def topic_claims(self, topic: str) -> list[Claim]:
        return sorted(
            (c for g in self._topics.get(topic, []) for c in g.claims), key=lambda c: c.id
        )

    def topics(self) -> set[str]:
        """Every topic some claim is about (claims left out of comparison included)."""
        return {claim.topic for claim in self.claims.values()}

    def parts(self, claims: Iterable[Claim]) -> dict[str, TopicPart]:
        """What this graph concludes per topic, for the topics of ``claims`` (this graph's
        claims or some of them, all claims of each topic included)."""
        by_topic: dict[str, dict[str, list[int]]] = {}
        properties: dict[str, str] = {}
        for claim in claims:
            properties[claim.topic] = claim.property
            counts = by_topic.setdefault(claim.topic, {}).setdefault(claim.source, [0, 0])
            counts[0] += 1
        found = {}
        for topic, per_source in by_topic.items():
            groups = self._topics.get(topic, [])
            corroborated = self._topic_corroborated(topic, groups)
            for claim_id in corroborated:
                per_source[self.claims[claim_id].source][1] += 1
            index = {id(group): i for i, group in enumerate(groups)}
            discrepancies = tuple(self._topic_discrepancies(topic))
            problem_here = self._problems_of.get(topic)
            found[topic] = TopicPart(
                topic,
                properties[topic],
                tuple((source, n, m) for source, (n, m) in sorted(per_source.items())),
                tuple(
                    (
                        group.text,
                        tuple(
                            (
                                c.id,
                                c.source,
                                c.negated and not isinstance(c.value, BoolValue),
                            )
                            for c in group.claims
                        ),
                    )
                    for group in groups
                ),
                tuple(
                    (index[id(a)], index[id(b)], r.value) for a, b, r in self._links.get(topic, ())
                ),
                discrepancies,
                () if problem_here is None else (problem_here,),
                tuple(corroborated),
                tuple(c for g in groups for c in g.claims) if discrepancies else (),
            )
        return found


_RELATIONS = {relation.value: relation for relation in Relation}


class TopicGraph(ClaimGraph):
    """A claim graph assembled from stored :class:`TopicPart`\\ s instead of claims.

    It answers what a run's conclusions and reports need (discrepancies, their claims,
    problems, topics, corroborated claims, value groups for the truth estimate) exactly
    as the graph built from the same claims would; what only ``graph`` and ``show`` ask
    (networkx, relations of two claims, every claim of a topic) needs the whole graph
    and is refused.
    """

    def __init__(
        self, parts: Iterable[TopicPart], properties: dict[str, Property], threshold: float
    ):
        self.properties = properties
        self.threshold = threshold
        self.parts_by_topic = {part.topic: part for part in parts}
        self.claims = {c.id: c for part in self.parts_by_topic.values() for c in part.claims}
        self.problems = [p for part in self.parts_by_topic.values() for p in part.problems]
        self._topics, self._links, self._group_of, self._problems_of = {}, {}, {}, {}
        self._nx = None

    def _whole(self) -> None:
        raise RuntimeError("a graph assembled from stored topics holds no claim graph")

    @property
    def graph(self) -> nx.Graph:
        self._whole()
        raise AssertionError  # unreachable

    def relation(self, a: str, b: str) -> Relation | None:
        self._whole()
        return None

    def named_groups(self) -> Iterator[ValueGroup]:
        self._whole()
        return iter(())

    def value_links(self) -> Iterator[tuple[str, str, Relation]]:
        self._whole()
        return iter(())

    def topic_claims(self, topic: str) -> list[Claim]:
        self._whole()
        return []

    def parts(self, claims: Iterable[Claim]) -> dict[str, TopicPart]:
        self._whole()
        return {}

    def discrepancies(self) -> list[Discrepancy]:
        found = [d for part in self.parts_by_topic.values() for d in part.discrepancies]
        found.sort(key=lambda d: d.id)
        return found

    def corroborated(self) -> set[str]:
        return {c for part in self.parts_by_topic.values() for c in part.corroborated}

    def topics(self) -> set[str]:
        return set(self.parts_by_topic)

    def value_groups(
        self,
    ) -> Iterator[tuple[str, list[tuple[str, Sequence[Member]]], list[tuple[int, int, Relation]]]]:
        relations = _RELATIONS
        for topic, part in self.parts_by_topic.items():
            if not part.groups:
                continue
            yield (
                topic,
                [
                    (
                        text,
                        [
                            ClaimRef(i, source, part.property, denies)
                            for i, source, denies in claims
                        ],
                    )
                    for text, claims in part.groups
                ],
                [(a, b, relations[r]) for a, b, r in part.links],
            )


def topic_of(name: str) -> str:
    """The topic of a discrepancy id: ``subject/property@T`` without ``@T``."""
    head, slash, tail = name.rpartition("/")
    return head + slash + tail.partition("@")[0]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _index_pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i <= j else (j, i)


def _components(pairs: list[tuple[_Group, _Group]]) -> list[list[tuple[_Group, _Group]]]:
    """The pairs split into sets connected through shared groups (union-find)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(id(a)), root(id(b))
        if ra != rb:
            parent[ra] = rb
    found: dict[int, list[tuple[_Group, _Group]]] = {}
    for a, b in pairs:
        found.setdefault(root(id(a)), []).append((a, b))
    return list(found.values())
