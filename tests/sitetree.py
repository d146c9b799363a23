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


def pseudo_translate(root: Path, slug: str, lang: str = "se", *, leave_out: tuple[str, ...] = ()
                     ) -> None:
    """Give municipality ``slug`` of the project at ``root`` a complete third language in
    an obviously fake pseudo-locale ("[se] ..."; never real Sámi): ``languages: [lang]``
    in its data, ``[lang] <nb text>`` beside every data text, its pages in
    ``content/<lang>/`` and every key ipforms asks for in ``<slug>.<lang>.yml`` (less the
    keys and pages in ``leave_out``). Missing keys are found as the build finds them."""
    import yaml

    from ipforms.core.municipality import load_municipality
    from ipforms.site import overlay, thirdlang

    data = root / "data" / "municipalities" / f"{slug}.yml"
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    raw["languages"] = [lang]
    data.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    m = load_municipality(data)
    for path in thirdlang.missing_data_texts(m, lang):
        node = raw
        for key in path.split("."):
            node = node[key]
        node[lang] = f"[{lang}] {node['nb']}"
    data.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    m = load_municipality(data)
    layers = overlay.layers(root / "content")
    (st,) = thirdlang.language_status(m, data, layers)
    for page in st.pages:
        if page in leave_out:
            continue
        name = page.split("/", 1)[1][:-3]
        p = root / "content" / page
        p.parent.mkdir(parents=True, exist_ok=True)
        link = (f"\n\n{{{{ form_link('{name}', '[{lang}] form') }}}}\n"
                if name in ("individuell-plan", "koordinator", "barnekoordinator") else "\n")
        p.write_text(f"# [{lang}] {name}\n\n[{lang}] {{{{ unit.name }}}}, {{{{ phone_link }}}}, "
                     f"{{{{ law('fvl', '12') }}}}, {{{{ last_reviewed }}}}.{link}",
                     encoding="utf-8")
    (st,) = thirdlang.language_status(m, data, layers)
    texts = dict(st.texts)
    texts.update({k: f"[{lang}] {k}" for k in st.keys + st.form_keys + st.online_keys
                  if k not in leave_out})
    data.with_name(f"{slug}.{lang}.yml").write_text(
        yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
