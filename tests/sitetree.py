"""A small project tree for site tests: mkdocs.yml, content/<lang>/*.md, data files."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"
TESTBY = (FIX / "testby.yml").read_text(encoding="utf-8")

PAGES = {}
for _lang, _word in (("nb", "Tjenester"), ("nn", "Tenester")):
    PAGES[f"{_lang}/index.md"] = f"# {_word} i {{{{ municipality.name }}}}\n\n{{% include '_partials/kontakt.md' %}}\n"
    for _p in ("individuell-plan", "koordinator", "barnekoordinator"):
        PAGES[f"{_lang}/{_p}.md"] = (f"# {_p.capitalize()}\n\n{_word} {'fra' if _lang == 'nb' else 'frå'} "
                                     f"{{{{ unit.name }}}}.\n\n"
                                     f"{{{{ form_link('{_p}', 'Skjema') }}}}\n")
    PAGES[f"{_lang}/_partials/kontakt.md"] = "Ring {{ phone_link }}. Sist oppdatert {{ last_reviewed }}.\n"



def make(tmp_path, pages=None, data=None) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    # the demo's configuration, with a project's own content folder (as `ipforms new` makes)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", "docs_dir: content", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for rel, text in (pages if pages is not None else PAGES).items():
        p = root / "content" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    d = root / "data" / "municipalities"
    d.mkdir(parents=True)
    for slug, text in (data if data is not None else {"testby": TESTBY}).items():
        (d / f"{slug}.yml").write_text(text, encoding="utf-8")
    return root
