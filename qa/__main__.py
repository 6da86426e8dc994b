"""``python -m qa`` is the ``filingqa`` command (the contract in DESIGN.md); the command itself lives
in ``app.cli`` so that the ``qa`` library never imports the web app or the evaluation runners."""

import importlib
import sys

sys.exit(importlib.import_module("app.cli").main())
