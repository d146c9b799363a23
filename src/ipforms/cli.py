"""The ``ipforms`` command: a thin click layer over the library.

Exit codes:
  0  success (for ``validate``: every application valid)
  1  ``validate``: at least one application not valid
  2  bad input: a file that cannot be read, a bad data file, template or value;
     nothing was written
  3  a site build failed; the previous site was left as it was
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BuildError, IpformsError

EXIT_OK, EXIT_INVALID, EXIT_BAD_INPUT, EXIT_BUILD_FAILED = 0, 1, 2, 3


def fail(err: IpformsError, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"error: {err}", err=True)
    if getattr(err, "hint", None):
        click.echo(f"hint: {err.hint}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipforms")
def main() -> None:
    """Pages, PDF forms and application checks for individuell plan,
    koordinator and barnekoordinator, in Bokmål (nb) and Nynorsk (nn).

    Exit codes: 0 ok; 1 validate found an application not valid; 2 bad input
    (nothing written); 3 site build failed (previous site kept).
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
def build(slugs, out_dir, jobs, root):
    """Build the static site of each municipality into OUT/<slug>/, in nb and nn,
    with the prefilled forms beside the pages.

    A bad data file stops the build before anything is written; a site that fails
    to build keeps its previous version (exit 3).
    """
    from .build import build_sites
    from .errors import DataError

    try:
        results = build_sites(root=root, slugs=list(slugs) or None, out_dir=out_dir, jobs=jobs,
                              progress=lambda line: click.echo(line, err=True))
    except DataError as exc:
        fail(exc, EXIT_BAD_INPUT)
    except BuildError as exc:
        fail(exc, EXIT_BUILD_FAILED)
    except IpformsError as exc:
        fail(exc, EXIT_BAD_INPUT)
    click.echo(f"built {len(results)} site(s) in {out_dir}/: "
               + ", ".join(r.slug for r in results))


