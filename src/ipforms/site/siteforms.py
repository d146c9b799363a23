"""The prefilled forms the site publishes beside each municipality's pages.

The blank forms are drawn once (WeasyPrint, cached in ``cache_dir``) and then
prefilled per municipality, which takes milliseconds: the municipality block
(name, unit, postal address, e-mail; read-only), the privacy page's address (text and
link, in both forms) and, in the copy for a service page, that service ticked.
"""

from __future__ import annotations

from pathlib import Path

from ..forms.fill import with_privacy_link
from ..forms.prefill import fill_each_service, prefill
from ..core.lang import EXTRA_LANGS, LANGS
from ..core.municipality import Municipality
from ..core.services import SERVICES
from ..forms.pdfdraw import blank_pdf
from ..core.errors import FormError

#: (form, language, cache folder, what each file the blank is drawn from is on disk) ->
#: the blank; pdfdraw.blank_pdf hashes those files' bytes at every call (the key of its
#: cache), four times per language and municipality: while none of them changed (same
#: inode, size and time), the blank it gave is the blank it gives
_BLANKS: dict[tuple, bytes] = {}


def _blank(form_id: str, lang: str, cache_dir: Path) -> bytes:
    """``blank_pdf(form_id, lang, cache_dir)``, the same bytes (see :data:`_BLANKS`)."""
    if lang in EXTRA_LANGS:  # drawn from the municipality's own texts: asked each time
        return blank_pdf(form_id, lang, cache_dir)
    from importlib import resources

    from ..forms import pdfdraw
    from ..forms.formdef import form_path

    templates = resources.files("ipforms.forms") / "templates"
    files = [form_path(form_id), Path(str(templates / "form.html.j2")),
             Path(str(templates / "form.css")), Path(pdfdraw.__file__)]
    try:
        stats = tuple((str(f), s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
                      for f in files for s in [f.stat()])
    except OSError:
        return blank_pdf(form_id, lang, cache_dir)
    key = (form_id, lang, str(cache_dir), stats)
    if key not in _BLANKS:
        if len(_BLANKS) >= 16:
            _BLANKS.clear()
        _BLANKS[key] = blank_pdf(form_id, lang, cache_dir)
    return _BLANKS[key]


def site_form_paths(m: Municipality, lang: str) -> list[str]:
    """The paths :func:`site_forms` writes for ``m`` in ``lang``, in a stable order."""
    return ([f"skjema/soknad-{lang}.pdf"]
            + [f"skjema/soknad-{s}-{lang}.pdf" for s in SERVICES]
            + [f"skjema/fullmakt-{lang}.pdf"])


def site_forms(m: Municipality, lang: str, cache_dir: Path) -> dict[str, bytes]:
    """{'skjema/soknad-<lang>.pdf': ..., 'skjema/soknad-individuell-plan-<lang>.pdf': ...,
        'skjema/soknad-koordinator-<lang>.pdf', 'skjema/soknad-barnekoordinator-<lang>.pdf',
        'skjema/fullmakt-<lang>.pdf'}  -- prefilled with the municipality block, service
        ticked.  In a third language (se, smj, sma) every text is the
        municipality's own, from the translations in use (:mod:`ipforms.forms.formlang`;
        a missing one raises :class:`~ipforms.core.lang.MissingText`)."""
    if lang not in LANGS and lang not in EXTRA_LANGS:
        raise FormError(f"unknown language {lang!r}; expected nb or nn")
    if lang in EXTRA_LANGS and lang not in m.languages:
        raise FormError(f"unknown language {lang!r} for {m.slug}; expected nb or nn",
                        hint=f"a municipality that gives its own texts in {lang} lists it "
                             f"in its data (languages: [{lang}])")
    soknad = _blank("soknad", lang, cache_dir)
    # as fill_form for each service, the municipality block drawn once
    each = fill_each_service("soknad", lang, m, soknad)
    out = {f"skjema/soknad-{lang}.pdf": each[None]}
    for service in SERVICES:
        out[f"skjema/soknad-{service}-{lang}.pdf"] = each[service]
    # through fill too (no values): /NeedAppearances off, as every PDF ipforms fill writes, so
    # what the online form fills into it is shown from its own appearance streams (Poppler
    # would draw values again itself with Helvetica, dropping Sámi letters: «Áŋŋá» as «Áá»)
    # with the municipality: its privacy page's address, as text and a link
    # (as fill_form, parts of the update every fill writes the same written once)
    out[f"skjema/fullmakt-{lang}.pdf"] = prefill("fullmakt", lang, m,
                                                 _blank("fullmakt", lang, cache_dir))
    return out


def site_form_bases(lang: str, cache_dir: Path,
                    m: Municipality | None = None) -> dict[str, bytes]:
    """The blank form each of :func:`site_forms`'s PDFs in ``lang`` is (or was prefilled
    from); drawn once and kept, so asking again costs nothing.  With ``m``: the blank with
    ``m``'s privacy line drawn in, which is what each PDF begins with
    (:func:`ipforms.site.webform.site_webforms` makes the same from the bare blanks)."""
    soknad = _blank("soknad", lang, cache_dir)
    fullmakt = _blank("fullmakt", lang, cache_dir)
    if m is not None:
        soknad, fullmakt = with_privacy_link(soknad, m, lang), with_privacy_link(fullmakt, m, lang)
    return {f"skjema/soknad-{lang}.pdf": soknad,
            **{f"skjema/soknad-{service}-{lang}.pdf": soknad for service in SERVICES},
            f"skjema/fullmakt-{lang}.pdf": fullmakt}
