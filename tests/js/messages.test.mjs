// node --test tests/js/: findings as sentences (src/ipforms/site/webform/messages.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { DATA, day } from "./fixture.mjs";

const ipfMessages = createRequire(import.meta.url)("../../src/ipforms/site/webform/messages.js");
const M = ipfMessages.bind(DATA);

test("a field is its «label» (section); dates written out; services named; the number masked", () => {
  assert.equal(M.render("field.required", {}, "soknad:person_name"), "«Fullt navn» (Personen) mangler.");
  assert.equal(M.render("field.required", {}, "soknad:no_such"), "«no_such» mangler.");
  assert.equal(M.render("sign.old", { value: day(2026, 5, 1), received: day(2026, 11, 26) }), "Skrevet under 1. mai 2026, mottatt 26. november 2026.");
  assert.equal(M.render("signing.self_under_16", { age: 12, services: ["ip", "koordinator", "barnekoordinator"] }),
    "Personen er 12 år (individuell plan, koordinator og barnekoordinator).");
  assert.equal(M.render("field.fnr_invalid", { fnr: "15069012345" }, "soknad:person_fnr"), "«person_fnr»: 150690***** er ikke gyldig.");
  assert.equal(M.render("no.such_code", {}), "no.such_code");
  assert.equal(M.has("services.none"), true);
});

test("{count:zero|one|more} picks the form as messages.Count does", () => {
  assert.deepEqual([0, 1, 3].map((count) => M.render("hint.x", { count })), ["Du har ingen tjenester.", "Du har én tjenester.", "Du har 3 tjenester."]);
  assert.equal(ipfMessages.countForm(1, "én|#"), "én");
  assert.equal(ipfMessages.countForm(0, "én|#"), "0");
  assert.equal(ipfMessages.fmt("{n} av {total} {x}", { n: 1, total: 6 }), "1 av 6 {x}");
});

test("without month names (smj, sma: none in CLDR) a date is written in digits, as the pages write it", () => {
  const noWords = ipfMessages.bind(Object.assign({}, DATA, { months: null }));
  assert.equal(noWords.longDate(day(2026, 5, 1)), "01.05.2026");
  assert.equal(noWords.longDate(day(2026, 11, 26)), "26.11.2026");
});
