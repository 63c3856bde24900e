"""Reading the API-Sports envelope: a 200 is a success only when ``errors`` is empty."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scoracle_core.client.classify import interpret, next_utc_midnight, retry_after_seconds
from scoracle_core.client.envelope import Envelope, Paging, canonical_params, quota_from_headers
from scoracle_core.errors import (
    AuthError,
    PermanentApiError,
    PlanError,
    QuotaExhausted,
    RateLimited,
    TransientApiError,
)

NOW = datetime(2024, 11, 10, 21, 15, tzinfo=UTC)
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "api-sports" / "examples"


def example(name: str) -> bytes:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"shared example {name} not available")
    return path.read_bytes()


def read(body: bytes | dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Envelope:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return interpret(
        sport="football",
        endpoint="fixtures",
        params={"id": "1"},
        status=status,
        headers=headers or {},
        body=raw,
        now=NOW,
    )


def test_success_body_gives_envelope_with_items_and_paging() -> None:
    """A real fixtures body becomes an envelope with its items, count and paging."""
    env = read(example("football_fixtures.json"))
    assert env.results == len(env.items) > 0
    assert env.paging == Paging(current=1, total=1)


def test_nba_body_without_paging_is_accepted() -> None:
    """NBA bodies carry no ``paging``; that is not an error."""
    env = read(example("nba_games.json"))
    assert env.paging is None
    assert env.results > 0


def test_empty_results_is_a_success() -> None:
    """``errors: []`` with no results is a real answer, not a failure."""
    env = read({"get": "fixtures", "parameters": [], "errors": [], "results": 0, "response": []})
    assert env.results == 0
    assert env.items == []


def test_empty_errors_object_counts_as_no_error() -> None:
    """``errors: {}`` (seen by some clients) is treated like ``[]``."""
    env = read({"get": "fixtures", "parameters": [], "errors": {}, "results": 1, "response": [{"a": 1}]})
    assert env.results == 1


def test_object_response_is_kept_and_listed_as_one_item() -> None:
    """``teams/statistics`` answers an object; ``items`` wraps it."""
    env = read(example("football_teams_statistics.json"))
    assert isinstance(env.response, dict)
    assert env.items == [env.response]


def test_wrong_key_on_200_is_auth_error() -> None:
    """HTTP 200 with ``errors.token`` is an AuthError."""
    with pytest.raises(AuthError, match=r"errors\.token"):
        read(example("football_error_invalid_key.json"))


def test_missing_key_403_is_auth_error() -> None:
    """HTTP 403 with the missing-key envelope is an AuthError."""
    with pytest.raises(AuthError):
        read(example("football_error_missing_key_http403.json"), status=403)


def test_gateway_401_without_envelope_is_auth_error() -> None:
    """RapidAPI's gateway 401 (not an envelope) is an AuthError."""
    with pytest.raises(AuthError):
        read(b'{"message":"You are not subscribed to this API."}', status=401)


def test_plan_error_is_plan_error() -> None:
    """``errors.plan`` is a PlanError (permanent)."""
    with pytest.raises(PlanError, match="Free plans"):
        read(example("football_error_plan.json"))


def test_bad_parameter_is_permanent() -> None:
    """``errors.date`` (bad value) is a PermanentApiError."""
    with pytest.raises(PermanentApiError, match=r"errors\.date") as info:
        read(example("football_error_bad_param.json"))
    assert type(info.value) is PermanentApiError


def test_unknown_parameter_is_permanent() -> None:
    """``errors.page`` (unknown parameter) is a PermanentApiError."""
    with pytest.raises(PermanentApiError, match=r"errors\.page"):
        read(example("football_error_unknown_param.json"))


def test_minute_limit_on_200_is_rate_limited() -> None:
    """``errors.rateLimit`` on a 200 is RateLimited."""
    with pytest.raises(RateLimited):
        read(example("football_error_rate_limit_minute.json"))


def test_minute_limit_on_429_is_rate_limited_with_retry_after() -> None:
    """A 429 per-minute refusal carries the ``Retry-After`` seconds."""
    with pytest.raises(RateLimited) as info:
        read(example("nfl_error_rate_limit_minute.json"), status=429, headers={"Retry-After": "7"})
    assert info.value.retry_after == 7


def test_daily_quota_on_200_is_quota_exhausted_until_midnight_utc() -> None:
    """``errors.requests`` is QuotaExhausted, resetting at the next 00:00 UTC."""
    with pytest.raises(QuotaExhausted) as info:
        read(example("nba_error_daily_quota.json"))
    assert info.value.resets_at == datetime(2024, 11, 11, tzinfo=UTC)


def test_429_saying_daily_is_quota_exhausted() -> None:
    """A 429 whose ``rateLimit`` text says "daily" is the daily quota, not the minute's."""
    body = {"errors": {"rateLimit": "You have reached your daily request limit."}, "response": []}
    with pytest.raises(QuotaExhausted):
        read(body, status=429)


def test_plain_429_is_rate_limited() -> None:
    """A 429 with no recognisable body is a per-minute refusal."""
    with pytest.raises(RateLimited):
        read(b"Too Many Requests", status=429)


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (204, "football_error_http204.json"),
        (499, "football_error_http499.json"),
        (500, "football_error_http500.json"),
    ],
)
def test_provider_failures_are_transient(status: int, name: str) -> None:
    """204, 499 and 500 (documented provider failures) are transient."""
    with pytest.raises(TransientApiError) as info:
        read(example(name), status=status)
    assert info.value.status == status
    assert not isinstance(info.value, RateLimited)


def test_204_without_body_is_transient() -> None:
    """A bare 204 (no body at all) is transient."""
    with pytest.raises(TransientApiError):
        read(b"", status=204)


def test_truncated_json_on_200_is_transient() -> None:
    """A cut-off JSON body on a 200 is transient (malformed)."""
    with pytest.raises(TransientApiError, match="malformed"):
        read(example("nba_games.json")[:100])


def test_json_that_is_not_an_envelope_is_transient() -> None:
    """Valid JSON without ``response`` is transient (malformed)."""
    with pytest.raises(TransientApiError, match="malformed"):
        read(b"[1, 2, 3]")


def test_other_4xx_is_permanent() -> None:
    """A 404 (wrong base URL or path) is permanent."""
    with pytest.raises(PermanentApiError):
        read(b"not found", status=404)


def test_error_message_names_sport_endpoint_and_params() -> None:
    """Messages say where: sport, endpoint and canonical query."""
    with pytest.raises(PlanError, match=r"^football fixtures\?id=1: HTTP 200"):
        read(example("football_error_plan.json"))


def test_quota_headers_are_read_case_insensitively() -> None:
    """Both header pairs are read whatever their case."""
    headers = json.loads(example("common_response_headers.json"))
    quota = quota_from_headers(headers)
    assert (quota.day_limit, quota.day_remaining, quota.minute_limit, quota.minute_remaining) == (
        7500,
        7123,
        300,
        297,
    )


def test_retry_after_accepts_http_date() -> None:
    """``Retry-After`` as an HTTP date becomes seconds from now."""
    assert retry_after_seconds({"retry-after": "Sun, 10 Nov 2024 21:15:30 GMT"}, NOW) == 30


def test_next_utc_midnight_is_strictly_after_now() -> None:
    """At exactly midnight the reset is the next one."""
    midnight = datetime(2024, 11, 10, tzinfo=UTC)
    assert next_utc_midnight(midnight) == datetime(2024, 11, 11, tzinfo=UTC)


def test_canonical_params_are_sorted_strings_without_none() -> None:
    """Parameters are sorted, stringified (booleans lower-case) and ``None`` is dropped."""
    assert canonical_params({"season": 2024, "current": True, "team": None, "league": "39"}) == {
        "current": "true",
        "league": "39",
        "season": "2024",
    }


def test_credential_parameter_is_refused() -> None:
    """A key passed as a query parameter is refused: it travels in a header only."""
    with pytest.raises(ValueError, match="credential"):
        canonical_params({"apikey": "x"})


def test_merge_concatenates_pages_in_order() -> None:
    """Merging pages keeps every item in order and counts them."""
    pages = [
        Envelope(
            sport="football",
            endpoint="players",
            parameters={},
            response=[1, 2],
            results=2,
            paging=Paging(current=1, total=2),
        ),
        Envelope(
            sport="football",
            endpoint="players",
            parameters={},
            response=[3],
            results=1,
            paging=Paging(current=2, total=2),
        ),
    ]
    merged = Envelope.merge(pages)
    assert (merged.response, merged.results, merged.pages) == ([1, 2, 3], 3, 2)
