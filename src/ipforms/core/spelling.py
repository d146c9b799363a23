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
#: an address starts where a run of the characters before the '@' starts (else a long
#: run without '@' is scanned again from each of its characters: quadratic)
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                      r"\.[A-Za-z]{2,}")
#: host names written without a scheme, like individplan.no: found by
#: :func:`_strip_domains` in the runs of these characters, in linear time (a regular
#: expression for them took 4 s for 20 kB of "a.a.a." and minutes for more)
_HOST_RUN_RE = re.compile(r"[A-Za-z0-9.-]+")
TLDS = frozenset(("no", "com", "org", "net"))
LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
WORD_RE = re.compile(f"[{LETTERS}]+")

#: The usual forms of the other standard, with what to write instead (for the hint).
COUNTERPARTS = {
    "nn": {"ikke": "ikkje", "hva": "kva", "hvis": "dersom / viss", "hvordan": "korleis",
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


#: the ending of an abbreviation, after a hyphen: "PDF-en", "PDF-ane", "ID-en" (not a word)
ABBREVIATION_ENDING_RE = re.compile(r"(?<=[A-ZÆØÅ0-9])-(?:en|et|a|ar|er|ane|ene|ne|s)\b")


def strip_addresses(text: str) -> str:
    """Remove URLs, e-mail addresses and host names: they are not words; nor the
    ending of an abbreviation ("PDF-en")."""
    text = URL_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    text = ABBREVIATION_ENDING_RE.sub(" ", text)
    return _strip_domains(text)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _strip_domains(text: str) -> str:
    """``text`` with host names (``individplan.no``, ``fjord.kommune.no``) made blank:
    dot-separated labels of letters, digits and hyphens of which the last is no, com,
    org or net (or starts with one and a hyphen: ``nav.no-siden``), not stuck to a
    letter before or after.  Each character is looked at a bounded number of times.

    >>> _strip_domains("Se individplan.no, NAV.no. og slutt.Neste nav.no-siden blå.no")
    'Se               ,       . og slutt.Neste       -siden blå.no'
    """
    out: list[str] = []
    done = 0
    for m in _HOST_RUN_RE.finditer(text):
        run = m.group()
        if "." not in run:
            continue
        start, end = m.span()
        before_word = start > 0 and _word_char(text[start - 1])
        after_word = end < len(text) and _word_char(text[end])
        labels = run.split(".")
        pos = start
        spans: list[tuple[int, int]] = []  # (start, end) of each label in text
        for label in labels:
            spans.append((pos, pos + len(label)))
            pos += len(label) + 1
        i = 0
        while i < len(labels):
            if not labels[i] or (i == 0 and before_word):
                i += 1
                continue
            j = i  # the labels i..j follow one another, none empty
            while j + 1 < len(labels) and labels[j + 1]:
                j += 1
            last = j - 1 if (j == len(labels) - 1 and after_word) else j
            for k in range(last, i, -1):  # the last top-level domain wins
                tld = labels[k].split("-", 1)[0]  # nav.no-siden: nav.no
                if tld.lower() in TLDS:
                    stop = spans[k][0] + len(tld)
                    out.append(text[done:spans[i][0]])
                    out.append(" " * (stop - spans[i][0]))
                    done = stop
                    break
            i = j + 1
    out.append(text[done:])
    return "".join(out)


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
    # addresses are stripped from the whole text at once: none of them holds a line
    # break, so the lines stay where they were (a 250 kB text: 4x faster than per line)
    for n, line in enumerate(strip_addresses(text).split("\n"), 1):
        out += [(n, w) for w in WORD_RE.findall(line) if len(w) > 1]
    return out


# -- hunspell -----------------------------------------------------------------------

_KNOWN: dict[str, dict[str, bool]] = {"nb": {}, "nn": {}}
#: a longer run of letters is no word of either standard and is never given to hunspell
#: (which took 8 s over one of 20,000 letters, and longer for more)
MAX_WORD = 100


#: where hunspell's answers are kept between runs (:func:`use_cache_dir`; None: not kept)
_CACHE_DIR: Path | None = None
#: lang -> the cache file read for it this process (None: no cache for it)
_CACHE_FILE: dict[str, Path | None] = {}
#: the most answers a cache file keeps per dictionary (a project has a few thousand words)
CACHE_MAX = 100_000


def use_cache_dir(path: str | Path | None) -> None:
    """Keep hunspell's answers in ``path`` between runs (the CLI: ``~/.cache/ipforms/
    spelling``): loading a dictionary is most of hunspell's time (0.1-0.2 s of CPU each,
    a third of a whole ``ipforms check``), and a project's words change little from one
    check to the next.  The answers are kept per dictionary, in a file named after the
    hunspell program and the dictionary files it can find (path, size, time), so a new
    dictionary or hunspell starts afresh."""
    global _CACHE_DIR
    _CACHE_DIR = Path(path) if path is not None else None
    _CACHE_FILE.clear()


def keep_answers_between_runs() -> None:
    """:func:`use_cache_dir` in the CLI's cache, beside the blank forms:
    ``$XDG_CACHE_HOME/ipforms/spelling`` (``~/.cache/ipforms/spelling``)."""
    from .files import user_cache_dir
    use_cache_dir(user_cache_dir() / "spelling")


def _dictionary_files(lang: str) -> list[str]:
    """The files hunspell may read for ``lang`` (its search path, as ``hunspell -D``
    lists it), with their size and time, and the hunspell program's own."""
    import os
    dirs = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
    dirs += [".", "/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts",
             "/usr/local/share/hunspell", "/usr/local/share/myspell"]
    out = []
    program = shutil.which("hunspell")
    for f in [program or "hunspell"] + [f"{d}/{lang}_NO.{ext}" for d in dirs for ext in ("dic", "aff")]:
        try:
            st = os.stat(f)
        except OSError:
            continue
        out.append(f"{os.path.abspath(f)} {st.st_size} {st.st_mtime_ns}")
    return out if program and len(out) > 1 else []


def _cache_load(lang: str) -> None:
    """Read the kept answers for ``lang`` (once a process); a cache that cannot be read
    is not used (it is only a cache)."""
    if _CACHE_DIR is None or lang in _CACHE_FILE:
        return
    import hashlib
    files = _dictionary_files(lang)
    if not files:
        _CACHE_FILE[lang] = None
        return
    key = hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
    path = _CACHE_FILE[lang] = _CACHE_DIR / f"{lang}-{key}.txt"
    from .files import read_text
    try:
        text = read_text(path, lambda message, file: IpformsError(message),
                         limit=CACHE_MAX * (MAX_WORD * 2 + 2))
    except IpformsError:
        return
    known = _KNOWN[lang]
    for line in text.splitlines():
        if line[1:] and line[0] in "+-" and len(line) <= MAX_WORD * 2 + 1:
            known.setdefault(line[1:], line[0] == "+")


def _cache_save(lang: str) -> None:
    """Keep the answers for ``lang`` (written whole, atomically; never fails a check)."""
    path = _CACHE_FILE.get(lang)
    known = _KNOWN[lang]
    if path is None or len(known) > CACHE_MAX:
        return
    from .files import atomic_write
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, "".join(("+" if ok else "-") + w + "\n"
                                   for w, ok in sorted(known.items())
                                   if len(w) <= MAX_WORD and "\n" not in w))
    except (OSError, IpformsError):
        pass


def _unasked(items, lang: str) -> list[str]:
    """The words of ``items`` hunspell has not been asked about for ``lang``, sorted;
    words longer than :data:`MAX_WORD` are recorded as unknown without asking."""
    _cache_load(lang)
    known = _KNOWN[lang]
    out = []
    for w in items:
        if w not in known:
            if len(w) > MAX_WORD:
                known[w] = False
            else:
                out.append(w)
    return sorted(out)


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


class _Pipe:
    """One ``hunspell -a`` process kept running for a dictionary (the preview: a word
    asked after a save costs microseconds, not the 0.1-0.3 s of loading a dictionary)."""

    def __init__(self, lang: str):
        self.proc = subprocess.Popen(["hunspell", "-i", "utf-8", "-a", "-d", f"{lang}_NO"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        assert self.proc.stdout is not None
        self.proc.stdout.readline()  # the banner

    def ask(self, word: str) -> tuple[bool, list[str]]:
        """Whether the dictionary knows ``word``, and its suggestions when not."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("^" + word + "\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise OSError("hunspell stopped")
            if line == "\n":
                break
            lines.append(line.rstrip("\n"))
        first = lines[0] if lines else "*"
        if first[:1] in "*+-":
            return True, []
        _, _, rest = first.partition(":")
        return False, [x.strip() for x in rest.split(",") if x.strip()]


#: at most this many new words go to the running process (``-a`` works out suggestions
#: for every word it does not know); more, as after the first save, to ``hunspell -l``
PIPE_MAX = 20
#: lang -> the running ``hunspell -a`` (see :func:`keep_running`)
_PIPES: dict[str, _Pipe] = {}
_SUGGESTED: dict[str, dict[str, list[str]]] = {"nb": {}, "nn": {}}


def keep_running() -> None:
    """From now on, ask one ``hunspell -a`` process per dictionary that stays running
    (for a long-running preview); its answers are cached like the others."""
    if shutil.which("hunspell") is None:
        _run_hunspell([], "")  # raises the error that says how to install it
    for lang in LANGS:
        if lang not in _PIPES:
            try:
                _PIPES[lang] = _Pipe(lang)
            except OSError as exc:
                raise IpformsError(f"hunspell could not run: {exc}") from None


def _ask_pipe(lang: str, words: list[str]) -> None:
    try:
        for w in words:
            ok, offered = _PIPES[lang].ask(w)
            _KNOWN[lang][w] = ok
            if not ok:
                _SUGGESTED[lang][w] = offered
    except OSError as exc:
        _PIPES.pop(lang, None)
        raise IpformsError(f"hunspell could not run: {exc}") from None


def hunspell_rejects(items: set[str], lang: str) -> set[str]:
    """The words of ``items`` that ``hunspell -d <lang>_NO`` does not know."""
    known = _KNOWN[lang]
    ask = _unasked(items, lang)
    if ask and lang in _PIPES and len(ask) <= PIPE_MAX:
        _ask_pipe(lang, ask)
    elif ask:
        out = set(_run_hunspell(["-d", f"{lang}_NO", "-l"], "\n".join(ask) + "\n").split())
        for w in ask:
            known[w] = w not in out
        _cache_save(lang)
    return {w for w in items if not known[w]}


def prime(items: set[str]) -> None:
    """Ask both dictionaries about ``items`` at once, in two hunspell processes that run
    side by side (loading a dictionary is most of hunspell's time); later checks of these
    words need no process."""
    ask = {lang: _unasked(items, lang) for lang in LANGS}
    if not any(ask.values()):
        return
    if _PIPES and all(len(ws) <= PIPE_MAX for ws in ask.values()):
        for lang, ws in ask.items():
            if lang in _PIPES:
                _ask_pipe(lang, ws)
        ask = {lang: ws for lang, ws in ask.items() if lang not in _PIPES}
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
            _cache_save(lang)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IpformsError(f"hunspell could not run: {exc}") from None
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def splits(word: str, suggestion: str) -> bool:
    """Whether ``suggestion`` is ``word`` cut in two (særskriving: "ansvars gruppemøter"
    or "ansvars-gruppemøter" for "ansvarsgruppemøter"), which Norwegian never wants for a
    compound.

    >>> splits("ansvarsgruppemøter", "ansvars gruppemøter"), splits("tjenestenne", "tjenestene")
    (True, False)
    """
    joined = re.sub(r"[\s-]+", "", suggestion)
    return joined != suggestion and joined.lower() == word.lower()


def suggestions(items: list[str], lang: str, limit: int = 3) -> dict[str, list[str]]:
    """hunspell's suggestions for misspelt words, in one process (about 0.1 s a word);
    never the word cut in two (:func:`splits`): when that is hunspell's best guess, the
    word is a compound of words it knows, and the one suggestion is the word as written."""
    found: dict[str, list[str]] = {w: [] for w in items}
    items = [w for w in items if len(w) <= MAX_WORD]  # none to offer for those
    if not items:
        return found
    answers: list[tuple[str, list[str]]] = []
    if lang in _PIPES:
        _ask_pipe(lang, [w for w in items if w not in _SUGGESTED[lang]])
        answers = [(w, _SUGGESTED[lang].get(w, [])) for w in items]
    else:
        out = _run_hunspell(["-d", f"{lang}_NO", "-a"], "\n".join("^" + w for w in items) + "\n")
        for line in out.splitlines():
            if line.startswith("&"):
                head, _, rest = line.partition(":")
                answers.append((head.split()[1], [x.strip() for x in rest.split(",")]))
    for word, offered in answers:
        if offered and splits(word, offered[0]):  # its best guess is the word cut in two
            found[word] = [word]
        else:
            found[word] = [x for x in offered if not splits(word, x)][:limit]
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
        from .files import read_text  # never a pipe, never a link out of its folder

        def error(message: str, *, file: str | Path) -> WordListError:
            return WordListError(f"cannot read the word list: {message}", file=file)
        text = read_text(path, error, within=path.parent, limit=16 << 20)
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
    if suggested == [problem.word]:  # a compound of known words: never cut it in two
        return base + ", but it is a compound of words it knows: if it is right, keep it as one word"
    return base + (f": did you mean {' / '.join(suggested)}?" if suggested else "")
