"""A municipality's third language on its site (sameloven chapter 3): is it complete?

A language listed in the data's ``languages`` is published only when nothing in it
is missing: every page the site has in nb (from the project's ``content/<lang>/``),
every data text (its ``<lang>:`` key), and every text ipforms itself writes on those
pages, in the theme and in the forms (the translations file, see
:mod:`ipforms.core.translations`).  :func:`language_status` finds what is missing by
rendering the pages with a recorder, so ``ipforms check`` names each key and the
build says why a language is left out; nothing is ever filled in with Norwegian.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import TemplateError
from ..core.lang import Translations, using, word
from ..core.municipality import Municipality
from ..core.translations import load_translations, missing_data_texts, translations_file
from . import overlay, pages, render

#: Material's interface texts our pages show (partials/languages/<lang>.html reads
#: them from ``theme.<key>`` of the translations): the keys of the features
#: mkdocs.yml turns on (no blog, consent, repository or version selector)
THEME_KEYS = ("action.skip", "header", "footer", "footer.next", "footer.previous", "nav",
              "search", "search.placeholder", "search.reset", "search.result.initializer",
              "search.result.placeholder", "search.result.none", "search.result.one",
              "search.result.other", "search.result.more.one", "search.result.more.other",
              "search.result.term.missing", "select.language", "toc", "top",
              "clipboard.copy", "clipboard.copied")


@dataclass
class LangStatus:
    """What a third language of one municipality has and lacks."""

    lang: str
    texts: dict[str, str]
    #: the translations file (it need not exist yet)
    file: Path
    #: pages the site has in nb but the project has not written in ``lang``: ``se/koordinator.md``
    pages: list[str] = field(default_factory=list)
    #: keys of the translations file that are missing: ``words.phone``
    keys: list[str] = field(default_factory=list)
    #: data texts without a ``lang`` text: ``unit.name``
    data: list[str] = field(default_factory=list)
    #: pages that do not render (a wrong placeholder)
    errors: list[TemplateError] = field(default_factory=list)
    #: keys the forms (PDF) need beyond those in ``keys``: ``forms.soknad.title``
    form_keys: list[str] = field(default_factory=list)
    #: keys the online form needs beyond those in ``keys`` and ``form_keys``:
    #: ``webform.submit``, ``messages.field.required``
    online_keys: list[str] = field(default_factory=list)
    #: translations of the online form's texts with a ``{placeholder}`` the nb text lacks
    #: (or a lone brace): ``(key, what is wrong)``
    online_bad: list[tuple[str, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the pages are complete (then the language is published)."""
        return not (self.pages or self.keys or self.data or self.errors)

    @property
    def forms_complete(self) -> bool:
        """Whether the forms can be made in the language too (its pages then link them;
        until then they link the forms in the municipality's written standard)."""
        return self.complete and not self.form_keys

    @property
    def online_complete(self) -> bool:
        """Whether the online form is published in the language too, beside its PDFs
        (until then its pages link the online form in the written standard)."""
        return self.forms_complete and not (self.online_keys or self.online_bad)

    def count(self) -> int:
        return len(self.pages) + len(self.keys) + len(self.data) + len(self.errors)

    def translations(self) -> Translations:
        return Translations(self.lang, self.texts)

    def theme_texts(self) -> dict[str, str]:
        """The interface texts for partials/languages/<lang>.html (the theme writes
        them as they are: escaped here, so a text cannot be markup)."""
        return {k: html.escape(self.texts[f"theme.{k}"]) for k in THEME_KEYS
                if f"theme.{k}" in self.texts}

    def language_name(self) -> str:
        return self.texts.get("language_name", self.lang)


def site_pages(m: Municipality, layers: list[Path]) -> list[str]:
    """The page names the site publishes (those it has in nb)."""
    names = []
    for rel in overlay.resolve(layers):
        pn = pages.page_name(rel)
        if pn and pn[0] == "nb" and pages.wanted(rel, m):
            names.append(pn[1])
    return sorted(names)


def language_status(m: Municipality, data_file: Path, layers: list[Path],
                    *, forms: bool = True) -> list[LangStatus]:
    """One :class:`LangStatus` per language of ``m.languages`` (a bad translations
    file raises its DataError).  ``forms`` is for when the forms have texts of their
    own in the third language; until then the pages link to the forms in the
    municipality's written standard (see pages.context)."""
    out = []
    have = overlay.resolve(layers)
    for lang in m.languages:
        texts = load_translations(data_file, lang)
        st = LangStatus(lang, texts, translations_file(data_file, lang),
                        data=missing_data_texts(m, lang))
        rec = Translations(lang, texts, record=True)
        # as the build links them: with the online form's link beside each PDF
        links = {k: pages.FormFile(pages.form_path(k, m.written_standard), None)
                 for k in pages.FORM_KEYS} if forms else None
        with using(rec):
            rec.get("language_name")
            for key in THEME_KEYS:
                rec.get(f"theme.{key}")
            for key in ("phone", "email", "accessibility") + (("privacy",) if m.privacy else ()):
                word(key, lang)  # the footer
            renderer = render.renderer(layers, lang)
            for name in site_pages(m, layers):
                if f"{lang}/{name}.md" not in have:
                    st.pages.append(f"{lang}/{name}.md")
                    continue
                url = f"{lang}/" + ("" if name == "index" else f"{name}/")
                try:
                    renderer.render(f"{name}.md", pages.context(m, lang, name, page_url=url,
                                                                forms=links))
                except TemplateError as exc:
                    st.errors.append(exc)
        st.keys = sorted(rec.missing)
        if forms:
            st.form_keys = sorted(form_keys(m, lang, texts) - rec.missing)
            st.online_bad = webform_placeholders(texts)
            # a text with a wrong placeholder is listed as such, not as missing
            usable = {**texts, **{k: "-" for k, _ in st.online_bad}}
            st.online_keys = sorted(webform_keys(m, lang, usable) - rec.missing
                                    - set(st.form_keys))
        out.append(st)
    return out


def form_keys(m: Municipality, lang: str, texts: dict[str, str]) -> set[str]:
    """The keys of the translations file the forms (application and fullmakt, PDF) lack
    in ``lang``: every text the drawing, the tooltips and the municipality block use."""
    try:
        from ..forms import pdfdraw
        from ..forms.fill import municipality_values
        from ..forms.formdef import load_form
        from ..forms.formlang import in_language
    except ImportError:  # a pages-only install: no forms to make
        return set()
    rec = Translations(lang, texts, record=True)
    with using(rec):
        for form_id in ("soknad", "fullmakt"):
            form = in_language(load_form(form_id), lang)
            pdfdraw.render_html(form, lang)
            for f in form.fields:
                pdfdraw.tooltip(f, lang)
        municipality_values(m, lang)
    return rec.missing


def webform_keys(m: Municipality, lang: str, texts: dict[str, str]) -> set[str]:
    """The keys of the translations file the online form lacks in ``lang``: every text
    its pages carry (:func:`ipforms.site.webform.page_data`) and show
    (:func:`~ipforms.site.webform.render_page`), for each form page the site has."""
    try:
        from .webform import page_data, render_page
    except ImportError:  # a pages-only install: no online form
        return set()
    from ..core.services import SERVICES

    rec = Translations(lang, texts, record=True)
    with using(rec):
        for key in ("soknad", *SERVICES, "fullmakt"):
            data = page_data(m, lang, key, {}, {})
            render_page(m, lang, key, data, "skjema.pdf")
    return rec.missing


def webform_placeholders(texts: dict[str, str]) -> list[tuple[str, str]]:
    """The online form's translations (``webform.<key>``) whose ``{placeholders}`` are
    not those of the nb text: the page would show a gap or a wrong value."""
    import string

    from ..core.laws import CITATION_RE
    from .webtexts import texts as webform_texts

    def names(t: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(CITATION_RE.sub("", t)) if n}

    out = []
    for key, both in webform_texts().items():
        own = texts.get(f"webform.{key}")
        if own is None:
            continue
        try:
            extra = names(own) - names(both["nb"])
        except ValueError:
            out.append((f"webform.{key}", "a { or } stands alone (write {{ or }})"))
            continue
        if extra:
            allowed = ", ".join(sorted("{" + n + "}" for n in names(both["nb"]))) or "none"
            out.append((f"webform.{key}", f"unknown placeholder "
                        f"{', '.join('{' + n + '}' for n in sorted(extra))} (the text has "
                        f"{allowed})"))
    return out


def describe(st: LangStatus) -> str:
    """One line for the build: why ``st.lang`` is not published."""
    parts = []
    if st.pages:
        parts.append(f"{len(st.pages)} page(s) ({', '.join(st.pages[:3])}"
                     + (" ..." if len(st.pages) > 3 else "") + ")")
    if st.data:
        parts.append(f"{len(st.data)} data text(s) ({', '.join(st.data[:3])}"
                     + (" ..." if len(st.data) > 3 else "") + ")")
    if st.keys:
        parts.append(f"{len(st.keys)} text(s) of {st.file.name} ({', '.join(st.keys[:3])}"
                     + (" ..." if len(st.keys) > 3 else "") + ")")
    if st.errors:
        parts.append(f"{len(st.errors)} page(s) that do not render")
    return f"{st.lang} is not published: missing {'; '.join(parts)}"


def describe_forms(st: LangStatus) -> str:
    """One line for the build: why the forms in ``st.lang`` are not made."""
    keys = st.form_keys
    return (f"the forms in {st.lang} are not made (its pages link those in nb or nn): "
            f"missing {len(keys)} text(s) of {st.file.name} ({', '.join(keys[:3])}"
            + (" ..." if len(keys) > 3 else "") + ")")


def describe_online(st: LangStatus) -> str:
    """One line for the build: why the online form in ``st.lang`` is not published."""
    keys = st.online_keys + [k for k, _ in st.online_bad]
    return (f"the online form in {st.lang} is not published (its pages link the one in "
            f"nb or nn): missing or wrong {len(keys)} text(s) of {st.file.name} "
            f"({', '.join(keys[:3])}" + (" ..." if len(keys) > 3 else "") + ")")


def build_warnings(root: Path, data_dir: Path, slugs: list[str]) -> list[str]:
    """One line per third language of these municipalities that the build leaves out
    (``ipforms build`` prints them before it builds)."""
    from ..core.errors import DataError
    from ..core.municipality import load_municipality
    from .check import content_layers

    out = []
    layers: list[Path] | None = None
    for slug in slugs:
        path = data_dir / f"{slug}.yml"
        m = load_municipality(path)
        if not m.languages:
            continue
        layers = layers or content_layers(root)
        try:
            found = language_status(m, path, layers)
        except DataError as exc:
            out.append(f"warning: {slug}: no third language is published: {exc}")
            continue
        out += [f"warning: {slug}: {describe(st)} (ipforms check --kommune {slug} lists "
                "every missing text)" for st in found if not st.complete]
        out += [f"warning: {slug}: {describe_forms(st)} (ipforms check --kommune {slug} "
                "lists every missing text)" for st in found
                if st.complete and not st.forms_complete]
        out += [f"warning: {slug}: {describe_online(st)} (ipforms check --kommune {slug} "
                "lists every missing text)" for st in found
                if st.forms_complete and not st.online_complete]
    return out


def check_findings(root: Path, m: Municipality, data_file: Path, layers: list[Path]
                   ) -> list[tuple[str, int | None, str, str, str | None]]:
    """``ipforms check``: every missing page, data text and translation of ``m``'s third
    languages as ``(file, line, kind, message, hint)`` (the check turns them into findings)."""
    from ..core.errors import DataError

    def rel(p: Path) -> str:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return str(p)

    out: list[tuple[str, int | None, str, str, str | None]] = []
    try:
        found = language_status(m, data_file, layers)
    except DataError as exc:
        return [(rel(Path(exc.file)) if exc.file else rel(data_file), exc.line, "language",
                 (f"{exc.path}: " if exc.path else "") + exc.reason, exc.hint)]
    for st in found:
        for page in st.pages:
            out.append((rel(layers[0] / page), None, "language",
                        f"there is no {page}: every page exists in {st.lang} too",
                        f"write it from {page.replace(st.lang + '/', 'nb/', 1)}"))
        for path in st.data:
            out.append((rel(data_file), None, "language",
                        f"{path}: no {st.lang} text", f"add {st.lang}: beside nb and nn"))
        for key in st.keys + st.form_keys + st.online_keys:
            out.append((rel(st.file), None, "language", f"{key}: no {st.lang} text",
                        f"add the key {key} with its {st.lang} text"))
        for key, what in st.online_bad:
            out.append((rel(st.file), None, "language", f"{key}: {what}",
                        "use the placeholders of the nb text"))
        for err in st.errors:
            out.append((rel(Path(err.file)) if err.file else rel(layers[0] / st.lang),
                        err.line, "placeholder", err.reason, err.hint))
    return out
