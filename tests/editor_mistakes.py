"""Ten mistakes a web editor typically makes, planted in a copy of the demo project
(used by test_editor_mistakes.py and bench/preview.py).

Each mistake: the file it is in, the line, and what the check must name (a piece of the
message in nb and nn).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mistake:
    what: str
    file: str
    line: int
    #: a piece of the Norwegian message (the same in nb and nn) that names it
    says: str


def copy_demo(root: Path) -> Path:
    """The demo project (mkdocs.yml, content/, data/) copied to ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("content", "data"):
        shutil.copytree(REPO / name, root / name)
    return root


class _Saved(list):
    def __init__(self, pause):
        super().__init__()
        self.pause = pause

    def append(self, m: Mistake) -> None:
        super().append(m)
        if self.pause is not None:
            self.pause(m)


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in ``path``; the line it is on."""
    text = path.read_text(encoding="utf-8")
    i = text.index(old)
    path.write_text(text[:i] + new + text[i + len(old):], encoding="utf-8")
    return text.count("\n", 0, i) + 1


def plant(root: Path, pause=None) -> list[Mistake]:
    """Plant the ten mistakes in the demo copy at ``root``; ``pause(mistake)``, when
    given, is called after each is saved (bench/preview.py waits for it in the preview)."""
    c, d = root / "content", root / "data" / "municipalities"
    out = _Saved(pause)
    # 1. a bokmål word on an nn page
    n = _edit(c / "nn" / "koordinator.md", "sjølv om du ikkje ønskjer", "sjølv om du ikke ønskjer")
    out.append(Mistake("bokmål word in nn", "content/nn/koordinator.md", n, "«ikke» er bokmål"))
    # 2. a misspelling on an nb page
    n = _edit(c / "nb" / "koordinator.md", "samordner tjenestene", "samordner tjenestenne")
    out.append(Mistake("misspelling", "content/nb/koordinator.md", n, "«tjenestenne»"))
    # 3. a broken link (both standards, so nb and nn still say the same)
    for lang in ("nb", "nn"):
        n = _edit(c / lang / "index.md", "](barnekoordinator.md)", "](barnekordinator.md)")
    out.append(Mistake("broken link", "content/nb/index.md", n, "barnekordinator.md"))
    # 4. a broken anchor
    n = _edit(c / "nb" / "index.md", "](koordinator.md)", "](koordinator.md#hvem-har-rett)")
    _edit(c / "nn" / "index.md", "](koordinator.md)", "](koordinator.md#kven-har-rett)")
    out.append(Mistake("broken anchor", "content/nb/index.md", n, "hvem-har-rett"))
    # 5. a law cited as plain text
    n = _edit(c / "nb" / "individuell-plan.md", "## Hva står i planen?",
              "## Hva står i planen?\n\nSe pasient- og brukerrettighetsloven § 2-5.")
    _edit(c / "nn" / "individuell-plan.md", "## Kva står i planen?",
          "## Kva står i planen?\n\nSjå pasient- og brukarrettslova § 2-5.")
    out.append(Mistake("law as plain text", "content/nb/individuell-plan.md", n + 2, "§ 2-5"))
    # 6. a key left out (the unit's e-mail address)
    _edit(d / "oyer.yml", "  email: postmottak.plo@oyer.kommune.no\n", "")
    n = (d / "oyer.yml").read_text(encoding="utf-8").split("\n").index("unit:") + 1
    out.append(Mistake("missing key", "data/municipalities/oyer.yml", n, "«email»"))
    # 7. a date that does not exist, written the Norwegian way
    n = _edit(d / "oyer.yml", "last_reviewed: 2026-11-02", "last_reviewed: 31.04.2026")
    out.append(Mistake("31.04.2026", "data/municipalities/oyer.yml", n, "2026-04-30"))
    # 8. a phone number with letters
    n = _edit(d / "oyer.yml", "phone: 61 26 60 00", "phone: 61 26 60 OO")
    out.append(Mistake("phone with letters", "data/municipalities/oyer.yml", n, "telefonnummer"))
    # 9. a colour white text cannot be read on
    n = _edit(d / "oyer.yml", 'colour: "#2f5d1e"', 'colour: "#f5c518"')
    out.append(Mistake("low-contrast colour", "data/municipalities/oyer.yml", n, "#f5c518"))
    # 10. a heading renamed in one standard only
    n = _edit(c / "nb" / "barnekoordinator.md", "## Hva gjør barnekoordinatoren?",
              "## Hva gjør koordinatoren for familien?")
    nn_text = (c / "nn" / "barnekoordinator.md").read_text(encoding="utf-8")
    nn_line = nn_text.count("\n", 0, nn_text.index("## Kva gjer barnekoordinatoren?")) + 1
    out.append(Mistake("heading renamed in nb only", "content/nb/barnekoordinator.md", n,
                       f"content/nn/barnekoordinator.md:{nn_line}"))
    return list(out)
