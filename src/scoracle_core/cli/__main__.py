"""``python -m scoracle_core.cli``: the ``scoracle`` command."""

from scoracle_core.cli.app import main

main()
