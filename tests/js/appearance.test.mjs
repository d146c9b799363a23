// node --test tests/js/: field appearances (src/ipforms/site/webform/appearance.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const ipfAppearance = createRequire(import.meta.url)("../../src/ipforms/site/webform/appearance.js");
// WinAnsi widths for a few characters ([char, byte, width]) and a Unicode subset with ŋ
const WIDTHS = [[" ", 32, 278], ["a", 97, 556], ["b", 98, 556], ["(", 40, 333], ["Å", 197, 667]];
const UNIFONT = { widths: { "ŋ": 556 }, gids: { "ŋ": 300, "a": 68 }, objects: [] };
const A = ipfAppearance(WIDTHS, UNIFONT);

test("widths in points; characters beyond WinAnsi need the Unicode font, unknown ones are named", () => {
  assert.equal(A.textWidth("ab", 10), 11.12);
  assert.equal(A.needsUnicode("aÅ"), false);
  assert.equal(A.needsUnicode("aŋ"), true);
  assert.deepEqual(A.unsupported("aŋ€"), ["€"]);
  assert.equal(A.glyphString("ŋa"), "<012C0044>");
  assert.equal(A.pdfString("a(b"), "(a\\(b)");
  assert.equal(String.fromCharCode(...[...A.pdfString("Å")].map((c) => c.charCodeAt(0))), "(\u00c5)");
});

test("lines wrap at spaces; a word longer than the line is cut, each line at least one character", () => {
  assert.deepEqual(A.wrap("aa bb", 12, 10), ["aa", "bb"]);
  assert.deepEqual(A.wrap("aaaa", 11.2, 10), ["aa", "aa"]);
  assert.deepEqual(A.wrap("ab\nba", 100, 10), ["ab", "ba"]);
  assert.deepEqual(A.wrap("a", 1, 10), ["a"]);
});

test("a text field's appearance: its font and size, clipped inside the border, shrunk to fit", () => {
  const wd = { w: 100, h: 20, border: 1, q: 0, mk: { bg: [1], bc: [0] } };
  const s = A.textStream("ab", wd, "/Helv 0 Tf 0 g", false, false);
  assert.match(s, /^1\.000 g 0 0 100\.00 20\.00 re f\n0\.000 G 1\.00 w/);
  // an automatic size (0 Tf): 0.62 of the height inside the border, at most 12
  assert.match(s, /BT \/Helv 11.16 Tf 0 g\n1 0 0 1 3\.00 6\.00 Tm \(ab\) Tj\nET/);
  const small = A.textStream("ab".repeat(40), { w: 50, h: 20, border: 0, q: 0 }, "/Helv 10 Tf 0 g", false, false);
  assert.match(small, /BT \/Helv 6 Tf/);
  const uni = A.textStream("ŋ", wd, "/Helv 10 Tf 0 g", true, true);
  assert.match(uni, /\/IpfUni 10 Tf/);
});
