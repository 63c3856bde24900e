"""Versioned schema migrations, one directory per SQL dialect (``sqlite/``, ``postgresql/``).

Each file is ``NNNN_name.sql``; versions start at 1 and have no gaps. Files are data, read
through :mod:`importlib.resources` by :mod:`scoracle_core.store._migrations`.
"""
