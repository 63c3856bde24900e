"""The football plugin passes the core's sport-plugin contract suite."""

from scoracle_core.testing.sport_contract import SportContract


class TestFootballContract(SportContract):
    """Contract suite for the football adapter."""

    sport_key = "football"
