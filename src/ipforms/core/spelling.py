"""Spelling and written standard: Bokmål text with ``hunspell -d nb_NO``, Nynorsk text
with ``hunspell -d nn_NO`` (Debian's hunspell-no), plus word lists.

A word passes when its own dictionary knows it, or a word list allows it for that
standard: the lists shipped with ipforms (``resources/words/common.txt``, ``nb.txt``,
``nn.txt``), a municipality's own names (from its data file) and the editors' words
files (``data/words.txt``, ``data/municipalities/<slug>.words.txt``).  Otherwise it
is a problem: a *form of the other standard* when only the other dictionary knows it
(``ikke`` on an nn page), else an *unknown word*.  The other standard's list never
makes a word pass.

hunspell runs as a subprocess (``hunspell -l``: the unknown words of a list), once per
dictionary over all the unique words at hand, so a whole project takes a fraction of a
second; the answers are cached per process.  Why a subprocess and not a Python binding:
the PyPI bindings (``hunspell``/pyhunspell, ``cyhunspell``) have not had a release for
years and need a C build against libhunspell; ``spylls`` is pure Python but unmaintained
and slow.  The hunspell command is a Debian package with the dictionaries beside it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import IpformsError, WordListError
from .lang import LANGS

OTHER = {"nb": "nn", "nn": "nb"}
NAME = {"nb": "bokmål", "nn": "nynorsk"}
DEBS = "hunspell hunspell-no"

URL_RE = re.compile(r"(?:https?://|mailto:|tel:|www\.)\S+", re.I)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: host names written without a scheme, like individplan.no
DOMAIN_RE = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net)\b", re.I)
LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
WORD_RE = re.compile(f"[{LETTERS}]+")

#: The usual forms of the other standard, with what to write instead (for the hint).
COUNTERPARTS = {
    "nn": {"ikke": "ikkje", "hva": "kva", "hvis": "dersom (or viss)", "hvordan": "korleis",
           "hvem": "kven", "hvor": "kvar", "jeg": "eg", "noen": "nokon", "tjenester": "tenester",
           "tjenesten": "tenesta", "tjenestene": "tenestene", "trenger": "treng",
           "søker": "søkjar / søkjer", "et": "eit", "fra": "frå", "mye": "mykje",
           "være": "vere", "behandler": "handsamar / behandlar",
           "enhet": "eining", "enheten": "eininga", "bare": "berre", "selv": "sjølv",
           "sammen": "saman", "uker": "veker", "kommuner": "kommunar"},
    "nb": {"ikkje": "ikke", "kva": "hva", "dersom": "hvis", "korleis": "hvordan",
           "kven": "hvem", "kvar": "hvor / hver", "eg": "jeg", "nokon": "noen",
           "tenester": "tjenester", "tenesta": "tjenesten", "treng": "trenger", "eit": "et",
           "frå": "fra", "mykje": "mye", "vere": "være", "eining": "enhet",
           "eininga": "enheten", "berre": "bare", "sjølv": "selv", "saman": "sammen",
           "veker": "uker", "kommunar": "kommuner", "søkjar": "søker"},
}


def strip_addresses(text: str) -> str:
    """Remove URLs, e-mail addresses and host names: they are not words."""
    text = URL_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    return DOMAIN_RE.sub(" ", text)


def words(text: str) -> set[str]:
    """The words of ``text`` to spell-check: letter runs of two or more letters.

    Hyphenated words are checked part by part ("ID-porten" -> "ID", "porten"),
    as hunspell does; single letters ("§ 7-2 a") are not words.

    >>> sorted(words("Send e-post til post@fjord.kommune.no eller www.individplan.no, § 7-2 a."))
    ['Send', 'eller', 'post', 'til']
    """
    return {w for w in WORD_RE.findall(strip_addresses(text)) if len(w) > 1}


def word_positions(text: str) -> list[tuple[int, str]]:
    """``(line number, word)`` for every word of ``text`` (lines counted from 1)."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        out += [(n, w) for w in WORD_RE.findall(strip_addresses(line)) if len(w) > 1]
    return out


# -- hunspell -----------------------------------------------------------------------

_KNOWN: dict[str, dict[str, bool]] = {"nb": {}, "nn": {}}


def _run_hunspell(args: list[str], text: str) -> str:
    if shutil.which("hunspell") is None:
        raise IpformsError("hunspell is not installed, so spelling cannot be checked",
                           hint=f"install it: apt-get install {DEBS} (or run make test once)")
    try:
        proc = subprocess.run(["hunspell", "-i", "utf-8", *args], input=text,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IpformsError(f"hunspell could not run: {exc}") from None
    if proc.returncode != 0:
        raise IpformsError(f"hunspell {' '.join(args)} failed: {proc.stderr.strip()}",
                           hint=f"install the dictionaries: apt-get install {DEBS}")
    return proc.stdout


def hunspell_rejects(items: set[str], lang: str) -> set[str]:
    """The words of ``items`` that ``hunspell -d <lang>_NO`` does not know."""
    known = _KNOWN[lang]
    ask = sorted(w for w in items if w not in known)
    if ask:
        out = set(_run_hunspell(["-d", f"{lang}_NO", "-l"], "\n".join(ask) + "\n").split())
        for w in ask:
            known[w] = w not in out
    return {w for w in items if not known[w]}


def prime(items: set[str]) -> None:
    """Ask both dictionaries about ``items`` at once, in two hunspell processes that run
    side by side (loading a dictionary is most of hunspell's time); later checks of these
    words need no process."""
    ask = {lang: sorted(w for w in items if w not in _KNOWN[lang]) for lang in LANGS}
    if not any(ask.values()):
        return
    if shutil.which("hunspell") is None:
        _run_hunspell([], "")  # raises the error that says how to install it
    procs = {}
    try:
        for lang, ws in ask.items():
            if ws:
                procs[lang] = subprocess.Popen(
                    ["hunspell", "-i", "utf-8", "-d", f"{lang}_NO", "-l"], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        for lang, proc in procs.items():
            out, err = proc.communicate("\n".join(ask[lang]) + "\n", timeout=120)
            if proc.returncode != 0:
                raise IpformsError(f"hunspell -d {lang}_NO failed: {err.strip()}",
                                   hint=f"install the dictionaries: apt-get install {DEBS}")
            rejected = set(out.split())
            for w in ask[lang]:
                _KNOWN[lang][w] = w not in rejected
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IpformsError(f"hunspell could not run: {exc}") from None
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def suggestions(items: list[str], lang: str, limit: int = 3) -> dict[str, list[str]]:
    """hunspell's suggestions for misspelt words, in one process (about 0.1 s a word)."""
    if not items:
        return {}
    out = _run_hunspell(["-d", f"{lang}_NO", "-a"], "\n".join("^" + w for w in items) + "\n")
    found: dict[str, list[str]] = {w: [] for w in items}
    for line in out.splitlines():
        if line.startswith("&"):
            head, _, rest = line.partition(":")
            found[head.split()[1]] = [x.strip() for x in rest.split(",")][:limit]
    return found


# -- word lists ------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    word: str
    lang: str | None   # None: both standards
    why: str
    file: str
    line: int


def read_word_list(path: str | Path, text: str | None = None) -> list[Entry]:
    """Entries of a word list: one word a line, optionally ``nb:`` or ``nn:`` before it
    (only that standard) and ``# why`` after it; blank lines and ``#`` lines are skipped.

    Raises :class:`WordListError` naming the line for a line that is not one word.
    """
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WordListError(f"cannot read the word list: {exc}", file=path) from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        body, _, why = line.partition("#")
        body = body.strip()
        if not body:
            continue
        lang = None
        m = re.match(r"^(nb|nn)\s*:\s*(.*)$", body)
        if m:
            lang, body = m.group(1), m.group(2).strip()
        if not body or " " in body or not WORD_RE.fullmatch(body):
            raise WordListError(f"one word a line (letters only), got {line.strip()!r}",
                                file=path, line=n, hint="write each word on its own line; 'nn: word' for one "
                                    "standard only; '# why' after it")
        out.append(Entry(body, lang, why.strip(), str(path), n))
    return out


def shipped_list(name: str) -> list[Entry]:
    """A word list shipped with ipforms: ``common``, ``nb`` or ``nn``."""
    res = resources.files("ipforms") / "resources" / "words" / f"{name}.txt"
    entries = read_word_list(f"ipforms/resources/words/{name}.txt", res.read_text("utf-8"))
    lang = None if name == "common" else name
    return [Entry(e.word, e.lang or lang, e.why, e.file, e.line) for e in entries]


# -- the checker ------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    word: str
    kind: str  # "unknown" or "other-standard"

    def __str__(self) -> str:
        return self.word if self.kind == "unknown" else f"{self.word} (form of the other standard)"


@dataclass
class Checker:
    """Checks words against hunspell and the allowed words of each standard.

    ``allowed`` are the reviewed lists shipped with ipforms and the words of the
    municipality's own names (from its data file); ``local`` the words of the editors'
    words files.  A local word that only the other standard's dictionary knows passes
    only when it starts with a capital letter (a name or a title, like
    "Systemkoordinator" on an nn page): a lower-case form of the other standard ("ikke"
    on an nn page) is always an error.
    """

    allowed: dict[str, set[str]] = field(default_factory=lambda: {lang: set() for lang in LANGS})
    local: dict[str, set[str]] = field(default_factory=lambda: {lang: set() for lang in LANGS})

    @classmethod
    def shipped(cls) -> Checker:
        """The lists shipped with ipforms."""
        c = cls()
        for name in ("common", *LANGS):
            for e in shipped_list(name):
                for lang in ([e.lang] if e.lang else LANGS):
                    c.allowed[lang].add(e.word.lower())
        return c

    def add(self, entries: list[Entry]) -> None:
        """Add the entries of an editors' words file."""
        for e in entries:
            for lang in ([e.lang] if e.lang else LANGS):
                self.local[lang].add(e.word)

    def add_words(self, items: set[str], lang: str | None = None) -> None:
        """Add the words of a municipality's own names (from its data file), for one
        standard or both: a name is a name, whatever standard its words look like."""
        for lang_ in ([lang] if lang else LANGS):
            self.allowed[lang_] |= {w.lower() for w in items}

    def copy(self) -> Checker:
        return Checker({lang: set(ws) for lang, ws in self.allowed.items()},
                       {lang: set(ws) for lang, ws in self.local.items()})

    def check(self, items: set[str], lang: str) -> dict[str, Problem]:
        """The problem words of ``items`` in a text written in ``lang``."""
        own_rejects = hunspell_rejects(items, lang)
        local = {w.lower() for w in self.local[lang]}
        candidates = {w for w in own_rejects if w.lower() not in self.allowed[lang]}
        other_rejects = hunspell_rejects(candidates, OTHER[lang])
        out = {}
        for w in candidates:
            listed = w.lower() in local
            if w in other_rejects:
                if not listed:
                    out[w] = Problem(w, "unknown")
            elif not (listed and w[:1].isupper()):
                out[w] = Problem(w, "other-standard")
        return out

    def check_text(self, text: str, lang: str) -> dict[str, Problem]:
        return self.check(words(text), lang)


def advice(problem: Problem, lang: str, suggested: list[str] | None = None) -> str:
    """What to do about a problem word, for an editor."""
    if problem.kind == "other-standard":
        instead = COUNTERPARTS[lang].get(problem.word.lower())
        base = (f"'{problem.word}' is {NAME[OTHER[lang]]}; this text is {NAME[lang]}")
        return base + (f": write {instead}" if instead and instead != problem.word.lower()
                       else f": write the {NAME[lang]} form")
    base = f"'{problem.word}' is not in the {NAME[lang]} dictionary"
    return base + (f": did you mean {' / '.join(suggested)}?" if suggested else "")
