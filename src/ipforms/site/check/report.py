"""The report of ``ipforms check``: each problem (:class:`Finding`) with its file, line,
kind and what to do, the nb/nn paragraph pairs not recorded as matching, and the report
as an editor reads it, in English or in nb or nn."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...core.errors import EXIT_BAD_INPUT, EXIT_INVALID, EXIT_OK, printable

#: Kinds of finding, in the order a report lists them; "read", "kommune" (an unknown
#: municipality) and "data" mean exit 2.
KINDS = ("read", "kommune", "data", "example", "placeholder", "link", "anchor", "spelling", "terms",
         "law", "parity", "language",
         "changed", "words")
UNREADABLE = {"read", "data", "kommune"}


@dataclass(frozen=True)
class Finding:
    """One problem: where, what, and what to do."""
    file: str
    line: int | None
    kind: str
    message: str
    hint: str | None = None
    #: "error" counts for the exit code; "note" is shown but does not fail the check
    severity: str = "error"

    def where(self) -> str:
        name = printable(self.file, newlines=False)  # a file name cannot move the cursor
        return f"{name}:{self.line}" if self.line else name

    def __str__(self) -> str:
        text = f"{self.where()}: {printable(self.message, newlines=False)}"
        return text + (f"\n  hint: {printable(self.hint, newlines=False)}" if self.hint else "")


@dataclass(frozen=True)
class Pending:
    """An nb/nn paragraph pair not recorded as saying the same (new, or changed since
    the last ``--accept``): what ``--accept`` shows before it records it."""
    page: str
    nb_file: str
    nb_line: int
    nb_text: str
    nn_file: str
    nn_line: int
    nn_text: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    #: where the nb/nn paragraph pairs are recorded (``--accept`` writes it)
    parity_file: Path | None = None
    #: the pairs not recorded as matching; with ``accept``, those recorded now
    pending: list[Pending] = field(default_factory=list)
    accepted: list[Pending] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    @property
    def exit_code(self) -> int:
        if any(f.kind in UNREADABLE for f in self.errors):
            return EXIT_BAD_INPUT
        return EXIT_INVALID if self.errors else EXIT_OK

    def sorted(self) -> list[Finding]:
        seen: set[Finding] = set()
        out = []
        for f in sorted(self.findings, key=lambda f: (f.file, f.line or 0, KINDS.index(f.kind),
                                                      f.message)):
            if f not in seen:
                seen.add(f)
                out.append(f)
        return out

    def text(self, lang: str | None = None) -> str:
        """The report as an editor reads it: one problem a line, with what to do; in
        ``lang`` (nb or nn, :mod:`ipforms.site.norsk`), else as the library writes it."""
        from .. import norsk

        lines = [str(f) if f.severity == "error" else f"note: {f}" for f in self.sorted()]
        n_err, n_note = len({*self.errors}), len({*self.notes})
        counts: dict[str, int] = {}
        for f in {*self.errors}:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        if lang in norsk.LANGS:
            def w(key: str) -> str:
                return norsk.word(key, lang)
        else:
            def w(key: str) -> str:
                return key
        what = ", ".join(f"{n} {w(k)}" for k, n in sorted(counts.items(),
                                                          key=lambda kv: KINDS.index(kv[0])))
        checked = ", ".join(f"{n} {w(k)}" if lang not in norsk.LANGS else f"{w(k)} {n}"
                            for k, n in self.checked.items())
        if n_err:
            summary = f"{n_err} {w('problem' if n_err == 1 else 'problems')} ({what})"
        else:
            summary = w("no problems")
        if n_note:
            summary += f", {n_note} {w('note' if n_note == 1 else 'notes')}"
        body = "\n".join(lines)
        if lang in norsk.LANGS:
            body = norsk.translate(body, lang)
        sep = ":" if lang in norsk.LANGS else ""
        return "\n".join([*([body] if lines else []), f"{summary}; {w('checked')}{sep} {checked}"])
