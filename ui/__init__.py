"""The Gradio web app over ``qa.ask``: Ask (chat + evidence + charts), Fact explorer, Sources.

``ui.app.serve`` starts it (``filingqa serve``). Modules: ``chat``/``answer_view`` (the Ask tab and
its messages), ``evidence``/``tables`` (each citation in its filing), ``charts``, ``explorer``,
``sources``/``uploads`` (adding and removing filings), ``workspace`` (which index is served).
"""
