/* What to do next, right for this case (the done page and the PDF's last page), and the PDF
 * made from the answers: the form filled, the fullmakt filled here and the chosen files
 * embedded, a page per attachment, the last page with the steps.  `ipfHandover(data, rules,
 * pdf)` binds the page's data (texts, forms, plans, contact, attach), the bound rules and the
 * bound PDF writer; `day` is today (what the youth's block is judged on).
 * tests/js/handover.test.mjs. */
var ipfHandover = (function (V, Pdf, Msg) {
  "use strict";
  var fmt = Msg.fmt, jpegInfo = Pdf.jpegInfo, pdfValues = Pdf.pdfValues, isEmpty = V.isEmpty;

  return function (D, R, writer) {
    function section(formId, id) {
      var list = D.forms[formId].sections, i = list.map(function (x) { return x.id; }).indexOf(id);
      return { n: i + 1, title: list[i].title };
    }
    /* what to do next, right for this case (the done page and the PDF's last page): who signs by
       hand and where, what to enclose, how to send it (a secure digital channel first, never e-mail);
       [{text, list?, link?}] */
    function handover(raw, fmRaw, files, day) {
      var T = D.texts, out = [];
      function add(text, more) { out.push(Object.assign({ text: text }, more || {})); }
      if (D.form === "fullmakt") {  // the fullmakt page speaks to the giver
        add(T.fm_print);
        add(fmt(T.fm_sign, section("fullmakt", "signature")));
        add(fmt(T.fm_give, { name: String(raw.receiver_name || "").trim() || T.fm_receiver }));
        if (!raw.id_copy_attached) add(T.fm_id);
        add(T.next_email);
        return out;
      }
      var values = R.normalise(D.forms.soknad, raw), dec = R.decision(values, day), req = R.requirements(dec, values, day);
      files = files || [];
      add(T.next_print);
      var sg = section("soknad", "signature");
      if (values.applicant_role === "self" || !values.applicant_role) add(fmt(T.sign_self, sg));
      else add(fmt(T.sign_applicant, Object.assign({ name: values.applicant_name || values.sign_name }, sg)));
      if (req.youth && !isEmpty(values.youth_sign_name)) {
        add(fmt(T.sign_youth, Object.assign({ name: values.person_name }, section("soknad", "youth_signature"))));
      }
      var hasFile = function (kind) { return files.some(function (f) { return f.kind === kind; }); };
      if (fmRaw) {
        add(T.print_fullmakt);
        add(fmt(T.sign_fullmakt, Object.assign({ name: String(fmRaw.giver_name || "").trim() }, section("fullmakt", "signature"))));
      } else if (values.attachment_fullmakt && !hasFile("fullmakt")) {
        add(req.fullmakt === "parent" ? T.enclose_fullmakt_parent : T.enclose_fullmakt_person);
      }
      if (req.verge && !hasFile("verge")) add(T.next_vergefullmakt);
      var printable = function (f) { return !!(f.print || f.frames || f.pdf); };
      var printed = files.filter(printable), elsewhere = files.filter(function (f) { return !printable(f); });
      var names = function (list) { return list.map(function (f) { return f.name; }).join(", "); };
      if (printed.length) add(fmt(printed.length > 1 ? T.files_printed : T.files_printed_one, { files: names(printed) }));
      if (elsewhere.length) add(fmt(elsewhere.length > 1 ? T.files_not_printed : T.files_not_printed_one, { files: names(elsewhere) }));
      var c = D.contact;
      if (c.digital) add(fmt(T.send_digital, { name: c.digital.name }), { link: c.digital });
      add(c.digital ? T.send_paper_or : T.send_paper, { list: c.channels.filter(function (l) { return !c.digital || l.indexOf(c.digital.url) < 0; }) });
      add(T.next_email);
      return out;
    }
    /* files: [{name, mime, bytes, modified, print}] chosen on the page (already checked); print:
       the file as a JPEG to draw on a page (a JPEG itself, a PNG redrawn), or null.  Embedded files
       never print: each attachment also gets a page after the application (the image on it, or
       where the file is), page 1 lists them, and the last page says what to do next.  `bytes`:
       the published PDFs by form; returns {pdf, fullmakt: the fullmakt filled here or null}. */
    function makePdf(formId, raw, fullmaktRaw, bytes, files, day) {
      var form = D.forms[formId], values = pdfValues(form, raw), attachments = [], fm = null;
      var extra = { pages: [], firstLine: null, fullmakt: { imports: D.plans.fullmakt && D.plans.fullmakt.imports, bytes: bytes.fullmakt } };
      if (fullmaktRaw) {
        fm = writer.fillPdf(bytes.fullmakt, D.plans.fullmakt, pdfValues(D.forms.fullmakt, fullmaktRaw));
        attachments.push({ name: "fullmakt.pdf", desc: D.attach.desc.fullmakt, mime: "application/pdf", bytes: fm, modified: Date.now() });
      }
      files = files || [];
      files.forEach(function (f) {
        attachments.push({ name: f.name, desc: D.attach.desc[f.purpose], mime: f.mime, bytes: f.bytes, modified: f.modified, md5: f.md5 });
      });
      if (formId === "soknad") {
        var listed = (fullmaktRaw ? [{ name: "fullmakt.pdf", print: null, fullmakt: true }] : []).concat(files);
        listed.forEach(function (f, i) {
          var pg = { heading: fmt(D.texts.attachment_heading, { n: i + 1, name: f.name }) }, info = f.print ? jpegInfo(f.print) : null;
          if (f.fullmakt && D.plans.fullmakt.imports) {  // printed as filled here, flattened
            D.plans.fullmakt.imports.pages.forEach(function (_, k) {
              extra.pages.push(Object.assign({}, pg, { fullmakt: { index: k, values: pdfValues(D.forms.fullmakt, fullmaktRaw) } }));
            });
            return;
          }
          var many = function (k, count) { return count > 1 ? pg.heading + " " + fmt(D.texts.attachment_page_of, { i: k + 1, count: count }) : pg.heading; };
          if (f.pdf) {  // its pages as they print (ipforms.forms.printpages)
            f.pdf.pages.forEach(function (p, k) { extra.pages.push({ heading: many(k, f.pdf.pages.length), pdf: { bundle: f.pdf, index: k } }); });
            return;
          }
          var frames = (f.frames || []).map(jpegInfo);
          if (frames.length && frames.every(Boolean)) {  // a TIFF: a page for each frame
            frames.forEach(function (inf, k) { extra.pages.push({ heading: many(k, frames.length), image: Object.assign({ bytes: f.frames[k] }, inf) }); });
            return;
          }
          if (info) pg.image = Object.assign({ bytes: f.print }, info); else pg.paragraphs = [{ text: D.texts.attachment_elsewhere }];
          extra.pages.push(pg);
        });
        if (listed.length) extra.firstLine = fmt(D.texts.attachment_list, { items: listed.map(function (f, i) { return (i + 1) + " " + f.name; }).join(", ") });
      }
      extra.pages.push({ heading: D.texts.last_page_title, paragraphs: [{ text: D.texts.last_page_intro }].concat(
        handover(raw, fullmaktRaw, files, day).map(function (st, i) {
          return { n: i + 1, text: st.text + (st.link ? " " + st.link.url : ""), list: st.list };
        })) });
      return { pdf: writer.fillPdf(bytes[formId], D.plans[formId], values, attachments, extra), fullmakt: fm };
    }
    return { handover: handover, makePdf: makePdf };
  };
})(typeof ipfValues !== "undefined" ? ipfValues : require("./values.js"),
  typeof ipfPdf !== "undefined" ? ipfPdf : require("./pdfwrite.js"),
  typeof ipfMessages !== "undefined" ? ipfMessages : require("./messages.js"));
if (typeof module !== "undefined") module.exports = ipfHandover;
