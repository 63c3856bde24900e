"""The nba plugin passes the core's sport-plugin contract suite."""

from scoracle_core.testing.sport_contract import SportContract


class TestNbaContract(SportContract):
    """Contract suite for the nba adapter."""

    sport_key = "nba"
