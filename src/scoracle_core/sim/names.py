"""Invented but plausible people: players, coaches, officials.

Names are drawn from fixed pools with a derived RNG, so the same seed always gives the same
people. No real person is meant; any resemblance is the pools' doing.
"""

from __future__ import annotations

import random

import attrs

__all__ = ["COUNTRIES", "Person", "person"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_US = _words(
    """
Aaron Adrian Alex Andre Anthony Austin Brandon Bryce Caleb Cameron Carter Chris Cole Collin Damian
Darius DeAndre Derrick Devin Dominic Donovan Dylan Elijah Eric Ethan Evan Gabe Garrett Grant Isaiah
Jaden Jalen Jamal Jared Jason Javon Jaylen Jordan Josh Julian Justin Kai Keegan Kendall Kevin Kyle
Lamar Landon Logan Malik Marcus Mason Micah Miles Nate Nick Noah Omar Parker Quinn Reggie Ryan Sam
Shane Terrence Trey Tyler Tyrese Victor Wes Xavier Zach Zion
"""
)

_LAST_US = _words(
    """
Adams Allen Bailey Baker Banks Barnes Bell Bennett Brooks Brown Bryant Butler Carter Clark Coleman
Collins Cook Cooper Davis Dixon Edwards Ellis Evans Fisher Foster Freeman Gibson Graham Grant Gray
Green Hall Harris Hayes Henderson Hill Holmes Howard Hughes Jackson James Jenkins Johnson Jones
Jordan Kelly King Lewis Long Marshall Martin Mason Mitchell Moore Morgan Morris Murphy Myers Nelson
Owens Parker Patterson Perry Phillips Porter Powell Price Reed Reynolds Richardson Roberts Robinson
Ross Russell Sanders Scott Simmons Stewart Sullivan Taylor Thomas Thompson Tucker Turner Walker
Wallace Ward Washington Watson Webb Wells White Williams Wilson Wood Wright Young
"""
)

_FIRST_WORLD = _words(
    """
Adrien Alejandro Alessandro Amadou Andrea Antoine Bruno Carlos Christian Cristian Daniel Dario David
Diego Eduardo Emil Enzo Erik Federico Felix Florian Francesco Gabriel Giovanni Hugo Ibrahima Ivan
Jan Javier Joao Jonas Jorge Jules Kevin Lars Leon Lorenzo Lucas Luis Luka Marco Mateo Mathis Matteo
Maximilian Mikel Moussa Niklas Nico Oliver Pablo Pedro Pierre Rafael Raul Ruben Samuel Sergio Simon
Stefan Theo Thomas Timo Tomas Victor Youssef
"""
)

_LAST_WORLD = _words(
    """
Alonso Bakker Becker Bernard Bianchi Colombo Costa Dubois Diallo Fernandez Ferrari Fischer Fontaine
Garcia Gomez Hansen Hoffmann Jansen Keita Klein Koch Lambert Laurent Lopez Marino Martin Martinez
Meyer Moreau Muller Navarro Nielsen Novak Okafor Olsen Perez Petit Ramos Ricci Richter Rinaldi
Rodriguez Romano Rossi Ruiz Russo Sanchez Santos Schmidt Schneider Schulz Silva Sousa Torres Traore
Vidal Vogel Wagner Weber Wolf Yilmaz
"""
)

_COLLEGES = _words(
    """
Alabama Arizona Auburn Baylor Clemson Duke Florida Georgia Gonzaga Houston Illinois Iowa Kansas
Kentucky LSU Louisville Maryland Memphis Miami Michigan Minnesota Missouri Nebraska Oklahoma Oregon
Purdue Stanford Syracuse Tennessee Texas UCLA USC Villanova Virginia Washington Wisconsin
"""
)

#: Countries with a capital for birth places: (country, city).
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("England", "London"),
    ("France", "Paris"),
    ("Spain", "Madrid"),
    ("Germany", "Berlin"),
    ("Italy", "Rome"),
    ("Portugal", "Lisbon"),
    ("Brazil", "Sao Paulo"),
    ("Argentina", "Buenos Aires"),
    ("Netherlands", "Amsterdam"),
    ("Belgium", "Brussels"),
    ("Senegal", "Dakar"),
    ("Nigeria", "Lagos"),
    ("USA", "New York"),
    ("Canada", "Toronto"),
    ("Denmark", "Copenhagen"),
    ("Croatia", "Zagreb"),
)


@attrs.frozen(kw_only=True)
class Person:
    """An invented person."""

    first: str
    last: str
    college: str = ""
    country: str = ""
    birth_place: str = ""

    @property
    def name(self) -> str:
        """``"First Last"``."""
        return f"{self.first} {self.last}"

    @property
    def short(self) -> str:
        """``"F. Last"``, as API-Football writes names in events and lineups."""
        return f"{self.first[0]}. {self.last}"


def person(rng: random.Random, *, style: str = "us") -> Person:
    """Draw a person; ``style`` ``"us"`` (NBA, NFL) or ``"world"`` (football)."""
    if style == "world":
        country, city = rng.choice(COUNTRIES)
        return Person(
            first=rng.choice(_FIRST_WORLD), last=rng.choice(_LAST_WORLD), country=country, birth_place=city
        )
    return Person(
        first=rng.choice(_FIRST_US),
        last=rng.choice(_LAST_US),
        college=rng.choice(_COLLEGES),
        country="USA",
        birth_place="",
    )
