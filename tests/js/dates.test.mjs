// node --test tests/js/: the online form's date reading (src/ipforms/site/webform/dates.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dates = require("../../src/ipforms/site/webform/dates.js");
const TODAY = { y: 2026, m: 12, d: 7 };

test("the written forms of one date all mean 1 February 1980", () => {
  for (const s of ["1.2.1980", "01.02.1980", "1980-02-01", "1/2/1980", " 1. 2. 1980 ", "01021980"]) {
    assert.deepEqual(dates.parse(s, "", TODAY), { y: 1980, m: 2, d: 1 }, s);
    assert.equal(dates.normalise(s, "", TODAY), "01.02.1980", s);
  }
});

test("a two-digit year only where the century is certain: a date that has happened", () => {
  assert.equal(dates.normalise("1.2.80", "past", TODAY), "01.02.1980");
  assert.equal(dates.normalise("7.12.26", "past", TODAY), "07.12.2026");  // today
  assert.equal(dates.normalise("8.12.26", "past", TODAY), "08.12.1926");  // tomorrow cannot be signed
  assert.equal(dates.parse("1.2.80", "", TODAY), null);  // a due date: the century is not certain
  assert.equal(dates.normalise("1.2.80", "", TODAY), "1.2.80");  // left as typed for the rules
});

test("impossible dates are not read", () => {
  for (const s of ["29.02.2027", "31.04.2026", "0.1.2026", "1.13.2026", "2026-02-30", "1.2", "abc", ""]) {
    assert.equal(dates.parse(s, "past", TODAY), null, s);
  }
  assert.deepEqual(dates.parse("29.2.2028", "", TODAY), { y: 2028, m: 2, d: 29 });
});
