// node --test tests/js/: identity numbers (src/ipforms/site/webform/numbers.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const N = createRequire(import.meta.url)("../../src/ipforms/site/webform/numbers.js");
const RECEIVED = { y: 2026, m: 11, d: 26, date: true };

// made-up numbers with valid check digits (mod 11, weights of python-stdnum)
function withDigits(head) {
  const digit = (n, w) => String((11 - w.reduce((s, x, i) => s + x * +n[i], 0) % 11) % 11);
  const k1 = digit(head, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1.length > 1) return null;
  const k2 = digit(head + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2.length > 1 ? null : head + k1 + k2;
}
function first(prefix) {
  for (let i = 0; i < 500; i++) { const n = withDigits(prefix + String(i).padStart(3, "0")); if (n) return n; }
  throw new Error(prefix);
}

test("a fødselsnummer, a D- and an H-nummer give their birth date; check digits count", () => {
  const fnr = first("150690"), d = first("550690"), h = first("154690");
  for (const n of [fnr, d, h]) assert.deepEqual(N.fnrCheck(n, RECEIVED), { ok: { y: 1990, m: 6, d: 15, date: true } }, n);
  const wrong = fnr.slice(0, 10) + String((+fnr[10] + 1) % 10);
  assert.deepEqual(N.fnrCheck(wrong, RECEIVED), { error: "invalid" });
  assert.deepEqual(N.fnrCheck("1234", RECEIVED), { error: "invalid" });
  assert.equal(N.fnrBirth(first("850690"), RECEIVED), null);  // FH-nummer: no birth date
  assert.equal(N.fnrSame(fnr.slice(0, 6) + " " + fnr.slice(6), fnr), true);
});

test("a birth after the received date is implausible; the number is masked in messages", () => {
  let born2030 = null;
  for (let i = 500; i < 1000 && !born2030; i++) born2030 = withDigits("150630" + i);
  assert.equal(N.fnrCheck(born2030, RECEIVED).error, "implausible");
  assert.equal(N.mask("150690 12345"), "150690*****");
  assert.equal(N.mask("abc"), "***********");
  assert.equal(N.mask(""), "");
});

test("an organisasjonsnummer: mod 11 with weights 3 2 7 6 5 4 3 2 1, written in threes", () => {
  assert.equal(N.orgnrValid("974760673"), true);
  assert.equal(N.orgnrValid("974 760 673"), true);
  assert.equal(N.orgnrValid("974760674"), false);
  assert.equal(N.orgnrValid("91234567X"), false);
  assert.equal(N.orgnrValid("91234567"), false);
  assert.equal(N.orgnrFormat("974760673"), "974 760 673");
});
