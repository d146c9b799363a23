"""The prefilled forms and online-form pages of one municipality, in CPU time.

Builds, in one process, the PDFs (`site_forms`) and the online-form pages
(`site_webforms`) of N municipalities made from the demo's Fjord, each with its own site
address (so its own privacy page in every form, as real municipalities have), after two
to warm up, and prints the CPU milliseconds per municipality (both written standards).
Give another checkout's root to measure that one (its `src` first on the path).

    .venv/bin/python bench/site_forms.py --n 20
    .venv/bin/python bench/site_forms.py --n 20 --tree /tmp/before
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
    args = ap.parse_args()
    sys.path.insert(0, str(args.tree / "src"))
    from ipforms.core.municipality import load_municipality
    from ipforms.site.siteforms import site_form_bases, site_forms
    from ipforms.site.webform import site_webforms

    raw = yaml.safe_load((args.tree / "data/municipalities/fjord.yml").read_text(encoding="utf-8"))
    raw.pop("logo", None)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"

        def municipality(i: int):
            data = dict(raw, base_url=f"https://www.k{i}.kommune.no/ip/", kommunenummer=f"{1000 + i}")
            path = Path(tmp) / f"k{i}.yml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            return load_municipality(path)

        times = {"forms": 0.0, "online forms": 0.0}
        for i in range(args.n + 2):
            m = municipality(i)
            for lang in ("nb", "nn"):
                a = time.process_time()
                pdfs = site_forms(m, lang, cache)
                b = time.process_time()
                site_webforms(m, lang, pdfs, site_form_bases(lang, cache))
                c = time.process_time()
                if i >= 2:  # the first two draw the blanks and fill the caches
                    times["forms"] += b - a
                    times["online forms"] += c - b
    print(", ".join(f"{k} {v / args.n * 1000:.1f} ms" for k, v in times.items()),
          "of CPU per municipality")


if __name__ == "__main__":
    main()
