from __future__ import annotations

import pytest

from authorities.names import AuthorityIndex, AuthorityName, default_index


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


def test_two_authorities_sharing_an_alias_make_it_ambiguous() -> None:
    index = AuthorityIndex(
        [
            AuthorityName("001", "1", "Northtown", ("Shire",), True),
            AuthorityName("002", "2", "Southtown", ("Shire",), True),
        ]
    )
    assert index.resolve("Shire").match is None
    assert len(index.resolve("Shire").candidates) == 2
