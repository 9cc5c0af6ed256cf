"""Which value is likely true: source trust, copying between sources, likely values (§8.4).

The estimate follows the data-fusion literature: a value's support is the sum of its
sources' vote counts ``ln(n·A/(1−A))`` (ACCU, Dong, Berti-Equille & Srivastava, VLDB 2009),
a compatible value lends part of its support (TruthFinder's implication, Yin, Han & Yu,
KDD 2007; in a list property a shorter list whose members are all in a longer one lends
the longer one that share too: a store showing the first author alone is partly right
about the whole list), a source's trust ``A`` is the mean probability that its values
are right, per property (shrunk towards the source's overall trust: a source is not
equally good at every attribute, Li et al., PVLDB 2012), and two sources that share
values which are likely false are probably copying one from the other (the Bayesian copy
model of Dong et al. 2009), so the later of them counts for less, by the share of their
common items it copies.
Trust, truth and copying are estimated jointly, a fixed number of rounds at most.

*Items*: the value groups of a topic that face each other (joined through the graph's
``agrees``/``compatible``/``conflicts`` links) form one item; a time-varying topic may hold
several. Items stated by two sources or more are evidence about trust, discrepancies or
not; an item only one source speaks of tells nothing about anyone and is left out.
A reviewer's ``accept`` verdict fixes its item's truth (the accepted value certain, the
others false) and so teaches every source's trust: where a source has judged statements
on a property, its trust there is measured on them first (the estimate's own beliefs
reinforce themselves; a verdict does not).

The estimate changes no status, kind or exit code. Numbers are computed with numpy (the
pair statistics of copy detection are millions of products on big sets) in a fixed order
from sorted ids, so the same input gives the same output.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from checker.graph import ClaimGraph, Discrepancy, Member
from checker.model import BoolValue, Cardinality, PropertyType, Relation
from checker.values import LIST_SEPARATOR

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Settings:
    """The estimator's constants; the same on every claim set.

    ``false_values``: how many false values a wrong source picks among (ACCU's *n*);
    ``copy_rate``: how often a copier copies (*c*, in the copy-detection model; the
    discount of a copier's vote uses the rate measured per pair); ``copy_prior``: the prior
    probability that two sources depend; ``prior_trust``/``prior_weight``: a source's trust
    before evidence and how many claims' worth that prior weighs; ``property_weight``: how
    many claims' worth a source's overall trust weighs in its trust on one property;
    ``similarity``: the share of a compatible value's support a value receives;
    ``rounds``: iterations at most; ``max_trust``: the highest trust a source can earn, so
    that no single source's vote outweighs every other; ``calibration``: the temperature
    that tempers the confidence shown.

    Four were chosen by measurement, on *development* sets only, never on the sets the
    README reports (``tests/scripts/benchmark_truth.py --flight-day 20111202 --seeds 3 4
    --only flight generated --setting NAME=VALUE``: Flight of 2011-12-02 and the generated
    sets of seeds 3 and 4), by the mean over those three sets: ``calibration`` 4 (mean ECE
    0.128, 0.110, 0.095, 0.090, 0.092 for 1, 2, 3, 4, 6), ``max_trust`` 0.95 (mean
    accuracy 0.848, 0.851, 0.850 for 0.9, 0.95, 0.999: differences within noise; a cap is
    kept so that a source right on everything so far has no unbounded vote),
    ``property_weight`` 10 (0.848 against 0.847 for 3 and 0.845 for 30); and, with the
    Flight mapping's times compatible within 30 s, ``similarity`` 0.25 (mean accuracy
    0.851, 0.869, 0.876, 0.869, 0.851 for 0, 0.1, 0.25, 0.5, 0.75; mean ECE 0.070 against
    0.068 for 0.5). The others are the papers' usual values, not fitted.

    ``verdict_prior``: where reviewers judged some of a source's statements on a property,
    its trust there is measured on them, the estimate from all its statements counting as
    a prior worth this many judged ones. Chosen on the development day with the verdicts of
    another (``benchmark_truth.py --only flight --flight-day 20111202 --verdicts-from
    20111203``: 262 accepted gold values of 2011-12-03 beside 2011-12-02): accuracy on
    2011-12-02 0.862 with verdicts counted as ordinary statements, 0.888, 0.919, 0.936,
    0.936 for 10, 3, 1, 0.3.
    """

    false_values: float = 10.0
    copy_rate: float = 0.8
    copy_prior: float = 0.1
    prior_trust: float = 0.8
    prior_weight: float = 2.0
    similarity: float = 0.25
    rounds: int = 20
    max_trust: float = 0.95
    property_weight: float = 10.0
    calibration: float = 4.0
    verdict_prior: float = 1.0


@dataclass(frozen=True, slots=True)
class Likely:
    """The value judged most likely true of a discrepancy, and how likely."""

    value: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Dependency:
    """Two sources that probably copy (one from the other), with the evidence."""

    sources: tuple[str, str]
    probability: float
    shared_false: int
    shared: int
    examples: tuple[tuple[str, str], ...]  # (topic, value) of shared likely-false values


@dataclass(frozen=True, slots=True)
class Support:
    """One source's vote for a value: its trust and the weight left after copy discount."""

    source: str
    trust: float
    weight: float
    copied_from: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ValueBelief:
    """A value of a discrepancy: its probability among the values, the confidence that it
    is right (its probability and that of compatible values), and the votes for it."""

    value: str
    probability: float
    confidence: float
    supports: tuple[Support, ...]
    negated: bool = False  # ``not X``: never preferred to an asserted value it ties with


@dataclass(frozen=True, slots=True)
class ItemValue:
    """A value group of an item (any item, not only discrepancies; for benchmarks)."""

    text: str
    probability: float
    confidence: float
    sources: tuple[str, ...]
    negated: bool
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemBelief:
    """An item (a topic's facing value groups) with its values' probabilities."""

    topic: str
    claim: str  # one of its claims (its as_of places a time-varying item)
    values: tuple[ItemValue, ...]


@dataclass(frozen=True, slots=True)
class SourceTrust:
    """A source's trust and what it rests on."""

    source: str
    trust: float
    claims: int  # distinct statements (source, value) in items two sources speak of
    likely_false: int
    partners: tuple[str, ...]


@dataclass
class Estimate:
    """The result: per source trust, per discrepancy likely value, dependencies."""

    trust: dict[str, float] = field(default_factory=dict)
    likely: dict[str, Likely | None] = field(default_factory=dict)
    dependencies: list[Dependency] = field(default_factory=list)
    sources: list[SourceTrust] = field(default_factory=list)
    beliefs: dict[str, tuple[ValueBelief, ...]] = field(default_factory=dict)
    items: list[ItemBelief] = field(default_factory=list)  # only with keep_items
    rounds: int = 0


def _sublists(groups: list[tuple[str, Sequence[Member]]], names: bool) -> list[tuple[int, int]]:
    """Pairs (part, whole) of a list property's value groups where every member of the
    first is in the second, which has more (names compared by family name): a source that
    lists only the first authors is partly right about the whole list (TruthFinder's
    implication, Yin et al. 2007), so the shorter list lends the longer one support; not
    the other way round (the longer list says there are more)."""
    members: list[frozenset[str]] = []
    for text, _ in groups:
        parts = [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]
        if names:
            parts = [p.split(",")[0].strip() for p in parts]
        members.append(frozenset(p.casefold() for p in parts))
    return [
        (a, b)
        for a in range(len(groups))
        for b in range(len(groups))
        if members[a] and members[a] < members[b]
    ]


def _unique_ints(keys: IntArray, bound: int) -> IntArray:
    """``np.unique(keys)`` for keys in ``[0, bound)``: through a table of ``bound`` flags
    where that is small beside the keys (no sort), else by numpy's sort."""
    if bound <= max(64 * len(keys), 1 << 20):
        seen = np.zeros(bound, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen).astype(np.int64)
    return np.unique(keys).astype(np.int64)


def _unique_inverse(keys: IntArray, bound: int) -> tuple[IntArray, IntArray]:
    """``np.unique(keys, return_inverse=True)`` for keys in ``[0, bound)``, the same way
    as :func:`_unique_ints`, but only where ``bound`` is within 4 keys' worth: its table of
    positions takes 8 bytes a slot (at 64 slots a key, 1M claims' vote pairs took 1.8 GB)."""
    if bound <= max(4 * len(keys), 1 << 20):
        seen = np.zeros(bound, dtype=bool)
        seen[keys] = True
        index = np.cumsum(seen, dtype=np.int64) - 1
        return np.flatnonzero(seen).astype(np.int64), index[keys]
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique.astype(np.int64), inverse.ravel().astype(np.int64)


def _pairs_within(starts: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    """Every pair (i < j) of positions inside each run ``starts[k] .. starts[k]+counts[k]``."""
    firsts: list[IntArray] = []
    seconds: list[IntArray] = []
    for k in np.unique(counts):
        if k < 2:
            continue
        base = starts[counts == k]
        i, j = np.triu_indices(int(k), 1)
        firsts.append((base[:, None] + i[None, :]).ravel())
        seconds.append((base[:, None] + j[None, :]).ravel())
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts).astype(np.int64), np.concatenate(seconds).astype(np.int64)


def estimate(
    graph: ClaimGraph,
    discrepancies: list[Discrepancy],
    accepted: dict[str, str],
    source_ids: Iterable[str],
    settings: Settings | None = None,
    *,
    keep_items: bool = False,
) -> Estimate:
    """Estimate trust, copying and likely values over the whole claim set.

    ``accepted`` maps a discrepancy id to the value a reviewer accepted for it;
    ``keep_items`` keeps every item's values and probabilities (benchmarks score them).
    """
    cfg = settings or Settings()
    sources = sorted(set(source_ids) | {c.source for c in graph.claims.values()})
    source_index = {s: i for i, s in enumerate(sources)}
    n_sources = len(sources)

    # ---- flatten the graph: groups ordered by item, votes (source, group) --------------
    # Every group is first taken in the graph's order ("raw"), topic after topic; then
    # one sort places them: by topic, by item (the first of its groups by text and first
    # claim), then by text and first claim. Items are the components of a topic's links
    # (a topic where every group faces every other is one item).
    wanted = {graph.claims[d.values[0].claims[0]].topic for d in discrepancies if d.values}
    topic_names: list[str] = []
    topic_sizes: list[int] = []
    topic_whole: list[bool] = []
    raw_text: list[str] = []
    raw_claims: list[Sequence[Member]] = []
    link_a: list[int] = []
    link_b: list[int] = []
    link_rel: list[Relation] = []
    link_counts: list[int] = []
    list_topics: list[tuple[int, list[tuple[str, Sequence[Member]]], bool]] = []
    wanted_topics: list[int] = []
    raw_property: list[int] = []  # numbered as first met in the graph's order
    property_code: dict[str, int] = {}
    sorted_raw_list: list[int] = []  # raw groups by topic, text and first claim
    for topic, groups, links in sorted(graph.value_groups(), key=lambda t: t[0]):
        k = len(groups)
        base = len(raw_text)
        if topic in wanted:
            wanted_topics.append(len(topic_names))
        topic_names.append(topic)
        topic_sizes.append(k)
        topic_whole.append(len(links) == k * (k - 1) // 2)
        texts, claim_lists = zip(*groups, strict=True)
        raw_text.extend(texts)
        raw_claims.extend(claim_lists)
        topic_heads = [claims[0] for claims in claim_lists]
        head_ids = [head.id for head in topic_heads]
        raw_property.extend(
            [property_code.setdefault(head.property, len(property_code)) for head in topic_heads]
        )
        if k == 1:
            sorted_raw_list.append(base)
        else:  # by text, then first claim
            sorted_raw_list.extend(
                [t[2] for t in sorted(zip(texts, head_ids, range(base, base + k), strict=True))]
            )
        link_counts.append(len(links))
        if links:
            a_side, b_side, relations = zip(*links, strict=True)
            link_a.extend(a_side)
            link_b.extend(b_side)
            link_rel.extend(relations)
        if k > 1:
            prop = graph.properties.get(groups[0][1][0].property)
            if prop is not None and prop.cardinality is Cardinality.LIST:
                list_topics.append((base, groups, prop.type is PropertyType.NAME))

    n_groups = len(raw_text)
    result = Estimate()
    if n_groups == 0:
        result.trust = dict.fromkeys(sources, cfg.prior_trust)
        result.sources = [SourceTrust(s, cfg.prior_trust, 0, 0, ()) for s in sources]
        result.likely = {d.id: None for d in discrepancies}
        return result

    sizes = np.asarray(topic_sizes, dtype=np.int64)
    topic_base = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    raw_topic = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    sorted_raw = np.asarray(sorted_raw_list, dtype=np.int64)
    raw_rank = np.empty(n_groups, dtype=np.int64)
    raw_rank[sorted_raw] = np.arange(n_groups, dtype=np.int64)
    # components: the smallest raw index reachable, found by propagating minima
    label = np.arange(n_groups, dtype=np.int64)
    whole = np.asarray(topic_whole, dtype=bool)[raw_topic]
    label[whole] = topic_base[raw_topic[whole]]
    link_base = np.repeat(topic_base, np.asarray(link_counts, dtype=np.int64))
    e_a = np.asarray(link_a, dtype=np.int64) + link_base
    e_b = np.asarray(link_b, dtype=np.int64) + link_base
    apart = ~whole[e_a]
    u_a, u_b = e_a[apart], e_b[apart]
    while len(u_a):
        low = np.minimum(label[u_a], label[u_b])
        new = label.copy()
        np.minimum.at(new, u_a, low)
        np.minimum.at(new, u_b, low)
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    first_rank = np.full(n_groups, n_groups, dtype=np.int64)
    np.minimum.at(first_rank, label, raw_rank)
    final = np.argsort(first_rank[label] * n_groups + raw_rank, kind="stable")
    position = np.empty(n_groups, dtype=np.int64)
    position[final] = np.arange(n_groups, dtype=np.int64)
    final_key = first_rank[label][final]
    new_item = np.ones(n_groups, dtype=bool)
    new_item[1:] = final_key[1:] != final_key[:-1]
    starts = np.flatnonzero(new_item).astype(np.int64)
    g_item = (np.cumsum(new_item) - 1).astype(np.int64)
    n_items = len(starts)

    final_list = final.tolist()
    group_text = [raw_text[r] for r in final_list]
    final_topic = raw_topic[final].tolist()
    group_topic = [topic_names[t] for t in final_topic]
    # properties renumbered as first met in the groups' final order
    final_property = np.asarray(raw_property, dtype=np.int64)[final]
    codes, first_at = np.unique(final_property, return_index=True)
    renumber = np.empty(len(codes), dtype=np.int64)
    renumber[codes[np.argsort(first_at)]] = np.arange(len(codes), dtype=np.int64)
    g_prop = renumber[final_property]
    n_props = max(len(codes), 1)
    # votes: a value stated twice by a source is one statement; ordered by group, source
    claim_counts = np.fromiter(map(len, raw_claims), dtype=np.int64, count=n_groups)
    claim_src = np.fromiter(
        (source_index[c.source] for claims in raw_claims for c in claims),
        dtype=np.int64,
        count=int(claim_counts.sum()),
    )
    vote_key = _unique_ints(
        np.repeat(position, claim_counts) * n_sources + claim_src, n_groups * n_sources
    )
    v_grp = vote_key // n_sources
    v_src = vote_key % n_sources
    group_of_claim: dict[str, int] = {}  # claims of discrepancies only
    position_list = position.tolist()
    for t in wanted_topics:
        lo = int(topic_base[t])
        for r in range(lo, lo + topic_sizes[t]):
            g = position_list[r]
            for claim in raw_claims[r]:
                group_of_claim[claim.id] = g
    compatible = np.asarray(
        list(map(operator.is_not, link_rel, itertools.repeat(Relation.CONFLICTS))), dtype=bool
    )
    c_a = position[e_a[compatible]]
    c_b = position[e_b[compatible]]
    implied: list[tuple[int, int]] = []  # (part, whole): a list and one that extends it
    g_item_list = g_item.tolist()
    for base, groups, names in list_topics:
        for a, b in _sublists(groups, names):
            pa, pb = position_list[base + a], position_list[base + b]
            if g_item_list[pa] == g_item_list[pb]:
                implied.append((pa, pb))
    group_head: list[str] = []  # keep_items: a claim of each group, and all
    group_claims: list[tuple[str, ...]] = []
    group_negated: list[bool] = []
    if keep_items:
        for r in final_list:
            claims = raw_claims[r]
            head = claims[0]
            group_head.append(head.id)
            group_claims.append(tuple(c.id for c in claims))
            group_negated.append(head.negated and not isinstance(head.value, BoolValue))

    v_item = g_item[v_grp]
    i_part = np.asarray([a for a, _ in implied], dtype=np.int64)
    i_whole = np.asarray([b for _, b in implied], dtype=np.int64)
    # groups per item, for the mass of false values nobody stated
    groups_per_item = np.diff(np.append(starts, n_groups))

    # ---- items two sources or more speak of; the pairs of their votes -----------------
    # Votes are already ordered by item (groups are, and votes follow their groups).
    vote_counts = np.bincount(v_item, minlength=n_items)
    vote_starts = np.concatenate(([0], np.cumsum(vote_counts)[:-1])).astype(np.int64)
    distinct_sources = np.zeros(n_items, dtype=np.int64)
    if len(v_src):
        item_source = _unique_ints(v_item * n_sources + v_src, n_items * n_sources)
        distinct_sources = np.bincount(item_source // n_sources, minlength=n_items)
    informative_item = distinct_sources >= 2
    informative = informative_item[v_item]
    p_first, p_second = _pairs_within(vote_starts, vote_counts)
    keep = v_src[p_first] != v_src[p_second]
    p_first, p_second = p_first[keep], p_second[keep]
    s_lo = np.minimum(v_src[p_first], v_src[p_second])
    s_hi = np.maximum(v_src[p_first], v_src[p_second])
    pair_keys, pair_of = _unique_inverse(s_lo * n_sources + s_hi, n_sources * n_sources)
    n_pairs = len(pair_keys)
    same = v_grp[p_first] == v_grp[p_second]
    same_first, same_second, same_pair = p_first[same], p_second[same], pair_of[same]
    same_group = v_grp[same_first]

    # ---- accepted values: their items' truth is known ----------------------------------
    fixed_item = np.zeros(n_items, dtype=bool)
    fixed_value = np.zeros(n_groups, dtype=np.float64)
    for d in discrepancies:
        value = accepted.get(d.id)
        if value is None:
            continue
        for entry in d.values:
            for claim_id in entry.claims:
                if (fixed := group_of_claim.get(claim_id)) is None:
                    continue
                fixed_item[g_item[fixed]] = True
                if entry.value == value:
                    fixed_value[fixed] = 1.0
    fixed_group = fixed_item[g_item]
    judged = informative & fixed_item[v_item]  # votes on items a reviewer decided
    labelled = bool(judged.any())

    n_false = cfg.false_values
    c = cfg.copy_rate
    v_sp = v_src * n_props + g_prop[v_grp]  # (source, property) of each vote
    n_sp = n_sources * n_props
    trust = np.full(n_sources, cfg.prior_trust)
    trust_sp = np.full(n_sp, cfg.prior_trust)
    weight = np.ones(len(v_src))
    dependence = np.zeros(n_pairs)
    rate = np.zeros(n_pairs)
    posterior = np.zeros(n_groups)
    correct = np.zeros(n_groups)
    unstated = np.maximum(n_false + 1 - groups_per_item, 0).astype(np.float64)
    prior_logit = math.log(cfg.copy_prior / (1 - cfg.copy_prior))
    pair_count = np.bincount(pair_of, minlength=n_pairs).astype(np.float64)
    same_count = np.bincount(same_pair, minlength=n_pairs).astype(np.float64)
    rank = np.arange(n_sp, dtype=np.int64)
    # what no round changes, gathered once
    informed_sp = v_sp[informative]
    informed_grp = v_grp[informative]
    stated_sp = np.bincount(informed_sp, minlength=n_sp).astype(np.float64)
    stated = stated_sp.reshape(n_sources, n_props).sum(axis=1)
    judged_sp = v_sp[judged]
    judged_grp = v_grp[judged]
    judged_count_sp = np.bincount(judged_sp, minlength=n_sp).astype(np.float64)
    sp_first, sp_second = v_sp[p_first], v_sp[p_second]
    # the chance that two votes agree depends only on their (source, property) pair:
    # computed once per distinct pair of those, then spread to the vote pairs
    combos, combo_of = _unique_inverse(sp_first * n_sp + sp_second, n_sp * n_sp)
    combo_first, combo_second = combos // n_sp, combos % n_sp
    same_at = np.flatnonzero(same)
    sp_same_first, sp_same_second = sp_first[same_at], sp_second[same_at]
    differ_llr = np.full(len(p_first), math.log(1 - c))
    by_sp = np.arange(n_sp)
    rounds = 0
    for rounds in range(1, cfg.rounds + 1):  # noqa: B007 - the count is reported
        # votes -> support -> posterior per item
        vote = np.log(n_false * trust_sp / (1 - trust_sp))
        votes_for: FloatArray = np.asarray(
            np.bincount(v_grp, weights=weight * vote[v_sp], minlength=n_groups), dtype=np.float64
        )
        support = votes_for
        if len(c_a):
            lent = np.bincount(c_a, weights=votes_for[c_b], minlength=n_groups) + np.bincount(
                c_b, weights=votes_for[c_a], minlength=n_groups
            )
            support = support + cfg.similarity * lent
        if len(i_part):
            support = support + cfg.similarity * np.bincount(
                i_whole, weights=votes_for[i_part], minlength=n_groups
            )
        posterior = _softmax(support, starts, g_item, unstated)
        posterior = np.where(fixed_group, fixed_value, posterior)
        correct = _with_compatible(posterior, c_a, c_b)
        # trust: the mean rightness of a source's statements, with a prior; per property
        # (Li et al. 2012: a source is not equally good at every attribute), shrunk
        # towards the source's overall trust where it says little about a property
        right_sp = np.bincount(informed_sp, correct[informed_grp], n_sp)
        right = right_sp.reshape(n_sources, n_props).sum(axis=1)
        new_trust = (right + cfg.prior_weight * cfg.prior_trust) / (stated + cfg.prior_weight)
        new_trust = np.clip(new_trust, 0.01, cfg.max_trust)
        new_trust_sp = (right_sp + cfg.property_weight * np.repeat(new_trust, n_props)) / (
            stated_sp + cfg.property_weight
        )
        if labelled:
            # reviewers' verdicts are certain where the rest is the estimate's own belief,
            # which reinforces itself: where a source has judged statements, its trust is
            # measured on them, the estimate from everything a prior worth property_weight
            # of them (semi-supervised truth discovery, Yin & Tan, WWW 2011)
            judged_right_sp = np.bincount(judged_sp, correct[judged_grp], n_sp)
            new_trust_sp = (judged_right_sp + cfg.verdict_prior * new_trust_sp) / (
                judged_count_sp + cfg.verdict_prior
            )
        new_trust_sp = np.clip(new_trust_sp, 0.01, cfg.max_trust)
        # copying: shared false values are strong evidence, differing values against
        diff_llr = differ_llr.copy()
        t = correct[same_group]
        b1, b2 = trust_sp[sp_same_first], trust_sp[sp_same_second]
        mean = (b1 + b2) / 2
        independent = t * b1 * b2 + (1 - t) * (1 - b1) * (1 - b2) / n_false
        copied = t * (mean * c + b1 * b2 * (1 - c)) + (1 - t) * (
            (1 - mean) * c + (1 - b1) * (1 - b2) * (1 - c) / n_false
        )
        diff_llr[same_at] = np.log(copied / independent)
        evidence = np.bincount(pair_of, weights=diff_llr, minlength=n_pairs)
        dependence = 1 / (1 + np.exp(-np.clip(prior_logit + evidence, -50, 50)))
        # how often a dependent pair copies: the share of the items both speak of where
        # they agree beyond what independent sources of their trust would (P(same) =
        # rate + (1 - rate)·P_independent(same))
        a1, a2 = trust_sp[combo_first], trust_sp[combo_second]
        agree = a1 * a2 + (1 - a1) * (1 - a2) / n_false
        chance = np.bincount(pair_of, weights=agree[combo_of], minlength=n_pairs)
        rate = np.clip((same_count - chance) / np.maximum(pair_count - chance, 1e-9), 0, 1)
        # a copier's vote counts for less: of each pair sharing a value, the source ranked
        # lower by its trust on that property (then by id) is taken for the copier (it is
        # the less accurate on what it copies, Dong et al. 2009) and discounted by its
        # dependence on the other times the share of items the pair copies
        rank = np.empty(n_sp, dtype=np.int64)
        rank[np.lexsort((by_sp, -new_trust_sp))] = by_sp
        later = np.where(rank[sp_same_first] > rank[sp_same_second], same_first, same_second)
        factor = np.log(np.maximum(1 - rate * dependence, 1e-12))[same_pair]
        weight = np.exp(np.bincount(later, weights=factor, minlength=len(v_src)))
        change = float(np.max(np.abs(new_trust_sp - trust_sp))) if n_sources else 0.0
        trust = new_trust
        trust_sp = new_trust_sp
        if change < 1e-6:
            break
    result.rounds = rounds
    # the confidence shown: the model's posterior is overconfident (it takes the sources
    # left after copy discount as independent); a temperature fitted once on held-out sets
    # (see Settings.calibration) tempers it. It keeps the order of an item's values.
    stated_mass = np.add.reduceat(posterior, starts)  # 1 - the unstated values' share
    among = _softmax(support / cfg.calibration, starts, g_item, np.zeros_like(unstated))
    posterior = among * stated_mass[g_item]
    posterior = np.where(fixed_group, fixed_value, posterior)
    correct = _with_compatible(posterior, c_a, c_b)
    if keep_items:
        result.items = _items(
            starts, group_text, group_topic, group_head, group_negated, group_claims,
            posterior, correct, v_src, v_grp, sources,
        )  # fmt: skip

    # ---- results -----------------------------------------------------------------------
    result.trust = {s: float(trust[i]) for i, s in enumerate(sources)}
    likely_false = np.bincount(
        v_src[informative], weights=(correct[v_grp[informative]] < 0.5), minlength=n_sources
    )
    stated = np.bincount(v_src[informative], minlength=n_sources)
    partners: dict[int, list[int]] = {}
    strong = np.nonzero(dependence >= 0.5)[0]
    shared_false = np.bincount(
        same_pair, weights=(correct[same_group] < 0.5), minlength=n_pairs
    ).astype(np.int64)
    shared_all = np.bincount(same_pair, minlength=n_pairs)
    examples: dict[int, list[tuple[str, str]]] = {}
    if len(strong):
        strong_mask = np.zeros(n_pairs, dtype=bool)
        strong_mask[strong] = True
        for k in np.nonzero(strong_mask[same_pair] & (correct[same_group] < 0.5))[0].tolist():
            found = examples.setdefault(int(same_pair[k]), [])
            g = int(same_group[k])
            if len(found) < 5:
                found.append((group_topic[g], group_text[g]))
    for k in strong.tolist():
        key = int(pair_keys[k])
        a, b = divmod(key, n_sources)
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
        result.dependencies.append(
            Dependency(
                (sources[a], sources[b]),
                float(dependence[k]),
                int(shared_false[k]),
                int(shared_all[k]),
                tuple(sorted(examples.get(k, []))),
            )
        )
    result.dependencies.sort(key=lambda d: d.sources)
    result.sources = sorted(
        (
            SourceTrust(
                s,
                float(trust[i]),
                int(stated[i]),
                int(likely_false[i]),
                tuple(sorted(sources[p] for p in partners.get(i, []))),
            )
            for i, s in enumerate(sources)
        ),
        key=lambda t: (-round(t.trust, 6), t.source),
    )

    copied_from: dict[int, list[int]] = {}
    for k in np.nonzero(dependence[same_pair] >= 0.5)[0].tolist():
        first, second = int(same_first[k]), int(same_second[k])
        if rank[v_sp[first]] > rank[v_sp[second]]:
            first, second = second, first
        copied_from.setdefault(second, []).append(int(v_src[first]))
    recorded = set(group_of_claim.values())
    neighbours: dict[int, set[int]] = {}
    is_recorded = np.zeros(n_groups, dtype=bool)
    is_recorded[list(recorded)] = True
    near = is_recorded[c_a] | is_recorded[c_b]
    for a, b in zip(c_a[near].tolist(), c_b[near].tolist(), strict=True):
        if a in recorded:
            neighbours.setdefault(a, set()).add(b)
        if b in recorded:
            neighbours.setdefault(b, set()).add(a)
    # the votes of group g are v_grp's run vote_bounds[g] .. vote_bounds[g + 1]
    vote_bounds = np.searchsorted(v_grp, np.arange(n_groups + 1)).tolist()
    for d in discrepancies:
        entries: list[ValueBelief] = []
        for entry in d.values:
            groups_here = sorted({group_of_claim[c] for c in entry.claims if c in group_of_claim})
            probability = min(1.0, float(sum(posterior[g] for g in groups_here)))
            # the value is right also where a value compatible with it is (it refines or
            # widens a right one): its confidence counts their probability too
            around = set().union(*(neighbours.get(g, set()) for g in groups_here)) - set(
                groups_here
            )
            confidence = min(1.0, probability + float(sum(posterior[g] for g in around)))
            supports: list[Support] = []
            for g in groups_here:
                for m in range(vote_bounds[g], vote_bounds[g + 1]):
                    s = int(v_src[m])
                    supports.append(
                        Support(
                            sources[s],
                            float(trust[s]),
                            float(weight[m]),
                            tuple(sorted({sources[o] for o in copied_from.get(m, [])})),
                        )
                    )
            supports.sort(key=lambda x: (-x.trust, x.source))
            head = graph.claims[entry.claims[0]]
            negated = head.negated and not isinstance(head.value, BoolValue)
            entries.append(
                ValueBelief(entry.value, probability, confidence, tuple(supports), negated)
            )
        result.beliefs[d.id] = tuple(entries)
        result.likely[d.id] = _likely(entries)
    return result


def _softmax(support: FloatArray, starts: IntArray, g_item: IntArray, unstated: FloatArray
             ) -> FloatArray:  # fmt: skip
    """Per item, the probability of each value: a softmax of the supports, with the
    false values nobody stated (support 0) taking their share."""
    top = np.maximum(np.maximum.reduceat(support, starts), 0.0)
    raised = np.exp(support - top[g_item])
    total = np.add.reduceat(raised, starts) + unstated * np.exp(-top)
    result: FloatArray = raised / total[g_item]
    return result


def _with_compatible(posterior: FloatArray, c_a: IntArray, c_b: IntArray) -> FloatArray:
    """The probability that a value is right: its own and that of the values compatible
    with it (a compatible value is not a false one)."""
    correct = posterior.copy()
    if len(c_a):
        n = len(posterior)
        correct += np.bincount(c_a, weights=posterior[c_b], minlength=n)
        correct += np.bincount(c_b, weights=posterior[c_a], minlength=n)
    result: FloatArray = np.minimum(correct, 1.0)
    return result


def _items(
    starts: IntArray,
    group_text: list[str],
    group_topic: list[str],
    group_head: list[str],
    group_negated: list[bool],
    group_claims: list[tuple[str, ...]],
    posterior: FloatArray,
    correct: FloatArray,
    v_src: IntArray,
    v_grp: IntArray,
    sources: list[str],
) -> list[ItemBelief]:
    voters: list[list[str]] = [[] for _ in group_text]
    for s, g in zip(v_src.tolist(), v_grp.tolist(), strict=True):
        voters[g].append(sources[s])
    bounds = [*starts.tolist(), len(group_text)]
    found = []
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        found.append(
            ItemBelief(
                group_topic[lo],
                group_head[lo],
                tuple(
                    ItemValue(
                        group_text[g],
                        float(posterior[g]),
                        float(correct[g]),
                        tuple(voters[g]),
                        group_negated[g],
                        group_claims[g],
                    )
                    for g in range(lo, hi)
                ),
            )
        )
    return found


def _likely(entries: list[ValueBelief]) -> Likely | None:
    """The most probable value, or None when the best two are tied. A denial (``not X``)
    tied with an asserted value gives way to it: the assertion says more."""
    if not entries:
        return None
    ranked = sorted(entries, key=lambda e: (-round(e.probability, 9), e.negated, e.value))
    best = ranked[0]
    if (
        len(ranked) > 1
        and best.probability - ranked[1].probability < 1e-9
        and best.negated == ranked[1].negated
    ):
        return None
    return Likely(best.value, best.confidence)
