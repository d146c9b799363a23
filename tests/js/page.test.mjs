// node --test tests/js/: the page (src/ipforms/site/webform/page.js) needs a DOM; here only that
// the modules joined as ipforms.site.webform joins them load in a page without its data, leave
// nothing in the page's scope but the test hook, and that the hook checks with the modules
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const dir = new URL("../../src/ipforms/site/webform/", import.meta.url);
const MODULES = ["values.js", "numbers.js", "signing.js", "rules.js", "messages.js", "appearance.js", "pdfwrite.js", "files.js",
  "handover.js", "dates.js", "store.js", "steps.js", "summary.js", "shared.js", "page.js"];
const joined = "(function () {\n" + MODULES.map((m) => readFileSync(new URL(m, dir), "utf8")).join("\n") + "\n})();\n";

function load(blob) {
  const listeners = {};
  const g = { document: { readyState: "complete", getElementById: (id) => (id === "ipf-data" && blob ? { textContent: blob } : null),
    addEventListener: (t, fn) => { listeners[t] = fn; } } };
  g.window = g;
  vm.createContext(g);
  const before = new Set(Object.keys(g));
  return { g, added: () => Object.keys(g).filter((k) => !before.has(k)), run: () => vm.runInContext(joined, g) };
}

test("without its data the page does nothing but offer the test hook", () => {
  const p = load(null);
  p.run();
  assert.deepEqual(p.added(), ["ipformsWebform"]);
  assert.deepEqual(Object.keys(p.g.ipformsWebform).sort(), ["checkAll", "makePdf", "md5", "ready", "wrap"]);
  assert.equal(p.g.ipformsWebform.md5(new Uint8Array([97, 98, 99])), "900150983cd24fb0d6963f7d28e17f72");
});

test("the joined modules see each other in one scope: a module's name is no global", () => {
  const p = load(null);
  p.run();
  for (const name of ["ipfRules", "ipfValues", "ipfPdf"]) assert.equal(name in p.g, false, name);
});
