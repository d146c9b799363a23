// node --test tests/js/: which questions each step asks (src/ipforms/site/webform/steps.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const steps = createRequire(import.meta.url)("../../src/ipforms/site/webform/steps.js");

// a small copy of the shape ipforms.site.webform.form_data gives (the real sections are
// compared with PLAN by tests/test_webform_js.py)
const f = (id, type = "text", extra = {}) => ({ id, type, when: null, ...extra });
const SOKNAD = { id: "soknad", sections: [
  { id: "municipality", fields: [f("municipality_name")] },
  { id: "services", fields: [f("service_ip", "checkbox"), f("service_barnekoordinator", "checkbox")] },
  { id: "person", fields: [f("person_name"), f("person_fnr", "fnr")] },
  { id: "expected", fields: [f("expected_child", "checkbox"), f("due_date", "date")] },
  { id: "applicant", fields: [f("applicant_role", "choice"), f("applicant_name")] },
  { id: "current_services", fields: [1, 2, 3, 4].flatMap((i) => [f(`current_service_${i}`), f(`current_provider_${i}`)]) },
  { id: "need", fields: [f("need_description", "multiline")] },
  { id: "contacts", fields: [f("gp_name")] },
  { id: "attachments", fields: [f("attachment_fullmakt", "checkbox"), f("attachment_verge", "checkbox")] },
  { id: "consent", fields: [f("consent_share", "checkbox"), f("consent_with")] },
  { id: "signature", fields: [f("sign_name")] },
  { id: "youth_signature", fields: [f("youth_sign_name")] },
] };
const shown = (values, ctx = {}) => steps.steps(SOKNAD).map((st) => st.fields
  .filter((x) => steps.relevant("soknad", x.section, x.field, values, ctx)).map((x) => x.field.id));

test("the steps come in the order a citizen thinks in, without the municipality block", () => {
  assert.deepEqual(steps.steps(SOKNAD).map((s) => s.id), ["person", "applicant", "services", "needs", "consent", "sign"]);
  assert.equal(steps.stepOf(steps.steps(SOKNAD), "municipality_name"), -1);
  assert.equal(steps.stepOf(steps.steps(SOKNAD), "consent_with"), 4);
});

test("a 9-year-old's parent: no expected child, no youth block, the applicant's questions", () => {
  const s = shown({ person_fnr: "01021790123", applicant_role: "parent" }, { group: "under_16" });
  assert.deepEqual(s[0], ["person_name", "person_fnr"]);
  assert.deepEqual(s[1], ["applicant_role", "applicant_name"]);
  assert.ok(!s[5].includes("youth_sign_name"));
  assert.ok(!s[3].includes("attachment_fullmakt") && !s[3].includes("attachment_verge"));
});

test("parents expecting a child: the due date once the box is ticked", () => {
  assert.deepEqual(shown({ person_fnr: "" }, {})[0], ["person_name", "person_fnr", "expected_child"]);
  assert.deepEqual(shown({ person_fnr: "", expected_child: true }, { group: "expected" })[0],
    ["person_name", "person_fnr", "expected_child", "due_date"]);
});

test("a 16-year-old: the youth block; an adult for themself: no applicant questions", () => {
  assert.ok(shown({ applicant_role: "parent" }, { group: "16_or_17" })[5].includes("youth_sign_name"));
  assert.deepEqual(shown({ applicant_role: "self" }, { group: "18_or_over" })[1], ["applicant_role"]);
});

test("proxy and verge see their attachment box; more services once the last is filled", () => {
  assert.ok(shown({ applicant_role: "proxy" })[3].includes("attachment_fullmakt"));
  assert.ok(shown({ applicant_role: "verge" })[3].includes("attachment_verge"));
  assert.ok(shown({ applicant_role: "parent" }, { fullmaktWanted: true })[3].includes("attachment_fullmakt"));
  assert.ok(!shown({})[3].includes("current_service_3"));
  assert.ok(shown({ current_service_2: "Fysioterapi" })[3].includes("current_service_3"));
  assert.ok(!shown({ current_service_2: "Fysioterapi" })[3].includes("current_service_4"));
});

test("answers to hidden questions are kept but not used", () => {
  const v = { applicant_role: "self", applicant_name: "Testforelder", consent_share: false, consent_with: "NAV", person_fnr: "x", due_date: "1.1.2027" };
  const e = steps.effective(SOKNAD, v, {});
  assert.equal(e.applicant_name, "");
  assert.equal(e.consent_with, "");
  assert.equal(e.due_date, "");
  assert.equal(v.applicant_name, "Testforelder");  // not changed in place
});
