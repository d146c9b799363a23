"""The online form ("Fyll ut på nett"): one HTML page per municipality, form and language
that checks the answers in the browser and makes the filled PDF on the citizen's device.

Everything the browser needs is generated here at build time from the single sources,
so nothing is kept twice by hand:

* the form definitions (``forms/definitions/*.yml``): fields, types, labels, help,
  ``required`` / ``required_when``, maximum lengths;
* the report messages (``resources/messages.yml``) that ``ipforms validate`` uses, with
  every field's «label» (section) as validation writes it;
* the signing table (``resources/signing.yml``, :func:`ipforms.core.signing.export`) and the
  rules' parameters (``resources/checks.yml``, :func:`ipforms.validation.rules.params`, with the
  ``codes`` table of severity and field per finding): ``webform/rules.js`` is a port of
  :func:`ipforms.validation.rules.check_application` that takes every threshold, field list,
  severity and message code from them;
* a *fill plan* read from the very PDF the site publishes, the fullmakt's pages to print
  after the application and the fonts (:mod:`ipforms.site.fillplan`): ``webform/pdfwrite.js``
  appends an incremental update as :mod:`ipforms.forms.incremental` does, keeping the
  PDF's own bytes;
* the words of the page (``site/webform/texts.yml``, :mod:`ipforms.site.webtexts`).

The page works without JavaScript too: it then offers the PDF and the postal address.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from babel.dates import get_month_names

from ..validation import messages, rules
from ..validation.validate import attachment_rules
from ..core import services, signing
from ..core.lang import EXTRA_LANGS, WORDS, extra_text, has_cldr_words
from ..core.laws import with_citations
from ..core.municipality import EMAIL_RE, Municipality
from ..core.services import SERVICES
from ..forms.attach import FILE_NAMES, PURPOSES, description
from ..forms.fill import (MUNICIPALITY_FIELDS, SERVICE_FIELDS, municipality_values,
                          with_privacy_link)
from ..forms.formdef import NORWAY, FormDef, load_form
from ..forms.formlang import in_language
from ..forms.printpages import words as print_words
from .fillplan import fill_plan, imports_of, unicode_font, winansi_widths
from .pages import PRIVACY_PAGE
from .urls import form_path, page_path, relative_url
from .webtexts import text, texts
from .webdata import JSON_SHARED, SHARED_KEYS, SharedFile, dumps, file_name, own_blob, shared_file
from .webdata import page_blob  # noqa: F401 - the page data's JSON, as it was here

ASSETS = ("webform.js", "webform.css")
#: libraries the page loads only when a chosen file needs them (see webform/vendor/README.md),
#: written beside webform.js with their licences
VENDORED = ("pdf-lib.min.js", "pdf-lib.LICENSE.md", "utif.js", "utif.LICENSE")
#: the modules the served webform.js is joined from, in order (each has its own Node test in
#: tests/js/; each takes the page's data as an argument, so the rules run in Node too; page.js,
#: the page itself, comes last and uses them)
JS_MODULES = ("values.js", "numbers.js", "signing.js", "rules.js", "messages.js", "appearance.js",
              "pdfwrite.js", "files.js", "handover.js", "dates.js", "store.js", "steps.js", "summary.js",
              "shared.js", "page.js")
#: message codes the browser renders (all others stay with `ipforms validate`)
_MESSAGE_PREFIXES = ("attachment.file_", "field.", "services.", "sign.", "due_date.", "youth.", "fullmakt.",
                     "signing.", "verge.", "barnekoordinator.", "service.", "word.and", "form.", "age.",
                     "consent.", "hint.", "citizen.", "person.", "text.")
#: bytes of the largest PDF ipforms validate reads kept for the form itself (the application,
#: a fullmakt filled on the page, the font subset: about 300 kB); the files a citizen adds
#: may fill the rest
FORM_RESERVE = 1 << 20
_ROLE_PAGE = {"soknad": None, "individuell-plan": "individuell-plan",
              "koordinator": "koordinator", "barnekoordinator": "barnekoordinator"}


#: the files read, by name: (their size and time of change, their bytes)
_SOURCES: dict[str, tuple[tuple[int, int], bytes]] = {}
#: the folder of the files, when it is one on disk (not in a zip)
_FOLDER: list[str | None] = []


def _source(name: str) -> bytes:
    if not _FOLDER:
        res = resources.files("ipforms").joinpath("site/webform")
        _FOLDER.append(str(res) if isinstance(res, Path) and res.is_dir() else None)
    if _FOLDER[0] is None:
        return resources.files("ipforms").joinpath(f"site/webform/{name}").read_bytes()
    path = os.path.join(_FOLDER[0], name)
    st = os.stat(path)
    found = _SOURCES.get(name)
    if found is None or found[0] != (st.st_size, st.st_mtime_ns):
        with open(path, "rb") as f:
            found = _SOURCES[name] = ((st.st_size, st.st_mtime_ns), f.read())
    return found[1]


#: the joined webform.js: (the bytes of its parts, itself)
_JOINED: list[tuple[tuple[bytes, ...], bytes]] = []


def asset(name: str) -> bytes:
    """A file the form pages load; ``webform.js`` is :data:`JS_MODULES` joined in one scope
    (one request, no globals, no build tool: the modules are plain ES5)."""
    if name != "webform.js":
        return _source(name)
    sources = tuple(_source(m) for m in JS_MODULES)
    if not _JOINED or any(a is not b for a, b in zip(_JOINED[0][0], sources, strict=True)):
        parts = [f"/* --- {m} --- */\n".encode() + src for m, src in zip(JS_MODULES, sources,
                                                                          strict=True)]
        _JOINED[:] = [(sources, b"(function () {\n" + b"\n".join(parts) + b"\n})();\n")]
    return _JOINED[0][1]

# --- the data a page carries ----------------------------------------------------------------

def form_data(form: FormDef, lang: str) -> dict:
    form = in_language(form, lang)  # a third language: the municipality's own texts
    sections = []
    for s in form.sections:
        sections.append({
            "id": s.id, "title": s.title(lang), "text": s.text(lang) if s.text else "",
            "fields": [{
                "id": f.id, "type": f.type, "label": f.label(lang),
                "help": f.help(lang) if f.help else "", "required": f.required,
                "when": ({"field": f.required_when.field, "in": f.required_when.in_}
                         if f.required_when else None),
                "max": f.maxlen, "readonly": f.readonly, "lines": f.lines, "country": f.country,
                # labels: what the rules accept in place of the id (rules.normalise), both languages
                "options": [{"id": o.id, "label": o.label(lang), "labels": [o.label.nb, o.label.nn]}
                            for o in f.options],
                "ref": messages.field_label(f"{form.id}:{f.id}", lang),
            } for f in s.fields]})
    return {"id": form.id, "title": form.title(lang), "intro": form.intro(lang) if form.intro
            else "", "sections": sections}


#: CLDR territory codes that are no country to live in (Norway itself comes first)
_NOT_COUNTRIES = {"NO", "ZZ", "AQ", "BV", "HM", "UM", "EU", "EZ", "UN", "QO", "XA", "XB"}


def countries(lang: str) -> list[str]:
    """The country names a citizen picks from for an address, in ``lang`` (CLDR, via Babel):
    Norway first (its value is left empty in the PDF, as on paper), then the others in
    alphabetical order; territories without people are left out."""
    from babel import Locale

    loc = Locale.parse(lang)
    if lang in EXTRA_LANGS and not loc.territories:
        return []  # smj, sma: CLDR has no names (the page asks for the country as text)
    names = {code: name for code, name in loc.territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}
    return [loc.territories["NO"]] + sorted(set(names.values()), key=_collate)


def _collate(name: str) -> tuple:
    """Norwegian alphabetical order (Æ, Ø, Å last) well enough for a list of country names."""
    order = {"æ": "{0", "ø": "{1", "å": "{2"}
    key = "".join(order.get(ch, ch) for ch in name.casefold())
    import unicodedata
    return (unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode(), name)


def message_data(lang: str) -> dict[str, str]:
    """The report messages the browser shows, their ``{law:...}`` citations put in as
    ``ipforms validate`` does (messages.text)."""
    return {code: with_citations(extra_text(f"messages.{code}", lang) if lang in EXTRA_LANGS
                                 else t[lang], lang)
            for code, t in messages.catalogue().items() if code.startswith(_MESSAGE_PREFIXES)}


def signing_data(lang: str) -> dict:
    data = signing.export()
    if lang in EXTRA_LANGS:  # the same keys as the pages' "who signs" (signing.page_items)
        data["phrases"] = {pid: {"title": extra_text(f"signing.{pid}.title", lang),
                                 "text": signing.fill(extra_text(f"signing.{pid}.page", lang),
                                                      lang)}
                           for pid in data["phrases"]}
        return data
    data["phrases"] = {pid: {"title": p["title"][lang], "text": signing.fill(p["page"][lang], lang)}
                       for pid, p in data["phrases"].items()}
    return data


def month_names(lang: str) -> list[str] | None:
    """The months as a date is written out (CLDR, via Babel); None where CLDR has no
    words of the language (smj, sma): the page then writes a date in digits, as
    :func:`ipforms.core.lang.format_long_date` does for the pages and reports."""
    if not has_cldr_words(lang):
        return None
    return [get_month_names("wide", locale=lang)[i] for i in range(1, 13)]


def all_texts(lang: str) -> dict[str, str]:
    """The page's own words (site/webform/texts.yml; in a third language ``webform.<key>``
    of the municipality's translations) and the attachment pages' words."""
    return {**{k: with_citations(text(k, lang), lang) for k in texts()},
            **{f"attachment_{k}": w for k, w in print_words(lang).items()}}


def _js_regex(rx: re.Pattern) -> str:
    return rx.pattern  # the patterns used here mean the same in JavaScript


#: the parts of a page's data that depend only on the language and the form definitions
#: (the same for every municipality): made once per worker, and their JSON with them
_SHARED: dict[tuple[str, str], tuple[tuple, dict]] = {}


#: the keys of :func:`_shared` that depend on the language only (not on the form)
_LANG_KEYS = ("offered", "messages", "months", "countries", "norway", "rules", "signing", "texts",
              "attach")


def _shared(lang: str, form_id: str, like: dict | None = None) -> dict:
    """``like``: the other form's part of the same language, whose language-only values
    (:data:`_LANG_KEYS`) are taken, the same objects (webdata then finds them shared)."""
    defs = (load_form(form_id),) + ((load_form("fullmakt"),) if form_id == "soknad" else ())
    found = _SHARED.get((lang, form_id))
    # a third language's texts are the municipality's own: never shared between them
    if found is not None and all(a is b for a, b in zip(found[0], defs, strict=True)) \
            and lang not in EXTRA_LANGS \
            and (like is None or all(found[1][k] is like[k] for k in _LANG_KEYS)):
        return found[1]
    forms = {form_id: form_data(defs[0], lang)}
    if form_id == "soknad":
        forms["fullmakt"] = form_data(defs[1], lang)
    head = {"forms": forms, "readonly": list(MUNICIPALITY_FIELDS) if form_id == "soknad" else []}
    if like is not None:
        part = {**head, **{k: like[k] for k in _LANG_KEYS}}
        if lang not in EXTRA_LANGS:
            _SHARED[(lang, form_id)] = (defs, part)
        return part
    part = {
        **head,
        "offered": [services.key(s) for s in SERVICES],
        "messages": message_data(lang),
        "months": month_names(lang),
        # an address abroad: the country list (Norway first) and what names Norway
        "countries": countries(lang), "norway": list(NORWAY),
        # the rules' parameters, as ipforms validate reads them (resources/checks.yml)
        "rules": {**rules.params(), "name_fold": rules.name_fold(),
                  "name_space": rules.NAME_SPACE},
        "signing": signing_data(lang),
        # the attachment pages' words are those of ipforms fill (forms.printpages): one source
        "texts": all_texts(lang),
        # files the citizen adds (a vergefullmakt, a signed fullmakt): what is accepted, by
        # content, and the limits, as ipforms validate reads them; how they are named
        "attach": {**attachment_rules(), "room": attachment_rules()["max_file_bytes"] - FORM_RESERVE,
                   "desc": {k: description(k, lang) for k in PURPOSES},
                   # the names validate reads a file's purpose from (attach.purpose): in a
                   # third language those of the written standard (nb)
                   "names": {k: n.get(lang, n["nb"]) for k, n in FILE_NAMES.items()}},
    }
    if lang not in EXTRA_LANGS:
        _SHARED[(lang, form_id)] = (defs, part)
    return part


def page_data(m: Municipality, lang: str, key: str, plans: dict[str, dict],
              pdf_names: dict[str, str], shared: dict | None = None) -> dict:
    """The JSON a form page carries: form(s), messages, signing table, fill plans;
    ``shared``: ``_shared(lang, form)`` if the caller has it already."""
    form_id = "fullmakt" if key == "fullmakt" else "soknad"
    prefill: dict[str, object] = {}
    if form_id == "soknad":
        prefill.update(municipality_values(m, lang))
        if key in SERVICE_FIELDS:
            prefill[SERVICE_FIELDS[key]] = True
    if shared is None:  # the fullmakt's with the language's values of the soknad's
        shared = _shared(lang, "soknad")
        shared = shared if form_id == "soknad" else _shared(lang, form_id, like=shared)
    return {
        "lang": lang, "key": key, "form": form_id, "forms": shared["forms"],
        "prefill": prefill, "readonly": shared["readonly"],
        "offered": shared["offered"],
        "messages": shared["messages"],
        "months": shared["months"],
        "countries": shared["countries"], "norway": shared["norway"],
        "email_re": _js_regex(EMAIL_RE),
        "rules": shared["rules"],
        "signing": shared["signing"],
        "texts": shared["texts"],
        "attach": shared["attach"],
        "pdf": pdf_names, "plans": plans, "widths": winansi_widths(),
        "unifont": unicode_font(),
        "filename": f"{'fullmakt' if key == 'fullmakt' else 'soknad'}-"
                    f"{'' if key in ('soknad', 'fullmakt') else key + '-'}{m.slug}.pdf",
        # how to send it: the municipality's channels, as its pages list them
        # a secure digital channel first when there is one (never e-mail), then the others
        "contact": {"channels": m.channel_lines(lang),
                    "digital": ({"name": m.channels.digital.name(lang),
                                 "url": str(m.channels.digital.url)}
                                if m.channels.digital else None)},
    }


#: JSON of values many pages share (the parts from :func:`_shared`, the fonts, the fill
#: plans), by the value's identity; the value is kept with it, so that identity stays its
_JSON_MEMO: dict[int, tuple[object, str]] = {}
_JSON_SHARED = JSON_SHARED
_dumps = dumps


def _dumps_shared(value: object) -> str:
    found = _JSON_MEMO.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    if len(_JSON_MEMO) > 256:
        _JSON_MEMO.clear()
    text = _dumps(value)
    _JSON_MEMO[id(value)] = (value, text)
    return text


def page_json(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` of a page's data
    (:func:`page_data`), the same characters, with the shared parts serialised once."""
    parts = []
    for k, v in data.items():
        if k in _JSON_SHARED:
            text = _dumps_shared(v)
        elif k == "plans" and isinstance(v, dict):
            text = "{" + ",".join(f"{_dumps(name)}:{_dumps_shared(plan)}"
                                  for name, plan in v.items()) + "}"
        else:
            text = _dumps(v)
        parts.append(f"{_dumps(k)}:{text}")
    return "{" + ",".join(parts) + "}"


# --- the page ---------------------------------------------------------------------------------

def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _language_links(m: Municipality, lang: str, key: str, langs: tuple[str, ...]) -> str:
    """The links to this form page in the other languages the site has it in (``langs``),
    each named in its own language and marked so (the answers come along: store.js).
    nb and nn link each other; a third language links the municipality's written
    standard, and the written standard's page links the third language."""
    others = ["nn" if lang == "nb" else "nb"] if lang in ("nb", "nn") else [m.written_standard]
    if lang == m.written_standard:
        others += [x for x in langs if x in EXTRA_LANGS]
    links = []
    for n, other in enumerate(others):
        name = (text("other_lang", lang) if lang in ("nb", "nn") and other in ("nb", "nn")
                else WORDS["language_name"][other] if other in ("nb", "nn")
                else extra_text("language_name", other))
        href = Path(page_path(key, other)).name  # beside this page
        links.append(f'<a href="{_e(href)}" hreflang="{other}"'
                     + (' id="ipf-lang"' if n == 0 else "")
                     + f'><span lang="{other}">{_e(name)}</span></a>')
    return "\n · ".join(links)


def render_page(m: Municipality, lang: str, key: str, data: dict, pdf_file: str,
                langs: tuple[str, ...] = ("nb", "nn")) -> str:
    """The HTML of one form page (``data`` from :func:`page_data`); ``langs``: the
    languages the site has its online form in."""
    return page_html(m, lang, key, data, pdf_file, langs).decode("utf-8")


def data_file(lang: str, part: dict | None = None) -> SharedFile:
    """The language's data file (:mod:`ipforms.site.webdata`): the values of a soknad
    page's data (``part``: ``_shared(lang, "soknad")``) that every form page of ``lang`` has."""
    part = part if part is not None else _shared(lang, "soknad")
    extra = {"email_re": _js_regex(EMAIL_RE), "widths": winansi_widths(), "unifont": unicode_font()}
    return shared_file(lang, {k: extra[k] if k in extra else part[k] for k in SHARED_KEYS})


def page_html(m: Municipality, lang: str, key: str, data: dict, pdf_file: str,
              langs: tuple[str, ...] = ("nb", "nn"), shared: SharedFile | None = None) -> bytes:
    """:func:`render_page` in UTF-8 (its page data's JSON joined as bytes): the values
    not in the language's data file (``shared``: :func:`data_file`)."""
    form = data["forms"][data["form"]]
    here = page_path(key, lang)
    home = m.lang_prefix(lang)  # the municipality's own standard is at the site root
    back_page = _ROLE_PAGE.get(key)
    back_url = relative_url(here, home + (f"{back_page}/" if back_page else ""))
    back_name = form["title"] if back_page is None else text(f"page_{back_page}", lang)
    u = m.unit
    paper = text("paper_text", lang, address=_e(u.postal_address.one_line()), unit=_e(u.name(lang)))
    privacy = ""
    if m.privacy is not None:  # the privacy page (GDPR art. 13) of this standard
        href = relative_url(here, f"{home}{PRIVACY_PAGE}/")
        privacy = f' <a href="{_e(href)}" class="ipf-privacy">{_e(text("privacy_link", lang))}</a>.'
    noscript = text("noscript", lang, address=_e(u.postal_address.one_line()))
    other_link = _language_links(m, lang, key, langs)
    head = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(text('page_title', lang))}: {_e(form['title'])} – {_e(m.name(lang))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="webform.css">
</head>
<body>
<a class="ipf-skip" href="#ipf-main">{_e(text('skip', lang))}</a>
<header class="ipf-header"><p><a href="{_e(back_url)}">{_e(text('back', lang, page=back_name))}</a>
 · {_e(m.name(lang))}
 · {other_link}</p></header>
<main id="ipf-main" tabindex="-1">
<h1 id="ipf-h1">{_e(form['title'])}</h1>
<p class="ipf-lead">{_e(text('page_title', lang))}. {_e(text('privacy', lang))}{privacy}</p>
<section class="ipf-paper" aria-labelledby="ipf-paper-h">
<h2 id="ipf-paper-h">{_e(text('paper_title', lang))}</h2>
<p>{paper}</p>
<p><a href="{_e(pdf_file)}" type="application/pdf" download>{_e(text('paper_link', lang))}</a></p>
</section>
<noscript><p class="ipf-noscript">{noscript}</p></noscript>
<div id="ipf-app" data-state="loading"></div>
</main>
<script id="ipf-data" type="application/json">"""
    shared = shared if shared is not None else data_file(lang)
    return (head.encode("utf-8") + own_blob(data, shared) + b'</script>\n<script src="'
            + _e(file_name(lang)).encode() + _PAGE_END)


_PAGE_END = b""""></script>
<script src="webform.js"></script>
</body>
</html>
"""


def site_webforms(m: Municipality, lang: str, pdfs: dict[str, bytes],
                  bases: Mapping[str, bytes] | None = None,
                  langs: tuple[str, ...] = ("nb", "nn")) -> dict[str, bytes]:
    """The online form pages for ``m`` in ``lang`` (one per PDF the site publishes), and
    the shared script and style sheet; ``pdfs`` is what :func:`site_forms` made, ``bases``
    the blank form each was prefilled from (:func:`site_form_bases`): the plans then read
    only what the prefill changed."""
    out: dict[str, bytes] = {}
    plans_cache: dict[str, dict] = {}
    imports_cache: dict[str, dict] = {}
    printed: dict[str, dict] = {}  # the fullmakt's plan with its pages to print
    shared_cache: dict[str, dict] = {}
    shared: SharedFile | None = None
    # each PDF was prefilled from its blank with the privacy line drawn in (forms.fill):
    # that, not the bare blank, is what it begins with (remembered: no second drawing)
    blanks = dict(bases or {})
    linked: dict[int, bytes] = {}  # the same blank for several forms: drawn in once
    for base in blanks.values():
        if id(base) not in linked:
            linked[id(base)] = with_privacy_link(base, m, lang)
    bases = {path: linked[id(base)] for path, base in blanks.items()}

    def imports(path: str) -> dict:
        # the pages' drawing is the blank form's (the prefill appends an update that
        # changes only fields, which webform.js draws itself), and the byte ranges of the
        # blank's streams hold in the prefilled PDF, which begins with the blank's bytes
        if path not in imports_cache:
            base = (bases or {}).get(path)
            source = base if base is not None and pdfs[path].startswith(base) else pdfs[path]
            imports_cache[path] = imports_of(source)
        return imports_cache[path]

    def plan(path: str) -> dict:
        if path not in plans_cache:
            plans_cache[path] = fill_plan(pdfs[path], bases.get(path), blanks.get(path))
        return plans_cache[path]

    fullmakt_pdf = form_path("fullmakt", lang)
    keys = ["soknad"] + list(SERVICES) + ["fullmakt"]
    for key in keys:
        pdf_path = form_path(key, lang)
        if pdf_path not in pdfs:
            continue
        names = {"soknad" if key != "fullmakt" else "fullmakt": Path(pdf_path).name}
        plans = {("fullmakt" if key == "fullmakt" else "soknad"): plan(pdf_path)}
        if key != "fullmakt":
            names["fullmakt"] = Path(fullmakt_pdf).name
            # the fullmakt filled on the page is also printed after the application (one
            # object for every page: its JSON is made once, webdata)
            if fullmakt_pdf not in printed:
                printed[fullmakt_pdf] = dict(plan(fullmakt_pdf), imports=imports(fullmakt_pdf))
            plans["fullmakt"] = printed[fullmakt_pdf]
        form_id = "fullmakt" if key == "fullmakt" else "soknad"
        if not shared_cache:  # the language's values: one set of objects for both forms
            shared_cache["soknad"] = _shared(lang, "soknad")
            shared_cache["fullmakt"] = _shared(lang, "fullmakt", like=shared_cache["soknad"])
            shared = data_file(lang, shared_cache["soknad"])
            out[f"skjema/{file_name(lang)}"] = shared.script
        data = page_data(m, lang, key, plans, names, shared_cache[form_id])
        out[page_path(key, lang)] = page_html(m, lang, key, data, Path(pdf_path).name, langs,
                                              shared)
    for name in ASSETS:
        out[f"skjema/{name}"] = asset(name)
    for name in VENDORED:
        out[f"skjema/{name}"] = asset(f"vendor/{name}")
    return out
