"""The pages of a site: which files are pages (:func:`page_name`, :func:`wanted`), and
the values and helpers a page template sees (:func:`context`), rendered by
:mod:`ipforms.site.render`.

``ipforms build``, ``mkdocs build``, ``mkdocs serve`` and ``ipforms check`` all render
pages through these, so they render them the same way.

Every data value is escaped for HTML *and* Markdown before it lands in a page
(:mod:`ipforms.site.escape`), so a value can never inject markup, links or script.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..core import laws, signing
from ..core.errors import IpformsError
from ..core.lang import EXTRA_LANGS, extra_text, format_long_date, format_size
from ..core.municipality import Municipality
from ..core import services
from ..core.services import SERVICES
from .escape import Piece, Record, md_escape, md_link
from .urls import form_path, page_path, relative_url

#: Page files per language, in menu order (every municipality has all three service pages:
#: they are duties by law, helse- og omsorgstjenesteloven §§ 7-1, 7-2 and 7-2 a).
PAGES = ("index",) + SERVICES
#: the privacy page (GDPR art. 13), published when the data has ``privacy``; last in the menu
PRIVACY_PAGE = "personvern"
PARTIALS_DIR = "_partials"
FORM_KEYS = SERVICES + ("soknad", "fullmakt")
_FULLMAKT_LINK = {"nb": "Last ned fullmaktsskjemaet", "nn": "Last ned fullmaktsskjemaet"}


@dataclass(frozen=True)
class FormFile:
    """A downloadable form: where it is in the site and how large it is."""
    path: str          # site-relative, e.g. "skjema/soknad-koordinator-nn.pdf"
    size: int | None   # bytes, None when the file does not exist (yet)


class _Ns(Record):
    """Attribute access for the template context (``unit.name``)."""


def context(m: Municipality, lang: str, page: str, *, page_url: str = "",
            forms: dict[str, FormFile] | None = None, form_lang: str | None = None,
            online_lang: str | None = None) -> dict:
    """The values and helpers a template sees, already in the page's language.

    ``forms`` are in ``form_lang`` and the online forms in ``online_lang``: a third
    language's pages link its own when the municipality has translated them, else those
    of its written standard (the default), marked with that hreflang."""
    forms = forms or {}
    _same_tables()  # the memos of law() and who_signs() hold for these tables
    form_lang = form_lang or (lang if lang in ("nb", "nn") else m.written_standard)
    online_lang = online_lang or (lang if lang in ("nb", "nn") else m.written_standard)
    helpers = _helpers(m, lang, page_url, forms, form_lang, online_lang)
    local = {str(key): text for key, text in m.local.items()}.get(page)
    base = _site_values(m, lang)
    return {
        "lang": lang,
        "page": page,
        **base,
        "local": Markup(_local_markdown(getattr(local, lang, "") if local else "")),
        **helpers,
    }


#: the values of the last municipality's pages, per language (every page of a site has
#: them; the data is frozen): (municipality, {lang: values})
_SITE_VALUES: list = [None, {}]


def _site_values(m: Municipality, lang: str) -> dict:
    """The values every page of ``m`` in ``lang`` has, made once per site and language
    (nb and nn; a third language's words are the municipality's translations)."""
    if lang not in ("nb", "nn"):
        return _make_site_values(m, lang)
    if _SITE_VALUES[0] is not m:
        _SITE_VALUES[:] = [m, {}]
    done = _SITE_VALUES[1].get(lang)
    if done is None:
        done = _SITE_VALUES[1][lang] = _make_site_values(m, lang)
    return done


def _make_site_values(m: Municipality, lang: str) -> dict:
    u = m.unit
    tool = _ip_tool(m, lang)
    in_person, phone, digital = _channels(m, lang)
    links = {key: (md_link(link.text(lang), str(link.url)) if link else "")
             for key, link in (("brochure", m.links.brochure), ("film", m.links.film))}
    collab = _collaboration(m, lang)
    privacy, contact, sami = _privacy(m, lang), _contact_person(m, lang), _sami(m, lang)
    pa = u.postal_address
    return {
        "municipality": _Ns(name=m.name(lang), number=m.kommunenummer, slug=m.slug),
        "unit": _Ns(name=u.name(lang), email=u.email, phone=u.phone,
                    opening_hours=u.opening_hours(lang),
                    postal_address=pa.one_line(),
                    postal_lines=[pa.street, f"{pa.postcode} {pa.place}"]),
        "channels": _Ns(in_person=in_person, phone=phone, digital=digital),
        "brochure_link": links["brochure"],
        "film_link": links["film"],
        "email_link": md_link(u.email, f"mailto:{u.email}"),
        "phone_link": md_link(u.phone, "tel:" + u.phone.replace(" ", "")),
        "complaint_body": m.complaint_body(lang),
        "accessibility_url": str(m.accessibility_statement),
        "last_reviewed": format_long_date(m.last_reviewed, lang),
        "ip_tool": tool,
        "ip_tool_link": md_link(_show_url(tool.url), tool.url) if tool else "",
        "ip_tool_guide_link": (md_link(_words(_GUIDE, "login_guide", lang), tool.login_guide)
                               if tool and tool.login_guide else ""),
        "collaboration": collab,
        "collaboration_link": (md_link(collab.name, collab.url) if collab and collab.url
                               else Markup(md_escape(collab.name)) if collab else ""),
        "services": list(m.services),
        "privacy": privacy,
        "contact_person": contact,
        "sami": sami,
        "demo": bool(m.example_fields),
    }


def _helpers(m: Municipality, lang: str, page_url: str, forms: dict[str, FormFile],
             form_lang: str, online_lang: str) -> dict[str, Callable[..., Markup]]:
    """The functions a template may call (:data:`ipforms.site.sandbox.HELPERS_MODULE`):
    ``law``, ``form_link`` and ``who_signs``."""

    def law(key: str, section: str | None = None) -> Markup:
        return _law_link(key, section, lang)

    def form_link(key: str, text: str) -> Markup:
        if key not in FORM_KEYS:
            raise IpformsError(f"form_link: unknown form {key!r}; expected one of "
                               f"{', '.join(FORM_KEYS)}")
        ff = forms.get(key) or FormFile(form_path(key, form_lang), None)
        label = f" ({_size_label(ff.size, lang)})" if ff.size is not None else ""
        # Raw HTML, not a Markdown link: the PDFs are written beside the pages after the
        # build, so mkdocs' link check (strict mode) must not look for them among the docs.
        href = html.escape(relative_url(page_url, ff.path), quote=True)
        link = (f'<a href="{href}" type="application/pdf" hreflang="{form_lang}" '
                f'class="ipforms-form-link">{md_escape(text + label)}</a>')
        if key in forms:  # the online form is published with the PDFs
            from .webtexts import text as webform_text
            online = html.escape(relative_url(page_url, page_path(key, online_lang)), quote=True)
            other = f' hreflang="{online_lang}"' if online_lang != lang else ""
            link += (f' · <a href="{online}"{other} class="ipforms-webform-link">'
                     f'{md_escape(webform_text("link", lang))}</a>')
        return Piece(link)

    def who_signs(service: str) -> Markup:
        """The "who signs" list for ``service`` (a page name or "soknad"), rendered from the
        signing table (resources/signing.yml) that validation decides from."""
        offered = tuple(services.key(s) for s in m.services)
        fullmakt: list[str] = []

        def token(name: str) -> str:
            if name == "fullmakt_form":
                if not fullmakt:
                    fullmakt.append(str(form_link("fullmakt", _words(_FULLMAKT_LINK,
                                                                     "fullmakt_link", lang))))
                return fullmakt[0]
            act, _, section = name.partition(" ")
            return str(law(act, section or None))

        if lang not in ("nb", "nn") or type(service) is not str:
            return _who_signs(service, lang, offered, token)
        # the same list on every page of a service: made once per what it is made from
        token("fullmakt_form")
        key = (service, lang, offered, fullmakt[0])
        done = _SIGNS.get(key)
        if done is None:
            if len(_SIGNS) > 512:
                _SIGNS.clear()
            done = _SIGNS[key] = _who_signs(service, lang, offered, token)
        return done

    return {"law": law, "form_link": form_link, "who_signs": who_signs}


def _who_signs(service: str, lang: str, offered: tuple[str, ...],
               token: Callable[[str], str]) -> Markup:
    items = signing.page_items(service, lang, offered=offered)
    return Markup("\n".join(f"- **{md_escape(title)}:** {signing.fill(text, lang, token)}"
                             for title, text in items))


#: the "who signs" lists made (see who_signs), the laws' links and the forms' size labels
_SIGNS: dict[tuple, Markup] = {}
_LAWS: dict[tuple, Markup] = {}
_SIZES: dict[tuple[int, str], str] = {}


_TABLES: list = [None, None]


def _same_tables() -> None:
    """The memos of law() and who_signs() emptied when the laws or the signing table
    are not those they were made from."""
    now = [laws.load(), signing.table()]
    if _TABLES[0] is not now[0] or _TABLES[1] is not now[1]:
        _TABLES[:] = now
        _SIGNS.clear()
        _LAWS.clear()


def _law_link(key: str, section: str | None, lang: str) -> Markup:
    """``law(key, section)``: the link to an act or one of its sections (in nb and nn
    made once; a third language's names are the municipality's own)."""
    if lang not in ("nb", "nn") or type(key) is not str \
            or not (section is None or type(section) is str):
        return md_link(*laws.cite(key, section, lang))
    memo = (key, section, lang)
    done = _LAWS.get(memo)
    if done is None:
        if len(_LAWS) > 1024:
            _LAWS.clear()
        done = _LAWS[memo] = md_link(*laws.cite(key, section, lang))
    return done


def _size_label(size: int, lang: str) -> str:
    if type(size) is not int or lang not in ("nb", "nn"):
        return format_size(size, lang)
    done = _SIZES.get((size, lang))
    if done is None:
        if len(_SIZES) > 1024:
            _SIZES.clear()
        done = _SIZES[(size, lang)] = format_size(size, lang)
    return done


def _ip_tool(m: Municipality, lang: str) -> _Ns | None:
    """The electronic tool for the plan (``ip_tool``), if the data names one."""
    if not m.ip_tool:
        return None
    guide = str(m.ip_tool.login_guide) if m.ip_tool.login_guide else None
    return _Ns(name=m.ip_tool.name, url=str(m.ip_tool.url), login=m.ip_tool.login(lang),
               login_guide=guide)


def _channels(m: Municipality, lang: str) -> tuple[_Ns | None, _Ns | None, _Ns | None]:
    """The channels (``channels``): in person, by phone, digital; each None when not offered."""
    u = m.unit
    ch = m.channels
    in_person = phone = digital = None
    if ch.in_person:
        in_person = _Ns(address=ch.in_person.address.one_line(),
                        opening_hours=ch.in_person.opening_hours(lang))
    if ch.phone:
        number = ch.phone.number or u.phone
        phone = _Ns(number=number, link=md_link(number, "tel:" + number.replace(" ", "")),
                    opening_hours=(ch.phone.opening_hours or u.opening_hours)(lang))
    if ch.digital:
        digital = _Ns(name=ch.digital.name(lang), url=str(ch.digital.url),
                      link=md_link(ch.digital.name(lang), str(ch.digital.url)))
    return in_person, phone, digital


def _collaboration(m: Municipality, lang: str) -> _Ns | None:
    """The collaboration model (``collaboration``, e.g. BTI), if the data names one."""
    if not m.collaboration:
        return None
    return _Ns(name=m.collaboration.name(lang),
               url=str(m.collaboration.url) if m.collaboration.url else None)


def _privacy(m: Municipality, lang: str) -> _Ns | None:
    """What the privacy page is written from (``privacy``), if the data has it."""
    if not m.privacy:
        return None
    p = m.privacy
    return _Ns(controller=(p.controller or m.name)(lang),
               dpo_email=p.dpo_email, dpo_link=md_link(p.dpo_email, f"mailto:{p.dpo_email}"),
               dpo_phone_link=(md_link(p.dpo_phone, "tel:" + p.dpo_phone.replace(" ", ""))
                               if p.dpo_phone else ""),
               retention=p.retention(lang),
               url_link=md_link(_show_url(str(p.url)), str(p.url)) if p.url else "")


def _contact_person(m: Municipality, lang: str) -> _Ns | None:
    """The contact for questions before applying (``contact_person``, a role), if any."""
    if not m.contact_person:
        return None
    c = m.contact_person
    return _Ns(role=c.role(lang),
               phone_link=md_link(c.phone, "tel:" + c.phone.replace(" ", "")) if c.phone else "",
               email_link=md_link(c.email, f"mailto:{c.email}") if c.email else "")


def _sami(m: Municipality, lang: str) -> _Ns | None:
    """Where Sámi service is offered (``sami``), if the data says."""
    if not m.sami:
        return None
    return _Ns(where=m.sami.where(lang),
               url_link=md_link(_show_url(str(m.sami.url)), str(m.sami.url)) if m.sami.url else "")


_GUIDE = {"nb": "Veiledning for å logge inn", "nn": "Rettleiing for å logge inn"}


def _words(texts: dict[str, str], key: str, lang: str) -> str:
    """One of this module's own words; in a third language the municipality's
    translation ``pages.<key>`` (core/translations.py)."""
    return extra_text(f"pages.{key}", lang) if lang in EXTRA_LANGS else texts[lang]


def _show_url(url: str) -> str:
    """An address as a reader types it: ``https://www.individplan.no/`` -> ``www.individplan.no``.

    >>> _show_url("https://ip.os-ho.kommune.no/")
    'ip.os-ho.kommune.no'
    """
    return re.sub(r"^https?://", "", url).rstrip("/")


def _local_markdown(text: str) -> str:
    """Local Markdown from the data file: Markdown is kept, raw HTML is shown as text."""
    return html.escape(text.strip(), quote=False)


@functools.lru_cache(maxsize=4096)
def path_parts(src_path: str) -> tuple[str, ...]:
    """``Path(src_path).parts``, once per path and process: every site of a build asks
    for the same few hundred paths (``page_name`` and ``wanted`` of each file)."""
    PATH_SPLITS[0] += 1
    return Path(src_path).parts


#: how often a path was split (tests/test_build_work.py)
PATH_SPLITS = [0]


def page_name(src_path: str) -> tuple[str, str] | None:
    """``("nn", "koordinator")`` for ``"nn/koordinator.md"``; None for other files."""
    parts = path_parts(src_path)
    if len(parts) != 2 or parts[0] not in ("nb", "nn", *EXTRA_LANGS) \
            or not parts[1].endswith(".md"):
        return None
    return parts[0], parts[1][:-3]


def missing_translations(src_paths: list[str]) -> list[str]:
    """Pages that exist in one language folder but not the other (no silent fallback).

    >>> missing_translations(["nb/index.md", "nn/index.md", "nb/koordinator.md"])
    ['nn/koordinator.md']
    """
    have = {pn for p in src_paths if (pn := page_name(p)) is not None and pn[0] in ("nb", "nn")}
    return sorted(f"{other}/{name}.md" for lang, name in have
                  for other in ("nb", "nn") if other != lang and (other, name) not in have)


def wanted(src_path: str, m: Municipality) -> bool:
    """Whether a file in the content folder belongs in this municipality's site."""
    parts = path_parts(src_path)
    if PARTIALS_DIR in parts or parts[-1] == "README.md":  # partials and editors' notes
        return False
    if parts[-1] == f"{PRIVACY_PAGE}.md":  # only with the data it is written from
        return m.privacy is not None
    return True

