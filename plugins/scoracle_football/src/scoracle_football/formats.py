"""The football schedule formats this plugin registers, and the time-zone convention of each.

=============================  ====================================  =========================================
format                          files                                 kick-off times are written in
=============================  ====================================  =========================================
``football-openfootball-json``  openfootball/football.json            the league's local time; MLS: US Eastern
``football-txt``                Football.TXT (openfootball/world)     the league's local time; MLS: US Eastern
``football-data-csv``           football-data.co.uk (main and extra)  UK local time (Europe/London)
``football-gutormin-csv``       gutormin/Backtest                     UTC−03:00 (fixed offset)
=============================  ====================================  =========================================

Formats read; they do not resolve team names or convert local times (the ingest pipeline does,
the same way for every format). Each ``sniff`` tells its own files apart from the others' and
from other sports' files; each ``parse`` turns bad input into problems, never exceptions.
"""

from __future__ import annotations

from scoracle_football.footballdata import DECISION_DAYS, FootballDataCsv, GutorminCsv
from scoracle_football.openfootball import FootballTxt, OpenfootballJson

__all__ = ["DECISION_DAYS", "FORMATS", "FootballDataCsv", "FootballTxt", "GutorminCsv", "OpenfootballJson"]

#: One instance of each format, in the order they are registered.
FORMATS = (OpenfootballJson(), FootballTxt(), FootballDataCsv(), GutorminCsv())
