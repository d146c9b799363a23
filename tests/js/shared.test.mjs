// node --test tests/js/: the page's data joined from the language's data file and the page's
// own part (src/ipforms/site/webform/shared.js; the parts are made by ipforms.site.webdata)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const shared = require("../../src/ipforms/site/webform/shared.js");

const FILE = { forms: { soknad: { id: "soknad" }, fullmakt: { id: "fullmakt" } }, readonly: ["municipality_name"],
  messages: { "field.required": "Fyll ut «{field}»." }, shared: "0123456789abcdef" };

test("the page's data is the file's values and the page's own, without the stamp", () => {
  const own = { lang: "nb", key: "soknad", form: "soknad", prefill: { a: 1 }, shared: "0123456789abcdef" };
  assert.deepEqual(shared.merge(FILE, own), { forms: FILE.forms, readonly: FILE.readonly, messages: FILE.messages,
    lang: "nb", key: "soknad", form: "soknad", prefill: { a: 1 } });
});

test("the page's own value wins (the fullmakt page's forms and readonly)", () => {
  const own = { form: "fullmakt", forms: { fullmakt: { id: "fullmakt" } }, readonly: [], shared: "0123456789abcdef" };
  const d = shared.merge(FILE, own);
  assert.deepEqual(Object.keys(d.forms), ["fullmakt"]);
  assert.deepEqual(d.readonly, []);
  assert.equal(d.messages, FILE.messages);
});

test("neither part is changed", () => {
  const file = JSON.parse(JSON.stringify(FILE)), own = { lang: "nn", shared: "0123456789abcdef" };
  shared.merge(file, own);
  assert.deepEqual(file, FILE);
  assert.deepEqual(own, { lang: "nn", shared: "0123456789abcdef" });
});

test("no data file, one of another build, or no stamp: null (the page shows its fallback)", () => {
  const own = { lang: "nb", shared: "0123456789abcdef" };
  assert.equal(shared.merge(undefined, own), null);
  assert.equal(shared.merge(null, own), null);
  assert.equal(shared.merge({ ...FILE, shared: "fedcba9876543210" }, own), null);
  assert.equal(shared.merge({ ...FILE, shared: undefined }, { lang: "nb" }), null);
  assert.equal(shared.merge(FILE, { lang: "nb" }), null);
  assert.equal(shared.merge(FILE, null), null);
});

test("a key of the prototype chain is no value", () => {
  const file = Object.create({ inherited: 1 });
  file.shared = "s";
  const d = shared.merge(file, { shared: "s", lang: "nb" });
  assert.deepEqual(d, { lang: "nb" });
});
