"""The gazetteer: entity-ruler patterns and name -> place resolution."""

import pytest

from dyad.actors.gazetteer import Gazetteer, normalize_place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    "name, country",
    [
        ("Quneitra", "SYR"),
        ("Daraa", "SYR"),
        ("Tartus", "SYR"),
        ("Damascus", "SYR"),  # not Damascus, Oregon
        ("Homs", "SYR"),  # not Al Khums (Libya), whose alternate name is Homs
        ("As Suwayda", "SYR"),
        ("Sweida", "SYR"),
        ("Hmeimim", "SYR"),
        ("Al Qunaytirah", "SYR"),  # not Kenitra (Morocco)
        ("Deir Ezzor", "SYR"),
        ("the Gaza Strip", "PSE"),
        ("Kiev", "UKR"),
        ("Crimea", "UKR"),
        ("Lebanon", "LBN"),  # the country, not the US towns
        ("Moscow", "RUS"),
        ("Tel Aviv", "ISR"),
    ],
)
def test_locate_prefers_the_politically_relevant_place(gaz: Gazetteer, name: str, country: str) -> None:
    loc = gaz.locate(name)
    assert loc is not None and loc.country == country


def test_locate_gives_coordinates(gaz: Gazetteer) -> None:
    loc = gaz.locate("Quneitra")
    assert loc is not None and loc.name == "Quneitra"
    assert 32.5 < loc.lat < 33.5 and 35.5 < loc.lon < 36.2


def test_country_hint_breaks_ties_but_not_large_population_gaps(gaz: Gazetteer) -> None:
    # A hint cannot move Moscow to Idaho (400 times smaller)...
    assert gaz.locate("Moscow", country_hint="USA").country == "RUS"
    # ...but picks between places of comparable size: "Victoria" alone is a larger place
    # elsewhere; with a Canadian hint it is Victoria, British Columbia.
    assert gaz.locate("Victoria").country != "CAN"
    assert gaz.locate("Victoria", country_hint="CAN").country == "CAN"
    assert gaz.locate("Victoria", country_hint="CA").country == "CAN"  # alpha-2 hint
    assert gaz.locate("Victoria", country_hint="CANGOV").country == "CAN"  # actor code


def test_unknown_and_blocked_names(gaz: Gazetteer) -> None:
    assert gaz.locate("Xyzzyville") is None
    assert gaz.locate("Hamas") is None  # an alternate name of Hamm (Germany) in geonames


def test_patterns_are_entity_ruler_patterns(gaz: Gazetteer) -> None:
    pats = gaz.patterns()
    by_surface = {p["pattern"]: p for p in pats}
    assert len(by_surface) == len(pats)  # each surface once
    for name in ("Quneitra", "Daraa", "Tartus", "Damascus", "Hmeimim", "Golan Heights", "Kobani", "Donbas"):
        assert name in by_surface, name
        assert by_surface[name]["label"] in ("GPE", "LOC", "FAC")
    assert by_surface["Damascus"]["id"] == "dyad:damascus"
    assert by_surface["Golan Heights"]["label"] == "LOC"
    for word in ("Most", "Police", "Hamas", "Nice", "Of", "Trump"):
        assert word not in by_surface, word
    assert all(p["pattern"][0].isupper() for p in pats)


def test_patterns_fix_the_small_model(gaz: Gazetteer) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([p for p in gaz.patterns() if p["pattern"] in {"Quneitra", "Daraa", "Golan Heights"}])
    doc = nlp("Israeli troops entered Quneitra and Daraa near the Golan Heights.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Quneitra", "GPE", "dyad:quneitra"),
        ("Daraa", "GPE", "dyad:daraa"),
        ("Golan Heights", "LOC", "dyad:golan"),
    ]


@pytest.mark.parametrize(
    "a, b",
    [("As-Suwayda", "as Suwayda"), ("Dar‘ā", "Dar'a"), ("Ţarţūs", "tartus"), ("The Netherlands", "Netherlands")],
)
def test_normalize_place(a: str, b: str) -> None:
    assert normalize_place(a) == normalize_place(b)


def test_small_towns_are_locatable_but_not_patterns(gaz: Gazetteer) -> None:
    surfaces = {p["pattern"] for p in gaz.patterns()}
    assert "Vaduz" in surfaces  # a capital, however small
    assert gaz.locate("Jisr ash-Shughur") is not None or gaz.locate("Jisr al-Shughur") is not None
    small = [p for p in gaz.patterns(min_population=0) if p["pattern"] not in surfaces]
    assert small, "a lower population floor must add town patterns"


@pytest.mark.large  # builds the whole gazetteer from its data three times
def test_disk_cache_round_trip(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path))
    (tmp_path / "gazetteer-0000000000000000.pickle").write_bytes(b"stale")  # an older version's cache
    built = Gazetteer.default.__wrapped__()
    [cache_file] = list(tmp_path.glob("gazetteer-*.pickle"))
    loaded = Gazetteer.default.__wrapped__()
    assert len(loaded) == len(built)
    assert loaded.patterns() == built.patterns()
    for name in ("Quneitra", "Homs", "Victoria", "Moscow"):
        assert loaded.locate(name) == built.locate(name)
    assert loaded.locate("Victoria", "CAN") == built.locate("Victoria", "CAN")
    cache_file.write_bytes(b"damaged")  # a damaged cache is rebuilt, not fatal
    assert Gazetteer.default.__wrapped__().locate("Daraa").country == "SYR"
