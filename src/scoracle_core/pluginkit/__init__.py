"""Helpers for writing sport plugins, shared so that plugins (independent of each other) need
not copy them:

* :mod:`~scoracle_core.pluginkit.payload` — reading API-Sports JSON defensively, with JSON paths
  in every error;
* :mod:`~scoracle_core.pluginkit.csvrows` — CSV rows with line numbers for schedule formats;
* :mod:`~scoracle_core.pluginkit.calls` — the bookkeeping of one ``seed()`` call: calls made,
  entity failures as values (partial success), outcomes built.
"""
