-- Scoracle schema, version 1 (SQLite).
--
-- Every table has a natural unique key, so every write is an idempotent upsert.
-- Datetimes are ISO-8601 UTC text with microseconds ('2025-01-15T19:30:00.000000+00:00'): fixed
-- width, so text order is time order. Dates are 'YYYY-MM-DD'. JSON is text.

CREATE TABLE teams (
    id              TEXT PRIMARY KEY,
    sport           TEXT NOT NULL,
    name            TEXT NOT NULL,
    short_name      TEXT NOT NULL DEFAULT '',
    abbreviation    TEXT NOT NULL DEFAULT '',
    api_id          INTEGER,
    last_seeded_at  TEXT,
    last_game_date  TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX idx_teams_last_seeded ON teams (last_seeded_at);

CREATE TABLE players (
    id              TEXT PRIMARY KEY,
    sport           TEXT NOT NULL,
    name            TEXT NOT NULL,
    api_id          INTEGER,
    team_id         TEXT,
    position        TEXT NOT NULL DEFAULT '',
    last_seeded_at  TEXT,
    last_game_date  TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX idx_players_team ON players (team_id);
CREATE INDEX idx_players_last_seeded ON players (last_seeded_at);

CREATE TABLE games (
    id              INTEGER PRIMARY KEY,
    sport           TEXT NOT NULL,
    league          TEXT NOT NULL,
    season          INTEGER NOT NULL,
    home_team_id    TEXT NOT NULL,
    away_team_id    TEXT NOT NULL,
    start_at        TEXT NOT NULL,
    start_date      TEXT NOT NULL,  -- the UTC date of start_at: part of the natural key
    time_tbd        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'scheduled'
                    CHECK (status IN ('scheduled', 'in_progress', 'completed', 'postponed', 'cancelled')),
    external_id     TEXT,
    source_id       TEXT,
    venue           TEXT NOT NULL DEFAULT '',
    week            INTEGER,
    game_type       TEXT NOT NULL DEFAULT 'regular',
    home_score      INTEGER,
    away_score      INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT games_natural_key UNIQUE (sport, league, season, home_team_id, away_team_id, start_date),
    CONSTRAINT games_start_date_is_utc_date CHECK (start_date = substr(start_at, 1, 10))
);
CREATE UNIQUE INDEX games_external_id ON games (sport, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_games_start_at ON games (start_at);
CREATE INDEX idx_games_sport_season_date ON games (sport, season, start_date);

CREATE TABLE game_rosters (
    game_id         INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    player_id       TEXT NOT NULL,
    team_id         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT 'roster',
    is_starter      INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'active',
    created_at      TEXT NOT NULL,
    PRIMARY KEY (game_id, player_id)
);
CREATE INDEX idx_game_rosters_lookup ON game_rosters (game_id, team_id);
CREATE INDEX idx_game_rosters_player ON game_rosters (player_id);

CREATE TABLE seeding_tasks (
    id              INTEGER PRIMARY KEY,
    game_id         INTEGER NOT NULL UNIQUE REFERENCES games (id) ON DELETE CASCADE,
    sport           TEXT NOT NULL,
    league          TEXT NOT NULL,
    season          INTEGER NOT NULL,
    due_at          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    strategy        TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL DEFAULT 5,
    next_attempt_at TEXT,
    lease_owner     TEXT,
    lease_expires_at TEXT,
    last_error      TEXT,
    api_calls       INTEGER NOT NULL DEFAULT 0,
    duration_s      REAL NOT NULL DEFAULT 0,
    entities_done   TEXT NOT NULL DEFAULT '[]',
    entities_failed TEXT NOT NULL DEFAULT '[]',
    started_at      TEXT,
    finished_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
-- The queue: claim_tasks reads this index in its ORDER BY order.
CREATE INDEX idx_seeding_tasks_due ON seeding_tasks (coalesce(next_attempt_at, due_at), priority DESC, id)
    WHERE status = 'pending';
CREATE INDEX idx_seeding_tasks_status ON seeding_tasks (status);
CREATE INDEX idx_seeding_tasks_due_at ON seeding_tasks (due_at);
CREATE INDEX idx_seeding_tasks_lease ON seeding_tasks (lease_expires_at) WHERE status = 'running';

CREATE TABLE sync_log (
    id              INTEGER PRIMARY KEY,
    task_id         INTEGER,
    game_id         INTEGER,
    sport           TEXT NOT NULL,
    seeding_type    TEXT NOT NULL,
    status          TEXT NOT NULL,
    correlation_id  TEXT NOT NULL DEFAULT '',
    started_at      TEXT NOT NULL,
    finished_at     TEXT NOT NULL,
    api_calls       INTEGER NOT NULL DEFAULT 0,
    teams_done      INTEGER NOT NULL DEFAULT 0,
    players_done    INTEGER NOT NULL DEFAULT 0,
    entities_failed INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX idx_sync_log_game ON sync_log (game_id);
CREATE INDEX idx_sync_log_date_type ON sync_log (started_at, seeding_type);

CREATE TABLE api_calls (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    sport           TEXT NOT NULL,
    endpoint        TEXT NOT NULL,
    params          TEXT NOT NULL DEFAULT '',
    status          INTEGER,
    error_class     TEXT,
    duration_ms     REAL NOT NULL DEFAULT 0,
    quota_remaining_day INTEGER,
    quota_remaining_minute INTEGER,
    cached          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_api_calls_at ON api_calls (at);
CREATE INDEX idx_api_calls_sport_at ON api_calls (sport, at);

CREATE TABLE player_game_stats (
    sport           TEXT NOT NULL,
    game_id         INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    player_id       TEXT NOT NULL,
    team_id         TEXT NOT NULL,
    stats           TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (game_id, player_id)
);
CREATE INDEX idx_player_game_stats_player ON player_game_stats (player_id);

CREATE TABLE team_game_stats (
    sport           TEXT NOT NULL,
    game_id         INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    team_id         TEXT NOT NULL,
    stats           TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (game_id, team_id)
);
CREATE INDEX idx_team_game_stats_team ON team_game_stats (team_id);

CREATE TABLE player_season_stats (
    sport           TEXT NOT NULL,
    league          TEXT NOT NULL,
    season          INTEGER NOT NULL,
    player_id       TEXT NOT NULL,
    team_id         TEXT NOT NULL,
    games           INTEGER NOT NULL DEFAULT 0,
    stats           TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (sport, league, season, player_id, team_id)
);

CREATE TABLE team_season_stats (
    sport           TEXT NOT NULL,
    league          TEXT NOT NULL,
    season          INTEGER NOT NULL,
    team_id         TEXT NOT NULL,
    games           INTEGER NOT NULL DEFAULT 0,
    stats           TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (sport, league, season, team_id)
);

CREATE TABLE workers (
    id              TEXT PRIMARY KEY,
    host            TEXT NOT NULL DEFAULT '',
    pid             INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT NOT NULL,
    heartbeat_at    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'running',
    info            TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE scheduler_state (
    key             TEXT PRIMARY KEY,
    value           TEXT,
    updated_at      TEXT NOT NULL
);

CREATE TABLE api_cache (
    key             TEXT PRIMARY KEY,
    value           TEXT,
    expires_at      TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE team_aliases (
    sport           TEXT NOT NULL,
    alias           TEXT NOT NULL,
    league          TEXT NOT NULL DEFAULT '',  -- '' when the alias holds in every league
    team_id         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (sport, alias, league)
);
