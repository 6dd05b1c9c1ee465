"""The name index: candidates come from token, fuzzy, phonetic, skeleton and acronym keys."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bankwire.sanctions.index import (
    _UNREACHED,
    NameIndex,
    _first_reached,
    _leader_set,
    _leaders,
    deletion_keys,
    fuzzy_keys,
)
from bankwire.sanctions.matching.config import default_config, load_config
from bankwire.sanctions.model import EntryKind, ListEntry
from bankwire.sanctions.normalize import normalize_name
from tests.strategies_screening import entry, fixture_entries

CONFIG = default_config()
ENTRIES = [
    entry(EntryKind.ORGANIZATION, "PROMSVYAZBANK PJSC", source_id="34656"),
    entry(EntryKind.ORGANIZATION, "PETROLEOS DE VENEZUELA, S.A.", source_id="26367"),
    entry(EntryKind.PERSON, "MADURO MOROS, Nicolas", source_id="22790"),
    entry(EntryKind.PERSON, "MUHAMMAD, Abdul Rahman", source_id="7"),
    *(entry(EntryKind.ORGANIZATION, f"BANK NUMBER {n}", source_id=f"b{n}") for n in range(40)),
]
INDEX = NameIndex(ENTRIES, CONFIG)


def candidate_ids(query: str) -> list[str]:
    normalized = normalize_name(query, CONFIG.vocabulary)
    names = [INDEX.names[name_id] for name_id in INDEX.candidates(normalized)]
    return [INDEX.entries[name.entry_position].source_id for name in names]


@pytest.mark.parametrize(
    ("query", "source_id"),
    [
        ("Promsvyazbank", "34656"),
        ("Promsviazbank", "34656"),  # One edit: a shared deletion key.
        ("Promsvyaz Bank", "34656"),  # Split word: the glued query pair.
        ("Prom Svyaz Bank", "34656"),  # Split in three: the glued query triple.
        ("Promsviaz Bank", "34656"),  # Split, with a typo: the glued pair's deletion keys.
        ("Maduro Nicolas", "22790"),
        ("Madouro", "22790"),  # Sounds alike.
        ("Mhmd Abdul Rhmn", "7"),  # Vowels dropped: the consonant skeleton.
        ("Abdulrahman Muhammad", "7"),  # Glued word: the indexed adjacent pair.
        ("PDVSA", "26367"),  # Acronym derived at index time.
        ("Arneen Maduro", "22790"),
    ],
)
def test_candidates_found(query: str, source_id: str) -> None:
    assert source_id in candidate_ids(query)


def compared_by_version(
    entries: list[ListEntry], query: str, source_id: str, versions: tuple[str, ...] = ("4", "5")
) -> dict[str, bool]:
    """Whether ``source_id`` is among the candidates of ``query``, by matching version."""
    normalized = normalize_name(query, CONFIG.vocabulary)
    found: dict[str, bool] = {}
    for version in versions:
        index = NameIndex(entries, load_config(version))
        names = [index.names[name_id] for name_id in index.candidates(normalized)]
        found[version] = source_id in {index.entries[n.entry_position].source_id for n in names}
    return found


def test_a_list_word_glued_from_query_words_weighs_them_all() -> None:
    """ "Ros Neft": the list word ROSNEFT holds both query words. Weighed by its own IDF (11
    names) it fell below the one name holding "ros" and under the candidate cut (version 4);
    weighed as both words together it leads (version 5)."""
    entries = [
        entry(EntryKind.ORGANIZATION, "GUP DNR ROS", source_id="ros"),
        *(entry(EntryKind.ORGANIZATION, f"ROSNEFT {w}", source_id=f"r{w}") for w in "ABCDEFGHIJK"),
        *(entry(EntryKind.ORGANIZATION, f"BANK NUMBER {n}", source_id=f"b{n}") for n in range(48)),
    ]
    assert compared_by_version(entries, "Ros Neft", "rA") == {"4": False, "5": True}


def test_names_with_the_glued_words_apart_are_not_lifted() -> None:
    """A name holding "ros neft" as two words has those words' weights already: lifted by
    the glued pair as well, every "Sergei Vladimirovich ..." doubled its lead and pushed a
    listed "Sergey Vladimirovich" out of the candidates. It keeps the pair's own IDF."""
    entries = [
        entry(EntryKind.ORGANIZATION, "ROSNEFT", source_id="word"),
        entry(EntryKind.ORGANIZATION, "ROS NEFT TRADING", source_id="apart"),
        *(entry(EntryKind.ORGANIZATION, f"BANK NUMBER {n}", source_id=f"b{n}") for n in range(20)),
    ]
    index = NameIndex(entries, CONFIG)
    parts = index.weight("ros") + index.weight("neft")
    group = index._glued_group("rosneft", parts, index._scratch())
    assert group is not None
    values = {
        index.entries[index.names[name_id].entry_position].source_id: value
        for name_id, value in zip(group.name_ids.tolist(), group.values.tolist(), strict=True)
    }
    own = index._idf[index._vocabulary["rosneft"]]
    assert values == {"word": pytest.approx(parts), "apart": pytest.approx(own)}
    assert parts > own


# Words of one name each with the consonants of SBERBANK (as the lists' SBERBANKU, SBERBANKA).
SBERBANK_LOOKALIKES = (
    "SBERBANKA SBERBANKU SBERBANKE SBERBANKOM SBERBANKI SBERBANKY SABERBANK SEBERBANK SOBERBANK "
    "SUBERBANK SIBERBANK SBERIBANK SBEROBANK SBERABANK SBERBANAK SBERBENKA SBERBONKA SBERBINKA"
)


def test_a_word_no_list_uses_weighs_as_its_closest_spelling() -> None:
    """ "Sbrebank": the rarer, farther spellings (SBERBANKU, SBERBANKA) filled the candidate
    places under version 4, and no SBERBANK name was compared; version 5 weighs the word as
    its closest spelling."""
    entries = [
        *(entry(EntryKind.ORGANIZATION, f"SBERBANK {w}", source_id=f"s{w}") for w in "ABCDEFGH"),
        entry(EntryKind.ORGANIZATION, "SBERBANK", source_id="sberbank"),
        *(
            entry(EntryKind.ORGANIZATION, f"FOND {spelling}", source_id=spelling)
            for spelling in SBERBANK_LOOKALIKES.split()
        ),
        *(entry(EntryKind.ORGANIZATION, f"BANK NUMBER {n}", source_id=f"b{n}") for n in range(40)),
    ]
    assert compared_by_version(entries, "Sbrebank", "sberbank") == {"4": False, "5": True}


def test_a_glued_typo_is_looked_up_by_its_deletions_only() -> None:
    """The sounds-alike and consonant keys of a glued string reach unrelated short words
    ("alidaoun" ~ "ldyn"), which at the glued words' weight crowded out the name itself."""
    entries = [
        entry(EntryKind.PERSON, "DAOUN, Ali", source_id="daoun"),
        *(
            entry(EntryKind.PERSON, f"LDYN, Ahmad {w}", source_id=f"l{w}")
            for w in "ABCDEFGHIJKLMNOPQR"
        ),
    ]
    index = NameIndex(entries, CONFIG)
    query = normalize_name("Ali Daoun", CONFIG.vocabulary)
    ids = [index.entries[index.names[i].entry_position].source_id for i in index.candidates(query)]
    assert ids[0] == "daoun"
    ldyn = index._vocabulary["ldyn"]
    assert ldyn in index._find_similar_tokens("alidaoun")  # All keys: reached.
    assert ldyn not in index._find_similar_tokens("alidaoun", edits_only=True)


def test_candidates_are_bounded() -> None:
    """A common token never drags the whole list into a query."""
    assert len(candidate_ids("Bank")) <= CONFIG.retrieval.candidates_max


def test_rare_tokens_weigh_more_than_common_ones() -> None:
    assert INDEX.weight("promsvyazbank") > INDEX.weight("bank")
    assert INDEX.weight("neverseen") >= INDEX.weight("promsvyazbank")


def test_legal_form_words_are_capped() -> None:
    assert INDEX.weight("pjsc") < INDEX.weight("maduro")


def test_duplicate_normalised_names_are_indexed_once() -> None:
    index = NameIndex([entry(EntryKind.PERSON, "Ali Hassan", "ALI, Hassan", "Hassan Ali")], CONFIG)
    assert len(index.names) == 1


def test_fuzzy_keys_kinds() -> None:
    keys = set(fuzzy_keys("maduro"))
    assert "dmaduro" in keys
    assert "dmduro" in keys  # One deletion.
    assert any(key.startswith("m") for key in keys)  # Metaphone.
    assert any(key.startswith("s") for key in keys)  # Skeleton.


@given(st.text(alphabet="abcdeiouy", max_size=12))
def test_deletion_keys_are_the_fuzzy_keys_deletions(token: str) -> None:
    deletions = [key for key in fuzzy_keys(token) if key.startswith("d")]
    assert deletion_keys(token) == deletions


def test_real_fixture_builds() -> None:
    entries, _ = fixture_entries()
    index = NameIndex(entries, CONFIG)
    assert len(index.names) > len(entries)


def test_candidates_far_behind_the_leader_are_not_compared() -> None:
    """Version 2 drops names sharing less than half the query; version 1 compared them all."""
    unpruned = NameIndex(ENTRIES, load_config("1"))
    normalized = normalize_name("Promsvyazbank Number", CONFIG.vocabulary)
    pruned_ids = INDEX.candidates(normalized)
    unpruned_ids = unpruned.candidates(normalized)
    assert len(pruned_ids) < len(unpruned_ids)
    assert pruned_ids == unpruned_ids[: len(pruned_ids)]


def test_another_lists_shorter_alias_survives_the_leaders_bonus() -> None:
    """The glued pair lifts "promsvyazbank pjsc" far above "promsvyazbank"; both are compared."""
    index = NameIndex(
        [*ENTRIES, entry(EntryKind.ORGANIZATION, "PROMSVYAZBANK", source_id="eu1")], CONFIG
    )
    normalized = normalize_name("Promsvyazbank PJSC", CONFIG.vocabulary)
    found = {
        index.entries[index.names[i].entry_position].source_id for i in index.candidates(normalized)
    }
    assert {"34656", "eu1"} <= found


def _reference_candidates(index: NameIndex, query: str) -> list[int]:
    """The retrieval as a plain dict walk over the postings (how version 2 was first written):
    the array implementation must give the same names in the same order, ties included."""
    normalized = normalize_name(query, index.config.vocabulary)
    tokens = normalized.tokens
    # Each group with its cap: a spelling weighs at most the query word's own IDF when the
    # lists use the word (glued pairs and acronyms: uncapped).
    vocabulary, idf = index._vocabulary, index._idf

    # The query's acronym is an alternative: a name scores the better of its words and the
    # acronym, not their sum.
    def cap(token: str, similar: dict[int, float]) -> float:
        if token in vocabulary:
            return idf[vocabulary[token]]
        if similar and index.config.retrieval.unknown_word_as_closest:
            # The closest spelling's IDF; the rarest among equally close ones.
            closest = max(similar, key=lambda token_id: (similar[token_id], idf[token_id]))
            return idf[closest]
        return index._idf_unknown

    groups = [
        (similar, cap(token, similar), False, 0.0)
        for token in tokens
        for similar in [index._find_similar_tokens(token)]
    ]
    # Adjacent words glued, up to the version's count: a list word spelt so weighs at least
    # the glued words' weights together (from version 5), and long ones are looked up fuzzily.
    retrieval = index.config.retrieval
    for start in range(len(tokens) - 1):
        for end in range(start + 2, min(start + retrieval.glued_words_max, len(tokens)) + 1):
            glued = "".join(tokens[start:end])
            floor = (
                sum(index.weight(token) for token in tokens[start:end])
                if retrieval.glued_weighs_words
                else 0.0
            )
            # Typos only in a pair with a word the lists do not have.
            fuzzy = end - start == 2 and any(token not in vocabulary for token in tokens[start:end])
            if fuzzy and retrieval.glued_fuzzy and len(glued) >= retrieval.glued_fuzzy_length_min:
                similar = index._find_similar_tokens(glued, edits_only=True)
            else:
                similar = {vocabulary[glued]: 1.0} if glued in vocabulary else {}
            if similar:
                groups.append((similar, index._idf_unknown, False, floor))
    for acronym in normalized.acronyms:
        if acronym in vocabulary:
            groups.append(({vocabulary[acronym]: 1.0}, index._idf_unknown, True, 0.0))
    lengths = index._posting_lengths
    groups.sort(key=lambda item: sum(lengths[token_id] for token_id in item[0]))
    offsets = index._rank_offsets.tolist()
    scores: dict[int, float] = {}
    if len(tokens) == 1:
        for name_id in index._acronym_postings.get(tokens[0], ()):
            scores[name_id] = index._idf_unknown + offsets[name_id]
    flat, starts = index._posting_flat.tolist(), index._posting_starts
    common_min = index.config.retrieval.common_posting_min

    def ranked(count: int) -> list[int]:
        return sorted(scores, key=lambda name_id: -scores[name_id])[:count]

    alternatives: dict[int, float] = {}
    for group, cap, acronym, floor in groups:
        common = sum(lengths[token_id] for token_id in group) > common_min
        if alternatives and (common and scores):
            for name_id, value in alternatives.items():
                scores[name_id] = max(scores[name_id], offsets[name_id] + value)
            alternatives = {}
        if common and scores:
            for name_id in ranked(64):
                token_ids = [
                    index._vocabulary[token] for token in index.names[name_id].normalized.tokens
                ]
                values = [max(min(idf[t], cap), floor) * group[t] for t in token_ids if t in group]
                if values:
                    scores[name_id] += max(values)
            continue
        best: dict[int, float] = {}
        for token_id, similarity in group.items():
            word = index._tokens[token_id]
            for name_id in flat[starts[token_id] : starts[token_id + 1]]:
                # Lifted only where the spelling is a word of the name, not two of its words.
                lifted = floor if word in index.names[name_id].normalized.tokens else 0.0
                value = max(min(idf[token_id], cap), lifted) * similarity
                best[name_id] = max(best.get(name_id, 0.0), value)
        for name_id, value in best.items():
            scores[name_id] = scores.get(name_id, offsets[name_id]) + (0.0 if acronym else value)
        if acronym:
            alternatives.update(best)
    for name_id, value in alternatives.items():
        scores[name_id] = max(scores[name_id], offsets[name_id] + value)
    leaders = ranked(index.config.retrieval.candidates_max)
    if not leaders:
        return []
    query_weight = sum(index.weight(token) for token in tokens)
    floor = min(scores[leaders[0]], query_weight) * index.config.retrieval.candidate_score_ratio
    return [name_id for name_id in leaders if scores[name_id] >= floor]


# A low common-posting bar and few candidates, so that the fixture's common words take the
# re-rank path and ties decide who is cut off.
CONFIG_COMMON = dataclasses.replace(
    CONFIG,
    retrieval=dataclasses.replace(CONFIG.retrieval, common_posting_min=10, candidates_max=6),
)
COMMON_INDEX = NameIndex(ENTRIES, CONFIG_COMMON)
FOURTH_INDEX = NameIndex(ENTRIES, load_config("4"))


def _perturbed_fixture_names() -> list[str]:
    entries, _ = fixture_entries()
    names = [name.full for listed in entries[::9] for name in listed.names[:1]]
    typos = [name[:-3] + name[-2] + name[-3] + name[-1] for name in names if len(name) > 6]
    return [*names, *typos, *(f"{name} Company" for name in names[:10]), "Mustafa Ali"]


def test_array_retrieval_matches_the_dict_walk() -> None:
    entries, _ = fixture_entries()
    fixture_index = NameIndex(entries, CONFIG_COMMON)
    queries = _perturbed_fixture_names()
    for index, query in [
        *((fixture_index, query) for query in queries),
        *((INDEX, query) for query in queries[:20]),
        *((COMMON_INDEX, query) for query in ("Bank Number 7", "Bnak Numbr", "PDVSA", "Abdul")),
        # Version 4: glued pairs only, exactly, at their own weight.
        *((FOURTH_INDEX, query) for query in queries[:20]),
        *((INDEX, query) for query in ("Prom Svyaz Bank", "Promsviaz Bank", "Abdul Rah Man")),
    ]:
        expected = _reference_candidates(index, query)
        normalized = normalize_name(query, index.config.vocabulary)
        assert index.candidates(normalized) == expected, query
        # The work arrays are left as found: the same query twice gives the same answer.
        assert index.candidates(normalized) == expected, query


def test_retrieval_is_the_same_from_another_thread() -> None:
    normalized = normalize_name("Bank Number 7", CONFIG.vocabulary)
    expected = COMMON_INDEX.candidates(normalized)
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = list(pool.map(lambda _: COMMON_INDEX.candidates(normalized), range(4)))
    assert found == [expected] * 4


@given(st.lists(st.integers(0, 30), max_size=200))
def test_first_reached_keeps_the_stream_order(stream: list[int]) -> None:
    first = np.full(31, _UNREACHED, dtype=np.int64)
    reached = _first_reached(np.array(stream, dtype=np.int64), first)
    assert reached.tolist() == list(dict.fromkeys(stream))
    assert (first == _UNREACHED).all()  # Left as found for the next query.


def test_first_reached_of_a_stream_longer_than_the_shared_positions() -> None:
    stream = np.random.default_rng(3).integers(0, 40_000, 50_000).astype(np.int64)
    first = np.full(40_000, _UNREACHED, dtype=np.int64)
    assert _first_reached(stream, first).tolist() == list(dict.fromkeys(stream.tolist()))
    assert (first == _UNREACHED).all()


@given(st.lists(st.sampled_from(sorted(INDEX._vocabulary)), max_size=12, unique=True))
@example(["bank", "number", "7", "banknumber"])
def test_a_groups_postings_are_walked_in_order(spellings: list[str]) -> None:
    """Large groups gather their spellings' postings in one call: the same names, in the
    order a walk over the postings first reaches them, with their best spelling's value."""
    similar = {INDEX._vocabulary[token]: 1.0 - 0.05 * n for n, token in enumerate(spellings)}
    best: dict[int, float] = {}
    for token_id, similarity in similar.items():
        for name_id in INDEX._postings[token_id]:
            best[name_id] = max(best.get(name_id, 0.0), INDEX._idf[token_id] * similarity)
    group = INDEX._group(similar, INDEX._scratch(), INDEX._idf_unknown)
    assert group.name_ids.tolist() == list(best)
    assert group.values.tolist() == list(best.values())
    assert (INDEX._scratch().best == -1.0).all()


def test_the_example_above_builds_a_large_group() -> None:
    vocabulary = INDEX._vocabulary
    size = len(INDEX._postings[vocabulary["bank"]]) + len(INDEX._postings[vocabulary["number"]])
    assert size > 48  # _SMALL_GROUP_MAX


@given(
    st.lists(st.sampled_from([-0.02, -0.01, 0.0, 0.5, 1.25, 2.0, 3.5]), max_size=1200),
    st.integers(1, 70),
)
def test_leaders_are_a_stable_sorts_first(values: list[float], count: int) -> None:
    """Best first, the first reached first on ties, with or without the partition."""
    scores = np.array([*values, 9.0], dtype=np.float64)
    reached = np.arange(len(values), dtype=np.int64)[::-1].copy()
    expected = sorted(reached.tolist(), key=lambda name_id: -values[name_id])[:count]
    name_ids, name_scores = _leaders(scores, reached, count)
    assert name_ids.tolist() == expected
    assert name_scores.tolist() == [values[name_id] for name_id in expected]


@given(
    st.lists(st.sampled_from([-0.02, -0.01, 0.0, 0.5, 1.25, 2.0, 3.5]), max_size=1200),
    st.integers(1, 70),
)
def test_leader_set_is_the_leaders_in_any_order(values: list[float], count: int) -> None:
    """The same names and scores as ``_leaders``, ties at the cut included."""
    scores = np.array([*values, 9.0], dtype=np.float64)
    reached = np.arange(len(values), dtype=np.int64)[::-1].copy()
    if len(reached) <= count:
        return
    expected_ids, expected_scores = _leaders(scores, reached, count)
    name_ids, name_scores = _leader_set(scores, reached, count)
    found = sorted(zip(name_ids.tolist(), name_scores.tolist(), strict=True))
    assert found == sorted(zip(expected_ids.tolist(), expected_scores.tolist(), strict=True))


def test_leaders_of_many_names_go_through_the_partition() -> None:
    values = np.random.default_rng(4).choice([0.5, 1.0, 1.5, 2.0], 3000).tolist()
    scores = np.array(values, dtype=np.float64)
    reached = np.random.default_rng(5).permutation(3000).astype(np.int64)
    for count in (1, 16, 64):
        expected = sorted(reached.tolist(), key=lambda name_id: -values[name_id])[:count]
        assert _leaders(scores, reached, count)[0].tolist() == expected
        assert sorted(_leader_set(scores, reached, count)[0].tolist()) == sorted(expected)
    # No tie at the cut: the names at or above it are returned unsorted.
    distinct = np.random.default_rng(6).permutation(3000).astype(np.float64)
    expected = sorted(reached.tolist(), key=lambda name_id: -distinct[name_id])[:64]
    assert sorted(_leader_set(distinct, reached, 64)[0].tolist()) == sorted(expected)


def test_a_long_names_last_words_re_rank_it_too() -> None:
    """The re-rank reads a leader's first sixteen tokens in one call and longer names' others
    on the side: a common word at the end of a long name counts as anywhere else."""
    words = [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
        "Echo",
        "Foxtrot",
        "Golf",
        "Hotel",
        "India",
        "Juliet",
        "Kilo",
        "Lima",
        "Mike",
        "November",
        "Oscar",
        "Papa",
        "Quebec",
        "Romeo",
    ]
    entries = [
        entry(EntryKind.ORGANIZATION, " ".join([*words[:n], "Zyxbank"]), source_id=f"z{n}")
        for n in (2, 8, 15, 16, 17, 18)
    ] + [entry(EntryKind.ORGANIZATION, f"Other Zyxbank {n}", source_id=f"o{n}") for n in range(12)]
    # Shorter names without the common word: the long ones overtake them only with it.
    entries += [
        entry(EntryKind.ORGANIZATION, f"Alpha {word}", source_id=word) for word in words[5:]
    ]
    index = NameIndex(entries, CONFIG_COMMON)
    for query in (
        "Alpha Zyxbank",
        "Alpha Bravo Zyxbamk",
        "Juliet Zyxbank",
        "Papa Zyxbank",
        "Quebec Zyxbank",
        "Romeo Zyxbank",
    ):
        expected = _reference_candidates(index, query)
        assert index.candidates(normalize_name(query, CONFIG.vocabulary)) == expected, query


def test_a_listed_word_outranks_its_rarer_misspellings() -> None:
    """A spelling weighs at most the query word's own IDF: the names that have the word itself
    come first, even where rare misspellings of it (one name each) are listed too."""
    index = NameIndex(
        [entry(EntryKind.ORGANIZATION, "HAMAS", source_id=str(n)) for n in range(3)]
        + [
            entry(EntryKind.ORGANIZATION, spelling, source_id=f"m{n}")
            for n, spelling in enumerate(MISSPELT)
        ],
        dataclasses.replace(
            CONFIG, retrieval=dataclasses.replace(CONFIG.retrieval, candidates_max=3)
        ),
    )
    found = index.candidates(normalize_name("Hamas", CONFIG.vocabulary))
    assert [index.names[name_id].name.full for name_id in found] == ["HAMAS"] * 3


MISSPELT = ("HAMMS", "CHAMAS", "SHAMAS", "KHAMAS", "HAMSA")


def test_a_name_is_not_outranked_by_names_that_add_its_acronym() -> None:
    """The query's acronym is another way to a name, not more of it: names holding the words
    and the acronym ("... CORPS (IRGC) UNIT 7") no longer push the name itself out."""
    units = [
        entry(EntryKind.ORGANIZATION, f"ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) UNIT {n}",
              source_id=f"u{n}")
        for n in range(20)
    ]  # fmt: skip
    itself = entry(
        EntryKind.ORGANIZATION, "ISLAMIC REVOLUTIONARY GUARD CORPS", "IRGC", source_id="10391"
    )
    config = dataclasses.replace(
        CONFIG, retrieval=dataclasses.replace(CONFIG.retrieval, candidates_max=3)
    )
    index = NameIndex([*units, itself], config)
    query = normalize_name("Islamic Revolutionary Guard Corps", CONFIG.vocabulary)
    assert "irgc" in query.acronyms
    found = index.candidates(query)
    assert index.names[found[0]].name.full == "ISLAMIC REVOLUTIONARY GUARD CORPS"
