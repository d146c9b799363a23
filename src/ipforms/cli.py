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
