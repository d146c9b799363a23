// The parity answer sets through the online form's rules in Node, without a browser:
// IPFORMS_PARITY names a JSON file with the page data (nb, nn), the answer sets and
// `ipforms validate`'s findings on each (tests/test_webform_parity_node.py writes it and runs
// `node --test tests/js/parity.mjs`).  Not a *.test.mjs: it needs that file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dir = "../../src/ipforms/site/webform/";
const ipfRules = require(dir + "rules.js");
const ipfMessages = require(dir + "messages.js");
const V = require(dir + "values.js");

const input = JSON.parse(readFileSync(process.env.IPFORMS_PARITY, "utf8"));

function differences(got, want, sets) {
  const out = [];
  got.forEach((g, i) => {
    if (JSON.stringify(g) !== JSON.stringify(want[i])) {
      out.push(`answers ${JSON.stringify(sets[i])}\n  node:   ${JSON.stringify(g)}\n  python: ${JSON.stringify(want[i])}`);
    }
  });
  return out;
}

for (const lang of Object.keys(input.pages)) {
  const D = input.pages[lang], R = ipfRules(D), M = ipfMessages.bind(D);

  test(`the application's rules give validate's findings (${lang}, ${input.sets.length} answer sets)`, () => {
    const got = input.sets.map((s) => R.checkAll("soknad", s.raw, V.parseDate(s.received), s.atts || [])
      .map((f) => [f.code, f.severity, f.field, M.render(f.code, f.params, f.field)]));
    const diff = differences(got, input.python[lang], input.sets);
    assert.equal(diff.length, 0, `${diff.length} of ${input.sets.length} differ:\n${diff.slice(0, 3).join("\n")}`);
  });

  test(`the fullmakt page's field rules give validate's findings (${lang})`, () => {
    const got = input.fullmakt_sets.map((raw) => R.checkAll("fullmakt", raw, V.parseDate(input.received))
      .filter((f) => f.code.startsWith("field.")).map((f) => [f.code, f.field, M.render(f.code, f.params, f.field)]));
    const diff = differences(got, input.fullmakt_python[lang], input.fullmakt_sets);
    assert.equal(diff.length, 0, `${diff.length} differ:\n${diff.slice(0, 3).join("\n")}`);
  });
}
