// node --test tests/js/: the error summary (src/ipforms/site/webform/summary.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const summary = createRequire(import.meta.url)("../../src/ipforms/site/webform/summary.js");

test("the page title says Feil: while there are errors, once", () => {
  const base = "Hvem søker – Fyll ut på nett";
  assert.equal(summary.title(base, 2, "Feil: "), "Feil: " + base);
  assert.equal(summary.title(summary.title(base, 2, "Feil: "), 1, "Feil: "), "Feil: " + base);
  assert.equal(summary.title("Feil: " + base, 0, "Feil: "), base);
  // the word is the page's (texts.error_prefix), in any language
  assert.equal(summary.title(summary.title(base, 1, "[se] e: "), 1, "[se] e: "), "[se] e: " + base);
});

test("errors in the order of the fields, each once, general ones first", () => {
  const order = ["soknad:person_name", "soknad:person_fnr", "soknad:sign_date"];
  const got = summary.items([
    { field: "soknad:sign_date", text: "Skriv datoen" },
    { field: "soknad:person_name", text: "Skriv navnet" },
    { field: null, text: "Kryss av for en tjeneste" },
    { field: "soknad:person_name", text: "Skriv navnet" },
    { field: "file:verge", text: "Velg vergefullmakten" },
  ], order);
  assert.deepEqual(got.map((x) => x.text), ["Kryss av for en tjeneste", "Skriv navnet", "Skriv datoen", "Velg vergefullmakten"]);
});
