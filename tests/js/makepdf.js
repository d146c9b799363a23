/* Makes the PDF an online form page makes, in Node (no browser):
   node makepdf.js PKG_DIR PAGE_HTML ANSWERS_JSON OUT
   reads the page's data (its <script id="ipf-data"> and its language's data file), the
   published PDFs beside it, fills the form with the answers as page.js does on "Lag PDF-en"
   (handover.js makePdf: the form filled, the last page with what to do next), writes OUT. */
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const [dir, pagePath, answersPath, outPath] = process.argv.slice(2);
const html = fs.readFileSync(pagePath, "utf8");
const blob = html.match(/<script id="ipf-data" type="application\/json">([\s\S]*?)<\/script>/)[1];
const here = path.dirname(pagePath), bytes = {};
// the language's data file the page loads before webform.js (ipforms.site.webdata)
const file = html.match(/<script src="(webform-data-[a-z]+\.js)"><\/script>/)[1], scope = {};
vm.runInNewContext(fs.readFileSync(path.join(here, file), "utf8"), { self: scope });
const D = require(path.resolve(dir, "shared.js")).merge(scope.ipformsShared, JSON.parse(blob));
const ipfRules = require(path.resolve(dir, "rules.js"));
const ipfAppearance = require(path.resolve(dir, "appearance.js"));
const ipfPdf = require(path.resolve(dir, "pdfwrite.js"));
const ipfHandover = require(path.resolve(dir, "handover.js"));
Object.keys(D.pdf).forEach((id) => { bytes[id] = new Uint8Array(fs.readFileSync(path.join(here, D.pdf[id]))); });
const H = ipfHandover(D, ipfRules(D), ipfPdf.writer(ipfAppearance(D.widths, D.unifont), D.unifont));
const raw = JSON.parse(fs.readFileSync(answersPath, "utf8"));
const now = new Date();
const made = H.makePdf(D.form, raw, null, bytes, [], { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate(), date: true });
fs.writeFileSync(outPath, made.pdf);
