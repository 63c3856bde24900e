"""Team-name resolution: stages, leagues, overrides, and errors that name candidates."""

from __future__ import annotations

import traceback
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.errors import ConfigError, PayloadError, TeamResolutionError
from scoracle_core.plugins import load_plugins
from scoracle_core.teams import TeamCatalog, TeamResolver, load_catalog, load_overrides, normalize

CATALOG = """
[[teams]]
key = "atletico"
name = "Atlético Madrid"
abbreviations = ["ATM"]
aliases = ["Club Atlético de Madrid", "Atleti"]
leagues = { la-liga = [2023, 2024] }

[[teams]]
key = "inter"
name = "Inter Milan"
abbreviations = ["INT"]
aliases = ["FC Internazionale Milano", "Inter"]
leagues = { serie-a = [2023, 2024] }

[[teams]]
key = "inter-miami"
name = "Inter Miami CF"
abbreviations = ["MIA"]
aliases = ["Inter Miami"]
leagues = { mls = [2024] }

[[teams]]
key = "man-utd"
name = "Manchester United"
aliases = ["Manchester United FC", "Man Utd"]
leagues = { premier-league = [2023] }

[[teams]]
key = "man-city"
name = "Manchester City"
aliases = ["Manchester City FC", "Man City"]
leagues = { premier-league = [2023] }

[[teams.history]]
name = "Ardwick"
from = 1887
until = 1893
"""


@pytest.fixture
def resolver() -> TeamResolver:
    return TeamResolver(load_catalog(CATALOG, sport="football"))


@pytest.mark.parametrize(
    ("name", "team", "match"),
    [
        ("Atlético Madrid", "football:atletico", "exact"),
        ("  atletico madrid ", "football:atletico", "normalized"),
        ("Atletico Madrid FC", "football:atletico", "club-form"),
        ("atm", "football:atletico", "abbreviation"),
        ("Atletico Madrd", "football:atletico", "fuzzy"),
        ("Ardwick", "football:man-city", "exact"),
    ],
)
def test_stages(resolver: TeamResolver, name: str, team: str, match: str) -> None:
    """Each stage resolves the names it is meant for, and says which stage matched."""
    res = resolver.resolve(name)
    assert (res.team_id, res.match) == (team, match)


def test_league_decides_between_namesakes(resolver: TeamResolver) -> None:
    """'Inter' is Inter Milan in Serie A and Inter Miami in MLS."""
    assert resolver.resolve_id("Inter", league="serie-a") == "football:inter"
    assert resolver.resolve_id("Inter", league="mls") == "football:inter-miami"


def test_unknown_name_lists_candidates_and_context(resolver: TeamResolver) -> None:
    """A wrong name is an error naming the input, sport, league and closest teams."""
    with pytest.raises(TeamResolutionError) as info:
        resolver.resolve("Manchestr Rovers", league="premier-league")
    err = info.value
    assert "'Manchestr Rovers'" in str(err)
    assert "sport football" in str(err)
    assert "league premier-league" in str(err)
    assert {c[0] for c in err.candidates} == {"football:man-utd", "football:man-city"}


def test_near_tie_is_ambiguous_not_a_guess(resolver: TeamResolver) -> None:
    """'Manchester' is as close to United as to City: an error listing both."""
    with pytest.raises(TeamResolutionError, match=r"ambiguous|unknown") as info:
        resolver.resolve("Manchester", league="premier-league")
    assert {"football:man-utd", "football:man-city"} <= {c[0] for c in info.value.candidates}


def test_short_names_are_never_fuzzy_matched(resolver: TeamResolver) -> None:
    """A two-letter name that is no abbreviation is an error, not a fuzzy pick."""
    with pytest.raises(TeamResolutionError):
        resolver.resolve("AT")


def test_override_wins_over_catalog(resolver: TeamResolver) -> None:
    """A user override beats an exact catalog match."""
    resolver.add_override("Inter", "football:inter-miami")
    assert resolver.resolve("Inter", league="serie-a").match == "override"
    assert resolver.resolve_id("Inter") == "football:inter-miami"


def test_resolvers_of_one_catalog_share_their_work_but_not_their_overrides() -> None:
    """Default resolvers of a catalog share resolutions; an override makes a resolver's own."""
    catalog = load_catalog(CATALOG, sport="football")
    first, second = TeamResolver(catalog), TeamResolver(catalog)
    assert second.resolve("Inter") is first.resolve("Inter")  # worked out once
    second.add_override("Inter", "football:inter-miami")
    assert second.resolve_id("Inter") == "football:inter-miami"
    assert first.resolve_id("Inter") == "football:inter"  # the shared answer is untouched
    assert TeamResolver(catalog).resolve_id("Inter") == "football:inter"
    overridden = TeamResolver(catalog, overrides=[("Inter", "football:inter-miami", None)])
    assert overridden.resolve_id("Inter") == "football:inter-miami"


def test_an_unknown_name_fails_the_same_every_time(resolver: TeamResolver) -> None:
    """The remembered failure is raised again with a fresh traceback, which does not grow."""
    depths = []
    for _ in range(3):
        with pytest.raises(TeamResolutionError, match="Nowhere Rovers") as failure:
            resolver.resolve("Nowhere Rovers")
        depths.append(len(traceback.extract_tb(failure.value.__traceback__)))
    assert depths[0] == depths[1] == depths[2]


def test_override_to_unknown_team_is_refused(resolver: TeamResolver) -> None:
    """An override must point at a catalog team."""
    with pytest.raises(ConfigError, match="no such football team"):
        resolver.add_override("X", "football:nope")


def test_overrides_file(tmp_path: Path) -> None:
    """The TOML override file reads sport-wide and league-specific aliases."""
    path = tmp_path / "aliases.toml"
    path.write_text(
        '[football]\n"The Citizens" = "football:man-city"\n'
        '[football.mls]\n"Herons" = "football:inter-miami"\n'
    )
    overrides = load_overrides(path)
    resolver = TeamResolver(load_catalog(CATALOG, sport="football"), overrides=overrides["football"])
    assert resolver.resolve_id("the citizens") == "football:man-city"
    assert resolver.resolve_id("Herons", league="mls") == "football:inter-miami"


def test_malformed_catalog_names_the_team() -> None:
    """A catalog entry without leagues is a PayloadError naming the team."""
    with pytest.raises(PayloadError, match="team 'x': leagues"):
        load_catalog('[[teams]]\nkey = "x"\nname = "X"\n', sport="s")


def test_duplicate_catalog_keys_are_refused() -> None:
    """Two teams with one key is a configuration error."""
    text = '[[teams]]\nkey = "x"\nname = "X"\nleagues = {a = [1]}\n' * 2
    with pytest.raises(ConfigError, match="appears twice"):
        load_catalog(text, sport="s")


# -- properties over the real catalogs ---------------------------------------------------------

SPORTS = load_plugins()
RESOLVERS = {sport.key: TeamResolver(sport.catalog()) for sport in SPORTS}
NAMES = sorted(
    {
        (sport.key, team.id, league, team.name)
        for sport in SPORTS
        for team in sport.catalog()
        for league in team.leagues
    }
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@settings(max_examples=150, deadline=None)
@given(
    entry=st.sampled_from(NAMES),
    case=st.sampled_from([str.upper, str.lower, str.title, str.swapcase]),
    pad=st.tuples(st.text(" \t", max_size=3), st.text(" \t", max_size=3)),
    accents=st.booleans(),
)
def test_resolution_ignores_case_whitespace_and_accents(
    entry: tuple[str, str, str, str], case: object, pad: tuple[str, str], accents: bool
) -> None:
    """A canonical name resolves to its team however it is cased, padded or de-accented."""
    sport, team_id, league, name = entry
    variant = case(strip_accents(name) if accents else name)  # type: ignore[operator]
    assert RESOLVERS[sport].resolve_id(pad[0] + variant + pad[1], league=league) == team_id


@settings(max_examples=150, deadline=None)
@given(entry=st.sampled_from(NAMES), other=st.sampled_from(sorted(RESOLVERS)))
def test_a_name_never_resolves_to_another_sports_team(entry: tuple[str, str, str, str], other: str) -> None:
    """Every resolver only ever answers with its own sport's ids."""
    _, _, _, name = entry
    result = RESOLVERS[other].try_resolve(name)
    assert result is None or result.team_id.startswith(f"{other}:")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_fuzzy_results_clear_threshold_and_margin(text: str) -> None:
    """Whatever the input, a fuzzy answer scores at least the threshold; otherwise it is an error."""
    resolver = RESOLVERS["football"]
    result = resolver.try_resolve(text)
    if result is not None and result.match == "fuzzy":
        assert result.score >= resolver.threshold


def test_normalize_examples() -> None:
    """Normalisation folds case, accents, punctuation and '&'."""
    assert normalize("Brighton & Hove Albion") == "brighton and hove albion"
    assert normalize("Borussia M'gladbach") == "borussia m gladbach"
    assert normalize("1. FC Köln") == "1 fc koln"


def test_catalog_lookup_helpers() -> None:
    """Catalog answers by API id and by league."""
    catalog: TeamCatalog = SPORTS.get("nba").catalog()
    lakers = catalog.by_api_id(17)
    assert lakers is not None
    assert lakers.id == "nba:lal"
    assert len(catalog.in_league("standard", 2024)) == 30
