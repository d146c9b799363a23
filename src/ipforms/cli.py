"""The ``ipforms`` command: a thin click layer over the library.

Subcommands import their part of the library when they run, so ``ipforms
--version`` and ``ipforms validate`` load neither mkdocs nor WeasyPrint.  Errors are
mapped in one place (:class:`Cli`): an :class:`~ipforms.core.errors.IpformsError`
exits with its own ``exit_code`` after "error: ..." and "hint: ..."; anything else
is a fault of ipforms, said as "internal error" (exit 2), never as a verdict on the
user's files.

Exit codes:
  0  success (for ``validate``: every application valid)
  1  ``validate``: at least one application not valid; ``check`` (also run by
     ``build``): problems found
  2  bad input: a file that cannot be read, a bad data file, template or value;
     nothing was written (or an internal error, said as such)
  3  a site build failed; the previous site was left as it was
  141 the reader of the output closed it early (``| head``): stopped quietly
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from ._version import __version__
from .core.errors import (EXIT_BAD_INPUT, EXIT_PIPE, DataError, InternalError, IpformsError,
                          printable)


#: the language editors read the messages of check, build and new in (None: as written)
_EDITOR_LANG: list[str | None] = [None]


def say(text: str) -> str:
    """``text`` (lines of output) in the editors' language, when a command set one."""
    lang = _EDITOR_LANG[0]
    if lang is None:
        return text
    from .site import norsk

    return norsk.translate(text, lang)


def _editor_lang(lang: str | None, root: Path) -> str | None:
    """``--lang``, else the project's written standard; None for en (as written)."""
    if lang is None:
        from .site.norsk import project_lang

        lang = project_lang(root)
    _EDITOR_LANG[0] = None if lang == "en" else lang
    return _EDITOR_LANG[0]


def fail(err: IpformsError) -> NoReturn:
    """Report ``err`` (and its hint) on stderr and exit with its exit code."""
    if isinstance(err, DataError):  # every problem of the data file(s), each with its hint
        for line in err.report().splitlines():
            click.echo(printable(say(line if line.startswith("  ") else f"error: {line}")), err=True)
        sys.exit(err.exit_code)
    click.echo(printable(say(f"error: {err}")), err=True)  # a file name cannot move the cursor
    if err.hint:
        click.echo(printable(say(f"hint: {err.hint}")), err=True)
    sys.exit(err.exit_code)


def _internal(exc: BaseException) -> InternalError:
    """An unexpected exception as an internal error naming where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return InternalError(f"{type(exc).__name__}: {exc}{where}")


def _closed_pipe() -> NoReturn:
    """The reader of stdout closed it: stop quietly (no "internal error"), and send what
    is still buffered nowhere, so that Python's flush at exit does not complain either."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_PIPE)


class Cli(click.Group):
    """The command group; maps errors to exit codes by ``err.exit_code``."""

    def invoke(self, ctx: click.Context) -> Any:
        _EDITOR_LANG[0] = None  # each command sets its own (check, build, new)
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors, --help, Ctrl-C: click reports them
        except IpformsError as err:
            fail(err)
        except BrokenPipeError:
            _closed_pipe()
        except Exception as exc:  # a bug: say so, with where, instead of a traceback
            fail(_internal(exc))


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipforms")
def main() -> None:
    """Pages, PDF forms and application checks for individuell plan,
    koordinator and barnekoordinator, in Bokmål (nb) and Nynorsk (nn).

    Exit codes: 0 ok; 1 validate found an application not valid, or check found
    problems; 2 bad input
    (nothing written) or an internal error; 3 site build failed (previous site kept);
    141 the reader of the output closed it (| head).
    """


# --- build ------------------------------------------------------------------
@main.command()
@click.option("--kommune", "slugs", multiple=True, metavar="SLUG",
              help="Build only this municipality (repeatable). Default: all in data/municipalities/.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Output folder; each site goes to OUT/<slug>/.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Parallel builds (default: one per core).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("."), show_default=True,
              help="Project folder with mkdocs.yml, content/ and data/municipalities/.")
@click.option("--no-check", is_flag=True,
              help="Build even when `ipforms check` finds problems (spelling, links, ...).")
@click.option("--lang", type=click.Choice(["nb", "nn", "en"]), default=None,
              help="Language of the messages (default: the project's written standard, "
                   "written_standard in its data files; en: as the library writes them).")
def build(slugs, out_dir, jobs, root, no_check, lang):
    """Build the static site of each municipality into OUT/<slug>/, in nb and nn,
    with the prefilled forms beside the pages.

    `ipforms check` runs first: a problem it finds stops the build before anything
    is written (exit 1; --no-check to build anyway). A bad data file stops it too
    (exit 2); a site that fails to build keeps its previous version (exit 3).
    """
    from .site.build import build_sites

    lang = _editor_lang(lang, root)
    if not no_check:
        from .core.spelling import keep_answers_between_runs
        from .site.check import check_project

        keep_answers_between_runs()

        report = check_project(root, list(slugs) or None, suggest=False)
        # bad data files and unknown names are reported by the build itself, below
        if report.exit_code and not any(f.kind in ("data", "kommune") for f in report.errors):
            click.echo(report.text(lang), err=True)
            click.echo(say("error: nothing was built: fix the problems above (or build anyway "
                           "with --no-check)"), err=True)
            sys.exit(report.exit_code)

    results = build_sites(root=root, slugs=list(slugs) or None, out_dir=out_dir, jobs=jobs,
                          progress=lambda line: click.echo(printable(say(line)), err=True),
                          warn=lambda line: click.echo(printable(say(line)), err=True))
    click.echo(printable(say(f"built {len(results)} site(s) in {out_dir}/: "
                             + ", ".join(r.slug for r in results))))



@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--slug", help="The municipality's slug (default: the folder's name).")
@click.option("--name", help='Its name as the pages show it (default: "<Folder> kommune").')
@click.option("--written-standard", "standard", type=click.Choice(["nb", "nn"]), default=None,
              help="The municipality's main written standard (målform): its pages at the site "
                   "root, the messages of ipforms in it. Asked on a terminal; default nb.")
def new(folder, slug, name, standard):
    """Start a municipality's project in FOLDER: mkdocs.yml, a data file with
    example values, a README for its editors and content/ for changed pages.

    Then: cd FOLDER && ipforms build.
    """
    from .site.project import new_project

    if standard is None:
        standard = "nb"
        if sys.stdin.isatty() and sys.stdout.isatty():
            standard = click.prompt("Målform (written standard): nb (bokmål) or nn (nynorsk)",
                                    type=click.Choice(["nb", "nn"]), default="nb")
    _EDITOR_LANG[0] = standard
    written = new_project(folder, slug=slug, name=name, written_standard=standard)
    for path in written:
        click.echo(say(f"wrote {path}"), err=True)
    data = next(p for p in written if p.parent.name == "municipalities")
    click.echo(say(f"next: put the real facts in {data.relative_to(folder)} "
                   f"(see README.md), then: cd {folder} && ipforms build"))


@main.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default=Path("site"))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def preview(site_dir, port):
    """Look at built sites in a browser: serve SITE_DIR (default: site/) on
    127.0.0.1, each municipality under /<slug>/ (or one site's folder at the root),
    with the site's own 404 page.  Only this machine can reach it.
    """
    from .site.localserve import preview as serve

    serve(site_dir, port, announce=lambda line: click.echo(line, err=True))


# --- check ------------------------------------------------------------------
@main.command()
@click.option("--kommune", "slugs", multiple=True, metavar="SLUG",
              help="Check only this municipality's data (repeatable); the pages are always checked.")
@click.option("--accept", is_flag=True,
              help="Record that the nb and nn paragraphs now say the same "
                   "(.parity.json beside the page templates).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("."), show_default=True,
              help="Project folder with content/ and data/municipalities/.")
@click.option("--no-suggest", is_flag=True, help="Do not ask hunspell for suggestions (faster).")
@click.option("--yes", is_flag=True,
              help="With --accept: accept every changed pair without asking (the list is "
                   "printed all the same).")
@click.option("--lang", type=click.Choice(["nb", "nn", "en"]), default=None,
              help="Language of the messages (default: the project's written standard, "
                   "written_standard in its data files; en: as the library writes them).")
def check(slugs, accept, root, no_suggest, yes, lang):
    """Check the pages and the data files before publishing: spelling in nb and nn,
    outdated terms and law citations, placeholders, links and anchors, data files,
    and that nb and nn say the same.  Every problem at once, with file:line and what
    to do.

    hunspell's answers are kept between runs in ~/.cache/ipforms/spelling (per
    dictionary; a new one starts afresh).

    Exit codes: 0 nothing found; 1 problems found; 2 a file could not be read (a data
    file that does not fit, a missing folder or tool).
    """
    from .core.spelling import keep_answers_between_runs
    from .site.check import check_project

    keep_answers_between_runs()
    lang = _editor_lang(lang, root)
    ask = accept and not yes and _interactive()
    if accept and not yes and not ask:
        raise click.UsageError(say("--accept asks about each nb/nn pair on a terminal; "
                                   "--accept --yes accepts every one (and lists them)"))
    seen: list = []

    def choose(pending) -> bool:
        seen.append(pending)
        click.echo(_pair_text(pending, len(seen)))
        if not ask:
            return True
        return click.confirm(say("Do the two say the same?"), default=False)

    report = check_project(root, list(slugs) or None, accept=accept, suggest=not no_suggest,
                           choose=choose if accept else None)
    click.echo(report.text(lang))
    if accept:
        click.echo(say(f"accepted {len(report.accepted)} of {len(seen)} nb/nn pairs, "
                       f"recorded in {report.parity_file}"), err=True)
    sys.exit(report.exit_code)


def _interactive() -> bool:
    """Whether a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def _pair_text(p, n: int) -> str:
    """One nb/nn paragraph pair as ``--accept`` shows it: both texts, with where."""
    def indent(text: str) -> str:
        return "\n".join("    " + line for line in text.splitlines())
    return (f"\n[{n}] {p.nb_file}:{p.nb_line}\n{indent(p.nb_text)}\n"
            f"    {p.nn_file}:{p.nn_line}\n{indent(p.nn_text)}")


# --- validate ---------------------------------------------------------------
def _parse_received(ctx, param, value):
    from .core.dates import parse_date

    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise click.BadParameter(f"expected a date like 24.11.2026 or 2026-11-24, got {value!r}")
    return day


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=Path))
@click.option("--attachment", "-a", "attachments", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A separate attachment (fullmakt, proof of a verge's authority, ...). Repeatable.")
@click.option("--lang", type=click.Choice(["nb", "nn", "se", "smj", "sma"]), default="nb",
              show_default=True,
              help="Language of the report; se, smj or sma with --translations.")
@click.option("--translations", "translations_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The municipality's own texts for a report in se, smj or sma (its "
                   "<slug>.<lang>.yml); every message must be there.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text, or JSON (JSON Lines for a folder).")
@click.option("--received", callback=_parse_received, metavar="DATE",
              help="Date the application was received (dd.mm.åååå or ISO). Default: today.")
@click.option("--show-fnr", is_flag=True, help="Show whole fødselsnumre (masked by default).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Processes for a folder (default: one per core).")
@click.option("--trust-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of CA certificates (PEM or DER) that digital signatures are checked "
                   "against. Without it a digital signature is checked for integrity, but not "
                   "its certificate.")
@click.option("--sender", metavar="FNR",
              help="The fødselsnummer of the sender, as a receiving channel with ID-porten login "
                   "knows it (one file). In a folder: FOO.pdf.json beside FOO.pdf, "
                   '{"sender": "FNR"}.')
def validate(target, attachments, lang, translations_file, fmt, received, show_fnr, jobs,
             trust_dir, sender):
    """Check an incoming application PDF, or every application in a FOLDER.

    In a folder, FOO.pdf is an application and every other file whose name starts
    with "FOO." (FOO.fullmakt.pdf, FOO.verge.jpg) is a separate attachment of it.
    Nothing is changed on disk and nothing is sent anywhere.

    Exit codes: 0 valid; 1 not valid; 2 could not be read (for a folder: the
    worst of all files).
    """
    import datetime as _dt

    from .validation import report
    from .validation.rules import NOTE, Finding
    from .validation.validate import check_file, scan_folder, validate_folder

    from .validation.signatures import Options, load_trust_dir
    from .core import fnr as _fnr

    plain = _console_plain()
    received = received or _dt.date.today()
    _report_language(lang, translations_file)
    try:
        roots = load_trust_dir(trust_dir) if trust_dir else ()
    except IpformsError as exc:
        raise click.BadParameter(str(exc), param_hint="--trust-dir") from None
    if sender is not None and _fnr.birth_date(sender, received) is None:
        raise click.BadParameter(f"not a valid fødselsnummer or D-nummer: {sender!r}",
                                 param_hint="--sender")
    options = Options(trust_roots=roots, sender=sender)
    if target.is_dir():
        if sender:
            raise click.UsageError("--sender is for one file; in a folder, give each "
                                   'application\'s sender in FOO.pdf.json: {"sender": "FNR"}')
        if attachments:
            raise click.UsageError("--attachment is for one file; in a folder, name the "
                                   "attachment after its application (FOO.fullmakt.pdf)")
        plan = scan_folder(target)
        if not plan.groups:
            fail(IpformsError(f"{target}: no PDF files to check"))
        results = []
        try:
            with click.progressbar(validate_folder(target, received, workers=jobs,
                                                   groups=plan.groups, options=options),
                                   length=len(plan.groups), file=sys.stderr,
                                   label=f"{len(plan.groups)} PDF") as bar:
                for r in bar:
                    results.append(r)
        except KeyboardInterrupt:  # print what is done; the rest was not checked
            click.echo("\ninterrupted: the files below were checked, the others were not",
                       err=True)
        by_app = {r.file: r for r in results}
        for path, owners in plan.collisions:
            owner = by_app.get(str(owners[0]))
            if owner is not None:
                owner.findings.append(Finding("folder.collision", NOTE, None, {
                    "name": path.name, "others": ", ".join(o.name for o in owners[1:])}))
        extra = [report.not_checked(p, received, "unused") for p in plan.unused] + \
                [report.not_checked(p, received, "skipped") for p, _ in plan.skipped]
        for r in results + extra:
            if fmt == "json":
                click.echo(report.to_jsonl(r, lang, show_fnr=show_fnr))
            elif r.status != "not_checked":
                click.echo(report.to_text(r, lang, show_fnr=show_fnr, plain=plain) + "\n")
        click.echo(report.summary_table(results, lang, plan.unused, skipped=plan.skipped,
                                        show_fnr=show_fnr), err=fmt == "json")
        code = max((r.exit_code for r in results), default=EXIT_BAD_INPUT)
        sys.exit(code if len(results) == len(plan.groups) else max(code, EXIT_BAD_INPUT))
    result = check_file(target, attachments, received, raise_internal=True, options=options)
    if fmt == "json":
        click.echo(report.to_json(result, lang, show_fnr=show_fnr))
    else:
        click.echo(report.to_text(result, lang, show_fnr=show_fnr, plain=plain))
    sys.exit(result.exit_code)


def _third_language(lang: str, file: Path | None) -> Path | None:
    """The municipality's translations file when ``lang`` is a third language (then
    ``--translations`` must name it), else None; ``--translations`` with nb or nn is a
    usage error."""
    if lang in ("nb", "nn"):
        if file is not None:
            raise click.UsageError("--translations is for --lang se, smj or sma")
        return None
    if file is None:
        raise click.UsageError(
            f"--lang {lang}: ipforms har ingen tekster på {lang}; gi kommunens egne med "
            f"--translations FIL / ipforms har ingen tekstar på {lang}; gi kommunen sine "
            f"eigne med --translations FIL")
    return file


def _report_language(lang: str, file: Path | None) -> None:
    """For a report in a third language, the municipality's translations in use (every
    key there, else an error in nb and nn naming the missing ones: never Norwegian in
    their place, never invented text)."""
    file = _third_language(lang, file)
    if file is None:
        return
    from .validation import reportlang
    from .core.lang import activate

    try:
        activate(reportlang.load(file, lang))
    except IpformsError as exc:
        fail(exc)


def _console_plain() -> bool:
    """Whether the console cannot show the report's marks (a cp850 or cp1252
    Windows console, an ASCII locale).  Then plain marks are used, and any other
    character it cannot show is replaced, never a crash."""
    plain = False
    for stream in (sys.stdout, sys.stderr):
        enc = getattr(stream, "encoding", None) or "ascii"
        try:
            "✗æøå«»§".encode(enc)
        except (UnicodeEncodeError, LookupError):
            plain = plain or stream is sys.stdout
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
    return plain


# --- forms: fill, fields, attach ----------------------------------------------
@main.command()
@click.argument("form")
@click.option("--kommune", metavar="SLUG", help="Fill the municipality block from data/municipalities/SLUG.yml.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("data/municipalities"), show_default=True,
              help="Folder of the municipality files.")
@click.option("--lang", type=click.Choice(["nb", "nn", "se", "smj", "sma"]), default="nb",
              show_default=True,
              help="Language of the form (for a form id); se, smj or sma with --translations.")
@click.option("--translations", "translations_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The municipality's own texts for --lang se/smj/sma (<slug>.<lang>.yml).")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Answers as YAML or JSON: field: value ('-': read from the standard input).")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="One answer (repeatable; wins over --data).")
@click.option("--flatten", is_flag=True, help="Draw the values into the pages and remove the fields.")
@click.option("--drop-signatures", is_flag=True,
              help="With --flatten: flatten a digitally signed form, removing its signature "
                   "(refused without this: flattening takes the signature fields away).")
@click.option("--fill-readonly", is_flag=True,
              help="Fill fields the form marks read-only (refused without this); they stay "
                   "read-only.")
@click.option("--attachment", "-a", "attachments", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Embed this PDF, JPEG or PNG (a vergefullmakt, a signed fullmakt, a scan) "
                   "under its own name. Repeatable.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The filled PDF to write.")
def fill(form, kommune, data_dir, lang, translations_file, data_file, assignments, flatten,
         drop_signatures, fill_readonly, attachments, force, output):
    """Fill FORM and write OUT.pdf.

    FORM is one of our forms (soknad, fullmakt) or the path of any PDF with an
    AcroForm.  Checkboxes take yes/no (ja/nei, true/false) or a state name.
    An --attachment is embedded as the online form does (name it vergefullmakt.pdf,
    fullmakt.jpg ...: ipforms validate reads what it is from its name), and also
    appended as pages headed "Vedlegg n: NAME" (page 1 lists them); it must be a
    PDF, JPEG or PNG by its content, and the result at most the size ipforms validate
    reads.  A bad value or file is an error (exit 2) and nothing is written; FORM is
    never changed.
    """
    from .core.files import user_cache_dir, write_output
    from .forms import unifont
    from .forms.answers import load_answers, parse_assignments
    from .forms.fill import fill_any

    from .forms.pdfguard import FORM_TIMEOUT, guard

    unifont.use_cache_dir(user_cache_dir() / "fonts")  # the font subsets between runs
    values = load_answers(data_file) if data_file else {}
    values.update(parse_assignments(assignments))
    m = None
    if kommune:  # the municipality module (pydantic) only when it is used
        from .core.municipality import load_municipality

        m = load_municipality(data_dir / f"{kommune}.yml")
    files = []
    if attachments:  # the checks' modules only for an attachment
        from .validation.attachments import embeddable

        files = embeddable(attachments)
    if drop_signatures and not flatten:
        raise click.UsageError("--drop-signatures goes with --flatten (filling alone keeps "
                               "a signature valid)")
    _form_language(form, lang, translations_file, m, bool(files))
    with guard(form, timeout=FORM_TIMEOUT):  # the limits validate has (issue 19)
        data = fill_any(form, values, lang=lang, municipality=m, flatten=flatten,
                        cache_dir=user_cache_dir(), fill_readonly=fill_readonly,
                        drop_signatures=drop_signatures)
    if files:
        from .validation.pdfread import MAX_FILE_BYTES
        from .forms.attach import attach_files

        from .forms.printpages import append_pages

        with guard(output, timeout=FORM_TIMEOUT):
            data = attach_files(data, files)
            # embedded files never print: each also as pages after the application
            data = append_pages(data, files, lang)
        if len(data) > MAX_FILE_BYTES:
            fail(IpformsError(f"{output}: with its attachments the PDF would be "
                              f"{len(data) / 2**20:.1f} MB; ipforms validate reads at most "
                              f"{MAX_FILE_BYTES // 2**20} MB", hint="attach smaller scans"))
    write_output(output, data, force=force, inputs=[form, *attachments])
    click.echo(f"wrote {output} ({len(data) // 1024} kB)", err=True)


def _form_language(form: str, lang: str, file: Path | None, m, attachments: bool) -> None:
    """For a form in a third language, the municipality's translations in use (every key
    the form, its municipality block and its attachment pages need, else an error in nb
    and nn naming the missing ones: never Norwegian in their place)."""
    file = _third_language(lang, file)
    if file is None:
        return
    from .core.lang import activate
    from .forms.formids import list_forms
    from .forms.formlang import load

    form_id = form if form in list_forms() else None
    if form_id is None:
        from .forms.fill import form_id_of

        form_id = form_id_of(Path(form)) if Path(form).is_file() else None
    if form_id is None:  # any AcroForm PDF: it has its own texts
        raise click.UsageError(f"--lang {lang} is for our own forms "
                               f"({', '.join(list_forms())})")
    try:
        activate(load(str(file), lang, form_id, municipality=m, attachments=attachments))
    except IpformsError as exc:
        fail(exc)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per field.")
def fields(pdf, as_json):
    """List the form fields of any AcroForm PDF: name, type, value, options.

    The name is the one `ipforms fill --set NAME=VALUE` takes.  Separate fields that
    share a name are listed as NAME#1, NAME#2 ... with their page and rectangle
    (x1 y1 x2 y2 in points), so you can tell them apart.
    """
    from .forms.acroform import read_form
    from .forms.fieldlist import field_listing
    from .forms.pdfguard import FORM_TIMEOUT, guard

    with guard(pdf, timeout=FORM_TIMEOUT):  # the limits validate and fill have (issue 19)
        reader, found = read_form(pdf)
        if not found:
            fail(IpformsError(f"{pdf}: the PDF has no form fields (AcroForm)"))
        lines, notes = field_listing(reader, found, as_json)
    for line in lines:
        click.echo(line)
    for note in notes:
        click.echo(note, err=True)


@main.command()
@click.argument("application", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("fullmakt", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The application with the fullmakt attached.")
def attach(application, fullmakt, force, output):
    """Embed FULLMAKT.pdf in APPLICATION.pdf as a PDF attachment and write OUT.pdf."""
    from .forms.pdfguard import FORM_TIMEOUT, guard
    from .core.files import write_output
    from .forms.attach import attach_fullmakt

    with guard(application, timeout=FORM_TIMEOUT):
        data = attach_fullmakt(application, fullmakt)
    write_output(output, data, force=force, inputs=[application, fullmakt])
    click.echo(f"wrote {output} ({len(data) // 1024} kB)", err=True)
