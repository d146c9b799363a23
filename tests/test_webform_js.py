"""The online form's small JavaScript modules (src/ipforms/site/webform/*.js) run their own
unit tests in Node, without a browser (tests/js/*.test.mjs, `node --test`), here so that
`make test-fast` covers them; and the modules fit the Python side (the steps hold every
section of the form definitions; the served webform.js is the modules joined)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ipforms.forms.formdef import load_form
from ipforms.site import webform

REPO = Path(__file__).resolve().parents[1]
JS = REPO / "src" / "ipforms" / "site" / "webform"
NODE = shutil.which("node") or shutil.which("nodejs")


def node(*args: str) -> subprocess.CompletedProcess:
    assert NODE, "Node.js is needed for the online form's unit tests (Debian: apt-get install nodejs)"
    return subprocess.run([NODE, *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_the_modules_pass_their_node_tests():
    tests = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert len(tests) >= 4
    r = node("--test", *tests)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "# fail 0" in r.stdout and "# pass " in r.stdout


@pytest.mark.parametrize("form_id", ["soknad", "fullmakt"])
def test_every_section_is_asked_in_exactly_one_step(form_id):
    r = node("-e", "process.stdout.write(JSON.stringify(require('./src/ipforms/site/webform/steps.js')"
                   ".PLAN[process.argv[1]].concat([{id: '-', sections: require("
                   "'./src/ipforms/site/webform/steps.js').NOT_STEPS[process.argv[1]]}])))", form_id)
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    listed = [s for step in plan for s in step["sections"]]
    sections = [s.id for s in load_form(form_id).sections]
    assert sorted(listed) == sorted(sections), "steps.js PLAN and forms/definitions disagree"
    # every step has a title in both written standards
    for step in plan[:-1]:
        assert set(webform.texts()[f"step_{step['id']}"]) == {"nb", "nn"}


def test_the_served_script_is_the_modules_joined_and_parses():
    served = webform.asset("webform.js").decode("utf-8")
    for name in webform.JS_MODULES:
        assert f"/* --- {name} --- */" in served
        assert (JS / name).read_text("utf-8").strip() in served
    r = subprocess.run([NODE or "node", "-e",
                        "new (require('vm').Script)(require('fs').readFileSync(0, 'utf8'))"],
                       input=served, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    # nothing leaks into the page's global scope but the test hook
    r = subprocess.run([NODE or "node", "-e",
                        "const vm = require('vm'); const g = {document: {readyState: 'complete',"
                        " getElementById: () => null}}; g.window = g; vm.createContext(g);"
                        "const before = new Set(Object.keys(g));"
                        "vm.runInContext(require('fs').readFileSync(0, 'utf8'), g);"
                        "console.log(JSON.stringify(Object.keys(g).filter(k => !before.has(k))))"],
                       input=served, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == ["ipformsWebform"]
