"""Write a folder of made-up incoming applications for trying `ipforms validate`.

    python examples/make_demo_applications.py [FOLDER] [--received DD.MM.YYYY] [--lang nb|nn]
    ipforms validate FOLDER --received DD.MM.YYYY --lang nn

Valid ones (the person, a proxy with a fullmakt as a separate file or embedded,
a parent for a child, a parent for an expected child, a scanned fullmakt to check
by hand) and ones that are not: no fullmakt, a fullmakt for the wrong person,
barnekoordinator for a 19-year-old, a parent applying for a 17-year-old who has
not signed, a truncated file and two encrypted ones (with and without a
password).  Everyone in them is made up: fødselsnumre are synthetic
(python-stdnum check digits), names are roles.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ipforms.dev.demo_applications import write_demo_folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default="demo-applications", type=Path)
    ap.add_argument("--received", default=None, help="received date (dd.mm.åååå); default today")
    ap.add_argument("--lang", choices=["nb", "nn"], default="nb", help="language of the forms")
    args = ap.parse_args()
    received = (dt.datetime.strptime(args.received, "%d.%m.%Y").date() if args.received
                else dt.date.today())
    expected = write_demo_folder(args.folder, received, args.lang)
    print(f"wrote {len(expected)} applications to {args.folder}/ (received {received:%d.%m.%Y}):")
    for name, (status, code) in expected.items():
        print(f"  {name:28} {status:10} {code}")
    print(f"\ntry: ipforms validate {args.folder} --received {received:%d.%m.%Y} --lang nn")


if __name__ == "__main__":
    main()
