from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority, Reorganisation, StatisticalNeighbour
from authorities.services import load_authorities

pytestmark = pytest.mark.django_db


def test_it_loads_all_153_current_authorities(authorities: None) -> None:
    assert Authority.objects.current().count() == 153
    assert Authority.objects.filter(is_current=False).count() >= 3  # Cumbria, Northamptonshire, Poole, ...


def test_every_current_authority_has_ten_ordered_neighbours_that_are_authorities(authorities: None) -> None:
    for authority in Authority.objects.current():
        ranks = list(authority.neighbour_links.values_list("rank", flat=True))
        assert ranks == list(range(1, 11)), authority
    bury = Authority.objects.get(name="Bury")
    neighbours = bury.ordered_neighbours()
    assert neighbours[0].la_code == "888"  # Lancashire is Bury's closest neighbour
    assert all(n.is_current for n in neighbours)


def test_it_keeps_codes_region_type_and_population(authorities: None) -> None:
    bury = Authority.objects.get(urn="80443")
    assert (bury.name, bury.la_code, bury.gss_code, bury.region.name) == (
        "Bury",
        "351",
        "E08000002",
        "North West",
    )
    assert bury.get_authority_type_display() == "Metropolitan district"
    assert bury.population_0_25 == 59339


def test_it_records_reorganisations_so_successors_reach_predecessors(authorities: None) -> None:
    cumberland = Authority.objects.get(name="Cumberland")
    assert [a.name for a in cumberland.predecessors()] == ["Cumbria"]
    northamptonshire = Authority.objects.get(name="Northamptonshire")
    assert {a.name for a in northamptonshire.successors()} == {
        "North Northamptonshire",
        "West Northamptonshire",
    }
    bcp = Authority.objects.get(la_code="839")
    assert {"Poole", "Bournemouth"} <= {a.name for a in bcp.predecessors()}
    assert Reorganisation.objects.get(predecessor__name="Cumbria", successor=cumberland).date == dt.date(2023, 4, 1)


def test_loading_twice_changes_nothing(authorities: None) -> None:
    before = (Authority.objects.count(), StatisticalNeighbour.objects.count(), Reorganisation.objects.count())
    result = load_authorities()
    assert result.created == 0
    after = (Authority.objects.count(), StatisticalNeighbour.objects.count(), Reorganisation.objects.count())
    assert before == after


def test_it_refuses_a_neighbour_that_is_not_an_authority(db: None, tmp_path) -> None:
    from authorities.data_files import AUTHORITIES_CSV

    lines = AUTHORITIES_CSV.read_text(encoding="utf-8").splitlines()
    header, bury = lines[0], next(line for line in lines if line.startswith("80443,"))
    broken = tmp_path / "authorities.csv"
    broken.write_text(f"{header}\n{bury}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="statistical neighbour 888 is not a known authority"):
        load_authorities(broken)
