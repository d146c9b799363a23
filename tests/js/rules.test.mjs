// node --test tests/js/: single rules of src/ipforms/site/webform/rules.js on a small page
// data (the parity answer sets: tests/test_webform_parity_node.py)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { DATA, day } from "./fixture.mjs";

const ipfRules = createRequire(import.meta.url)("../../src/ipforms/site/webform/rules.js");
const R = ipfRules(DATA);
const RECEIVED = day(2026, 11, 26);
const codes = (out) => out.map((f) => [f.code, f.severity, f.field]);

test("a finding takes its severity and field from the codes table, or where a rule points it", () => {
  assert.deepEqual(R.finding("sign.missing"), { code: "sign.missing", severity: "error", field: "soknad:sign_name", params: {} });
  assert.equal(R.finding("sign.before_birth", {}, "soknad:youth_sign_date").field, "soknad:youth_sign_date");
  assert.equal(R.finding("signing.self_expected", {}, undefined, "note").severity, "note");
  assert.throws(() => R.finding("no.such_code"), /no code no.such_code/);
});

test("the field rules: required, too long, a postnummer only in Norway, dates, e-mail", () => {
  const out = R.checkFields(DATA.forms.soknad, { person_name: "", person_postcode: "263", person_email: "x@y", due_date: "31.02.2027", sign_date: "01.12.2026" }, RECEIVED);
  assert.deepEqual(codes(out), [["field.required", "error", "soknad:person_name"], ["field.postnummer_invalid", "error", "soknad:person_postcode"],
    ["field.date_invalid", "error", "soknad:due_date"], ["field.date_after_received", "error", "soknad:sign_date"],
    ["field.email_invalid", "error", "soknad:person_email"]]);
  const abroad = R.checkFields(DATA.forms.soknad, { person_name: "Kari", person_postcode: "113 51", person_country: "Sverige" }, RECEIVED);
  assert.deepEqual(abroad, []);
  const long = R.checkFields(DATA.forms.soknad, { person_name: "Kari Nordmann" }, RECEIVED);
  assert.deepEqual(long[0].params, { length: 13, max: 10 });
});

test("the signature's date: six months old a warning, two years a stronger one, before the birth an error", () => {
  assert.deepEqual(codes(R.checkDates({ sign_date: "25.05.2026" }, RECEIVED, null, false)), [["sign.old", "warning", "soknad:sign_date"]]);
  assert.deepEqual(codes(R.checkDates({ sign_date: "26.05.2026" }, RECEIVED, null, false)), []);
  assert.deepEqual(codes(R.checkDates({ sign_date: "25.11.2024" }, RECEIVED, null, false)), [["sign.too_old", "warning", "soknad:sign_date"]]);
  assert.deepEqual(codes(R.checkDates({ sign_date: "01.01.2010", youth_sign_date: "01.01.2010" }, RECEIVED, day(2012, 3, 4), false)),
    [["sign.before_birth", "error", "soknad:sign_date"], ["sign.before_birth", "error", "soknad:youth_sign_date"]]);
  assert.deepEqual(codes(R.checkDates({ due_date: "01.10.2027" }, RECEIVED, null, true)), [["due_date.too_far", "error", "soknad:due_date"]]);
});

test("names compare as str.casefold compares them; the birthday of one born 29 February", () => {
  assert.equal(R.normName("  Jörg\u00a0STRAẞE "), R.normName("jörg strasse"));
  assert.equal(R.normName("ﬁ"), "fi");
  assert.deepEqual(R.birthday(day(2008, 2, 29), 18), day(2026, 3, 1));
  assert.deepEqual(R.birthday(day(2008, 2, 29), 16), day(2024, 2, 29));
});

test("issue 25: the expecting mother who applies as the person gets a note at the role", () => {
  const raw = { service_barnekoordinator: true, person_name: "Barn", expected_child: true, due_date: "26.01.2027",
    applicant_role: "self", consent_obtain: true, sign_place: "Øyer", sign_date: "20.11.2026", sign_name: "MOR" };
  const out = R.checkApplication(raw, [], RECEIVED);
  assert.deepEqual(codes(out), [["signing.self_expected", "note", "soknad:applicant_role"]]);
  assert.deepEqual(out[0].params, { age: null, services: ["barnekoordinator"] });
});

test("the free text and the fullmakt page on its own", () => {
  assert.deepEqual(codes(R.checkFreeText({ applicant_role: "parent", applicant_relation: "Far, IKKE  foreldreansvar" })),
    [["text.no_parental_responsibility", "warning", "soknad:applicant_relation"]]);
  assert.deepEqual(R.checkFreeText({ applicant_role: "proxy", applicant_relation: "ikke foreldreansvar" }), []);
  assert.deepEqual(codes(R.checkAll("fullmakt", { giver_name: "Kari" }, RECEIVED)), [["fullmakt.unsigned", "error", "fullmakt:sign_name"]]);
});
