// node --test tests/js/: files the citizen adds (src/ipforms/site/webform/files.js); printing
// a chosen PDF with pdf-lib: tests/test_webform_printpdf.py
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const ipfFiles = createRequire(import.meta.url)("../../src/ipforms/site/webform/files.js");
// the shape of ipforms.validation.validate.attachment_rules
const ATTACH = { pdf_mark: "255044462d", head: 1024, no_pdf_inside: ["jpeg", "png", "tiff"], unsafe: ["4d5a", "504b0304"],
  types: { pdf: { mime: "application/pdf", magic: [], endings: [".pdf"] }, jpeg: { mime: "image/jpeg", magic: ["ffd8ff"], endings: [".jpg"] },
    png: { mime: "image/png", magic: ["89504e470d0a1a0a"], endings: [".png"] } } };
const F = ipfFiles(ATTACH);
const b = (...xs) => new Uint8Array(xs.flatMap((x) => typeof x === "string" ? [...x].map((c) => c.charCodeAt(0)) : [x]));

test("what the bytes are, by content: the first bytes name the type, %PDF- anywhere in the head a PDF", () => {
  assert.equal(F.sniff(b(0xFF, 0xD8, 0xFF, 0xE0, "JFIF")), "jpeg");
  assert.equal(F.sniff(b(0x89, "PNG", 0x0D, 0x0A, 0x1A, 0x0A)), "png");
  assert.equal(F.sniff(b("%PDF-1.7\n")), "pdf");
  assert.equal(F.sniff(b("junk before %PDF-1.4")), "pdf");
  assert.equal(F.sniff(b("MZ", "%PDF-1.4")), null);             // a program, whatever follows
  assert.equal(F.sniff(b("PK", 3, 4, "word")), null);
  assert.equal(F.sniff(b("plain text")), null);
});

test("an image with a PDF inside is a polyglot: refused, as validation refuses it", () => {
  const head = b(0xFF, 0xD8, 0xFF, 0xE0);
  assert.equal(F.sniff(head, b(0xFF, 0xD8, 0xFF, 0xE0, "....%PDF-1.4 ...")), null);
  assert.equal(F.sniff(head, b(0xFF, 0xD8, 0xFF, 0xE0, "....%PDF 1.4")), "jpeg");
});

test("sizes as the page writes them: kB under a megabyte, a decimal comma, whole from ten", () => {
  assert.deepEqual([100, 25 * 1024, 1.5 * 1048576, 1048576, 12.4 * 1048576].map(F.mb), ["1 kB", "25 kB", "1,5 MB", "1 MB", "12 MB"]);
});
