"""The Gradio web app over ``qa.ask``: Ask (chat + evidence + cited tables + charts + the filed source),
Statements, Fact explorer, Sources. See docs/ui.md.

``ui.app.serve`` starts it (``filingqa serve``). Modules: ``chat``/``conversation``/``answer_view``/
``answer_table`` (the Ask tab, its messages and cited tables), ``evidence``/``tables`` (each citation in
its filing), ``charts``, ``exports`` (an answer as Markdown/CSV), ``statements``/``statements_tab``,
``source_view``/``filed``/``sanitize``/``filed_route`` (the filing as filed), ``explorer``,
``sources``/``uploads`` (adding and removing filings), ``workspace`` (which index is served).
"""
