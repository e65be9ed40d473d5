from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.boundaries import MAP_HEIGHT, MAP_WIDTH, _project_array, load_boundaries
from authorities.models import Authority, AuthorityBoundary
from inspections.frameworks import Grade
from inspections.geo import GRADE_FILLS, NO_GRADE_FILL, NOT_IN_FRAMEWORK_FILL
from inspections.models import Event

from .national_history import bulk_history, inspect

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _square(lon: float, lat: float, size: float = 0.1) -> list[list[list[float]]]:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def _feature(code: str, name: str, lon: float, lat: float) -> dict:
    return {
        "type": "Feature",
        "properties": {"LAD23CD": code, "LAD23NM": name},
        "geometry": {"type": "Polygon", "coordinates": _square(lon, lat)},
    }


@pytest.fixture
def tiny_geojson(tmp_path: Path) -> Path:
    """Hartlepool (unitary), two touching Cambridgeshire districts, Barnsley's 2023 code, and a Welsh area."""
    features = [
        _feature("E06000001", "Hartlepool", -1.3, 54.6),
        _feature("E07000008", "Cambridge", 0.1, 52.2),
        _feature("E07000012", "South Cambridgeshire", 0.2, 52.2),  # shares Cambridge's east edge
        _feature("E08000016", "Barnsley", -1.5, 53.5),  # recoded E08000038 in 2024
        _feature("W06000015", "Cardiff", -3.2, 51.5),
    ]
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_districts_are_joined_into_their_upper_tier_authority(authorities: None, tiny_geojson: Path) -> None:
    result = load_boundaries(tiny_geojson)
    assert result.authorities == 3
    assert result.unmatched == ("W06000015",)
    assert "Kent" in result.missing
    boundaries = {b.authority.name: b for b in AuthorityBoundary.objects.select_related("authority")}
    assert set(boundaries) == {"Hartlepool", "Cambridgeshire", "Barnsley"}
    cambridgeshire = boundaries["Cambridgeshire"]
    assert cambridgeshire.districts == 2
    # Dissolved: the two squares become one outline, not two rings.
    assert cambridgeshire.path.count("M") == 1
    assert cambridgeshire.path.endswith("Z")
    x, y = _project_array(numpy.array([[0.1, 52.2]]))[0]  # Cambridge's south-west corner, in map pixels
    assert f"{x:.1f}".removesuffix(".0") in cambridgeshire.path
    assert 0 < x < MAP_WIDTH
    assert 0 < y < MAP_HEIGHT


def test_loading_again_replaces_rather_than_adds(authorities: None, tiny_geojson: Path) -> None:
    load_boundaries(tiny_geojson)
    load_boundaries(tiny_geojson)
    assert AuthorityBoundary.objects.count() == 3


def test_the_command_reads_the_setting_and_reports_a_missing_file(
    authorities: None, tiny_geojson: Path, settings, tmp_path: Path, capsys
) -> None:
    settings.BOUNDARIES_PATH = str(tiny_geojson)
    call_command("load_boundaries")
    assert "Drew 3 authorities from 4 districts" in capsys.readouterr().out
    with pytest.raises(CommandError, match="does not exist"):
        call_command("load_boundaries", str(tmp_path / "absent.geojson"))
    settings.BOUNDARIES_PATH = str(tmp_path / "absent.geojson")
    call_command("load_boundaries", "--if-exists")  # as `make run` calls it: no file, no failure
    assert "No boundary file" in capsys.readouterr().out
    assert AuthorityBoundary.objects.count() == 3
    (tmp_path / "broken.geojson").write_text("{not json")
    with pytest.raises(CommandError, match="not readable GeoJSON"):
        call_command("load_boundaries", str(tmp_path / "broken.geojson"))


def test_the_real_boundaries_cover_all_153_authorities(authorities: None, shared_dir: Path) -> None:
    result = load_boundaries(shared_dir / "reference" / "lad23_boundaries.geojson")
    assert result.authorities == 153
    assert result.missing == ()
    assert all(code[0] in "WSN" for code in result.unmatched)  # only Wales, Scotland and Northern Ireland
    districts = dict(AuthorityBoundary.objects.values_list("authority__name", "districts"))
    assert districts["Kent"] == 12
    assert districts["Hertfordshire"] == 10
    assert districts["Bury"] == 1
    assert sum(districts.values()) == 296  # England's 296 districts of 2023, each drawn once


def test_without_boundaries_the_page_says_how_to_load_them(client: Client, authorities: None) -> None:
    response = client.get(reverse("authorities:map"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="map-missing"' in body
    assert "manage.py load_boundaries" in body
    assert "TRAJECTORY_BOUNDARIES" in body
    assert body.count('<tr class="govuk-table__row">') == 154  # the table alternative still lists everyone


def test_the_map_colours_each_authority_by_its_current_grade(
    client: Client, authorities: None, tiny_geojson: Path
) -> None:
    load_boundaries(tiny_geojson)
    inspect(Authority.objects.get(name="Hartlepool"), dt.date(2019, 1, 7), "good")
    inspect(Authority.objects.get(name="Hartlepool"), dt.date(2023, 1, 9), "inadequate")
    inspect(Authority.objects.get(name="Cambridgeshire"), dt.date(2022, 5, 3), "outstanding")
    response = client.get(reverse("authorities:map"))
    svg_text = str(response.context["map_svg"])
    svg = ET.fromstring(svg_text)
    links = {a.get("aria-label"): a for a in svg.iter(f"{SVG}a")}
    assert set(links) == {
        "Hartlepool: inadequate",
        "Cambridgeshire: outstanding",
        "Barnsley: no record held",
    }
    assert links["Hartlepool: inadequate"].find(f"{SVG}path").get("fill") == GRADE_FILLS[Grade.INADEQUATE]
    assert links["Barnsley: no record held"].find(f"{SVG}path").get("fill") == NO_GRADE_FILL
    assert links["Cambridgeshire: outstanding"].get("href") == "/authorities/cambridgeshire/"
    body = response.content.decode()
    assert "Requires improvement (or adequate)" in body  # the key
    assert 'id="map-table"' in body


def test_an_ilacs_2026_inspection_gives_no_overall_colour_and_another_judgement_can_colour_the_map(
    client: Client, authorities: None, tiny_geojson: Path
) -> None:
    load_boundaries(tiny_geojson)
    hartlepool = Authority.objects.get(name="Hartlepool")
    inspect(hartlepool, dt.date(2022, 3, 7), "good")
    inspect(hartlepool, dt.date(2026, 4, 20), "", framework="ilacs_2026", leadership="inadequate", in_care="good")
    response = client.get(reverse("authorities:map"))
    links = {a.get("aria-label"): a for a in ET.fromstring(str(response.context["map_svg"])).iter(f"{SVG}a")}
    area = links["Hartlepool: no overall effectiveness judgement under ilacs 2026"]
    assert area.find(f"{SVG}path").get("fill") == NOT_IN_FRAMEWORK_FILL
    body = response.content.decode()
    row = body[body.index(">Hartlepool<") :]
    row = row[: row.index("</tr>")]
    assert "20 Apr 2026" in row
    assert "No overall effectiveness judgement under ILACS 2026" in row
    assert "Last overall judgement: Good (March 2022), under an earlier framework" in row
    assert "app-grade--good" not in row
    assert "1 authority is last inspected under it" in body

    response = client.get(reverse("authorities:map"), {"strand": "leadership"})
    links = {a.get("aria-label"): a for a in ET.fromstring(str(response.context["map_svg"])).iter(f"{SVG}a")}
    assert links["Hartlepool: inadequate"].find(f"{SVG}path").get("fill") == GRADE_FILLS[Grade.INADEQUATE]
    assert '<option value="leadership" selected>' in response.content.decode()


@pytest.mark.slow
def test_the_map_needs_the_same_queries_with_one_or_ten_events_each(
    client: Client, authorities: None, shared_dir: Path
) -> None:
    load_boundaries(shared_dir / "reference" / "lad23_boundaries.geojson")
    bulk_history(Authority.objects.current(), ["good", "inadequate"] * 5)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(reverse("authorities:map"))
    assert str(response.context["map_svg"]).count("<a ") == 153
    Event.objects.exclude(start_date__year=2010).delete()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("authorities:map"))
    assert len(one) == len(ten) <= 8
