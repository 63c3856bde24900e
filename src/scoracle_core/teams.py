"""Team catalogs and the name resolver used everywhere a team name enters Scoracle.

A plugin ships its catalog as TOML (format: ``docs/team-catalogs.md``) and loads it with
:func:`load_catalog`. A :class:`TeamResolver` answers "which team is 'Man Utd'?" for one sport,
optionally within one league (and season), trying in order:

1. user overrides (a TOML file and/or the store's ``team_aliases`` table) — they win;
2. exact canonical name or alias;
3. the normalised form (case, accents, punctuation, ``&``/``and``, whitespace);
4. the normalised form without club-form tokens (FC, CF, AFC, SC, 1846 …);
5. abbreviation (case-insensitive) or numeric id (API-Sports id, or another source's id);
6. leading words of exactly one team's name in scope ("Inter" in MLS is Inter Miami);
7. fuzzy match (rapidfuzz) that must clear a score threshold **and** beat the runner-up
   team by a margin — otherwise it is an error listing the candidates, never a guess.

Resolution is pure: no I/O, no clock. Results are cached per resolver.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, ClassVar, Literal

import attrs
from rapidfuzz import fuzz, process

from scoracle_core.errors import ConfigError, PayloadError, TeamResolutionError

__all__ = [
    "CatalogTeam",
    "HistoricalName",
    "MatchKind",
    "Resolution",
    "TeamCatalog",
    "TeamResolver",
    "load_catalog",
    "load_overrides",
    "normalize",
    "strip_club_tokens",
]

MatchKind = Literal["override", "exact", "normalized", "club-form", "abbreviation", "id", "prefix", "fuzzy"]

#: Tokens that say "this is a club" rather than which club.
CLUB_TOKENS = frozenset(
    [
        "fc",
        "cf",
        "afc",
        "sc",
        "ac",
        "as",
        "ssc",
        "ss",
        "us",
        "cd",
        "ud",
        "sd",
        "rc",
        "rcd",
        "ca",
        "cfc",
        "fk",
        "sv",
        "vfl",
        "vfb",
        "tsg",
        "bv",
        "bsc",
        "club",
        "de",
        "del",
        "la",
        "le",
        "calcio",
        "futbol",
        "football",
        "fussball",
        "sport",
        "sporting",
        "association",
        "associazione",
        "sportiva",
        "societa",
        "unione",
        "polisportiva",
        "1846",
        "1899",
        "1900",
        "1904",
        "1907",
        "1909",
        "1910",
        "1913",
        "1919",
        "1923",
        "1928",
    ]
)

_PUNCT = re.compile(r"[.,'’`´\-/()\[\]:;!\"]+")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)  # schedules repeat a few dozen names thousands of times
def normalize(name: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form of a name.

    >>> normalize("  Atlético  de Madrid ")
    'atletico de madrid'
    >>> normalize("Brighton & Hove Albion")
    'brighton and hove albion'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("đ", "d")
    text = text.casefold().replace("&", " and ")
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def strip_club_tokens(normalized: str) -> str:
    """Drop club-form tokens from a normalised name (``"manchester united fc"`` → ``"manchester united"``).

    Returns the input unchanged when nothing would be left.
    """
    kept = [tok for tok in normalized.split() if tok not in CLUB_TOKENS]
    return " ".join(kept) if kept else normalized


@attrs.frozen(kw_only=True)
class HistoricalName:
    """A former name of a team, valid for seasons ``first``..``last`` (inclusive start years)."""

    name: str
    abbreviations: tuple[str, ...] = ()
    first: int | None = None
    last: int | None = None

    def valid_in(self, season: int | None) -> bool:
        """Whether the name was in use in ``season`` (``None``: any season)."""
        if season is None:
            return True
        return (self.first is None or season >= self.first) and (self.last is None or season <= self.last)


@attrs.frozen(kw_only=True)
class CatalogTeam:
    """A team as its plugin's catalog describes it."""

    id: str  # "<sport>:<key>"
    sport: str
    key: str
    name: str
    short_name: str = ""
    city: str = ""
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    api_id: int | None = None
    external_ids: Mapping[str, int | str] = attrs.field(factory=dict)
    leagues: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    history: tuple[HistoricalName, ...] = ()

    @property
    def abbreviation(self) -> str:
        """The primary abbreviation (first listed), or ``""``."""
        return self.abbreviations[0] if self.abbreviations else ""

    def in_league(self, league: str | None, season: int | None = None) -> bool:
        """Whether the team plays in ``league`` (in ``season`` when given)."""
        if league is None:
            return season is None or any(season in seasons for seasons in self.leagues.values())
        seasons = self.leagues.get(league)
        if seasons is None:
            return False
        return season is None or season in seasons

    def names(self) -> Iterator[str]:
        """Every full name the team is known by: canonical, short, aliases, nicknames, history."""
        yield self.name
        if self.short_name:
            yield self.short_name
        yield from self.aliases
        yield from self.nicknames
        for old in self.history:
            yield old.name


@attrs.frozen(kw_only=True)
class Resolution:
    """A successful resolution: which team, and how the name matched."""

    input: str
    team: CatalogTeam
    match: MatchKind
    score: float = 100.0

    @property
    def team_id(self) -> str:
        """The team's stable id."""
        return self.team.id


class TeamCatalog:
    """All teams of one sport, with lookup by id, name and league."""

    def __init__(self, sport: str, teams: Iterable[CatalogTeam]) -> None:
        self.sport = sport
        self._teams: dict[str, CatalogTeam] = {}
        for team in teams:
            if team.id in self._teams:
                raise ConfigError(f"{sport} catalog: team key {team.key!r} appears twice")
            self._teams[team.id] = team

    def __iter__(self) -> Iterator[CatalogTeam]:
        return iter(self._teams.values())

    def __len__(self) -> int:
        return len(self._teams)

    def __contains__(self, team_id: object) -> bool:
        return team_id in self._teams

    def get(self, team_id: str) -> CatalogTeam:
        """The team with this id; ``KeyError`` if none."""
        return self._teams[team_id]

    def by_api_id(self, api_id: int) -> CatalogTeam | None:
        """The team with this API-Sports id, if the catalog knows it."""
        return next((t for t in self._teams.values() if t.api_id == api_id), None)

    def in_league(self, league: str | None, season: int | None = None) -> list[CatalogTeam]:
        """Teams of a league (and season), ordered by name."""
        return sorted((t for t in self if t.in_league(league, season)), key=lambda t: t.name)

    def league_keys(self) -> set[str]:
        """Every league key any team belongs to."""
        return {league for team in self for league in team.leagues}


def load_catalog(source: Path | Traversable | str, *, sport: str) -> TeamCatalog:
    """Load a TOML team catalog (a path, an ``importlib.resources`` file, or TOML text).

    Several files may be concatenated by passing their texts joined; keys must stay unique.
    Raises :class:`PayloadError` naming the team and field on a malformed entry.
    """
    if isinstance(source, str):
        text = source
        origin = "<text>"
    else:
        text = source.read_text(encoding="utf-8")
        origin = str(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PayloadError(f"{origin}: not valid TOML: {exc}") from exc
    return TeamCatalog(
        sport, (_team_from_toml(sport, i, raw, origin) for i, raw in enumerate(data.get("teams", [])))
    )


def _str_tuple(raw: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = raw.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PayloadError(f"{where}: {field} must be a list of strings")
    return tuple(value)


def _team_from_toml(sport: str, index: int, raw: dict[str, Any], origin: str) -> CatalogTeam:
    where = f"{origin}: teams[{index}]"
    key, name = raw.get("key"), raw.get("name")
    if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        raise PayloadError(f"{where}: key must match [a-z0-9-]+, got {key!r}")
    if not isinstance(name, str) or not name.strip():
        raise PayloadError(f"{where} ({key}): name is required")
    where = f"{origin}: team {key!r}"
    leagues_raw = raw.get("leagues", {})
    if not isinstance(leagues_raw, dict) or not leagues_raw:
        raise PayloadError(f"{where}: leagues must map league keys to season lists")
    leagues = {str(k): tuple(sorted(int(s) for s in v)) for k, v in leagues_raw.items()}
    history = tuple(
        HistoricalName(
            name=str(h["name"]),
            abbreviations=_str_tuple(h, "abbreviations", where),
            first=h.get("from"),
            last=h.get("until"),
        )
        for h in raw.get("history", [])
    )
    api_id = raw.get("api_id")
    if api_id is not None and not isinstance(api_id, int):
        raise PayloadError(f"{where}: api_id must be an integer")
    return CatalogTeam(
        id=f"{sport}:{key}",
        sport=sport,
        key=key,
        name=name.strip(),
        short_name=str(raw.get("short_name", "")),
        city=str(raw.get("city", "")),
        abbreviations=_str_tuple(raw, "abbreviations", where),
        aliases=_str_tuple(raw, "aliases", where),
        nicknames=_str_tuple(raw, "nicknames", where),
        api_id=api_id,
        external_ids=dict(raw.get("external_ids", {})),
        leagues=leagues,
        history=history,
    )


def load_overrides(path: Path) -> dict[str, list[tuple[str, str, str | None]]]:
    """Read a user override file: ``sport → [(alias, team_id, league)]``.

    Format::

        [nba]
        "Lakeshow" = "nba:lal"

        [football.mls]          # league-specific
        "Inter" = "football:inter-miami"
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read team overrides {path}: {exc}") from exc
    result: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for sport, entries in data.items():
        for alias, target in entries.items():
            if isinstance(target, dict):
                for league_alias, league_target in target.items():
                    result[sport].append((league_alias, str(league_target), alias))
            else:
                result[sport].append((alias, str(target), None))
    return dict(result)


#: Words that make a different side of a club: "Bayern München II" is not Bayern.
SIDE_TOKENS = frozenset(
    [
        "ii",
        "iii",
        "2",
        "b",
        "c",
        "u",
        "u17",
        "u18",
        "u19",
        "u20",
        "u21",
        "u23",
        "am",
        "reserves",
        "reserve",
        "youth",
        "academy",
        "women",
        "w",
        "femenino",
        "feminin",
        "frauen",
        "primavera",
    ]
)


def _words_match(query: str, choice: str, *, cutoff: float = 75.0) -> bool:
    """Whether each word of ``query`` (3+ letters) is close to some word of ``choice``, and the
    query names no other side (reserves, youth, women) than the choice does."""
    words = choice.split()
    if (set(query.split()) & SIDE_TOKENS) - set(words):
        return False
    return all(
        any(fuzz.ratio(word, other) >= cutoff for other in words) for word in query.split() if len(word) >= 3
    )


_Key = tuple[str, str | None, int | None]  # (name as given, league, season)
_MAX_REMEMBERED = 50_000  # resolutions kept per catalog before starting afresh


class _NameIndex:
    """The lookup tables of one catalog, built once and shared by every resolver of it.

    A catalog never changes after loading, and building these for ~150 football clubs takes
    milliseconds, so a resolver per ingestion or per request would otherwise pay it every time.
    Overrides are per resolver and live outside.
    """

    _built: ClassVar[weakref.WeakKeyDictionary[TeamCatalog, _NameIndex]] = weakref.WeakKeyDictionary()

    def __init__(self, catalog: TeamCatalog) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.norm: dict[str, set[str]] = defaultdict(set)
        self.club: dict[str, set[str]] = defaultdict(set)
        self.abbr: dict[str, set[str]] = defaultdict(set)
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.cities: dict[str, set[str]] = defaultdict(set)
        self.choices: dict[str | None, dict[str, str]] = {}  # filled per league on first fuzzy use
        self.resolutions: dict[_Key, Resolution] = {}  # of resolvers with default settings
        for team in catalog:
            self._add(team)

    @classmethod
    def of(cls, catalog: TeamCatalog) -> _NameIndex:
        """The index of ``catalog`` (built on first use)."""
        index = cls._built.get(catalog)
        if index is None:
            index = cls._built[catalog] = cls(catalog)
        return index

    def _add(self, team: CatalogTeam) -> None:
        for name in team.names():
            self.exact[name.strip()].add(team.id)
            norm = normalize(name)
            self.norm[norm].add(team.id)
            self.club[strip_club_tokens(norm)].add(team.id)
        if team.city:
            self.cities[normalize(team.city)].add(team.id)
        abbreviations = list(team.abbreviations)
        for old in team.history:
            abbreviations.extend(old.abbreviations)
        for abbr in abbreviations:
            self.abbr[abbr.strip().casefold()].add(team.id)
        if team.api_id is not None:
            self.ids[str(team.api_id)].add(team.id)
        for value in team.external_ids.values():
            self.ids[str(value)].add(team.id)


class TeamResolver:
    """Resolves team names of one sport (see the module docstring for the order)."""

    #: A fuzzy match must score at least this (0-100) ...
    threshold: float = 85.0
    #: ... and beat the best candidate of any *other* team by this many points.
    margin: float = 6.0
    #: Names shorter than this (letters) are never fuzzy-matched: "NY" is not a typo of "NYK".
    min_fuzzy_length: int = 5

    def __init__(
        self,
        catalog: TeamCatalog,
        *,
        overrides: Sequence[tuple[str, str, str | None]] = (),
        threshold: float | None = None,
        margin: float | None = None,
    ) -> None:
        self.catalog = catalog
        self.sport = catalog.sport
        if threshold is not None:
            self.threshold = threshold
        if margin is not None:
            self.margin = margin
        index = _NameIndex.of(catalog)
        self._exact, self._norm, self._club = index.exact, index.norm, index.club
        self._abbr, self._ids, self._cities = index.abbr, index.ids, index.cities
        self._choices_cache = index.choices
        self._overrides: dict[tuple[str, str | None], str] = {}
        # Resolutions are shared by every resolver of the catalog that has the default settings
        # and no overrides (most of them); failures stay with the resolver that met them.
        default = threshold is None and margin is None and not overrides
        self._found: dict[_Key, Resolution] = index.resolutions if default else {}
        self._failed: dict[_Key, TeamResolutionError] = {}
        for alias, target, league in overrides:
            self.add_override(alias, target, league=league)

    def add_override(self, alias: str, team_id: str, *, league: str | None = None) -> None:
        """Make ``alias`` resolve to ``team_id`` (in ``league`` only, when given)."""
        if team_id not in self.catalog:
            raise ConfigError(f"override {alias!r} → {team_id!r}: no such {self.sport} team")
        self._overrides[(normalize(alias), league)] = team_id
        self._found, self._failed = {}, {}  # fresh: the shared resolutions assume no overrides

    def resolve(self, name: str, *, league: str | None = None, season: int | None = None) -> Resolution:
        """Resolve ``name``; raise :class:`TeamResolutionError` with candidates if it cannot."""
        key = (name, league, season)
        found = self._found.get(key)
        if found is not None:
            return found
        failed = self._failed.get(key)
        if failed is None:
            outcome = self._resolve(name, league, season)
            if isinstance(outcome, Resolution):
                if len(self._found) >= _MAX_REMEMBERED:  # a service fed endless name variants
                    self._found.clear()
                self._found[key] = outcome
                return outcome
            failed = self._failed[key] = outcome
        raise failed.with_traceback(None)  # raised again and again: do not let its traceback grow

    def resolve_id(self, name: str, *, league: str | None = None, season: int | None = None) -> str:
        """Shorthand for ``resolve(...).team_id``."""
        return self.resolve(name, league=league, season=season).team_id

    def try_resolve(
        self, name: str, *, league: str | None = None, season: int | None = None
    ) -> Resolution | None:
        """Like :meth:`resolve` but ``None`` instead of an error."""
        try:
            return self.resolve(name, league=league, season=season)
        except TeamResolutionError:
            return None

    # -- the stages --------------------------------------------------------------------
    def _resolve(self, name: str, league: str | None, season: int | None) -> Resolution | TeamResolutionError:
        raw = name.strip()
        where = self._where(league, season)
        if not raw:
            return TeamResolutionError(
                f"empty team name ({where})", name=name, sport=self.sport, league=league
            )
        norm = normalize(raw)
        for override_league in (league, None):
            target = self._overrides.get((norm, override_league))
            if target is not None:
                return Resolution(input=name, team=self.catalog.get(target), match="override")
        stages: list[tuple[MatchKind, set[str]]] = [
            ("exact", self._exact.get(raw, set())),
            ("normalized", self._norm.get(norm, set())),
            ("club-form", self._club_form(strip_club_tokens(norm))),
            ("abbreviation", self._abbr.get(raw.casefold(), set())),
        ]
        if raw.isascii() and raw.isdigit():
            stages.append(("id", self._ids.get(str(int(raw)), set())))
        for kind, found in stages:
            matches = self._eligible(found, league, season)
            if len(matches) == 1:
                return Resolution(input=name, team=matches[0], match=kind)
            if len(matches) > 1:
                return self._ambiguous(name, league, season, [(t, 100.0) for t in matches])
        return self._prefix(name, norm, league, season) or self._fuzzy(name, norm, league, season)

    def _prefix(
        self, name: str, norm: str, league: str | None, season: int | None
    ) -> Resolution | TeamResolutionError | None:
        query = strip_club_tokens(norm)
        if len(query.replace(" ", "")) < self.min_fuzzy_length:
            return None
        head = query + " "
        found = {tid for choice, tid in self._choices(league).items() if choice.startswith(head)}
        matches = self._eligible(found, league, season)
        if len(matches) == 1:
            return Resolution(input=name, team=matches[0], match="prefix", score=100.0)
        if len(matches) > 1:
            return self._ambiguous(name, league, season, [(t, 100.0) for t in matches])
        return None

    def _club_form(self, key: str) -> set[str]:
        """Teams whose name minus club tokens is ``key`` — plus, when there are any, the teams
        based in a city of that name: "Paris" (Paris FC without "FC") is also PSG's city."""
        found = self._club.get(key, set())
        return found | self._cities.get(key, set()) if found else set()

    def _eligible(self, team_ids: set[str], league: str | None, season: int | None) -> list[CatalogTeam]:
        teams = [self.catalog.get(tid) for tid in sorted(team_ids)]
        teams = [t for t in teams if t.in_league(league, None)]
        if season is not None and len(teams) > 1:
            in_season = [t for t in teams if t.in_league(league, season)]
            teams = in_season or teams
        return teams

    def _choices(self, league: str | None) -> dict[str, str]:
        """Fuzzy choices: club-form name → team id (names shared by two teams are dropped)."""
        cached = self._choices_cache.get(league)
        if cached is None:
            cached = self._choices_cache[league] = self._build_choices(league)
        return cached

    def _build_choices(self, league: str | None) -> dict[str, str]:
        owners: dict[str, set[str]] = defaultdict(set)
        for team in self.catalog:
            if not team.in_league(league):
                continue
            for full in team.names():
                owners[strip_club_tokens(normalize(full))].add(team.id)
        return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}

    def _fuzzy(
        self, name: str, norm: str, league: str | None, season: int | None
    ) -> Resolution | TeamResolutionError:
        choices = self._choices(league)
        query = strip_club_tokens(norm)
        # Token-sort ratio forgives typos and word order, not partial overlaps: "LA" must not
        # creep into "Lakers", nor "Washington Redskins" into "Washington Wizards".
        ranked = process.extract(query, list(choices), scorer=fuzz.token_sort_ratio, limit=25)
        best_by_team: dict[str, float] = {}
        for choice, score, _ in ranked:
            team_id = choices[choice]
            # Every word of the query must look like a word of the name: "Detroit Lions" shares a
            # city with "Detroit Pistons" but is not a typo of it.
            if not _words_match(query, choice):
                score = min(float(score), self.threshold - 1)
            best_by_team[team_id] = max(best_by_team.get(team_id, 0.0), float(score))
        ordered = sorted(best_by_team.items(), key=lambda item: (-item[1], item[0]))
        candidates = [(self.catalog.get(tid), score) for tid, score in ordered[:5]]
        where = self._where(league, season)
        too_short = len(query.replace(" ", "")) < self.min_fuzzy_length
        if not candidates or candidates[0][1] < self.threshold or too_short:
            hint = self._hint(candidates)
            return TeamResolutionError(
                f"unknown team {name!r} ({where}){hint}",
                name=name,
                sport=self.sport,
                league=league,
                candidates=[(t.id, t.name, s) for t, s in candidates],
            )
        if len(candidates) > 1 and candidates[0][1] - candidates[1][1] < self.margin:
            return self._ambiguous(name, league, season, candidates)
        team, score = candidates[0]
        return Resolution(input=name, team=team, match="fuzzy", score=score)

    def _ambiguous(
        self,
        name: str,
        league: str | None,
        season: int | None,
        candidates: Sequence[tuple[CatalogTeam, float]],
    ) -> TeamResolutionError:
        listed = ", ".join(f"{t.name} ({t.id})" for t, _ in candidates[:5])
        return TeamResolutionError(
            f"ambiguous team {name!r} ({self._where(league, season)}): could be {listed}; "
            "give the league, a fuller name, or add an alias",
            name=name,
            sport=self.sport,
            league=league,
            candidates=[(t.id, t.name, s) for t, s in candidates],
        )

    def _where(self, league: str | None, season: int | None) -> str:
        parts = [f"sport {self.sport}"]
        if league:
            parts.append(f"league {league}")
        if season is not None:
            parts.append(f"season {season}")
        return ", ".join(parts)

    @staticmethod
    def _hint(candidates: Sequence[tuple[CatalogTeam, float]]) -> str:
        if not candidates:
            return ""
        listed = ", ".join(f"{t.name} ({s:.0f})" for t, s in candidates[:3])
        return f"; closest: {listed}"
