"""Reviewing a running campaign against its contract: ``contractsmith review``.

Data flows one way: the campaign log is loaded and validated (``log``), the spec's
obligations are listed (``obligations``), each is evaluated against the log as of a date
(``evaluate``, with exact money in ``money``), and the result is written as a scorecard
(``scorecard``), a letter (``letter``) and a calendar (``calendar``).
"""
