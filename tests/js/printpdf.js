/* Runs webform.js's page copying in Node (no browser):
   node printpdf.js PKG_DIR BASE PLAN ATT OUT DATA (DATA: the page data's attach, widths, unifont)
   writes OUT: BASE with ATT's pages appended (or prints "null" when ATT cannot be printed). */
"use strict";
const fs = require("fs"), vm = require("vm");
const [dir, basePath, planPath, attPath, outPath, dataPath] = process.argv.slice(2);
globalThis.window = globalThis;
globalThis.self = globalThis;
globalThis.document = { readyState: "loading", addEventListener() {} };  // the page never starts
vm.runInThisContext(fs.readFileSync(dir + "/vendor/pdf-lib.min.js", "utf8"));
vm.runInThisContext(fs.readFileSync(dir + "/webform.js", "utf8"));
const W = window.ipformsWebform;
W.printPdf(new Uint8Array(fs.readFileSync(attPath)), JSON.parse(fs.readFileSync(dataPath, "utf8"))).then((b) => {
  if (!b) { console.log("null"); return; }
  const pages = b.pages.map((p, k) => ({ heading: `Vedlegg 1: vedtak.pdf (side ${k + 1} av ${b.pages.length})`, pdf: { bundle: b, index: k } }));
  const out = W.appendPages(new Uint8Array(fs.readFileSync(basePath)), JSON.parse(fs.readFileSync(planPath, "utf8")), pages);
  fs.writeFileSync(outPath, out);
  console.log(JSON.stringify({ pages: b.pages.length, objects: b.objects.length }));
}, (e) => { console.error(e); process.exit(1); });
