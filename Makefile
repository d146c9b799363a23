# ipforms: the two commands a newcomer runs are `make site` and `make test`.
# Both set up what they need: a virtual environment in .venv and, when missing,
# the Debian packages (installed with apt-get; needs root or sudo).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# hunspell + hunspell-no: `ipforms check` (run by `ipforms build` too) checks nb and nn spelling
SITE_DEBS := fonts-liberation hunspell hunspell-no
# npm (and dpkg-deb, on every Debian): tools/collect-forms.sh fetches the real third-party forms of the
# corpus test. Debian's npm only when no npm is there: it conflicts with a Node.js from elsewhere
# (NodeSource's nodejs ships its own npm).
# the inner loop (`make test-fast`) renders PDFs with Poppler and MuPDF, no browser, no web server;
# fonts-dejavu-core: a form's own embedded font with Armenian (tests/test_fill_edges.py)
FAST_DEBS := $(SITE_DEBS) poppler-utils mupdf-tools fonts-dejavu-core fonts-droid-fallback
TEST_DEBS := $(FAST_DEBS) chromium nginx
# The browser tests (tests/browser/) and `make screenshots` drive Debian's chromium (and the
# browser tests serve the demo sites with Debian's nginx);
# Playwright must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# constraints.txt pins every dependency to the versions CI tested (make constraints
# writes it again from a working test venv).
CONSTRAINTS := -c constraints.txt

.PHONY: site test test-fast lint constraints serve check bench screenshots clean debs-site debs-fast debs-test

site: $(VENV)/.installed debs-site
	$(BIN)/ipforms build

test: $(VENV)/.installed-test debs-test
	bash tools/collect-forms.sh .cache/forms-corpus
	$(BIN)/python -m pytest -n 2

# the inner loop: no browser, no web server, no forms corpus, no wheel install (the `slow`
# and `browser` markers, see tests/conftest.py); `make test` runs everything
test-fast: $(VENV)/.installed-test debs-fast
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow"

# eslint for the online form's modules, pinned by tools/eslint/package-lock.json (npm ci)
ESLINT := tools/eslint/node_modules/.bin/eslint

lint: $(VENV)/.installed-test $(ESLINT)
	$(BIN)/ruff check src tests bench examples tools
	$(BIN)/mypy
	$(ESLINT) -c tools/eslint/eslint.config.mjs src/ipforms/site/webform/*.js tests/js

$(ESLINT): tools/eslint/package.json tools/eslint/package-lock.json
	@command -v npm >/dev/null || { echo "make lint: eslint needs npm (Debian: apt-get install npm)"; exit 1; }
	cd tools/eslint && npm ci --no-audit --no-fund
	touch $@

constraints: $(VENV)/.installed-test
	{ sed -n '/^#/p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -iv '^ipforms'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

serve: $(VENV)/.installed debs-site
	$(BIN)/mkdocs serve

# everything an editor can get wrong (spelling, links, terms, data, nb/nn), see docs/editors.md
check: $(VENV)/.installed debs-site
	$(BIN)/ipforms check

screenshots: $(VENV)/.installed-test debs-test
	$(BIN)/ipforms build
	$(BIN)/python -m ipforms.dev.screenshots site

bench: $(VENV)/.installed-test
	$(BIN)/python bench/build.py
	$(BIN)/python bench/fill.py
	$(BIN)/python bench/fill.py --corpus
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/check.py

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q $(CONSTRAINTS) -e '.[test,lint,bench]'
	touch $@

debs-site:
	@sh tools/ensure-debs.sh $(SITE_DEBS)

debs-fast:
	@sh tools/ensure-debs.sh $(FAST_DEBS)

# .ci/run installs what the tests need with this target, so the list lives here only
debs-test:
	@sh tools/ensure-debs.sh $(TEST_DEBS)
	@command -v npm >/dev/null || sh tools/ensure-debs.sh npm

clean:
	rm -rf site .pytest_cache

# --- validate: a folder of made-up applications, checked in nb and nn (exit 2 expected:
# the demo holds a truncated and an encrypted file)
.PHONY: demo-validate
demo-validate: $(VENV)/.installed debs-site
	$(BIN)/python examples/make_demo_applications.py demo-applications
	-$(BIN)/ipforms validate demo-applications --lang nb
	-$(BIN)/ipforms validate demo-applications --lang nn --format json
