# The public names of scoracle_core.ingest: type checkers read them here, and lazy_loader loads each
# from its module on first use (see __init__.py).
from .detect import available_formats, detect_format
from .formats import Problem, RawGame, ScheduleFormat
from .from_api import aingest_from_api
from .pipeline import aingest_schedule, ingest_schedule
from .report import Change, IngestReport, ScheduleRejected
from .templates import TEMPLATE_CSV, TEMPLATE_JSON
from .validate import DEFAULT_GAME_TYPES

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
