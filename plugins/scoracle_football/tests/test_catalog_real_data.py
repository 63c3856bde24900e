"""Issue 3's acceptance check for football: the real resolver, with no overrides, on real names.

Every club name in every football schedule under shared/data/real, the openfootball/clubs alias
lists and names people write resolve to the right club within the right league; names of clubs
outside our leagues, near-ties and other sports' teams never resolve to one of ours except by a
fuzzy match that is listed here as a known slip.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from scoracle_core.errors import TeamResolutionError
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.sport import SportAdapter
from scoracle_core.teams import Resolution, TeamResolver, normalize, strip_club_tokens
from scoracle_football.formats import FORMATS

Parsed = tuple[list[RawGame], list[Problem]]
ParseFile = Callable[[str, Path], Parsed]

JSON, TXT, FOOTBALL_DATA, GUTORMIN = (fmt.name for fmt in FORMATS)

#: (league, openfootball code, gutormin code, clubs per season, regular-season games per club).
EUROPE = [
    ("premier-league", "en.1", "E0", 20, 38),
    ("la-liga", "es.1", "SP1", 20, 38),
    ("bundesliga", "de.1", "D1", 18, 34),
    ("serie-a", "it.1", "I1", 20, 38),
    ("ligue-1", "fr.1", "F1", 18, 34),
]
SEASONS = [(2023, "2023-24", "2324"), (2024, "2024-25", "2425")]
USA_CSV = "footballdata-couk_USA_mls_2024-2025_via-rabin0208.csv"
MLS_TXT = "openfootball-world_mls_2024_mls.txt"
MLS_JSON = "openfootball_mls_2025_mls.json"

#: file → (format, league, {season: (clubs, regular-season games per club)}).
SCHEDULES: dict[str, tuple[str, str, dict[int, tuple[int, int]]]] = {
    **{
        f"openfootball_{league}_{label}_{code}.json": (JSON, league, {season: (clubs, games)})
        for league, code, _, clubs, games in EUROPE
        for season, label, _ in SEASONS
    },
    **{
        f"gutormin_{league}_{short}_{code}.csv": (GUTORMIN, league, {season: (clubs, games)})
        for league, _, code, clubs, games in EUROPE
        for season, _, short in SEASONS
    },
    MLS_TXT: (TXT, "mls", {2024: (29, 34)}),
    MLS_JSON: (JSON, "mls", {2025: (30, 34)}),
    USA_CSV: (FOOTBALL_DATA, "mls", {2024: (29, 34), 2025: (30, 34)}),
}


# -- every name in the real schedules ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_every_club_name_in_the_file_resolves_without_guessing(
    name: str, parse_file: ParseFile, football_dir: Path, resolver: TeamResolver
) -> None:
    """Each home and away name resolves within the row's league, and not by a fuzzy match."""
    fmt, league, _ = SCHEDULES[name]
    games, _ = parse_file(fmt, football_dir / name)
    for game in games:
        for team in (game.home, game.away):
            resolution = resolver.resolve(team, league=game.league)
            assert resolution.match != "fuzzy", (team, resolution)
            assert resolution.team.in_league(league, game.season), (team, resolution.team.id, game.season)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_each_season_has_its_clubs_each_with_a_full_schedule(
    name: str, parse_file: ParseFile, football_dir: Path, resolver: TeamResolver
) -> None:
    """A season has 20/18 (MLS: 29, then 30) clubs, each in 38/34 regular-season games."""
    fmt, league, expected = SCHEDULES[name]
    games, _ = parse_file(fmt, football_dir / name)
    appearances: dict[int | None, Counter[str]] = defaultdict(Counter)
    for game in games:
        if game.game_type == "regular":
            for team in (game.home, game.away):
                appearances[game.season][resolver.resolve_id(team, league=league)] += 1
    assert {season: (len(clubs), set(clubs.values())) for season, clubs in appearances.items()} == {
        season: (clubs, {per_club}) for season, (clubs, per_club) in expected.items()
    }


@pytest.mark.parametrize(("league", "season"), [(e[0], s[0]) for e in EUROPE for s in SEASONS])
def test_openfootball_and_gutormin_agree_on_every_pairing_and_score(
    league: str, season: int, parse_file: ParseFile, football_dir: Path, resolver: TeamResolver
) -> None:
    """Two sources with different spellings give the same clubs, pairings and scores (awarded games aside)."""
    _, code, short_code, _, _ = next(e for e in EUROPE if e[0] == league)
    label, short = next((lab, sh) for s, lab, sh in SEASONS if s == season)
    local, problems = parse_file(JSON, football_dir / f"openfootball_{league}_{label}_{code}.json")
    brasil, _ = parse_file(GUTORMIN, football_dir / f"gutormin_{league}_{short}_{short_code}.csv")
    awarded = {p.where for p in problems if p.code == "awarded"}

    def pairing(game: RawGame) -> tuple[str, str]:
        return resolver.resolve_id(game.home, league=league), resolver.resolve_id(game.away, league=league)

    theirs = {pairing(g): g for g in brasil}
    assert {pairing(g) for g in local} == theirs.keys()
    for game in local:
        other = theirs[pairing(game)]
        if game.status == "completed" and game.where not in awarded:
            assert (game.home_score, game.away_score) == (other.home_score, other.away_score), game


@pytest.mark.parametrize(("openfootball", "season"), [(MLS_TXT, 2024), (MLS_JSON, 2025)])
def test_openfootball_and_football_data_agree_on_mls_pairings(
    openfootball: str, season: int, parse_file: ParseFile, football_dir: Path, resolver: TeamResolver
) -> None:
    """MLS: openfootball's and football-data's spellings give the same regular-season pairings, as often."""

    def pairings(games: list[RawGame]) -> Counter[tuple[str, str]]:
        return Counter(
            (resolver.resolve_id(g.home, league="mls"), resolver.resolve_id(g.away, league="mls"))
            for g in games
            if g.season == season and g.game_type == "regular"
        )

    ours = pairings(parse_file(SCHEDULES[openfootball][0], football_dir / openfootball)[0])
    theirs = pairings(parse_file(FOOTBALL_DATA, football_dir / USA_CSV)[0])
    assert ours == theirs


# -- the openfootball/clubs alias lists ---------------------------------------------------

#: openfootball/clubs file → the league its clubs are resolved in.
ALIAS_FILES = {
    "eng": "premier-league",
    "es": "la-liga",
    "de": "bundesliga",
    "it": "serie-a",
    "fr": "ligue-1",
    "mc": "ligue-1",
    "us": "mls",
    "ca": "mls",
}

#: Names openfootball lists for one of our clubs that the resolver gives to another: "Paris" (for
#: PSG) is Paris FC's club form ("Paris FC" without "FC"), found before any fuzzy stage; the
#: sport contract forbids listing one club form for two clubs of a league, so the catalog cannot
#: make it ambiguous. See test_city_name_shared_by_two_clubs_is_ambiguous.
#: Names of clubs outside our leagues that are today another club's name: VfB Leipzig (dissolved
#: in 2004) was "Leipzig", which now means RB Leipzig.
HOMONYMS = {"Leipzig": "rb-leipzig"}


@attrs.frozen
class Club:
    """A club of an openfootball/clubs list: its name, aliases, and whether it is a reserve side."""

    name: str
    aliases: tuple[str, ...]
    reserve: bool

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def read_clubs(text: str) -> list[Club]:
    """Parse an openfootball ``*.clubs.txt`` list.

    ``Name, founded, @ Stadium, City`` opens a club (``ii) Name`` a reserve side); indented
    ``| alias | alias`` lines follow. ``#`` starts a comment, ``=`` a heading; ``[en]`` language
    tags and ``(1928-1932)`` year ranges are dropped from names.
    """
    clubs: list[tuple[str, list[str], bool]] = []
    for raw in text.split("\n"):
        line = re.sub(r"\s*#.*$", "", raw.rstrip("\r"))
        stripped = line.strip()
        if not stripped or stripped.startswith("="):
            continue
        if stripped.startswith("|"):
            if clubs:
                aliases = (re.sub(r"\s*\[[a-z]{2}\]$", "", a.strip()) for a in stripped.split("|"))
                clubs[-1][1].extend(a for a in aliases if a)
            continue
        if line[:1].isspace():
            continue
        reserve = stripped.startswith("ii)")
        name = stripped.removeprefix("ii)").split(",")[0]
        clubs.append((re.sub(r"\s*\(\d{0,4}\s*-\s*\d{0,4}\)", "", name).strip(), [], reserve))
    return [Club(name, tuple(aliases), reserve) for name, aliases, reserve in clubs]


def _alias_file(aliases_dir: Path, country: str) -> list[Club]:
    return read_clubs((aliases_dir / f"openfootball-clubs_{country}.clubs.txt").read_text(encoding="utf-8"))


def _catalog_club(club: Club, league: str, resolver: TeamResolver) -> str | None:
    """The catalog club an alias-list club is, when its own name resolves without a guess."""
    if club.reserve:
        return None
    found = resolver.try_resolve(club.name, league=league)
    return found.team.id if found is not None and found.match != "fuzzy" else None


def _resolve(resolver: TeamResolver, name: str, league: str) -> Resolution | TeamResolutionError:
    try:
        return resolver.resolve(name, league=league)
    except TeamResolutionError as exc:
        return exc


def _ambiguous_between(error: TeamResolutionError, team_id: str, margin: float) -> bool:
    """Whether ``error`` says the name is ambiguous between ``team_id`` and another club."""
    top = [c for c in error.candidates if c[2] >= error.candidates[0][2] - margin] if error.candidates else []
    return len(top) > 1 and team_id in {c[0] for c in top}


@pytest.mark.parametrize("country", sorted(ALIAS_FILES))
def test_alias_list_names_of_our_clubs_resolve_to_them(
    country: str, football_dir: Path, resolver: TeamResolver
) -> None:
    """Every name listed for a club of ours resolves to it, or is ambiguous between it and another club."""
    league = ALIAS_FILES[country]
    clubs = _alias_file(football_dir / "aliases", country)
    listed = Counter(name for club in clubs for name in set(club.names))
    ours = 0
    for club in clubs:
        team_id = _catalog_club(club, league, resolver)
        if team_id is None:
            continue
        ours += 1
        for name in club.names:
            if listed[name] > 1:
                continue  # the list itself gives the name to two clubs
            outcome = _resolve(resolver, name, league)
            if isinstance(outcome, TeamResolutionError):
                assert _ambiguous_between(outcome, team_id, resolver.margin), (club.name, name, str(outcome))
            else:
                assert outcome.team.id == team_id, (club.name, name)
    assert ours >= {"mc": 1, "ca": 3, "us": 25}.get(country, 18)


def _sample(clubs: list[Club], league: str, resolver: TeamResolver) -> list[Club]:
    """Clubs outside our leagues to check: every reserve side, every MLS-list club, every 10th other."""
    outside = [c for c in clubs if _catalog_club(c, league, resolver) is None]
    return [c for i, c in enumerate(outside) if c.reserve or league == "mls" or i % 10 == 0]


@pytest.mark.parametrize("country", sorted(ALIAS_FILES))
def test_other_clubs_never_resolve_to_ours(country: str, football_dir: Path, resolver: TeamResolver) -> None:
    """Names of other clubs (reserves, lower leagues) never fuzzy-match ours; only listed homonyms resolve."""
    league = ALIAS_FILES[country]
    slips: dict[str, str] = {}
    for club in _sample(_alias_file(football_dir / "aliases", country), league, resolver):
        for name in club.names:
            found = resolver.try_resolve(name, league=league)
            if found is None:
                continue
            if found.match == "fuzzy":
                slips[name] = found.team.key
            else:
                assert HOMONYMS.get(name) == found.team.key, (club.name, name, found)
    assert slips == {}


# -- names people write -------------------------------------------------------------------

WRITTEN = [
    ("premier-league", "Man Utd", "manchester-united"),
    ("premier-league", "Man United", "manchester-united"),
    ("premier-league", "Man City", "manchester-city"),
    ("premier-league", "Spurs", "tottenham-hotspur"),
    ("premier-league", "Nott'm Forest", "nottingham-forest"),
    ("premier-league", "Wolves", "wolverhampton-wanderers"),
    ("premier-league", "West Ham", "west-ham-united"),
    ("premier-league", "Newcastle", "newcastle-united"),
    ("premier-league", "Sheffield Utd", "sheffield-united"),
    ("premier-league", "Palace", "crystal-palace"),
    ("la-liga", "Barca", "barcelona"),
    ("la-liga", "Barça", "barcelona"),
    ("la-liga", "Atleti", "atletico-madrid"),
    ("la-liga", "Ath Madrid", "atletico-madrid"),
    ("la-liga", "Ath Bilbao", "athletic-bilbao"),
    ("la-liga", "Betis", "real-betis"),
    ("la-liga", "Sociedad", "real-sociedad"),
    ("la-liga", "Celta", "celta-vigo"),
    ("la-liga", "Rayo", "rayo-vallecano"),
    ("la-liga", "Alaves", "alaves"),
    ("bundesliga", "Gladbach", "borussia-monchengladbach"),
    ("bundesliga", "M'gladbach", "borussia-monchengladbach"),
    ("bundesliga", "Bayern", "bayern-munich"),
    ("bundesliga", "BVB", "borussia-dortmund"),
    ("bundesliga", "Leverkusen", "bayer-leverkusen"),
    ("bundesliga", "Koln", "koln"),
    ("bundesliga", "Cologne", "koln"),
    ("bundesliga", "St Pauli", "st-pauli"),
    ("bundesliga", "Leipzig", "rb-leipzig"),
    ("serie-a", "Inter", "inter"),
    ("serie-a", "Milan", "milan"),
    ("serie-a", "Juve", "juventus"),
    ("serie-a", "Verona", "hellas-verona"),
    ("ligue-1", "PSG", "psg"),
    ("ligue-1", "Paris SG", "psg"),
    ("ligue-1", "OM", "marseille"),
    ("ligue-1", "OL", "lyon"),
    ("ligue-1", "St Etienne", "saint-etienne"),
    ("mls", "LAFC", "lafc"),
    ("mls", "LA Galaxy", "la-galaxy"),
    ("mls", "NYCFC", "new-york-city"),
    ("mls", "RBNY", "new-york-red-bulls"),
    ("mls", "NY Red Bulls", "new-york-red-bulls"),
    ("mls", "Inter", "inter-miami"),
    ("mls", "Sporting KC", "sporting-kansas-city"),
    ("mls", "SKC", "sporting-kansas-city"),
    ("mls", "RSL", "real-salt-lake"),
    ("mls", "Montreal", "cf-montreal"),
    ("mls", "DC United", "dc-united"),
    ("mls", "Revs", "new-england-revolution"),
    ("mls", "Whitecaps", "vancouver-whitecaps"),
    ("mls", "Quakes", "san-jose-earthquakes"),
]


@pytest.mark.parametrize(("league", "name", "key"), WRITTEN)
def test_names_people_write_resolve_to_the_club(
    league: str, name: str, key: str, resolver: TeamResolver
) -> None:
    """Short forms that appear in no file resolve, within the league, to the club people mean."""
    assert resolver.resolve(name, league=league).team.key == key


def test_inter_is_milan_in_serie_a_and_miami_in_mls(resolver: TeamResolver) -> None:
    """'Inter' depends on the league: Inter Milan in Serie A, Inter Miami in MLS."""
    assert resolver.resolve_id("Inter", league="serie-a") == "football:inter"
    assert resolver.resolve_id("Inter", league="mls") == "football:inter-miami"


@pytest.mark.parametrize(
    "name",
    [
        "Manchester United",
        "Manchester United FC",
        "Man United",
        "Man Utd",
        "Manchester Utd",
        "Manchester Untied",
    ],
)
def test_manchester_united_is_never_manchester_city(name: str, resolver: TeamResolver) -> None:
    """Every spelling of Manchester United (even a typo) resolves to United, never City."""
    assert resolver.resolve(name, league="premier-league").team.key == "manchester-united"


@pytest.mark.parametrize(("league", "name"), [("ligue-1", "Paris"), ("mls", "Los Angeles")])
def test_city_name_shared_by_two_clubs_is_ambiguous(league: str, name: str, resolver: TeamResolver) -> None:
    """A bare city with two clubs in the league (PSG and Paris FC; LAFC and LA Galaxy) is an error."""
    with pytest.raises(TeamResolutionError):
        resolver.resolve(name, league=league)


@pytest.mark.parametrize(
    ("league", "name"),
    [
        ("premier-league", "Manchester"),  # United or City
        ("premier-league", "United"),
        ("premier-league", "City"),
        ("bundesliga", "Borussia"),  # Dortmund or Mönchengladbach
        ("mls", "New York"),  # NYCFC or the Red Bulls
        ("la-liga", "Real"),  # Madrid, Sociedad, Betis, ...
        ("la-liga", "Real Sporting"),  # Sporting Gijón, not Real Sociedad
        ("la-liga", "Madrid"),  # fuzzy: Real Madrid 86, Atlético 80, inside the margin
        ("ligue-1", "Olympique Lens"),  # fuzzy: Lyon 86, Lille 83, inside the margin
        ("premier-league", "Chelsea Rovers"),  # fuzzy: Chelsea 67, below the threshold
        ("serie-a", "Sampdoria"),  # not in Serie A in 2023-2025
    ],
)
def test_ambiguous_or_unknown_name_is_an_error_not_a_guess(
    league: str, name: str, resolver: TeamResolver
) -> None:
    """A name that fits several clubs, or none well enough, is an error naming the candidates."""
    with pytest.raises(TeamResolutionError):
        resolver.resolve(name, league=league)


def test_every_catalog_name_resolves_to_its_club_in_its_league(
    football: SportAdapter, resolver: TeamResolver
) -> None:
    """Every catalog name (aliases, nicknames, former names) resolves to its club in each of its leagues."""
    for team in football.catalog():
        for league in team.leagues:
            for name in team.names():
                assert resolver.resolve_id(name, league=league) == team.id, (name, league)


# -- properties ---------------------------------------------------------------------------


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _outcome(resolver: TeamResolver, name: str, league: str) -> str:
    found = resolver.try_resolve(name, league=league)
    return found.team.id if found else "error"


@pytest.fixture(scope="module")
def catalog_names(football: SportAdapter) -> list[tuple[str, str]]:
    """(name, league) for every name of every club in each of its leagues."""
    return sorted(
        {(name, league) for team in football.catalog() for league in team.leagues for name in team.names()}
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_resolution_ignores_case_surrounding_space_and_accents(
    data: st.DataObject, catalog_names: list[tuple[str, str]], resolver: TeamResolver
) -> None:
    """A catalog name resolves the same after changing case, padding with whitespace or removing accents."""
    name, league = data.draw(st.sampled_from(catalog_names))
    change = data.draw(st.sampled_from([str.upper, str.lower, str.swapcase, str.title, _strip_accents]))
    pad = data.draw(st.tuples(st.text(" \t\n\u00a0", max_size=3), st.text(" \t\n\u00a0", max_size=3)))
    assert _outcome(resolver, pad[0] + change(name) + pad[1], league) == _outcome(resolver, name, league)


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=30))
def test_any_name_resolves_to_a_football_club_or_not_at_all(name: str, resolver: TeamResolver) -> None:
    """Whatever the text, the football resolver answers with a football club or an error."""
    found = resolver.try_resolve(name)
    assert found is None or (found.team.sport == "football" and found.team_id.startswith("football:"))


def _fuzzy_ranking(football: SportAdapter, league: str, query: str) -> list[tuple[str, float]]:
    """Every club of ``league`` with its best token-sort score against ``query``, best first (the oracle)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for team in football.catalog().in_league(league):
        for full in team.names():
            owners[strip_club_tokens(normalize(full))].add(team.id)
    best: dict[str, float] = defaultdict(float)
    wanted = strip_club_tokens(normalize(query))
    for choice, ids in owners.items():
        if len(ids) == 1:
            (team_id,) = ids
            best[team_id] = max(best[team_id], fuzz.token_sort_ratio(wanted, choice))
    return sorted(best.items(), key=lambda item: -item[1])


@st.composite
def near_misses(draw: st.DrawFn, football: SportAdapter) -> tuple[str, str]:
    """(query, league): two clubs of one league blended, or one club's name with a typo."""
    league = draw(st.sampled_from(sorted(football.leagues)))
    teams = football.catalog().in_league(league)
    first, second = draw(st.lists(st.sampled_from(teams), min_size=2, max_size=2, unique_by=lambda t: t.id))
    a = draw(st.sampled_from(list(first.names()))).split()
    b = draw(st.sampled_from(list(second.names()))).split()
    how = draw(st.sampled_from(["blend", "typo"]))
    if how == "blend":
        cut_a, cut_b = draw(st.integers(0, len(a))), draw(st.integers(0, len(b)))
        words = a[:cut_a] + b[cut_b:]
    else:
        text = " ".join(a)
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        words = (text[:at] + draw(st.sampled_from(["", "x", "e", " "])) + text[at + 1 :]).split()
    return " ".join(words) or "x", league


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fuzzy_match_clears_the_threshold_and_the_margin(
    data: st.DataObject, football: SportAdapter, resolver: TeamResolver
) -> None:
    """A fuzzy resolution is the best-scoring club, ≥ threshold and ahead of every other by the margin."""
    query, league = data.draw(near_misses(football))
    try:
        found = resolver.resolve(query, league=league)
    except TeamResolutionError:
        return  # refusing is always allowed: never a guess
    if found.match != "fuzzy":
        return
    ranking = _fuzzy_ranking(football, league, query)
    assert found.team_id == ranking[0][0]
    assert found.score >= resolver.threshold
    assert len(ranking) == 1 or ranking[0][1] - ranking[1][1] >= resolver.margin
