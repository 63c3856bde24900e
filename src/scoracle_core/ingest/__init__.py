"""Schedule ingestion: parse real-world schedule files, validate, map teams, store games.

The entry points are :func:`ingest_schedule` (sync; scripts and notebooks) and
:func:`aingest_schedule` (async); :func:`aingest_from_api` ingests a season straight from the
API-Sports listing of its games. Formats: :mod:`~scoracle_core.ingest.templates` (the core's
template CSV/JSON) and the sport plugins' real-world formats (``register_schedule_formats``).
"""

import lazy_loader

# Importing the package stays cheap: each public name (listed in __init__.pyi) is loaded from
# its module on first use, so a command or a plugin pays only for what it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
