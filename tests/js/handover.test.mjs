// node --test tests/js/: what to do next (src/ipforms/site/webform/handover.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { DATA, day } from "./fixture.mjs";

const require = createRequire(import.meta.url);
const ipfHandover = require("../../src/ipforms/site/webform/handover.js");
const ipfRules = require("../../src/ipforms/site/webform/rules.js");

const T = Object.fromEntries(["next_print", "print_fullmakt", "enclose_fullmakt_parent", "enclose_fullmakt_person", "next_vergefullmakt",
  "send_paper_or", "send_paper", "next_email", "fm_print", "fm_id"].map((k) => [k, k]));
Object.assign(T, { sign_self: "sign_self {n} {title}", sign_applicant: "sign_applicant {name} {n}", sign_youth: "sign_youth {name}",
  sign_fullmakt: "sign_fullmakt {name}", files_printed: "printed {files}", files_printed_one: "printed_one {files}",
  files_not_printed: "elsewhere {files}", files_not_printed_one: "elsewhere_one {files}", send_digital: "send_digital {name}",
  fm_sign: "fm_sign {n}", fm_give: "fm_give {name}", fm_receiver: "the receiver" });
const forms = { soknad: { ...DATA.forms.soknad, sections: [...DATA.forms.soknad.sections, { id: "signature", title: "Underskrift", fields: [] },
  { id: "youth_signature", title: "Ungdom", fields: [] }] }, fullmakt: { ...DATA.forms.fullmakt, sections: [...DATA.forms.fullmakt.sections,
  { id: "signature", title: "Underskrift", fields: [] }] } };
const contact = { digital: { name: "Svar ut", url: "https://example.invalid/svarut" }, channels: ["Post: Postboks 4", "https://example.invalid/svarut"] };
const TODAY = day(2026, 11, 26);

test("the person applies: print, sign at «Underskrift», send digitally first, never by e-mail", () => {
  const D = { ...DATA, form: "soknad", forms, texts: T, contact };
  const H = ipfHandover(D, ipfRules(D), null);
  const steps = H.handover({ applicant_role: "self", service_ip: true }, null, [], TODAY);
  assert.deepEqual(steps.map((s) => s.text), ["next_print", "sign_self 2 Underskrift", "send_digital Svar ut", "send_paper_or", "next_email"]);
  assert.deepEqual(steps[2].link, contact.digital);
  assert.deepEqual(steps[3].list, ["Post: Postboks 4"]);
});

test("a parent with the fullmakt filled here and files: who signs what, which files print", () => {
  const D = { ...DATA, form: "soknad", forms, texts: T, contact: { digital: null, channels: ["Post"] } };
  const H = ipfHandover(D, ipfRules(D), null);
  const files = [{ name: "vedtak.pdf", kind: "verge", pdf: {} }, { name: "notat.docx", kind: "fullmakt" }];
  const steps = H.handover({ applicant_role: "parent", applicant_name: "Far" }, { giver_name: " Mor " }, files, TODAY).map((s) => s.text);
  assert.deepEqual(steps, ["next_print", "sign_applicant Far 2", "print_fullmakt", "sign_fullmakt Mor", "printed_one vedtak.pdf",
    "elsewhere_one notat.docx", "send_paper", "next_email"]);
});

test("the fullmakt page speaks to the giver", () => {
  const D = { ...DATA, form: "fullmakt", forms, texts: T, contact };
  const H = ipfHandover(D, ipfRules(D), null);
  assert.deepEqual(H.handover({ receiver_name: "" }, null, [], TODAY).map((s) => s.text),
    ["fm_print", "fm_sign 2", "fm_give the receiver", "fm_id", "next_email"]);
});
