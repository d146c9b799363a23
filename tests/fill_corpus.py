"""The corpus of real third-party forms (tools/collect-forms.sh) and what the corpus test
fills into each: the same plan for tests/test_fill_corpus.py and bench/fill.py.

Run as a script (``python tests/fill_corpus.py [N]``) it fills the first N forms of the
whole corpus and prints one line per form that fails: a survey, not a test.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: where tools/collect-forms.sh puts the corpus (IPFORMS_FORMS_CORPUS: elsewhere)
CORPUS = Path(os.environ.get("IPFORMS_FORMS_CORPUS") or REPO / ".cache" / "forms-corpus")
TEXT = "Åse Ødegård æøå"
#: widget flags that keep a widget from being shown or printed
HIDDEN, NOVIEW = 2, 32


@dataclass
class Entry:
    file: str
    source: str
    sha256: str
    nfields: int
    types: str
    notes: str
    #: the folder the file is in (None: the corpus)
    base: Path | None = None

    @property
    def path(self) -> Path:
        return (self.base or CORPUS) / self.file

    def has(self, feature: str) -> bool:
        return feature in self.types or feature in self.notes


def collect() -> list[Entry]:
    """Collect the corpus (cached in :data:`CORPUS`; fast when there) and read its manifest.
    One process at a time (a lock file beside the corpus): pytest-xdist workers wait for
    the first one instead of downloading into the same folder at once."""
    CORPUS.parent.mkdir(parents=True, exist_ok=True)
    with open(CORPUS.parent / f"{CORPUS.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["bash", str(REPO / "tools" / "collect-forms.sh"), str(CORPUS)],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    found = collected()
    assert found is not None, f"tools/collect-forms.sh wrote no {CORPUS}/manifest.tsv"
    return found


def collected() -> list[Entry] | None:
    """The corpus's manifest if the corpus is collected, else None; never downloads."""
    try:
        with open(CORPUS / "manifest.tsv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except FileNotFoundError:
        return None
    return [Entry(r["file"], r["source"], r["sha256"], int(r["nfields"]), r["types"],
                  r["notes"]) for r in rows]


FEATURES = ("MK/R", "list=", "comb=", "encrypted", "radio=", "NeedAppearances", "XFA")


def sample(entries: list[Entry], size: int = 60) -> list[Entry]:
    """A deterministic sample: every form with a rare feature (rotated widgets, list boxes,
    encryption, NeedAppearances), every form not from the big pdf2json tax-form set, and
    then tax forms (with radio groups and comb fields first) in sha256 order up to
    ``size``."""
    rare = ("MK/R", "list=", "encrypted", "NeedAppearances")
    chosen = [e for e in entries if any(e.has(f) for f in rare)
              or e.source != "npm-pdf2json-1.1.2"]
    rest = sorted((e for e in entries if e not in chosen),
                  key=lambda e: (not (e.has("radio=") and e.has("comb=")), e.sha256))
    chosen += rest[:max(0, size - len(chosen))]
    return sorted(chosen, key=lambda e: e.file)


@dataclass
class Plan:
    values: dict[str, object] = field(default_factory=dict)
    #: field name -> the widgets (page index, rect) that must show the value
    boxes: dict[str, list[tuple[int, tuple[float, float, float, float]]]] = field(
        default_factory=dict)
    #: the checkboxes and radio groups among the values
    ticks: set[str] = field(default_factory=set)


def _visible(w) -> bool:
    try:
        x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    except (KeyError, ValueError, TypeError):
        return False
    return (not int(w.get("/F", 0)) & (HIDDEN | NOVIEW)) and abs(x2 - x1) > 4 and \
        abs(y2 - y1) > 4


def plan(reader, max_text: int = 6) -> Plan:
    """What to fill: up to ``max_text`` text fields with æøå, one checkbox, one radio
    group (its first state) and one choice (a list box if there is one: its last option),
    each only if it has a visible widget on a page and is not read-only."""
    from ipforms.forms.acroform import fields

    pages = {}
    for i, p in enumerate(reader.pages):
        for a in p.get("/Annots", []) or []:
            if hasattr(a, "idnum"):
                pages[a.idnum] = i
    out = Plan()
    texts = 0
    kinds_done: set[str] = set()
    found = fields(reader)
    choices = sorted((f for f in found if f.kind == "choice"),
                     key=lambda f: f.obj.get("/Ff", 0) & (1 << 17) != 0)  # list boxes first
    for f in [f for f in found if f.kind != "choice"] + choices:
        if f.readonly or f.kind in ("button", "signature"):
            continue
        if sum(1 for f2 in found if f2.name == f.name) > 1:
            continue  # fields sharing a name: addressed separately
        widgets = [(pages[w.indirect_reference.idnum], w) for w in f.widgets
                   if w.indirect_reference is not None and w.indirect_reference.idnum in pages
                   and _visible(w)]
        if not widgets:
            continue
        if f.kind == "text":
            if texts >= max_text:
                continue
            n = f.max_length if f.max_length is not None else len(TEXT)
            if n < 1:
                continue
            value: object = TEXT[:n]
            texts += 1
        elif f.kind in kinds_done:
            continue
        elif f.kind in ("checkbox", "radio") and f.value in f.states:
            continue  # already ticked: a tick would not show as a change
        elif f.kind == "checkbox":
            if not f.states:
                continue
            value = True if len(f.states) == 1 else "/" + f.states[0]
            widgets = [(p, w) for p, w in widgets if _has_state(w, f.states[0])] or widgets
        elif f.kind == "radio":
            if not f.states:
                continue
            value = "/" + f.states[0]
            widgets = [(p, w) for p, w in widgets if _has_state(w, f.states[0])]
        elif f.kind == "choice":
            if not f.options:
                continue
            value = f.options[-1][0]
        else:
            continue
        if not widgets:
            continue
        kinds_done.add(f.kind)
        out.values[f.name] = value
        if f.kind in ("checkbox", "radio"):
            out.ticks.add(f.name)
        out.boxes[f.name] = [(p, shown_rect(w, reader.pages[p])) for p, w in widgets]
    return out


def _has_state(w, state: str) -> bool:
    from ipforms.forms.acroform import normal_appearance

    n = normal_appearance(w)
    try:
        return n is not None and ("/" + state) in n
    except TypeError:
        return False


def _rect(w) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def shown_rect(w, page) -> tuple[float, float, float, float]:
    """Where viewers draw widget ``w`` (PDF points): its /Rect, but for a NoRotate widget
    (annotation flag 5) on a page with /Rotate its rect turned about its upper-left corner
    counterclockwise by the page's turn, so that it stays upright (PDF 32000-1, 12.5.3)."""
    x1, y1, x2, y2 = _rect(w)
    rot = int(page.get("/Rotate", 0) or 0) % 360
    if rot not in (90, 180, 270) or not int(w.get("/F", 0)) & 16:
        return x1, y1, x2, y2
    cos, sin = {90: (0, 1), 180: (-1, 0), 270: (0, -1)}[rot]
    (a, b), (c, d) = [(x1 + cos * (x - x1) - sin * (y - y2), y2 + sin * (x - x1) + cos * (y - y2))
                      for x, y in ((x1, y1), (x2, y2))]
    return min(a, c), min(b, d), max(a, c), max(b, d)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def on_image(rect, page) -> tuple[float, float, float, float]:
    """``rect`` (PDF points) as a rectangle in the coordinates of the rendered page
    (origin bottom left, as :func:`pdfcheck.changed_pixels` wants), page /Rotate applied."""
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    w, h = x1 - x0, y1 - y0
    rot = int(page.get("/Rotate", 0) or 0) % 360
    pts = []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[3])):
        x, y = x - x0, y - y0
        # (x, y) in the unrotated page -> (u, v) with v up in the turned image
        u, v = {0: (x, y), 90: (y, x), 180: (w - x, h - y), 270: (h - y, w - x)}[rot]
        if rot in (90, 270):
            v = (w - x) if rot == 90 else x
        pts.append((u, v))
    (u1, v1), (u2, v2) = pts
    return min(u1, u2), min(v1, v2), max(u1, u2), max(v1, v2)


ENGINES = ("poppler", "mupdf")
#: fewer changed pixels than this inside a widget's box: its value does not show
MIN_CHANGED = 3


@dataclass
class Miss:
    """A widget whose value does not show in a renderer."""
    engine: str
    page: int  # 0-based
    name: str
    rect: tuple[float, float, float, float]
    changed: int
    #: a tick that changed pixels but added no ink (its box vanished, say)
    no_ink: bool = False

    def __str__(self) -> str:
        if self.no_ink:
            return (f"{self.engine} p{self.page + 1} {self.name} {self.rect}: the tick adds no "
                    f"ink ({self.changed} px changed: a box that vanished changes pixels too)")
        return f"{self.engine} p{self.page + 1} {self.name} {self.rect}: {self.changed} px"


def unseen(src: Path, out: Path, p: Plan, reader, tmp: Path,
           before: dict | None = None) -> list[Miss]:
    """The widgets of plan ``p`` that show no change between the renders of ``src`` and of
    its filled copy ``out``, in Poppler and in MuPDF: a value shows when at least
    MIN_CHANGED pixels inside its widget's rectangle differ, and a tick when it also adds
    ink there.  ``before`` caches the renders of ``src`` (by engine and page) across
    calls."""
    from pdfcheck import changed_pixels, render

    before = {} if before is None else before
    pages = sorted({page for boxes in p.boxes.values() for page, _ in boxes})
    missing = []
    for engine in ENGINES:
        for page in pages:
            if (engine, page) not in before:
                before[engine, page] = render(src, page + 1, engine, tmp)
            a = before[engine, page]
            b = render(out, page + 1, engine, tmp)
            pdf_page = reader.pages[page]
            for name, boxes in p.boxes.items():
                for pg, rect in boxes:
                    if pg != page:
                        continue
                    shown = on_image(rect, pdf_page)
                    changed = changed_pixels(a, b, shown, a.height)
                    if changed < MIN_CHANGED:
                        missing.append(Miss(engine, page, name, rect, changed))
                    elif name in p.ticks and _ink(b, shown) <= _ink(a, shown):
                        missing.append(Miss(engine, page, name, rect, changed, no_ink=True))
    return missing


def _ink(img, rect) -> float:
    """How much darker than white ``rect`` (as :func:`on_image` gives it) is, in black
    pixels."""
    x1, y1, x2, y2 = rect
    box = (int(x1) + 1, int(img.height - y2) + 1, int(x2) - 1, int(img.height - y1) - 1)
    return sum((255 - v) * n for v, n in enumerate(img.crop(box).histogram())) / 255


def shown_text(src: Path, out: Path, p: Plan, reader) -> dict[str, bool]:
    """For each text value of plan ``p`` with a letter outside ASCII (æøå): whether its
    letters come out right in Poppler's text (pdftotext, which includes the widgets'
    appearances) of ``src`` filled as ``out``: the words that ``out`` has and ``src`` has
    not inside each of its widgets' rectangles have one of the value's letters outside
    ASCII and no letter that is not in the value (no "?" or mojibake; a value cut short
    by a small box still counts)."""
    from collections import Counter

    wanted = {k: v for k, v in p.values.items()
              if isinstance(v, str) and not v.startswith("/") and not v.isascii()
              and k in p.boxes}
    result = {k: True for k in wanted}
    for page in sorted({pg for k in wanted for pg, _ in p.boxes[k]}):
        pdf_page = reader.pages[page]
        before, after = (_words(pdf, page, pdf_page) for pdf in (src, out))
        for name, value in wanted.items():
            for pg, rect in p.boxes[name]:
                if pg != page:
                    continue
                box = on_image(rect, pdf_page)
                new = Counter(_inside(after, box)) - Counter(_inside(before, box))
                inside = "".join(new.elements())
                if inside.isascii() or not set(inside) <= set(value):
                    result[name] = False
    return result


def _words(pdf: Path, page: int, pdf_page) -> list[tuple[float, float, str]]:
    """The words of a page (pdftotext -bbox): centre in the coordinates of
    :func:`on_image`, and text."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1),
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    _, y0, _, y1 = on_image(pdf_page.mediabox, pdf_page)
    height = y1 - y0  # of the page as shown (pdftotext turns it by /Rotate)
    return [((float(m[1]) + float(m[3])) / 2, height - (float(m[2]) + float(m[4])) / 2,
             html.unescape(m[5]))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', xml)]


def _inside(words: list[tuple[float, float, str]], box) -> list[str]:
    u1, v1, u2, v2 = box
    return [w for x, y, w in words if u1 <= x <= u2 and v1 <= y <= v2]


if __name__ == "__main__":  # the survey
    import traceback

    from ipforms.forms.acroform import open_pdf
    from ipforms.forms.fill import fill_pdf

    entries = collect()
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else len(entries)
    bad = 0
    for e in entries[:limit]:
        try:
            _, reader = open_pdf(e.path)
            p = plan(reader)
            fill_pdf(e.path, p.values)
        except Exception as exc:  # noqa: BLE001 - a survey: report and go on
            bad += 1
            from ipforms.core.errors import IpformsError

            kind = "" if isinstance(exc, IpformsError) else "TRACEBACK "
            print(f"{e.file}\t{e.notes}\t{kind}{type(exc).__name__}: {exc}"[:300])
            if kind:
                traceback.print_exc(limit=2)
    print(f"{bad} of {min(limit, len(entries))} failed")
