// node --test tests/js/: answers kept on the device (src/ipforms/site/webform/store.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const store = createRequire(import.meta.url)("../../src/ipforms/site/webform/store.js");

function memory() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k), size: () => m.size };
}

test("the two written standards of one form share a key; other forms do not", () => {
  const nb = store.key("/oyer/skjema/soknad-koordinator-nb.html");
  assert.equal(nb, store.key("/oyer/skjema/soknad-koordinator-nn.html"));
  assert.equal(nb, store.key("/oyer/skjema/soknad-koordinator-se.html"));  // a third language too
  assert.notEqual(nb, store.key("/oyer/skjema/soknad-nb.html"));
  assert.notEqual(nb, store.key("/oyer/skjema/fullmakt-nb.html"));
});

test("answers come back as saved and go when cleared", () => {
  const s = memory(), k = store.key("/x/skjema/soknad-nb.html");
  const state = { values: { soknad: { person_name: "Åse", applicant_role: "parent", consent_obtain: true } }, step: 2 };
  assert.equal(store.save(s, k, state), true);
  assert.deepEqual(store.load(s, k), state);
  store.clear(s, k);
  assert.equal(store.load(s, k), null);
  assert.equal(s.size(), 0);
});

test("broken, foreign or unavailable storage gives nothing, never an exception", () => {
  const s = memory(), k = "ipforms:skjema/soknad";
  s.setItem(k, "{not json");
  assert.equal(store.load(s, k), null);
  s.setItem(k, JSON.stringify({ v: 99, state: {} }));
  assert.equal(store.load(s, k), null);
  const full = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("quota"); }, removeItem() { throw new Error("denied"); } };
  assert.equal(store.save(full, k, {}), false);
  assert.equal(store.load(full, k), null);
  store.clear(full, k);
});
