"""One of our forms prefilled for a municipality once for each service it can tick.

A site publishes the application four times per municipality and language: with no
service ticked and with each of the three ticked (:mod:`ipforms.site.siteforms`).
:func:`fill_each_service` gives for each exactly the bytes
:func:`ipforms.forms.fill.fill_form` gives, but draws the municipality block once:

* the form with no box ticked is filled as ``fill_form`` fills it;
* ticking a box changes only the box's own objects (its field and widget: ``/V`` and
  ``/AS``; its appearances are the blank's) and the AcroForm's holder, which every fill
  writes the same.  Those objects are the same for every municipality: they are taken
  once per blank and box from a fill of the bare blank with only that box ticked
  (:func:`_ticked`), and each service's form is the first form's update with them
  written in (the same object numbers, trailer and size; a new cross-reference).

Whenever that would not be byte for byte what filling it would write, the form is
filled as ``fill_form`` fills it: the box's fill adds an object (an appearance drawn for
it) or writes one the municipality block writes too, the AcroForm's holder differs, the
values differ in more than the box, or a fill said something in the log (said again
for each form, as before).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from ..core.errors import IpformsError
from .digest import digest
from .fill import (SERVICE_FIELDS, _fill_guarded, _Filled, _form_values, _remember_written,
                   with_privacy_link)

#: (digest of the blank, box, its PDF value) -> the objects a fill of the bare blank with
#: only that box ticked writes (as written, and as objects), or None: not to be reused
_TICKS: dict[tuple[bytes, str, str], tuple[dict[int, tuple[int, bytes]], dict] | None] = {}


def fill_each_service(form_id: str, lang: str, municipality, template: bytes
                      ) -> dict[str | None, bytes]:
    """``{None: fill_form(form_id, lang, municipality=municipality, template=template),
    service: fill_form(..., services=[service], ...) for each service}``, the same bytes
    (see the module's text)."""
    from .formdef import form_path, load_form

    form = load_form(form_id)
    file = form_path(form_id).with_suffix(f".{lang}.pdf").name
    linked = with_privacy_link(template, municipality, lang)
    out: dict[str | None, bytes] = {}
    plain: tuple[_Filled, dict[str, str]] | None = None
    for service in (None, *SERVICE_FIELDS):
        values, readonly = _form_values(form, lang, None, municipality,
                                        [service] if service is not None else [])
        found = None
        if service is not None and plain is not None:
            found = _with_box(plain, values, SERVICE_FIELDS[service], template, file)
        if found is None:
            with _watching_the_log() as said:
                filled = _fill_guarded(linked, values, readonly, file)
            if service is None and not said:
                plain = (filled, values)
            found = filled.pdf
        out[service] = found
    return out


def prefill(form_id: str, lang: str, municipality, template: bytes) -> bytes:
    """``fill_form(form_id, lang, municipality=municipality, template=template)``, the
    same bytes (a fill of one of our blanks, made for many municipalities: the parts of
    its update that every fill writes the same are written once)."""
    from .formdef import form_path, load_form

    values, readonly = _form_values(load_form(form_id), lang, None, municipality, [])
    return _fill_guarded(with_privacy_link(template, municipality, lang), values, readonly,
                         form_path(form_id).with_suffix(f".{lang}.pdf").name).pdf


def _with_box(plain: tuple[_Filled, dict[str, str]], values: dict[str, str], box: str,
              template: bytes, file: str) -> bytes | None:
    """The form with ``values`` (``plain``'s and the box ``box``) from ``plain``'s update
    and the box's objects, or None when that is not what filling it would write."""
    filled, plain_values = plain
    if box not in values or [(k, v) for k, v in values.items() if k != box] \
            != list(plain_values.items()):
        return None
    tick = _ticked(template, box, values[box], file)
    holder = filled.filler.acro_holder.indirect_reference
    if tick is None or holder is None:
        return None
    objects, written = tick
    if objects.get(holder.idnum) != filled.objects.get(holder.idnum) \
            or (set(objects) - {holder.idnum}) & set(filled.objects):
        return None
    update = filled.filler.update
    out = update.write({**filled.objects, **objects})
    _remember_written(out, {**{num: obj for num, (_, obj) in update.changed.items()},
                            **written})
    return out


def _ticked(template: bytes, box: str, value: str, file: str
            ) -> tuple[dict[int, tuple[int, bytes]], dict] | None:
    """What a fill of the bare blank ``template`` with only ``box`` set to ``value``
    writes (its objects as written, and as objects), once per blank; None when the fill
    adds an object, fails or says something."""
    key = (digest(template), box, value)
    if key not in _TICKS:
        found = None
        with _watching_the_log() as said:
            try:
                filled = _fill_guarded(template, {box: value}, [], file)
            except IpformsError:
                filled = None
        if filled is not None and not said:
            update = filled.filler.update
            size = filled.filler.reader.trailer.get("/Size")
            if update.size == size and all(num < update.size for num in filled.objects):
                found = (filled.objects, {num: obj for num, (_, obj) in update.changed.items()})
        if len(_TICKS) >= 32:  # a few boxes of a few blanks per build
            _TICKS.clear()
        _TICKS[key] = found
    return _TICKS[key]


@contextlib.contextmanager
def _watching_the_log() -> Iterator[list[logging.LogRecord]]:
    """The log records made meanwhile (by any logger, whether or not a handler then
    shows them; the handlers are left as they are)."""
    said: list[logging.LogRecord] = []
    make = logging.getLogRecordFactory()

    def watched(*args, **kwargs) -> logging.LogRecord:
        record = make(*args, **kwargs)
        said.append(record)
        return record

    logging.setLogRecordFactory(watched)
    try:
        yield said
    finally:
        logging.setLogRecordFactory(make)
