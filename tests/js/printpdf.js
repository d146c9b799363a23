/* Runs the online form's page copying in Node (no browser):
   node printpdf.js PKG_DIR BASE PLAN ATT OUT DATA (DATA: the page data's attach, widths, unifont)
   writes OUT: BASE with ATT's pages appended (or prints "null" when ATT cannot be printed).
   files.js makes the chosen PDF ready to print (with pdf-lib), pdfwrite.js appends its pages. */
"use strict";
const fs = require("fs"), vm = require("vm"), path = require("path");
const [dir, basePath, planPath, attPath, outPath, dataPath] = process.argv.slice(2);
globalThis.window = globalThis;
globalThis.self = globalThis;
vm.runInThisContext(fs.readFileSync(dir + "/vendor/pdf-lib.min.js", "utf8"));
const ipfFiles = require(path.resolve(dir, "files.js"));
const ipfAppearance = require(path.resolve(dir, "appearance.js"));
const ipfPdf = require(path.resolve(dir, "pdfwrite.js"));
const data = JSON.parse(fs.readFileSync(dataPath, "utf8"));
ipfFiles(data.attach).pdfPrint(new Uint8Array(fs.readFileSync(attPath))).then((b) => {
  if (!b) { console.log("null"); return; }
  const pages = b.pages.map((p, k) => ({ heading: `Vedlegg 1: vedtak.pdf (side ${k + 1} av ${b.pages.length})`, pdf: { bundle: b, index: k } }));
  const writer = ipfPdf.writer(ipfAppearance(data.widths, data.unifont), data.unifont);
  const out = writer.fillPdf(new Uint8Array(fs.readFileSync(basePath)), JSON.parse(fs.readFileSync(planPath, "utf8")), {}, [],
    { pages: pages, firstLine: null });
  fs.writeFileSync(outPath, out);
  console.log(JSON.stringify({ pages: b.pages.length, objects: b.objects.length }));
}, (e) => { console.error(e); process.exit(1); });
