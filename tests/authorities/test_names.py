from __future__ import annotations

import csv
from pathlib import Path

import pytest

from inspections.parsing.authority_names import AuthorityIndex, AuthorityName, core_name, default_index, successor_urns


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Bury Borough Council", "Bury"),
        ("Bury Council", "Bury"),
        ("Children's services in Bury", "Bury"),
        ("Windsor & Maidenhead", "Windsor and Maidenhead"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("Hull", "Kingston upon Hull"),
        ("Kingston upon Hull", "Kingston upon Hull"),
        ("Kingston Upon Hull City Council", "Kingston upon Hull"),
        ("Durham", "Durham"),
        ("County Durham", "Durham"),
        ("St Helens", "St Helens"),
        ("St. Helens Council", "St Helens"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("London Corporation", "City of London"),
        ("City of London", "City of London"),
        ("London Borough of Hackney", "Hackney"),
        ("Bristol City Council", "Bristol"),
        ("Bournemouth, Christchurch and Poole Council", "Bournemouth, Christchurch and Poole"),
        ("Southend-on-Sea City Council", "Southend-on-Sea"),
        ("Northamptonshire County Council", "Northamptonshire"),
    ],
)
def test_it_resolves_the_names_documents_use(written: str, expected: str) -> None:
    resolution = default_index().resolve(written)
    assert resolution.match is not None, resolution.candidates
    assert resolution.match.name == expected


def test_it_returns_candidates_not_a_guess_for_an_ambiguous_name() -> None:
    resolution = default_index().resolve("Kingston")
    assert resolution.match is None
    assert {c.name for c in resolution.candidates} == {"Kingston upon Hull", "Kingston upon Thames"}


def test_it_suggests_close_names_for_a_misspelling() -> None:
    resolution = default_index().resolve("Gateshed")
    assert resolution.match is None
    assert "Gateshead" in [c.name for c in resolution.candidates]


def test_it_resolves_nothing_for_a_wrong_name() -> None:
    resolution = default_index().resolve("Gotham City Council")
    assert resolution.match is None
    assert resolution.candidates == ()


def test_it_finds_the_longest_name_mentioned_in_running_text() -> None:
    mentions = default_index().mentions("The inspection of North Northamptonshire followed Bury's.")
    assert [a.name for _, a in mentions] == ["North Northamptonshire", "Bury"]


def test_london_alone_is_not_taken_for_the_city_of_london() -> None:
    assert default_index().mentions("a council in London") == []


def test_it_leaves_a_near_miss_unresolved() -> None:
    assert default_index().resolve("Redcar").match is None


@pytest.mark.parametrize("written", ["Dorset", "Dorset Council", "Dorset council"])
def test_a_name_shared_with_a_former_authority_is_the_current_ones(written: str) -> None:
    match = default_index().resolve(written).match
    assert match is not None
    assert (match.name, match.urn) == ("Dorset", "2532283")


def test_a_current_authority_is_preferred_to_former_ones_of_the_same_name_only() -> None:
    index = AuthorityIndex(
        [
            AuthorityName("001", "1", "Marsh", (), True),
            AuthorityName("002", "", "Marsh County Council", ("Marsh County",), False),
            AuthorityName("003", "3", "Fen", ("Vale",), True),
            AuthorityName("004", "4", "Moor", ("Vale",), True),
            AuthorityName("005", "", "Vale District Council", (), False),
        ]
    )
    assert index.resolve("Marsh Council").match == index.authorities[0]
    assert index.resolve("Marsh County Council").match == index.authorities[1]
    # Two current authorities still share the name: the former one is listed after them.
    vale = index.resolve("Vale")
    assert vale.match is None
    assert [a.name for a in vale.candidates] == ["Fen", "Moor", "Vale District Council"]
    # Running text follows the same rule.
    assert [a.name for _, a in index.mentions("Children in Marsh and Vale")] == ["Marsh"]


def test_christchurch_was_never_an_authority_and_is_left_for_a_person_to_choose() -> None:
    # A district of Dorset County until 2019, of Bournemouth, Christchurch and Poole since.
    resolution = default_index().resolve("Christchurch")
    assert resolution.match is None
    assert "Bournemouth, Christchurch and Poole" in [a.name for a in resolution.candidates]


def test_two_authorities_sharing_an_alias_make_it_ambiguous() -> None:
    index = AuthorityIndex(
        [
            AuthorityName("001", "1", "Northtown", ("Shire",), True),
            AuthorityName("002", "2", "Southtown", ("Shire",), True),
        ]
    )
    assert index.resolve("Shire").match is None
    assert len(index.resolve("Shire").candidates) == 2


@pytest.mark.parametrize(
    ("written", "name", "urn"),
    [
        ("Bournemouth Borough Council", "Bournemouth", "2532287"),
        ("Borough of Bournemouth", "Bournemouth", "2532287"),
        ("Dorset County Council", "Dorset County Council", "2532283"),
        ("Dorset Council", "Dorset", "2532283"),
        ("Dorset", "Dorset", "2532283"),
        # Former authorities with a row of their own in Ofsted's lookup keep their own URN.
        ("Poole", "Poole", "137316"),
        ("Borough of Poole", "Poole", "137316"),
        ("Cumbria County Council", "Cumbria", "135513"),
        ("Northamptonshire", "Northamptonshire", "121939"),
    ],
)
def test_a_former_authority_is_looked_up_under_its_own_urn_else_its_successors(
    written: str, name: str, urn: str
) -> None:
    match = default_index().resolve(written).match
    assert match is not None
    assert (match.name, match.lookup_urn) == (name, urn)


def test_a_former_authority_without_a_urn_keeps_none_of_its_own() -> None:
    match = default_index().resolve("Bournemouth").match
    assert match is not None
    assert (match.la_code, match.urn, match.current) == ("837", "", False)


def _row(code: str, urn: str, name: str) -> dict[str, str]:
    return {"la_code": code, "urn": urn, "name": name}


def _link(predecessor: str, successor: str) -> dict[str, str]:
    return {"predecessor_la_code": predecessor, "successor_la_code": successor}


def test_a_former_authority_passes_to_its_only_successor_or_the_one_that_kept_its_name() -> None:
    rows = [
        _row("001", "", "Oldtown"),
        _row("002", "20", "Oldtown and Newport"),
        _row("003", "", "Marsh County Council"),
        _row("004", "40", "Marsh"),
        _row("005", "50", "Fenland"),
    ]
    links = [_link("001", "002"), _link("003", "004"), _link("003", "005")]
    assert successor_urns(rows, links) == {"001": "20", "003": "40"}


def test_a_split_that_no_successor_is_named_for_gives_no_urn() -> None:
    rows = [_row("001", "", "Shire"), _row("002", "20", "North Vale"), _row("003", "30", "South Vale")]
    assert successor_urns(rows, [_link("001", "002"), _link("001", "003")]) == {}


def test_a_former_authority_with_its_own_urn_keeps_it() -> None:
    rows = [_row("001", "10", "Shire"), _row("002", "20", "Shire Vale")]
    assert successor_urns(rows, [_link("001", "002")]) == {}


def test_each_successor_urn_is_the_lookup_row_its_name_leads_to(shared_dir: Path) -> None:
    # A labeller maps a name through the lookup by the row's name or its also_known_as list.
    with (shared_dir / "reference" / "la_lookup.csv").open(encoding="utf-8-sig", newline="") as handle:
        lookup = list(csv.DictReader(handle))
    formers = [a for a in default_index().authorities if not a.urn]
    assert formers
    for former in formers:
        rows = [
            row
            for row in lookup
            if core_name(row["local_authority_ons_name"]) == core_name(former.name)
            or core_name(former.name) in {core_name(n) for n in row["also_known_as"].strip("[]").split(", ")}
        ]
        assert [row["urn"] for row in rows] == [former.lookup_urn], former.name
