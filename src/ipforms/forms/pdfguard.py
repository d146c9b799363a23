"""Reading a PDF someone gave us within limits: the one budget every reader shares.

``ipforms validate`` (:mod:`ipforms.validation.pdfread`) and the form readers (``fill``,
``fields``, ``fill --flatten``, ``attach``, the font reader) read PDFs through this:

* :func:`read_regular`: a regular file only, never more than a limit (a FIFO or a
  device is refused at once);
* one inflate budget per file: every stream pypdf decodes is charged to it, and
  pypdf's own per-stream output limits are set to what is left (a bomb stops after the
  budget, never after gigabytes);
* pypdf's recovery of a damaged stream capped; a literal string longer than a limit
  refused before pypdf reads it a byte at a time;
* :func:`guard`: all of that for the form readers, with a time limit, and running out of
  memory or recursing without end said as such (exit 2), never an internal error.

It sits with the forms (below ``validation``) because filling and listing need it too.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import IpformsError, PdfInputError
from .pypdf_internals import STRING_LIMIT, LongStringError, limit_strings

#: Defaults; pass a :class:`Limits` to change them.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits on what an incoming PDF may hold."""

    max_file_bytes: int = MAX_FILE_BYTES          # the PDF file itself (and a separate attachment)
    max_attachments: int = 20                     # embedded files in one PDF
    max_attachment_bytes: int = 30 * 1024 * 1024  # all embedded files, decompressed
    max_ratio: int = 200                          # decompressed / compressed, per embedded file
    ratio_floor: int = 1024 * 1024                # ratios only count above this size
    #: everything pypdf inflates while reading one PDF (cross-reference and object
    #: streams, info, fields).  Our forms need about 5 kB; pypdf parses what it
    #: inflates in pure Python, so this also bounds the time a file can take.
    max_inflated_bytes: int = 2 * 1024 * 1024
    #: bytes pypdf may feed byte by byte into zlib to recover a damaged stream
    #: (its default, 5 MB, takes seconds on a hostile file)
    max_recovery_bytes: int = 128 * 1024
    #: the most items of one array pypdf parses (its default, 100,000, took 0.7 s of
    #: CPU in a /Opt list; the largest array in 337 real forms has 1,725)
    max_array_items: int = 20_000
    #: the longest literal string (a field's value) read: pypdf reads strings a byte at a
    #: time, about 1 µs a byte (an 8 MB value took 9 s); our longest field is 4,000
    #: characters
    max_string_bytes: int = 256 * 1024


def pdf_error(path: Any, code: str, reason: str, hint: str | None = None, **params: Any) -> PdfInputError:
    return PdfInputError(reason, file=path, code=code, params=params, hint=hint)


# --- reading a file: regular files only, never more than the limit ----------------------------

def read_regular(path: str | Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``.

    A FIFO, a device (``/dev/zero``), a socket or a directory is refused at once
    (``pdf.not_regular``), without waiting for data: the file is opened
    non-blocking and checked with ``fstat`` before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise pdf_error(path, "pdf.unreadable", f"cannot read the {what} ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a folder" if stat.S_ISDIR(st.st_mode) else
                    "a pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
            raise pdf_error(path, "pdf.not_regular", f"not a regular file ({kind})", kind=kind,
                       name=Path(path).name)
        if st.st_size > max_bytes:
            raise too_large_error(path, st.st_size, max_bytes)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew while we read it
                raise too_large_error(path, total, max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise pdf_error(path, "pdf.unreadable", f"cannot read the {what} ({exc.strerror})") from None
    finally:
        os.close(fd)


def too_large_error(path: Any, size: int, limit: int) -> PdfInputError:
    return pdf_error(path, "pdf.too_large",
                f"file too large ({size // 1024} KiB; the limit is {limit // 1024} KiB)",
                size_kib=size // 1024, limit_kib=limit // 1024)


# --- a budget for everything pypdf inflates ------------------------------------------------

class _Budget:
    def __init__(self, total: int):
        self.total = total
        self.left = total
        self.exceeded = False
        #: pypdf's recovery of a broken compressed stream gave up (damage, not a bomb)
        self.broken = False
        #: the compressed data of one stream (bytes) was larger than what was left
        self.big_stream = 0


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("ipforms_inflate", default=None)
_OUTPUT_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length",
                  "run_length_maximum_output_length", "jbig2_maximum_output_length",
                  "brotli_maximum_output_length", "array_based_stream_maximum_output_length",
                  "stream_decoding_work_maximum_length")


class BombError(Exception):
    """The inflate budget is used up (raised inside pypdf; pypdf may swallow it,
    so the budget also remembers it)."""


class BigStreamError(Exception):
    """One stream's compressed data alone is larger than what is left of the budget:
    neither damage nor a bomb, more data than the reader unpacks (pypdf would count it
    as "decoding work" and raise the same LimitReachedError as for a bomb)."""


class BrokenStreamError(Exception):
    """A compressed stream is broken and pypdf's recovery gave up at its input limit
    (pypdf raises the same LimitReachedError as for a bomb; its message tells them
    apart: "Recovery limit reached")."""


def _limit_error(budget: _Budget, exc: Exception) -> Exception:
    """Our error for pypdf's LimitReachedError ``exc``: damage or a bomb."""
    if str(exc).startswith("Recovery limit"):
        budget.broken = True
        return BrokenStreamError()
    budget.exceeded = True
    return BombError()


def install_budget_hook() -> None:
    """Wrap ``pypdf.filters.decode_stream_data`` (every stream pypdf decodes goes
    through it) so that, while a budget is active, each stream may inflate only to
    what is left of it, and what it inflated is charged.  Without an active budget
    (filling forms) it does nothing."""
    import pypdf
    import pypdf.filters as filters

    if getattr(filters.decode_stream_data, "_ipforms_budget", False):
        return
    original = filters.decode_stream_data
    apply = getattr(pypdf, "apply_configuration", None)
    fields = set()
    if apply is not None:
        fields = set(pypdf.Configuration.__dataclass_fields__)

    def guarded(stream: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(stream)
        if budget.left <= 0:
            budget.exceeded = True
            raise BombError()
        raw = getattr(stream, "_data", b"")
        if isinstance(raw, (bytes, bytearray)) and len(raw) > budget.left:
            raise _too_much(stream, bytes(raw), budget)
        if apply is not None:
            with apply(**{k: budget.left for k in _OUTPUT_LIMITS if k in fields}):
                try:
                    out = original(stream)
                except pypdf.errors.LimitReachedError as exc:
                    raise _limit_error(budget, exc) from None
        else:
            out = original(stream)
        budget.left -= len(out)
        if budget.left < 0:
            budget.exceeded = True
            raise BombError()
        return out

    guarded._ipforms_budget = True  # type: ignore[attr-defined]
    filters.decode_stream_data = guarded


def _too_much(stream: Any, raw: bytes, budget: _Budget) -> Exception:
    """Our error for a stream whose compressed data alone is more than is left of the
    budget (pypdf would refuse it as too much "decoding work", the same error as for a
    bomb): a Flate stream is inflated up to what is left to say which it is, a bomb
    (more out than is left, and ten times what it took in or more), damage (zlib cannot
    read it) or only a large stream."""
    import zlib
    if stream.get("/Filter") in ("/FlateDecode", "/Fl"):
        try:
            inflate = zlib.decompressobj()
            out = len(inflate.decompress(raw, budget.left + 1))
            taken = len(raw) - len(inflate.unconsumed_tail)
            if out > budget.left and out >= 10 * taken:
                budget.exceeded = True
                return BombError()
        except zlib.error:
            budget.broken = True
            return BrokenStreamError()
    budget.big_stream = len(raw)
    return BigStreamError()


@contextlib.contextmanager
def inflate_budget(total: int) -> Iterator[_Budget]:
    b = _Budget(total)
    token = _BUDGET.set(b)
    try:
        yield b
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def string_limit(limit: int) -> Iterator[list]:
    """While active, a literal string longer than ``limit`` bytes is refused (see
    :func:`~ipforms.forms.pypdf_internals.limit_strings`); the list holds ``limit`` and
    the offset of each refused string (pypdf may catch the error and go on)."""
    limit_strings()
    state: list = [limit]
    token = STRING_LIMIT.set(state)
    try:
        yield state
    finally:
        STRING_LIMIT.reset(token)


def long_value_error(path: Any, limits: Limits) -> PdfInputError:
    return pdf_error(path, "pdf.long_value",
                f"a value longer than {limits.max_string_bytes // 1024} KiB (more than any "
                f"form field holds; the file was not read further)",
                limit_kib=limits.max_string_bytes // 1024, name=Path(str(path)).name)


def _broken(path: Any) -> PdfInputError:
    return pdf_error(path, "pdf.damaged",
                "damaged PDF (a compressed stream is broken: its data cannot be unpacked, "
                "and repairing it was given up; the file was not read further)")


def _big_stream(path: Any, size: int, limits: Limits) -> PdfInputError:
    return pdf_error(path, "pdf.big_stream",
                f"a stream of {size // 1024:,} KiB of compressed data, more than the "
                f"{limits.max_inflated_bytes // 1024:,} KiB this reader unpacks from one file "
                f"(not a decompression bomb, but more than a form needs; the file was not "
                f"read further)", size_kib=size // 1024,
                limit_kib=limits.max_inflated_bytes // 1024, name=Path(str(path)).name)


def budget_verdict(path: Any, budget: _Budget, limits: Limits) -> PdfInputError | None:
    """The error for what the budget saw (None: nothing): a bomb, a stream too big, or a
    broken stream whose repair was given up; pypdf may have caught ours and gone on."""
    if budget.exceeded:
        return bomb_error(str(path), limits)
    if budget.big_stream:
        return _big_stream(path, budget.big_stream, limits)
    if budget.broken:
        return _broken(path)
    return None


def bomb_error(path: str, limits: Limits) -> PdfInputError:
    return pdf_error(path, "pdf.bomb",
                f"decompression bomb (its compressed data unpacks to more than "
                f"{limits.max_inflated_bytes // 1024} KiB; the file was not read further)",
                limit_kib=limits.max_inflated_bytes // 1024, name=Path(path).name)


# --- one budget for every reader: fill, fields, --flatten, the font reader ---------------

#: the limits of the form readers (``ipforms fill``, ``fields``, ``attach``): a form to fill
#: may be larger than an application (a municipality's own form with its fonts), so the
#: file and inflate limits are larger; everything else is as :func:`read_pdf`'s
FORM_LIMITS = Limits(max_file_bytes=50 * 1024 * 1024, max_inflated_bytes=32 * 1024 * 1024,
                     max_string_bytes=1024 * 1024)
#: seconds a form reader may take (as ``validate`` gives one application)
FORM_TIMEOUT = 60.0

_GUARDED: contextvars.ContextVar[bool] = contextvars.ContextVar("ipforms_guarded", default=False)


class TimeLimitExceeded(Exception):
    """A read ran past its time limit (:func:`time_limit`; validate shares it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded after ``seconds`` (Unix, main thread only; otherwise no limit)."""
    import signal
    import threading

    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds or 0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def guard(file: Any, limits: Limits | None = None, *, timeout: float | None = None
          ) -> Iterator[None]:
    """Read a PDF someone gave us (a form to fill or list) within the limits ``validate``
    has: everything pypdf inflates charged to one budget (a bomb is ``pdf.bomb``), pypdf's
    recovery of damaged streams capped, ``timeout`` seconds at most (main thread only;
    ``pdf.timeout``), and running out of memory or recursing without end said as
    ``pdf.memory`` and ``pdf.damaged``: exit 2 with a reason, never an internal error,
    never a swallowed MemoryError.  Nested guards: the outer one counts."""
    if _GUARDED.get():
        yield
        return
    import pypdf
    from pypdf.errors import PyPdfError

    limits = limits or FORM_LIMITS
    install_budget_hook()
    recovery = (pypdf.apply_configuration(zlib_maximum_recovery_input_length=limits.max_recovery_bytes,
                                          array_maximum_element_count=limits.max_array_items)
                if hasattr(pypdf, "apply_configuration") else contextlib.nullcontext())
    token = _GUARDED.set(True)
    try:
        with inflate_budget(limits.max_inflated_bytes) as budget, recovery, time_limit(timeout), \
                string_limit(limits.max_string_bytes) as strings:
            try:
                yield
            except (BombError, BigStreamError, BrokenStreamError):
                raise budget_verdict(file, budget, limits) or bomb_error(str(file), limits) from None
            except (IpformsError, Exception) as exc:
                verdict = budget_verdict(file, budget, limits)
                if verdict:
                    raise verdict from None
                if len(strings) > 1 or isinstance(exc, LongStringError):
                    raise long_value_error(file, limits) from None
                if isinstance(exc, PyPdfError):  # pypdf's verdict on the file, not a bug of ours
                    raise pdf_error(file, "pdf.damaged", f"damaged PDF ({type(exc).__name__}: "
                               f"{str(exc)[:120]})") from None
                raise
            verdict = budget_verdict(file, budget, limits)
            if verdict:  # pypdf caught our exception and went on
                raise verdict
            if len(strings) > 1:
                raise long_value_error(file, limits)
    except TimeLimitExceeded:
        raise pdf_error(file, "pdf.timeout", f"gave up after {timeout:g} seconds (a damaged or "
                   f"hostile PDF?)", seconds=timeout) from None
    except MemoryError:
        raise pdf_error(file, "pdf.memory", "out of memory while reading the PDF") from None
    except RecursionError:
        raise pdf_error(file, "pdf.damaged", "damaged PDF (objects nested too deeply, or in a "
                   "loop)") from None
    finally:
        _GUARDED.reset(token)
