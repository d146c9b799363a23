"""The one place the version of ipforms is written.  pyproject.toml reads it from
here (``[tool.setuptools.dynamic]``), so the wheel's metadata, ``ipforms --version``
and the version stamped into the forms cannot disagree; reading it costs no
``importlib.metadata`` look-up at run time."""

__version__ = "0.1.0"
