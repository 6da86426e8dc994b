"""The composition layer: the ``filingqa`` command wires the index, the answering core (``qa``),
the web app (``ui``) and the evaluation runners (``eval``) together.

``qa`` never imports ``ui``, ``eval`` or ``app``: it is the library; this package is the program.
"""
