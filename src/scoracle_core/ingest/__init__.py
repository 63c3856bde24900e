"""Schedule ingestion: parse real-world schedule files, validate, map teams, store games.

The entry points are :func:`ingest_schedule` (sync; scripts and notebooks) and
:func:`aingest_schedule` (async); :func:`aingest_from_api` ingests a season straight from the
API-Sports listing of its games. Formats: :mod:`~scoracle_core.ingest.templates` (the core's
template CSV/JSON) and the sport plugins' real-world formats (``register_schedule_formats``).
"""

from scoracle_core.ingest.detect import available_formats, detect_format
from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.ingest.from_api import aingest_from_api
from scoracle_core.ingest.pipeline import aingest_schedule, ingest_schedule
from scoracle_core.ingest.report import Change, IngestReport, ScheduleRejected
from scoracle_core.ingest.templates import TEMPLATE_CSV, TEMPLATE_JSON
from scoracle_core.ingest.validate import DEFAULT_GAME_TYPES

__all__ = [
    "DEFAULT_GAME_TYPES",
    "TEMPLATE_CSV",
    "TEMPLATE_JSON",
    "Change",
    "IngestReport",
    "Problem",
    "RawGame",
    "ScheduleFormat",
    "ScheduleRejected",
    "aingest_from_api",
    "aingest_schedule",
    "available_formats",
    "detect_format",
    "ingest_schedule",
]
