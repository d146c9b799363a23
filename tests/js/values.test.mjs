// node --test tests/js/: values as the rules see them (src/ipforms/site/webform/values.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const V = createRequire(import.meta.url)("../../src/ipforms/site/webform/values.js");
const day = (y, m, d) => ({ y, m, d, date: true });

test("dates are read as ipforms.core.dates reads them: dd.mm.åååå or ISO, real days only", () => {
  assert.deepEqual(V.parseDate("1.2.2026"), day(2026, 2, 1));
  assert.deepEqual(V.parseDate(" 2024-02-29 "), day(2024, 2, 29));
  for (const bad of ["29.02.2026", "1.2.26", "2026/02/01", "", null, "31.04.2026"]) assert.equal(V.parseDate(bad), null, bad);
  assert.equal(V.dateText(day(2026, 2, 1)), "01.02.2026");
});

test("ages and months count as ipforms.core.deadline counts them", () => {
  assert.equal(V.ageOn(day(2008, 11, 27), day(2026, 11, 26)), 17);
  assert.equal(V.ageOn(day(2008, 11, 26), day(2026, 11, 26)), 18);
  assert.deepEqual(V.addMonths(day(2026, 3, 31), -1), day(2026, 2, 28));
  assert.deepEqual(V.addMonths(day(2024, 2, 29), 12), day(2025, 2, 28));
  assert.deepEqual(V.addMonths(day(2026, 1, 15), -13), day(2024, 12, 15));
  assert.deepEqual(V.nextDay(day(2025, 2, 28)), day(2025, 3, 1));
});

test("answers are normalised as rules.normalise does: boxes, labels for choices, text trimmed", () => {
  const form = { sections: [{ fields: [
    { id: "box", type: "checkbox" }, { id: "role", type: "choice", options: [{ id: "self", labels: ["Personen selv", "Personen sjølv"] }] },
    { id: "name", type: "text" }] }] };
  const off = ["", "off", "no", "false", "nei", "0"];
  assert.deepEqual(V.normalise(form, { box: "/Off", role: " Personen sjølv ", name: "  Kari " }, off), { box: false, role: "self", name: "Kari" });
  assert.deepEqual(V.normalise(form, { box: "Yes", name: true }, off), { box: true, role: "", name: "" });
  assert.equal(V.isEmpty("  "), true);
  assert.equal(V.isEmpty(0), false);
  assert.equal(V.clen("ŋ😀"), 2);
});

test("a field is required, or required when another has one of some values", () => {
  const f = { required: false, when: { field: "role", in: ["parent", "proxy"] } };
  assert.equal(V.isRequired(f, { role: "parent" }), true);
  assert.equal(V.isRequired(f, { role: "self" }), false);
  assert.equal(V.isRequired({ required: false, when: { field: "x", in: [true] } }, {}), false);
  assert.equal(V.isRequired({ required: true }, {}), true);
});
