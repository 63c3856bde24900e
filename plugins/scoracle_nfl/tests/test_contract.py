"""The nfl plugin passes the core's sport-plugin contract suite."""

from scoracle_core.testing.sport_contract import SportContract


class TestNflContract(SportContract):
    """Contract suite for the nfl adapter."""

    sport_key = "nfl"
