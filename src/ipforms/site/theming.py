"""What a site shows of its municipality beside the pages: the main colour, the logo,
the footer line, and the theme files ipforms ships (before mkdocs-material's own)."""

from __future__ import annotations

import html

from ..core.lang import word
from ..core.municipality import Municipality
from . import overlay
from .pages import PRIVACY_PAGE
from .urls import relative_url

#: the theme files ipforms ships (accessibility fixes, 404 page, language files)
THEME_DIR = overlay.shipped_dir("theme")
#: written into each site: the municipality's colour and logo
KOMMUNE_CSS = "assets/stylesheets/kommune.css"
LOGO_URI = "assets/images/kommune-logo"


def colour_css(colour: str) -> str:
    """Material's CSS variables for a custom primary colour (header, links)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    dark = "#{:02x}{:02x}{:02x}".format(*(int(c * 0.8) for c in (r, g, b)))
    return ("/* ipforms: the municipality's main colour (data file: colour) */\n"
            ":root, [data-md-color-primary=custom] {\n"
            f"  --md-primary-fg-color: {colour};\n"
            f"  --md-primary-fg-color--light: {colour};\n"
            f"  --md-primary-fg-color--dark: {dark};\n"
            "  --md-primary-bg-color: #ffffff;\n"
            "  --md-primary-bg-color--light: rgba(255, 255, 255, 0.7);\n"
            f"  --md-typeset-a-color: {colour};\n"
            "}\n")


def add_theme_dir(theme) -> None:
    """Put the shipped theme files before mkdocs-material's own, after the project's
    ``custom_dir`` if it has one: a municipality's project can override any of them."""
    dirs = theme.dirs
    if str(THEME_DIR) in dirs:
        return
    custom = getattr(theme, "custom_dir", None)
    at = 1 if custom and dirs and dirs[0] == custom else 0
    dirs.insert(at, str(THEME_DIR))


#: where the footer's link to the privacy page goes, until each page puts in its own
#: relative address (on_post_page): the footer is one string per language
PRIVACY_HREF = "ipforms-privacy-page"


def footer_html(m: Municipality, lang: str) -> str:
    """The footer line: the unit's contact details, the privacy page (when the data has
    one) and the accessibility statement."""
    e = html.escape
    u = m.unit
    parts = [e(m.name(lang)), e(u.name(lang)), e(u.postal_address.one_line()),
             f'{word("phone", lang)} <a href="tel:{e(u.phone.replace(" ", ""))}">{e(u.phone)}</a>',
             f'{word("email", lang)} <a href="mailto:{e(u.email)}">{e(u.email)}</a>']
    if m.privacy is not None:
        parts.append(f'<a href="{PRIVACY_HREF}" class="ipforms-privacy-link">{word("privacy", lang)}</a>')
    parts.append(f'<a href="{e(str(m.accessibility_statement))}">{word("accessibility", lang)}</a>')
    return " · ".join(parts)


def privacy_href(m: Municipality, lang: str, page_url: str) -> str:
    """The privacy page in ``lang``, relative to ``page_url``."""
    return html.escape(relative_url(page_url, f"{m.lang_prefix(lang)}{PRIVACY_PAGE}/"))
