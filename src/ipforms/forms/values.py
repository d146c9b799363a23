"""What a value must be to go into a field of any AcroForm PDF: the field exists,
is not read-only, a checkbox or radio value is one of its states (or yes/no), a
choice is one of its options, text fits (length, one line, characters the fonts
can show).  :mod:`ipforms.forms.fill` checks every value here before it changes
anything.  (Our own forms' values are checked by their definition first:
:meth:`ipforms.forms.formdef.FormDef.parse`.)
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable

from . import appearance, unifont, winansi
from .acroform import PdfField
from ..core.errors import FormError
from ..core.yesno import parse_yes_no


#: the most characters a text field's value may have: a full A4 page of 6 pt text holds
#: some 30,000 characters, so nothing longer can be shown (a 10 MB value once took forever)
MAX_VALUE_CHARS = 100_000


def unknown_field(name: str, known: list[str]) -> FormError:
    close = difflib.get_close_matches(name, known, n=3)
    return FormError("no such field in the PDF", field=name,
                     hint=f"did you mean {', '.join(close)}?" if close else
                     "`ipforms fields FILE.pdf` lists the fields")


def check_value(f: PdfField, value: object, *, fill_readonly: bool = False,
                own_font: Callable[[PdfField, str], bool] | None = None) -> str:
    """The value to write for field ``f`` (a state name for buttons), or FormError.
    A read-only field is refused unless ``fill_readonly``.  A text value with characters
    Liberation Sans lacks is taken when ``own_font(f, text)`` says the form's own font
    of every widget has them all."""
    err = lambda msg: FormError(msg, field=f.name)  # noqa: E731
    if f.kind in ("button", "signature"):
        raise err(f"a {f.kind} field cannot be filled")
    if f.readonly and not fill_readonly:
        raise FormError("the field is read-only in this PDF: its maker meant it not to be "
                        "changed (often it is filled by the office that receives the form)",
                        field=f.name,
                        hint="to fill it on purpose, add --fill-readonly (it stays read-only)")
    if f.kind in ("checkbox", "radio"):
        states = f.states or (["Yes"] if f.kind == "checkbox" else [])
        # a state by its exact name, or by its label (pdfLaTeX's escaped bytes decoded)
        labels = f.state_labels
        by_label = {label: state for state, label in labels.items()}
        named = [labels.get(st, st) for st in states] + ["Off"]
        s = value if isinstance(value, str) else None
        if isinstance(value, bool):
            s = "yes" if value else "no"
        elif isinstance(value, (int, float)) and str(value) in states:
            s = str(value)  # a JSON number naming a state (/1, /2 ...)
        if s is None:
            raise err(f"expected one of {', '.join(named)}, got {value!r}")
        if s in states or (s.startswith("/") and s[1:] in states):
            return s if s in states else s[1:]  # exactly, a trailing space included
        given = s.strip()
        s = given[1:] if given.startswith("/") else given  # /Name: a state name, exactly
        if s in states or s == "Off":
            return s
        if s in by_label:
            return by_label[s]
        if not given.startswith("/"):
            yes = parse_yes_no(s)
            if f.kind == "checkbox" and len(states) == 1 and yes:
                return states[0]
            if yes is False:
                return "Off"
        what = "checkbox" if f.kind == "checkbox" else "radio group"
        raise err(f"{given!r} is not one of the {what}'s states: {', '.join(named)}")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise err(f"expected text for a {f.describe_type()} field, got {value!r}")
    s = str(value)
    if f.kind == "choice":
        for export, shown in f.options:
            if s in (export, shown):
                return export
        if s == "":
            return ""
        raise err(f"{s!r} is not one of the options: {', '.join(e for e, _ in f.options)}")
    if len(s) > MAX_VALUE_CHARS:  # before anything walks it character by character
        raise err(f"too long: {len(s):,} characters; a form field holds at most "
                  f"{MAX_VALUE_CHARS:,} here (more than a page can show)")
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not s.isascii():  # composed characters: one glyph each (input from macOS is NFD)
        s = unicodedata.normalize("NFC", s)
    if "\n" in s and not f.multiline:
        raise err("a line break in a one-line text field")
    if f.max_length is not None and len(s) > f.max_length:
        raise err(f"too long: {len(s)} characters, at most {f.max_length} allowed")
    try:
        winansi.check_encodable(s, f.name)
    except FormError:
        if own_font is None or not own_font(f, ""):  # no font of its own: Liberation's say
            raise
        if own_font(f, s):
            return s
        _not_in_own_font(f, s, own_font)
        raise
    return s


def _not_in_own_font(f: PdfField, s: str, own_font: Callable[[PdfField, str], bool]) -> None:
    """The error for a value that neither the form's own font nor Liberation Sans can draw
    whole (one font draws a value): the character neither has, or which each lacks."""
    font = appearance.da_font(f.da) or "of the form"
    lacks = [ch for ch in dict.fromkeys(s) if ch != "\n" and not own_font(f, ch)]
    if not lacks:  # the form's font has each, but a right-to-left one (never reordered)
        return
    for ch in lacks:
        try:
            winansi.check_encodable(ch, f.name)
        except FormError:
            raise FormError(f"the character {ch!r} (U+{ord(ch):04X}) cannot be shown in a "
                            f"PDF form field: the form's font {font} has no glyph for it, "
                            f"and {unifont.missing(ch)}", field=f.name) from None
    raise FormError(f"no font has every character of the value: the form's font {font} "
                    f"lacks {lacks[0]!r}, Liberation Sans lacks others; one font draws a "
                    f"value", field=f.name)
