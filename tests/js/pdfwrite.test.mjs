// node --test tests/js/: the PDF writer's pure parts (src/ipforms/site/webform/pdfwrite.js);
// whole PDFs: tests/test_webform_printpdf.py and the browser tests
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ipfPdf = require("../../src/ipforms/site/webform/pdfwrite.js");
const ipfAppearance = require("../../src/ipforms/site/webform/appearance.js");
const bytes = (s) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const text = (b) => String.fromCharCode(...b);

test("the /CheckSum is MD5; dates as pypdf writes them; a JPEG's size from its SOF", () => {
  assert.equal(ipfPdf.hex(ipfPdf.md5(bytes("abc"))), "900150983cd24fb0d6963f7d28e17f72");
  assert.equal(ipfPdf.hex(ipfPdf.md5(bytes("x".repeat(200)))).length, 32);
  assert.equal(ipfPdf.pdfDate(Date.UTC(2026, 10, 26, 8, 5, 9)), "D:20261126080509+00'00'");
  const jpeg = new Uint8Array([0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 3, 0, 0, 0, 0]);
  assert.deepEqual(ipfPdf.jpegInfo(jpeg), { h: 20, w: 30, comps: 3 });
  assert.equal(ipfPdf.jpegInfo(new Uint8Array([0xFF, 0xD8, 0, 0])), null);
  assert.equal(ipfPdf.hexText("Å"), "<FEFF00C5>");
});

test("the answers as the PDF holds them: dates in full, numbers compact, only what is filled in", () => {
  const form = { sections: [{ fields: [{ id: "d", type: "date" }, { id: "n", type: "fnr" }, { id: "t", type: "text" },
    { id: "c", type: "checkbox" }, { id: "m", type: "multiline" }] }] };
  assert.deepEqual(ipfPdf.pdfValues(form, { d: "2026-2-1", n: "150690 12345", t: "  a   b ", c: false, m: "x  \r\ny" }),
    { d: "01.02.2026", n: "15069012345", t: "a b", m: "x\ny" });
  assert.equal(ipfPdf.pdfValue({ type: "date" }, "31.02.2026"), null);
});

test("an incremental update: the base kept, the field appended with /V, an xref stream with /Prev", () => {
  const A = ipfAppearance([["a", 97, 556]], { widths: {}, gids: {}, objects: [] });
  const W = ipfPdf.writer(A, { objects: [] });
  const base = bytes("%PDF-1.7\n% base\n");
  const plan = { size: 10, prev: 9, font: "5 0 R", trailer: { "/Root": "1 0 R" }, fields: [
    { name: "t", kind: "text", num: 4, da: "/Helv 0 Tf 0 g", multiline: false, merged: true, states: [], body: "<< /T (t) >>",
      widgets: [{ w: 50, h: 20, border: 0, q: 0, mk: null, states: [] }] }] };
  const out = text(W.fillPdf(base, plan, { t: "a" }, [], null));
  assert.ok(out.startsWith(text(base)));
  assert.match(out, /4 0 obj\n<< \/T \(t\) \/V <FEFF0061>\n\/AP << \/N 10 0 R >>\n>>/);
  assert.match(out, /\/Type \/XRef \/Size 12 \/W \[ 1 4 2 \] \/Index \[ 4 1 10 2 \]\n\/Root 1 0 R\n\/Prev 9/);
  assert.match(out, /startxref\n\d+\n%%EOF\n$/);
});
