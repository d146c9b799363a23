"""The exceptions ipforms raises.

Every error a person can act on says where (file, field path or line) and what
was expected.  The hierarchy is small::

    IpformsError
     ├── DataError        bad municipality data (file + key path)
     ├── TemplateError    bad page template (file + line)
     ├── BuildError       a site build failed (previous site kept)
     ├── FormError        bad form definition or bad value for a form field
     └── PdfInputError    an incoming PDF that cannot be read (exit code 2)

The CLI maps them to exit codes (see ``ipforms --help``).
"""

from __future__ import annotations

from pathlib import Path


class IpformsError(Exception):
    """Base class of all errors that ipforms reports to a person."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message


class DataError(IpformsError):
    """Bad municipality data: names the file, the line and the key path.

    >>> str(DataError("expected 4 digits", file="data/x.yml", path="kommunenummer", line=5))
    'data/x.yml:5: kommunenummer: expected 4 digits'

    A file with several problems raises the first, with ``.problems`` holding all of
    them (:meth:`collect`); :meth:`report` gives every problem with its hint.
    """

    def __init__(self, message: str, *, file: str | Path | None = None,
                 path: str | None = None, hint: str | None = None, line: int | None = None):
        self.file = str(file) if file is not None else None
        self.path = path
        self.line = line
        where = self.file
        if where and line:
            where = f"{where}:{line}"
        parts = [p for p in (where, path) if p]
        super().__init__(": ".join(parts + [message]), hint=hint)
        self.reason = message
        self.problems: list[DataError] = [self]

    @classmethod
    def collect(cls, problems: list["DataError"]) -> "DataError":
        """The first problem, carrying all of them."""
        first = problems[0]
        first.problems = list(problems)
        return first

    def report(self) -> str:
        """Every problem on its own line, each followed by its hint.

        >>> e = DataError.collect([DataError("a", file="f.yml", line=1, hint="do x"),
        ...                        DataError("b", file="f.yml", line=2)])
        >>> print(e.report())
        f.yml:1: a
          hint: do x
        f.yml:2: b
        """
        out = []
        for p in self.problems:
            out.append(p.message)
            if p.hint:
                out.append(f"  hint: {p.hint}")
        return "\n".join(out)


class TemplateError(IpformsError):
    """A page template that cannot be rendered: names the file and the line.

    >>> print(TemplateError("'foo' is undefined", file="content/nb/index.md", line=3))
    content/nb/index.md:3: 'foo' is undefined
    """

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, hint: str | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        where = self.file or "<template>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.reason = message


class BuildError(IpformsError):
    """A site build failed; the previous site was left as it was."""


class FormError(IpformsError):
    """A bad form definition, or a value that does not fit a form field."""

    def __init__(self, message: str, *, field: str | None = None,
                 file: str | Path | None = None, hint: str | None = None):
        self.field = field
        self.file = str(file) if file is not None else None
        parts = [p for p in (self.file, f"field {field!r}" if field else None) if p]
        super().__init__(": ".join(parts + [message]), hint=hint)
        self.reason = message


class PdfInputError(IpformsError):
    """An incoming PDF that cannot be read: not a PDF, truncated, encrypted, too large, ..."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 hint: str | None = None):
        self.file = str(file) if file is not None else None
        super().__init__(f"{self.file}: {message}" if self.file else message, hint=hint)
        self.reason = message
