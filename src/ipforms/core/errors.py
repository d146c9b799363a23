"""The exceptions ipforms raises, and the exit code each one means.

Every error a person can act on says where (file, field path or line) and what
was expected.  Each class declares its ``exit_code`` and its fields, set in the
constructor; the CLI exits with ``err.exit_code`` (no table of classes there)::

    IpformsError          exit 2   message, hint
     ├── DataError        exit 2   bad municipality data: file, line, path (key path),
     │                             reason, problems (every problem of the file(s))
     ├── TemplateError    exit 2   bad page template: file, line, reason
     ├── FormError        exit 2   bad form definition or value: field, file, reason
     ├── PdfInputError    exit 2   an incoming PDF that cannot be read: file, reason,
     │                             code (a ``pdf.*`` message code), params (for the message)
     ├── FnrError         exit 2   not a valid fødselsnummer or D-nummer: number
     │    └── FnrImplausible       valid check digits, impossible birth date: birth
     ├── OutputError      exit 2   an output that may not or cannot be written: file
     ├── ProjectError     exit 2   ``ipforms new`` cannot make the project: folder
     ├── BuildError       exit 3   a site build failed (the previous site was kept)
     └── InternalError    exit 2   a fault of ipforms itself (a missing form definition,
                                   a bug): never a verdict on the user's files

Exit codes (``ipforms --help``): 0 success; 1 ``validate`` found an application
that is not valid; 2 bad input, nothing written (or an internal error, said as such);
3 a site build failed.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, ClassVar

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_BUILD_FAILED = 3
#: the reader of the output went away (``| head``): as a shell reports SIGPIPE, no verdict
EXIT_PIPE = 141


def _where(file: str | Path | None) -> str | None:
    return str(file) if file is not None else None


class IpformsError(Exception):
    """Base class of all errors that ipforms reports to a person."""

    exit_code: ClassVar[int] = EXIT_BAD_INPUT
    message: str
    hint: str | None

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
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

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path | None = None,
                 path: str | None = None, hint: str | None = None, line: int | None = None):
        self.file = _where(file)
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
    def collect(cls, problems: list[DataError]) -> DataError:
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

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, hint: str | None = None):
        self.file = _where(file)
        self.line = line
        self.reason = message
        where = self.file or "<template>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}", hint=hint)


class FormError(IpformsError):
    """A bad form definition, or a value that does not fit a form field."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, field: str | None = None,
                 file: str | Path | None = None, hint: str | None = None):
        self.field = field
        self.file = _where(file)
        self.reason = message
        parts = [p for p in (self.file, f"field {field!r}" if field else None) if p]
        super().__init__(": ".join(parts + [message]), hint=hint)


class PdfInputError(IpformsError):
    """An incoming PDF that cannot be read: not a PDF, truncated, encrypted, too large, ...

    ``code`` names the message the reports show (``pdf.truncated``; see
    ``resources/messages.yml``) and ``params`` fills it in.

    >>> e = PdfInputError("truncated PDF", file="a.pdf", code="pdf.truncated")
    >>> str(e), e.code, e.params
    ('a.pdf: truncated PDF', 'pdf.truncated', {})
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path | None = None,
                 code: str = "pdf.damaged", params: dict[str, Any] | None = None,
                 hint: str | None = None):
        self.file = _where(file)
        self.reason = message
        self.code = code
        self.params = dict(params or {})
        super().__init__(f"{self.file}: {message}" if self.file else message, hint=hint)


class FnrError(IpformsError, ValueError):
    """Not a valid fødselsnummer or D-nummer (length, digits, check digits).

    ``number`` is the number as given (never shown unmasked in reports).
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str = "not a valid fødselsnummer or D-nummer", *,
                 number: str = "", hint: str | None = None):
        self.number = number
        super().__init__(message, hint=hint)


class FnrImplausible(FnrError):
    """A number with valid check digits whose birth date cannot be right (after the
    date of receipt, or too long ago); ``birth`` is the date it gives."""

    def __init__(self, message: str = "the birth date in the number cannot be right", *,
                 number: str = "", birth: _dt.date | None = None, hint: str | None = None):
        self.birth = birth
        super().__init__(message, number=number, hint=hint)


class OutputError(IpformsError):
    """An output file that may not or cannot be written (it exists, it is an input,
    its folder is missing); nothing was written."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path, hint: str | None = None):
        self.file = _where(file)
        self.reason = message
        super().__init__(f"{self.file}: {message}", hint=hint)


class ProjectError(IpformsError):
    """``ipforms new`` cannot make the project (the folder is taken, a bad name)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, folder: str | Path, hint: str | None = None):
        self.folder = _where(folder)
        self.reason = message
        super().__init__(message, hint=hint)


class BuildError(IpformsError):
    """A site build failed; the previous site was left as it was."""

    exit_code = EXIT_BUILD_FAILED


class InternalError(IpformsError):
    """A fault of ipforms, not of the user's input: a form definition that is missing
    from the installation, or a bug.  Reported as such, never as a verdict on a file.

    >>> print(InternalError("the form definition 'soknad' cannot be loaded"))
    internal error: the form definition 'soknad' cannot be loaded
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None):
        self.reason = message
        super().__init__(f"internal error: {message}",
                         hint=hint or "this is a fault in ipforms, not in your files; "
                                      "please report it with the command you ran")


class WordListError(IpformsError):
    """A words file that cannot be read or has a line that is not one word."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | Path, line: int | None = None,
                 hint: str | None = None):
        self.file, self.line, self.reason = str(file), line, message
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {message}", hint=hint)
