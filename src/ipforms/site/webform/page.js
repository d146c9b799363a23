/* ipforms online form, the page: builds the steps from the JSON in <script id="ipf-data">
 * (generated at build time by ipforms.site.webform from the form definitions,
 * resources/messages.yml, resources/signing.yml, resources/checks.yml and the published PDF's
 * "fill plan"), checks the answers with the rules of `ipforms validate` (rules.js) and makes
 * the filled PDF on the citizen's device (handover.js, pdfwrite.js).  Nothing is sent anywhere.
 *
 * The modules it uses are joined before it into the one served webform.js
 * (ipforms.site.webform.JS_MODULES), each a pure part with its Node test in tests/js/: the
 * values, numbers, signing table, rules, messages, appearance, PDF writer, files, handover,
 * dates, store, steps and summary, and the page's data joined from its two parts (shared).
 * This file holds what needs the page (the DOM, the answers as typed, the steps shown); the
 * data goes from here into the modules as an argument.
 */
(function () {
  "use strict";
  var V = ipfValues, today = V.today, dateText = V.dateText, eachField = V.eachField, isRequired = V.isRequired;
  var fmt = ipfMessages.fmt;
  /* the page's data, and the modules bound to it (start) */
  var D = null, R = null, MSG = null, AP = null, FL = null, HO = null;

  // --- the page ---------------------------------------------------------------------------------

  var app, formEl, bytes = {}, loaded = null, lastUrl = null, lastFmUrl = null, lastFullmakt = null, shownNotes = [];

  // --- files the citizen adds (a vergefullmakt, a signed fullmakt) -----------------------------
  // Checked by content as ipforms.validation.validate.sniff does (D.attach comes from there), read
  // into memory and embedded in the PDF; never sent anywhere.

  var FILES = { verge: [], fullmakt: [], id: [] }, filesRead = Promise.resolve();

  function fileBox(kind) { return document.getElementById("ipf-file-" + kind + "-box"); }
  /* the file field is asked (its box and the fullmakt box around it shown; the step it is on
     may be hidden: the files stay chosen while the citizen is on another step) */
  function fileOn(kind) {
    for (var n = fileBox(kind); n; n = n.parentElement) {
      if (n.classList.contains("ipf-step")) return true;
      if (n.hidden) return false;
    }
    return false;
  }
  /* the files that go into the PDF, named for validation (vergefullmakt-2.jpg ...) */
  function chosenFiles() {
    var out = [];
    ["fullmakt", "verge", "id"].forEach(function (kind) {
      if (!fileOn(kind)) return;
      var n = 0;
      FILES[kind].forEach(function (f) {
        if (!f.type) return;
        n++;
        out.push({ name: D.attach.names[kind] + (n > 1 ? "-" + n : "") + D.attach.types[f.type].endings[0], mime: D.attach.types[f.type].mime,
          bytes: f.bytes, md5: f.md5, modified: f.modified, purpose: kind, size: f.size, kind: kind,
          print: f.type === "jpeg" ? f.bytes : (f.print || null), frames: f.frames || null, pdf: f.pdf || null });
      });
    });
    return out;
  }
  function fileFindings() {
    var out = [], total = 0, count = fullmaktOn() ? 1 : 0, room = D.attach.room;
    ["fullmakt", "verge", "id"].forEach(function (kind) {
      if (!fileOn(kind)) return;
      var ref = "file:" + kind;
      FILES[kind].forEach(function (f) {
        if (!f.type) { out.push(R.finding("attachment.file_type", { name: f.name }, ref)); return; }
        // a JPEG (or a PNG redrawn as one) is in the PDF twice: embedded, and drawn on its page
        total += f.size + (f.type === "jpeg" ? f.size : f.print ? f.print.length : 0) + (f.pdf ? f.pdf.size : 0) +
          (f.frames ? f.frames.reduce(function (a, j) { return a + j.length; }, 0) : 0);
        count++;
        if (total > room) out.push(R.finding("attachment.file_too_large", { name: f.name, size: FL.mb(f.size), max: FL.mb(room) }, ref));
      });
      if (count > D.attach.max_attachments) out.push(R.finding("attachment.file_too_many", { max: D.attach.max_attachments - (fullmaktOn() ? 1 : 0) }, ref));
    });
    return out;
  }
  /* a verge shows the vergefullmakt (vergemålsloven §§ 16, 21): here, or ticked and on paper */
  function vergeFindings(req, raw) {
    if (!req.verge || !fileOn("verge")) return [];
    var have = FILES.verge.some(function (f) { return f.type; });
    return have || raw.attachment_verge ? [] : [R.finding("verge.proof_missing", {}, "file:verge")];
  }
  function readFiles(kind) {
    var input = document.getElementById(fid("file", kind)), list = Array.from(input.files || []);
    filesRead = Promise.all(list.map(function (file) {
      var entry = { name: file.name, size: file.size, modified: file.lastModified || Date.now(), type: null, bytes: null };
      // a file larger than any application may be is not read whole: its first bytes say what it is
      var whole = file.size <= D.attach.room;
      return (whole ? file : file.slice(0, D.attach.head)).arrayBuffer().then(function (b) {
        var data = new Uint8Array(b);
        entry.type = FL.sniff(data.subarray(0, D.attach.head), data);
        if (whole) entry.bytes = data;
        if (whole && entry.type) entry.md5 = ipfPdf.md5(data);  // the /CheckSum, now rather than on "Lag PDF-en"
        if (whole && entry.type === "png") return FL.asJpeg(data).then(function (j) { entry.print = j; return entry; });
        if (whole && entry.type === "pdf") return FL.pdfPrint(data).then(function (b) { entry.pdf = b; return entry; });
        if (whole && entry.type === "tiff") return FL.tiffFrames(data).then(function (fr) { entry.frames = fr; return entry; });
        return entry;
      });
    })).then(function (entries) {
      FILES[kind] = entries;
      showFiles(kind);
      var box = { verge: fid("soknad", "attachment_verge"), fullmakt: fid("soknad", "attachment_fullmakt"),
        id: fid("fullmakt", "id_copy_attached") }[kind];
      if (entries.some(function (e) { return e.type && e.bytes; }) && document.getElementById(box)) document.getElementById(box).checked = true;
      guidance(); updateRequired();
      afterPointer(function () { if (tried[stepAt]) validate(false); else showFileErrors(kind); });
    });
    return filesRead;
  }
  function showFiles(kind) {
    var list = document.getElementById("ipf-file-" + kind + "-list"), names = chosenFiles().filter(function (f) { return f.kind === kind; });
    list.textContent = names.length ? fmt(D.texts.file_chosen, { files: names.map(function (f) { return f.name + " (" + FL.mb(f.size) + ")"; }).join(", ") }) : "";
    document.getElementById("ipf-file-" + kind + "-remove").hidden = FILES[kind].length === 0;
  }
  /* the messages of one file field at once, before «Fortsett» is pressed on its step */
  function showFileErrors(kind) {
    var id = fid("file", kind), err = document.getElementById(id + "-err"), input = document.getElementById(id);
    err.hidden = true; err.textContent = "";
    if (input.hasAttribute("data-err")) { input.setAttribute("aria-describedby", input.getAttribute("data-err")); input.removeAttribute("data-err"); }
    input.removeAttribute("aria-invalid");
    fileFindings().filter(function (f) { return f.field === "file:" + kind; }).forEach(function (f) {
      showError(f.field, MSG.render(f.code, f.params, null));
    });
  }
  function fileBlock(kind) {
    var id = fid("file", kind);
    var input = el("input", { type: "file", id: id, multiple: true, "aria-describedby": id + "-help",
      accept: Object.keys(D.attach.types).map(function (k) { return D.attach.types[k].mime + "," + D.attach.types[k].endings.join(","); }).join(",") });
    var remove = el("button", { type: "button", "class": "ipf-secondary", id: "ipf-file-" + kind + "-remove", hidden: true, text: D.texts.file_remove });
    input.addEventListener("change", function (ev) { ev.stopPropagation(); readFiles(kind); });
    remove.addEventListener("click", function () { input.value = ""; readFiles(kind); input.focus(); });
    return el("div", { "class": "ipf-field ipf-file", id: "ipf-file-" + kind + "-box", "data-field": "file:" + kind, hidden: kind === "verge" ? true : null }, [
      el("label", { "for": id, text: D.texts["file_" + kind + "_label"] }),
      el("p", { "class": "ipf-help", id: id + "-help", text: fmt(D.texts["file_" + kind + "_help"], { max: FL.mb(D.attach.room) }) }),
      el("p", { "class": "ipf-error", id: id + "-err", hidden: true }), input,
      el("p", { id: "ipf-file-" + kind + "-list", "class": "ipf-help", "aria-live": "polite" }), el("p", {}, [remove])
    ]);
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function fid(formId, fieldId) { return "f-" + formId + "-" + fieldId; }

  var INPUT = {
    text: { type: "text" }, date: { type: "text", inputmode: "numeric", autocomplete: "off" },
    fnr: { type: "text", inputmode: "numeric", autocomplete: "off" },
    postnummer: { type: "text", inputmode: "numeric" },
    phone: { type: "tel" }, email: { type: "email" }
  };
  /* autocomplete tokens only where the one typing tells about themself (WCAG 1.3.5): the
     applicant's own fields, and the person's when the person applies (set on change) */
  var AUTOCOMPLETE_SELF = { applicant_name: "name", applicant_phone: "tel", applicant_email: "email" };
  var AUTOCOMPLETE_PERSON = { person_name: "name", person_address: "address-line1", person_postcode: "postal-code", person_country: "country-name",
    person_postplace: "address-level2", person_phone: "tel", person_email: "email" };
  /* dates whose century is certain when a year is typed with two digits: they have happened */
  var PAST_DATES = ["sign_date", "youth_sign_date"];

  /* GOV.UK marks the optional questions, not the required ones (no asterisks) */
  function requiredMark(f) {
    if (f.type === "checkbox" || f.type === "choice") return null;
    return el("span", { "class": "ipf-opt", hidden: f.required || f.when ? true : null, "data-opt": f.id, text: " " + D.texts.optional });
  }
  /* a field's block, with a place for its error and one for a note (a warning or a note of
     the checks: shown, never blocking) */
  function fieldBlock(formId, f) {
    var block = fieldBlockInner(formId, f), err = block.querySelector(".ipf-error");
    err.parentNode.insertBefore(el("p", { "class": "ipf-note", id: err.id.replace(/-err$/, "-note"), hidden: true }), err.nextSibling);
    return block;
  }
  function fieldBlockInner(formId, f) {
    var id = fid(formId, f.id), help = f.help ? el("p", { "class": "ipf-help", id: id + "-help", text: f.help }) : null;
    var err = el("p", { "class": "ipf-error", id: id + "-err", hidden: true });
    var describedby = (help ? id + "-help " : "").trim();
    if (f.type === "checkbox") {
      var cb = el("input", { type: "checkbox", id: id, name: f.id, "aria-describedby": describedby || null, disabled: f.readonly || null });
      return el("div", { "class": "ipf-field ipf-check", "data-field": formId + ":" + f.id }, [
        err, el("div", { "class": "ipf-check-row" }, [cb, el("label", { "for": id }, [f.label, requiredMark(f)])]), help
      ]);
    }
    if (f.type === "choice") {
      var opts = f.options.map(function (o, i) {
        var oid = id + "-" + o.id;
        return el("div", { "class": "ipf-check-row" }, [
          el("input", { type: "radio", id: oid, name: formId + "-" + f.id, value: o.id, "aria-describedby": describedby || null }),
          el("label", { "for": oid, text: o.label })
        ]);
      });
      return el("fieldset", { "class": "ipf-field ipf-radios", id: id, "data-field": formId + ":" + f.id, tabindex: "-1" },
        [el("legend", {}, [f.label, requiredMark(f)]), help, err].concat(opts));
    }
    if (isCountry(formId, f.id) && D.countries.length) {
      // a country list (Norway first, its value empty as on paper): postnummer rules only for Norway;
      // a language CLDR has no country names in (smj, sma): the country as text, as on paper
      var sel = el("select", { id: id, name: f.id, "aria-describedby": describedby || null, autocomplete: "off" },
        D.countries.map(function (c, i) { return el("option", { value: i ? c : "", text: c }); }));
      return el("div", { "class": "ipf-field", "data-field": formId + ":" + f.id }, [
        el("label", { "for": id }, [f.label]), help, err, sel]);
    }
    var attrs = Object.assign({ id: id, name: f.id, "aria-describedby": describedby || null,
      spellcheck: f.type === "text" || f.type === "multiline" ? null : "false", "data-date": f.type === "date" || null,
      autocomplete: formId === "soknad" ? AUTOCOMPLETE_SELF[f.id] || null : null }, INPUT[f.type] || {});
    if ((f.type === "phone" || f.type === "email") && !attrs.autocomplete) attrs.autocomplete = "off";
    if (f.type !== "multiline" && f.max) attrs.size = String(Math.min(f.max, 40));
    var input = f.type === "multiline" ? el("textarea", Object.assign(attrs, { rows: String(Math.min(f.lines, 8)) })) : el("input", attrs);
    if (f.type === "date") {
      // 1.2.80, 1980-02-01 ... written back in full (dd.mm.åååå) before anything checks it
      input.addEventListener("change", function () { normaliseDate(input, f.id); });
    }
    return el("div", { "class": "ipf-field", "data-field": formId + ":" + f.id }, [
      el("label", { "for": id }, [f.label, requiredMark(f)]), help, err, input
    ]);
  }
  function normaliseDate(input, fieldId) {
    var v = ipfDates.normalise(input.value, PAST_DATES.indexOf(fieldId) >= 0 ? "past" : "", today());
    if (v !== input.value) input.value = v;
  }
  /* a section as a fieldset; `heading` (an element) is its legend: the step's own heading
     when the step is this one section, else the section's title as h3 */
  function isCountry(formId, fieldId) {
    var found = false;
    eachField(D.forms[formId], function (x) { if (x.country === fieldId) found = true; });
    return found;
  }
  function sectionBlock(formId, s, heading) {
    return el("fieldset", { "class": "ipf-section", id: "s-" + formId + "-" + s.id, "data-section": s.id }, [
      el("legend", {}, [heading || el("h3", { text: s.title })]), s.text ? el("p", { "class": "ipf-text", text: s.text }) : null
    ].concat(s.fields.map(function (f) { return fieldBlock(formId, f); })));
  }

  /* every answer as typed, also those to questions not shown now (kept for going back);
     the municipality block comes from the data (it is text on the page, not inputs) */
  function readRaw(formId) {
    var out = {};
    eachField(D.forms[formId], function (f) {
      var id = fid(formId, f.id), node = document.getElementById(id);
      if (!node) out[f.id] = formId === D.form && f.id in D.prefill ? D.prefill[f.id] : (f.type === "checkbox" ? false : "");
      else if (f.type === "checkbox") out[f.id] = node.checked;
      else if (f.type === "choice") {
        var c = formEl.querySelector("input[name='" + formId + "-" + f.id + "']:checked");
        out[f.id] = c ? c.value : "";
      } else out[f.id] = node.value;
    });
    return out;
  }
  /* what the person's answers so far make relevant (steps.js) */
  function stepContext() {
    if (D.form !== "soknad") return {};
    var v = R.normalise(D.forms.soknad, readRaw("soknad")), dec = R.decision(v, today());
    return { group: dec.group, fullmaktWanted: R.fullmaktWanted(dec) };
  }
  /* the answers as checked and written into the PDF: those to questions not shown are empty */
  function read(formId) {
    return ipfSteps.effective(D.forms[formId], readRaw(formId), formId === "soknad" ? stepContext() : {});
  }
  function fullmaktOn() {
    var t = document.getElementById("ipf-fm-toggle");
    return !!(t && t.checked && !document.getElementById("ipf-fm-box").hidden);
  }

  function clearErrors() {
    formEl.querySelectorAll(".ipf-error, .ipf-note").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    formEl.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    formEl.querySelectorAll("[data-err]").forEach(function (i) {
      i.setAttribute("aria-describedby", i.getAttribute("data-err")); i.removeAttribute("data-err");
    });
  }
  function target(ref) {
    var p = ref.split(":"), id = fid(p[0], p[1]), node = document.getElementById(id);
    return node ? { id: id, node: node } : null;
  }
  /* the message at its field: an error (blocks) or, with `note`, a warning or note */
  function showError(ref, text, note) {
    var t = target(ref);
    if (!t) return null;
    var suffix = note ? "-note" : "-err", box = document.getElementById(t.id + suffix);
    if (!box) return null;
    if (box.hidden) {
      box.hidden = false;
      box.appendChild(el("span", { "class": "ipf-vh", text: (note ? D.texts.note_prefix : D.texts.error_prefix) + " " }));
    }
    box.appendChild(document.createTextNode(text + " "));
    var inputs = t.node.tagName === "FIELDSET" ? t.node.querySelectorAll("input") : [t.node];
    inputs.forEach(function (i) {
      if (!note) i.setAttribute("aria-invalid", "true");
      if (!i.hasAttribute("data-err")) i.setAttribute("data-err", i.getAttribute("aria-describedby") || "");
      var now = i.getAttribute("aria-describedby") || "";
      if (now.split(" ").indexOf(t.id + suffix) < 0) i.setAttribute("aria-describedby", (now + " " + t.id + suffix).trim());
    });
    return t.node.tagName === "FIELDSET" ? t.node.querySelector("input").id : t.id;
  }

  /* the application's attachments as the rules will see them: the fullmakt filled here is
     embedded as fullmakt.pdf (makePdf); "Fullmakt lagt ved" ticked without it means one on
     paper, which a case worker checks by hand */
  function pageAttachments(values) {
    var out = [];
    if (fullmaktOn()) out.push({ name: "fullmakt.pdf", kind: "fullmakt_form", values: read("fullmakt") });
    // the files chosen here, named as validation reads names (vergefullmakt-2.jpg, fullmakt-skannet.pdf)
    chosenFiles().forEach(function (f) { out.push({ name: f.name, kind: { verge: "verge_proof", id: "id_copy" }[f.kind] || "fullmakt_other" }); });
    if (!out.some(function (a) { return a.kind !== "verge_proof" && a.kind !== "id_copy"; }) && values.attachment_fullmakt) {
      out.push({ name: "fullmakt", kind: "fullmakt_other" });
    }
    return out;
  }
  /* every finding of `ipforms validate` for the answers as they stand, received today (the
     day validate would use for an application not sent yet); the vergefullmakt is left to
     the next steps (it comes on paper or as an attachment) */
  function currentFindings() {
    var received = today(), formId = D.form;
    var raw = read(formId), out = [];
    if (formId === "soknad") {
      if (fullmaktOn()) raw.attachment_fullmakt = true;  // as the PDF will have it
      var values = R.normalise(D.forms.soknad, raw);
      out = R.checkAll("soknad", raw, received, pageAttachments(values))
        .filter(function (f) { return f.code.indexOf("verge.") !== 0; });
      // the vergefullmakt: chosen here, or ticked and sent on paper; and the files chosen
      out.push.apply(out, vergeFindings(R.requirements(R.decision(values, received), values, received), values));
      out.push.apply(out, fileFindings());
    } else {
      out = R.checkAll("fullmakt", raw, received);
    }
    // characters the PDF font cannot show
    Object.keys(D.forms).forEach(function (formId2) {
      if (formId2 !== formId && !(formId2 === "fullmakt" && fullmaktOn())) return;
      var r = formId2 === formId ? raw : read(formId2);
      eachField(D.forms[formId2], function (f) {
        if (typeof r[f.id] !== "string") return;
        var bad = AP.unsupported(r[f.id].normalize("NFC"));
        if (bad.length) out.push(R.finding("webform.charset", { chars: bad.join(" ") }, formId2 + ":" + f.id));
      });
    });
    return out;
  }

  /* Nothing moves under a pointer that is pressed.  Leaving a field by pressing on "Lag
     PDF-en" blurs the field (change) between pointerdown and click: a message that appears or
     goes away then moves the button, and the click lands on nothing (in Chromium, for mouse and
     touch alike).  GOV.UK ("When to tell the user about validation errors",
     https://design-system.service.gov.uk/patterns/validation/): validate when the user tries
     to go on, not when they move away from a field.  designsystemet.no
     (https://www.designsystemet.no/en/patterns/errors) and NAV's Aksel
     (https://aksel.nav.no/monster-maler/soknadsdialog/monster-for-skjemavalidering): the
     first check when the user tries to go on; after that errors leave the summary as they are
     fixed (Aksel: on blur for typed fields, on change for chosen ones).  So the page checks
     first on submit and after that updates what is shown on change, but never while a
     pointer is down: from pointerdown until its click (or a moment after pointerup when no
     click comes) the update waits, and runs after the click. */
  var pointerDown = false, pointerTimer = null, afterQueue = [];
  function afterPointer(fn) { if (pointerDown) afterQueue.push(fn); else fn(); }
  function pointerFree() {
    if (pointerTimer) { clearTimeout(pointerTimer); pointerTimer = null; }
    if (!pointerDown) return;
    pointerDown = false;
    // the click's target is fixed by now: the page may move
    var q = afterQueue;
    afterQueue = [];
    q.forEach(function (fn) { fn(); });
  }
  function watchPointer() {
    document.addEventListener("pointerdown", function () {
      if (pointerTimer) { clearTimeout(pointerTimer); pointerTimer = null; }
      pointerDown = true;
    }, true);
    // a touch sends its (compatibility) mouse events and click after pointerup: wait for the
    // click, or give up after a moment (a press that was a scroll or a drag has no click)
    ["pointerup", "pointercancel"].forEach(function (type) {
      document.addEventListener(type, function () {
        if (pointerTimer) clearTimeout(pointerTimer);
        pointerTimer = setTimeout(pointerFree, 400);
      }, true);
    });
    document.addEventListener("click", pointerFree, true);
  }

  /* errors at their fields and in the summary; warnings and notes at their fields and in the
     list below it (and on the done page).  Only when the citizen tries to go on (Fortsett,
     Lag PDF-en) and after that on change: a message appearing as one leaves a field moves the
     page under the pointer.  On a step: that step's findings; on the check page: all, each
     summary link opening the step of its question. */
  function validate(focusSummary) {
    clearErrors();
    var onCheck = stepAt >= STEPS.length;
    var all = currentFindings().filter(function (f) { return onCheck || (f.field && stepOfRef(f.field) === stepAt); });
    var summary = document.getElementById("ipf-summary"), list = summary.querySelector("ul");
    var found = all.filter(function (f) { return f.severity === "error"; });
    list.textContent = "";
    var items = ipfSummary.items(found.map(function (f) {
      var text = f.code === "webform.charset" ? fmt(D.texts.charset, { field: MSG.fieldLabel(f.field), chars: f.params.chars }) : citizenText(f);
      return { field: f.field, text: text };
    }), fieldOrder());
    items.forEach(function (it) {
      var focusId = it.field && !onCheck ? showError(it.field, it.text) : (it.field ? targetId(it.field) : null);
      var a = focusId ? el("a", { href: "#" + focusId, "data-ref": it.field, text: it.text }) : null;
      if (a) a.addEventListener("click", function (ev) { ev.preventDefault(); goToField(it.field, true); });
      list.appendChild(el("li", {}, [a || el("span", { text: it.text })]));
    });
    summary.hidden = items.length === 0;
    document.title = ipfSummary.title(document.title, items.length, D.texts.error_prefix + " ");
    // warnings and notes at a field: shown at the field and listed below the summary
    var noteList = document.querySelector("#ipf-notes ul");
    shownNotes = [];
    noteList.textContent = "";
    all.forEach(function (f) {
      if (f.severity === "error" || !f.field) return;
      var text = citizenText(f), focusId = onCheck ? targetId(f.field) : showError(f.field, text, true);
      if (!focusId) return;
      shownNotes.push(text);
      var a = el("a", { href: "#" + focusId, text: text });
      a.addEventListener("click", function (ev) { ev.preventDefault(); goToField(f.field, true); });
      noteList.appendChild(el("li", {}, [a]));
    });
    document.getElementById("ipf-notes").hidden = shownNotes.length === 0;
    if (found.length && focusSummary) summary.focus();
    return found.length === 0;
  }
  /* a finding as the citizen reads it: messages.yml's citizen.<code> when there is one (the
     report's text speaks to the case worker), else the report's text */
  function citizenText(f) {
    var t = MSG.render(MSG.has("citizen." + f.code) ? "citizen." + f.code : f.code, f.params, f.field);
    if (!f.field || stepAt >= STEPS.length) return t;
    // on a step the section is the step: «Fullt navn», not «Fullt navn» (Personen søknaden gjelder)
    var full = MSG.fieldLabel(f.field), short = full.replace(/ \([^()]*\)$/, "");
    return t.split(full).join(short);
  }
  /* the page's field refs in page order (for the summary's order) */
  function fieldOrder() {
    var out = [];
    formEl.querySelectorAll("[data-field]").forEach(function (n) { out.push(n.getAttribute("data-field")); });
    return out;
  }
  /* the step a finding's field is asked in: the fullmakt box and the file fields are on the
     step of the attachments (a fullmakt page: its last step); -1 for none */
  function stepOfRef(ref) {
    var p = ref.split(":");
    if (p[0] === D.form) return ipfSteps.stepOf(STEPS, p[1]);
    var node = document.querySelector("[data-field='" + ref + "']"), step = node && node.closest(".ipf-step");
    return step ? +step.getAttribute("data-step") : -1;
  }
  function targetId(ref) {
    var t = target(ref);
    if (!t) return null;
    return t.node.tagName === "FIELDSET" ? t.node.querySelector("input").id : t.id;
  }
  /* open the question's step and bring its label and message into view, focus on the input
     (GOV.UK's error summary: the input alone scrolled into view hides the label above it) */
  function goToField(ref, withErrors) {
    var i = stepOfRef(ref);
    if (i < 0) return;
    if (withErrors) tried[i] = true;
    if (i !== stepAt || formEl.hidden) show(i, null);
    var id = targetId(ref), input = id && document.getElementById(id);
    if (!input) return;
    var block = input.closest("[data-field]") || input;
    var top = block.tagName === "FIELDSET" ? block.querySelector("legend") : block;
    input.focus({ preventScroll: true });
    (top || block).scrollIntoView({ block: "start" });
  }

  /* «Hvem må skrive under»: the phrases of the signing table's rows for the answers so far.
     Shown in the box (no live region of its own: rebuilding it would be read again on every
     change); a change in who must sign is announced once, in a short status message. */
  function guidance() {
    var box = document.getElementById("ipf-guidance");
    if (!box || D.form !== "soknad") return;
    var values = R.normalise(D.forms.soknad, read("soknad")), dec = R.decision(values, today());
    var seen = {}, items = [];
    Object.keys(dec.rows).forEach(function (s) {
      var r = dec.rows[s];
      if (r.says && !seen[r.says]) { seen[r.says] = 1; items.push(D.signing.phrases[r.says]); }
    });
    R.verdicts(dec).forEach(function (f) {
      if (f.severity !== "note") items.push({ title: "", text: MSG.render(f.code, f.params, f.field) });
    });
    var key = JSON.stringify(items);
    if (key !== guidanceKey) {
      var list = box.querySelector("ul");
      list.textContent = "";
      items.forEach(function (p) {
        list.appendChild(el("li", {}, [p.title ? el("strong", { text: p.title + ": " }) : null, p.text]));
      });
      box.hidden = items.length === 0;
      if (guidanceKey !== null && items.length) {
        document.getElementById("ipf-live").textContent = D.texts.guidance_changed + " " +
          items.map(function (p) { return p.title || p.text; }).join(". ");
      }
      guidanceKey = key;
    }
    var fm = document.getElementById("ipf-fm-box");
    if (fm) fm.hidden = !(R.fullmaktWanted(dec) || fullmaktToggleChecked());
    // the files chosen stay while the box is hidden, but only a shown box's go into the PDF
    var vb = fileBox("verge");
    if (vb) vb.hidden = !R.requirements(dec, values, today()).verge;
  }
  function fullmaktToggleChecked() { var t = document.getElementById("ipf-fm-toggle"); return !!(t && t.checked); }

  /* "(valgfritt)" on the questions that may be left empty; questions not relevant hidden;
     autocomplete tokens on the person's fields when the person applies */
  function updateRequired() {
    Object.keys(D.forms).forEach(function (formId) {
      var raw = readRaw(formId), values = R.normalise(D.forms[formId], raw), ctx = formId === "soknad" ? stepContext() : {};
      D.forms[formId].sections.forEach(function (s) {
        var any = false;
        s.fields.forEach(function (f) {
          var block = formEl.querySelector("[data-field='" + formId + ":" + f.id + "']");
          if (!block) return;
          var on = ipfSteps.relevant(formId, s.id, f, raw, ctx);
          block.hidden = !on;
          any = any || on;
          var mark = block.querySelector("[data-opt='" + f.id + "']");
          if (mark) mark.hidden = isRequired(f, values);
        });
        var sec = document.getElementById("s-" + formId + "-" + s.id);
        if (sec) sec.hidden = !any;
      });
    });
    // a postal code abroad is no four digits
    eachField(D.forms[D.form], function (f) {
      var node = f.country && document.getElementById(fid(D.form, f.id));
      if (node) { if (R.inNorway(readRaw(D.form)[f.country])) node.setAttribute("inputmode", "numeric"); else node.removeAttribute("inputmode"); }
    });
    if (D.form === "soknad") {
      var self = readRaw("soknad").applicant_role === "self";
      Object.keys(AUTOCOMPLETE_PERSON).forEach(function (k) {
        var node = document.getElementById(fid("soknad", k));
        if (node) node.setAttribute("autocomplete", self ? AUTOCOMPLETE_PERSON[k] : "off");
      });
    }
  }

  function onSubmit(ev) {
    ev.preventDefault();
    formEl.querySelectorAll(".ipf-step:not([hidden]) input[data-date]").forEach(function (i) { normaliseDate(i, i.name); });
    filesRead.then(stepAt < STEPS.length ? next : submit);
  }
  /* Fortsett: the step's own checks; then the next step (or back to the check page) */
  function next() {
    tried[stepAt] = true;
    if (!validate(true)) { save(); return; }
    show(backToCheck ? STEPS.length : stepAt + 1);
  }
  function submit() {
    STEPS.forEach(function (st, i) { tried[i] = true; });
    if (!validate(true)) return;
    var button = document.getElementById("ipf-make"), status = document.getElementById("ipf-status");
    button.disabled = true;
    status.textContent = D.texts.working;
    loaded.then(function () {
      var raw = read(D.form), fmRaw = D.form === "soknad" && fullmaktOn() ? read("fullmakt") : null;
      if (fmRaw) raw.attachment_fullmakt = true;
      var files = chosenFiles();
      var made = HO.makePdf(D.form, raw, fmRaw, bytes, files, today()), pdf = made.pdf;
      lastFullmakt = made.fullmakt;
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(new Blob([pdf], { type: "application/pdf" }));
      showDone(raw, fmRaw, files);
      button.disabled = false;
      status.textContent = "";
    }).catch(function () {
      button.disabled = false;
      status.textContent = D.texts.loading_failed;
    });
  }

  function showDone(raw, fmRaw, files) {
    var done = document.getElementById("ipf-done");
    done.textContent = "";
    var link = el("a", { href: lastUrl, download: D.filename, id: "ipf-download", "class": "ipf-button", text: fmt(D.texts.download, { name: D.filename }) });
    // the e-mail warning is no step to take: said below the list (the PDF's last page lists it)
    var todo = HO.handover(raw, fmRaw, files, today()), email = todo.filter(function (s) { return s.text === D.texts.next_email; });
    var ol = el("ol", { id: "ipf-next-steps" }, todo.filter(function (s) { return s.text !== D.texts.next_email; }).map(function (s) {
      return el("li", {}, [s.text, s.link ? " " : null, s.link ? el("a", { href: s.link.url, text: s.link.name }) : null,
        s.list ? el("ul", {}, s.list.map(function (c) { return el("li", { text: c }); })) : null]);
    }));
    if (lastFmUrl) { URL.revokeObjectURL(lastFmUrl); lastFmUrl = null; }
    var fmLink = null;
    if (lastFullmakt) {
      lastFmUrl = URL.createObjectURL(new Blob([lastFullmakt], { type: "application/pdf" }));
      fmLink = el("p", {}, [el("a", { href: lastFmUrl, download: "fullmakt.pdf", id: "ipf-download-fullmakt", "class": "ipf-button ipf-secondary",
        text: fmt(D.texts.download_fullmakt, { name: "fullmakt.pdf" }) })]);
    }
    // «Endre svarene»: back to the check page, its heading focused
    var again = el("button", { type: "button", "class": "ipf-secondary", id: "ipf-again", text: D.texts.start_over });
    again.addEventListener("click", function () { show(STEPS.length); });
    var h = el("h2", { id: "ipf-done-h", tabindex: "-1", text: D.texts.done_title });
    var notes = shownNotes.length ? [el("h3", { text: D.texts.notes_title }),
      el("ul", {}, shownNotes.map(function (t) { return el("li", { text: t }); }))] : [];
    var filesNote = files.length ? el("p", { text: fmt(D.texts.download_files_note, { files: files.map(function (f) { return f.name; }).join(", ") }) }) : null;
    [h, el("p", {}, [link]), fmLink, fmRaw ? el("p", { text: D.texts.download_fullmakt_note }) : null, filesNote].concat(notes, [
      el("h3", { text: D.texts.next_title }), ol, email.length ? el("p", { "class": "ipf-warning", text: D.texts.next_email }) : null,
      D.form === "soknad" ? el("p", { text: D.texts.reply_rule }) : null,
      el("p", { "class": "ipf-actions" }, [again, " ", restartButton()])]).forEach(function (n) { if (n) done.appendChild(n); });
    formEl.hidden = true;
    done.hidden = false;
    stepAt = STEPS.length + 1;
    document.title = D.texts.done_title + " – " + baseTitle;
    h.focus();
  }

  /* the fullmakt from the answers given (only empty fields; the citizen can change them):
     the receiver is the applicant, the giver the person (when the table wants the person's
     fullmakt), the scope the services applied for, from today */
  function prefillFullmakt() {
    var v = R.normalise(D.forms.soknad, read("soknad")), dec = R.decision(v, today());
    var req = R.requirements(dec, v, today()), set = {};
    if (req.fullmakt !== "parent") {
      set.giver_name = v.person_name; set.giver_fnr = v.person_fnr;
      set.giver_address = [v.person_address, [v.person_postcode, v.person_postplace].join(" ").trim()]
        .filter(Boolean).join(", ");
    }
    set.receiver_name = v.applicant_name; set.receiver_fnr = v.applicant_fnr;
    set.receiver_address = v.applicant_address; set.receiver_phone = v.applicant_phone;
    set.valid_from = dateText(today()); set.sign_date = dateText(today());
    Object.keys(set).forEach(function (k) {
      var node = document.getElementById(fid("fullmakt", k));
      if (node && !node.value && set[k]) node.value = set[k];
    });
    R.servicesApplied(v).forEach(function (s) {
      var node = document.getElementById(fid("fullmakt", "scope_" + s));
      if (node) node.checked = true;
    });
  }

  // --- steps, the check page, answers kept on the device ----------------------------------------

  /* tried[i]: the citizen has pressed Fortsett on step i: coming back, it shows its messages */
  var tried = {};
  var STEPS = [], stepAt = 0, backToCheck = false, guidanceKey = null, baseTitle = "", storeKey = "";

  function stepTitle(i) { return i < STEPS.length ? D.texts["step_" + STEPS[i].id] : D.texts.check_title; }
  /* show step i (STEPS.length: the check page); focus its heading, or the field `focusRef` */
  function show(i, focusRef) {
    stepAt = i;
    STEPS.forEach(function (st, k) { document.getElementById("ipf-step-" + k).hidden = k !== i; });
    var onCheck = i >= STEPS.length, check = document.getElementById("ipf-check");
    if (onCheck) { backToCheck = true; fillCheck(); }
    check.hidden = !onCheck;
    document.getElementById("ipf-nav-back").hidden = i === 0;
    document.getElementById("ipf-next").hidden = onCheck;
    document.getElementById("ipf-next").textContent = backToCheck && !onCheck ? D.texts.continue_check : D.texts["continue"];
    document.getElementById("ipf-make").hidden = !onCheck;
    formEl.hidden = false;
    document.getElementById("ipf-done").hidden = true;
    clearErrors();
    document.getElementById("ipf-summary").hidden = true;
    document.getElementById("ipf-notes").hidden = true;
    document.title = stepTitle(i) + " – " + baseTitle;
    introOnly(i === 0);
    if (tried[i] && !onCheck) validate(false);
    save();
    if (focusRef) { goToField(focusRef, false); return; }
    var h = document.getElementById(onCheck ? "ipf-check-h" : "ipf-step-" + i + "-h");
    h.focus({ preventScroll: true });
    h.scrollIntoView({ block: "start" });
  }
  /* the page's lead (privacy), the paper alternative and the intro: on the first step only,
     so the later steps start with their question (a short page at 200 % and on a phone) */
  function introOnly(first) {
    document.querySelectorAll(".ipf-lead, .ipf-paper, #ipf-intro").forEach(function (n) { n.hidden = !first; });
  }
  function back() {
    if (stepAt > 0) show(Math.min(stepAt, STEPS.length) - 1);
  }

  function answerText(formId, f, raw) {
    var v = raw[f.id];
    if (f.type === "checkbox") return v ? D.texts.word_yes : D.texts.word_no;
    if (f.type === "choice") {
      var o = f.options.filter(function (x) { return x.id === v; })[0];
      return o ? o.label : D.texts.not_answered;
    }
    return String(v || "").trim() || D.texts.not_answered;
  }
  /* «Se over svarene»: every question asked, its answer and «Endre» back to it */
  function fillCheck() {
    var box = document.getElementById("ipf-check-list");
    box.textContent = "";
    var ctx = stepContext();
    function rows(formId, list, raw) {
      var dl = el("dl", { "class": "ipf-answers" });
      list.forEach(function (x) {
        var f = x.field;
        if (!ipfSteps.relevant(formId, x.section, f, raw, formId === "soknad" ? ctx : {})) return;
        var change = el("a", { href: "#" + fid(formId, f.id) + (f.type === "choice" ? "-" + (f.options[0] || {}).id : "") }, [
          D.texts.change, el("span", { "class": "ipf-vh", text: " " + f.label })]);
        change.addEventListener("click", function (ev) { ev.preventDefault(); backToCheck = true; goToField(formId + ":" + f.id, false); });
        dl.appendChild(el("div", { "class": "ipf-answer" }, [el("dt", { text: f.label }),
          el("dd", { text: answerText(formId, f, raw) }), el("dd", { "class": "ipf-change" }, [change])]));
      });
      return dl;
    }
    var raw = readRaw(D.form);
    STEPS.forEach(function (st, i) {
      box.appendChild(el("h3", { text: stepTitle(i) }));
      box.appendChild(rows(D.form, st.fields, raw));
      if (D.form === "soknad" && st.id === "needs") {
        var files = chosenFiles();
        if (files.length) box.appendChild(el("p", { text: fmt(D.texts.download_files_note, { files: files.map(function (f) { return f.name; }).join(", ") }) }));
      }
    });
    if (D.form === "soknad" && fullmaktOn()) {
      box.appendChild(el("h3", { text: D.forms.fullmakt.title }));
      var fl = [];
      D.forms.fullmakt.sections.forEach(function (s) { s.fields.forEach(function (f) { fl.push({ section: s.id, field: f }); }); });
      box.appendChild(rows("fullmakt", fl, readRaw("fullmakt")));
    }
    if (D.form === "soknad") box.appendChild(sendTo());
  }
  /* where the application goes: the municipality block as text (it is no question) */
  function sendTo() {
    var dl = el("dl", { "class": "ipf-answers ipf-sendto" });
    D.forms.soknad.sections.forEach(function (s) {
      if (s.id !== "municipality") return;
      s.fields.forEach(function (f) {
        var v = D.prefill[f.id];
        if (!v || f.type === "email") return;  // the page says not to send health data by e-mail
        dl.appendChild(el("div", { "class": "ipf-answer" }, [el("dt", { text: f.label }), el("dd", { text: String(v) })]));
      });
    });
    return el("div", {}, [el("h3", { text: D.texts.send_to_title }), dl]);
  }

  function restartButton() {
    var b = el("button", { type: "button", "class": "ipf-secondary", text: D.texts.restart });
    b.addEventListener("click", function () {
      ipfStore.clear(window.sessionStorage, storeKey);
      stored = false;
      window.location.reload();
    });
    return b;
  }
  var stored = true;
  /* the answers, the fullmakt toggle and the step, in sessionStorage (store.js) */
  function save() {
    if (!stored || !storeKey) return;
    var values = {};
    formEl.querySelectorAll("input[id^='f-'], textarea[id^='f-'], select[id^='f-'], #ipf-fm-toggle").forEach(function (n) {
      if (n.type === "file") return;
      values[n.id] = n.type === "checkbox" || n.type === "radio" ? n.checked : n.value;
    });
    ipfStore.save(window.sessionStorage, storeKey, { values: values, step: Math.min(stepAt, STEPS.length), check: backToCheck });
  }
  function restore() {
    var st = ipfStore.load(window.sessionStorage, storeKey);
    if (!st) return null;
    Object.keys(st.values || {}).forEach(function (id) {
      var n = document.getElementById(id);
      if (!n || n.type === "file") return;
      var v = String(st.values[id]);
      // a country named as the other written standard names it: kept as it was chosen
      if (n.tagName === "SELECT" && v && !Array.prototype.some.call(n.options, function (o) { return o.value === v; })) {
        n.appendChild(el("option", { value: v, text: v }));
      }
      if (n.type === "checkbox" || n.type === "radio") n.checked = !!st.values[id]; else n.value = v;
    });
    var t = document.getElementById("ipf-fm-toggle");
    if (t) document.getElementById("ipf-fm-fields").hidden = !t.checked;
    backToCheck = !!st.check;
    return Math.max(0, Math.min(+st.step || 0, STEPS.length));
  }

  function build() {
    app = document.getElementById("ipf-app");
    var form = D.forms[D.form];
    STEPS = ipfSteps.steps(form);
    baseTitle = document.title;
    storeKey = ipfStore.key(window.location.pathname);
    formEl = el("form", { id: "ipf-form", novalidate: true, "aria-labelledby": "ipf-h1" });
    formEl.appendChild(el("p", { "class": "ipf-text", id: "ipf-intro", text: fmt(D.texts[D.form === "soknad" ? "web_intro" : "fm_intro"], { steps: STEPS.length }) }));
    // role="alert": announced when it appears (GOV.UK no longer names it with aria-labelledby)
    formEl.appendChild(el("div", { id: "ipf-summary", "class": "ipf-summary", tabindex: "-1", hidden: true, role: "alert" }, [
      el("h2", { text: D.texts.summary_title }), el("ul", {})
    ]));
    formEl.appendChild(el("div", { id: "ipf-notes", "class": "ipf-notes", hidden: true }, [
      el("h2", { text: D.texts.notes_title }), el("ul", {})
    ]));
    STEPS.forEach(function (st, i) {
      var caption = el("span", { "class": "ipf-progress", text: fmt(D.texts.progress, { n: i + 1, total: STEPS.length }) });
      var h = el("h2", { id: "ipf-step-" + i + "-h", tabindex: "-1" }, [caption, " ", el("span", { text: D.texts["step_" + st.id] })]);
      var box = el("section", { "class": "ipf-step", id: "ipf-step-" + i, "data-step": String(i), "aria-labelledby": h.id, hidden: true });
      if (st.sections.length === 1) box.appendChild(sectionBlock(D.form, st.sections[0], h));
      else {
        box.appendChild(h);
        st.sections.forEach(function (s) { box.appendChild(sectionBlock(D.form, s)); });
      }
      if (st.id === "applicant") {
        box.appendChild(el("div", { id: "ipf-guidance", "class": "ipf-guidance", hidden: true }, [
          el("h3", { text: D.texts.guidance_title }), el("ul", {})
        ]));
      }
      if (st.id === "needs" && D.form === "soknad") {
        var fmForm = D.forms.fullmakt;
        box.appendChild(el("div", { id: "ipf-fm-box", "class": "ipf-fm", hidden: true }, [
          el("div", { "class": "ipf-field ipf-check" }, [el("div", { "class": "ipf-check-row" }, [
            el("input", { type: "checkbox", id: "ipf-fm-toggle", "aria-describedby": "ipf-fm-help", "aria-controls": "ipf-fm-fields" }),
            el("label", { "for": "ipf-fm-toggle", text: D.texts.fullmakt_toggle })]),
            el("p", { "class": "ipf-help", id: "ipf-fm-help", text: D.texts.fullmakt_help })]),
          fileBlock("fullmakt"),
          el("div", { id: "ipf-fm-fields", hidden: true }, [el("h3", { text: fmForm.title })].concat(
            fmForm.sections.map(function (s) { return sectionBlock("fullmakt", s, el("h4", { text: s.title })); })))
        ]));
      }
      if (st.id === "sign" && D.form === "soknad") box.appendChild(sendTo());
      formEl.appendChild(box);
    });
    // the country before the address it belongs to (the PDF has it after the postplace)
    eachField(form, function (f) {
      var box = f.country && formEl.querySelector("[data-field='" + D.form + ":" + f.country + "']");
      var addr = box && formEl.querySelector("[data-field='" + D.form + ":person_address']");
      if (addr) addr.parentNode.insertBefore(box, addr);
    });
    if (D.form === "soknad") {
      var vergeField = formEl.querySelector("[data-field='soknad:attachment_verge']");
      if (vergeField) vergeField.parentNode.insertBefore(fileBlock("verge"), vergeField.nextSibling);
    }
    // the copy of the fullmakt giver's ID, right after «Kopi av legitimasjon lagt ved»
    var idField = formEl.querySelector("[data-field='fullmakt:id_copy_attached']");
    if (idField) idField.parentNode.insertBefore(fileBlock("id"), idField.nextSibling);
    var checkH = el("h2", { id: "ipf-check-h", tabindex: "-1", text: D.texts.check_title });
    formEl.appendChild(el("section", { id: "ipf-check", "class": "ipf-check-page", hidden: true, "aria-labelledby": "ipf-check-h" }, [
      checkH, el("p", { text: D.texts.check_text }), el("div", { id: "ipf-check-list" }),
      D.form === "soknad" ? el("p", { text: D.texts.reply_rule }) : null
    ]));
    var backB = el("button", { type: "button", "class": "ipf-secondary", id: "ipf-nav-back", text: D.texts.previous });
    backB.addEventListener("click", back);
    formEl.appendChild(el("div", { "class": "ipf-nav" }, [
      backB, " ",
      el("button", { type: "submit", "class": "ipf-button", id: "ipf-next", text: D.texts["continue"] }),
      el("button", { type: "submit", "class": "ipf-button", id: "ipf-make", hidden: true, text: D.texts.submit })
    ]));
    formEl.appendChild(el("p", { id: "ipf-status", role: "status" }));
    formEl.appendChild(el("p", { "class": "ipf-restart" }, [restartButton()]));
    app.appendChild(formEl);
    // a change in who must sign, said once (guidance)
    app.appendChild(el("p", { id: "ipf-live", "class": "ipf-vh", role: "status" }));
    app.appendChild(el("section", { id: "ipf-done", "class": "ipf-done", hidden: true, "aria-labelledby": "ipf-done-h" }));

    // prefill: the service of the page (the municipality block is text, from D.prefill)
    Object.keys(D.prefill).forEach(function (k) {
      var node = document.getElementById(fid(D.form, k));
      if (!node) return;
      if (node.type === "checkbox") node.checked = !!D.prefill[k]; else node.value = D.prefill[k];
    });
    var signDate = document.getElementById(fid(D.form, "sign_date"));
    if (signDate && !signDate.value) signDate.value = dateText(today());

    var toggle = document.getElementById("ipf-fm-toggle");
    if (toggle) toggle.addEventListener("change", function () {
      document.getElementById("ipf-fm-fields").hidden = !toggle.checked;
      var att = document.getElementById(fid("soknad", "attachment_fullmakt"));
      if (att && toggle.checked) att.checked = true;
      if (toggle.checked) prefillFullmakt();
    });
    var first = restore();
    formEl.addEventListener("change", function () { afterPointer(function () { guidance(); updateRequired(); save(); if (tried[stepAt]) validate(false); }); });
    formEl.addEventListener("input", function () { save(); });
    watchPointer();
    formEl.addEventListener("submit", onSubmit);
    guidance();
    updateRequired();
    app.setAttribute("data-state", "ready");
    if (first === null) {
      // a first visit: the first step, without moving focus from where the citizen is
      STEPS.forEach(function (st, k) { document.getElementById("ipf-step-" + k).hidden = k !== 0; });
      document.getElementById("ipf-nav-back").hidden = true;
      document.getElementById("ipf-check").hidden = true;
      document.title = stepTitle(0) + " – " + baseTitle;
      stepAt = 0;
    } else show(first);
  }

  function load() {
    var names = Object.keys(D.pdf);
    loaded = Promise.all(names.map(function (k) {
      return fetch(D.pdf[k]).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.arrayBuffer();
      }).then(function (b) { bytes[k] = new Uint8Array(b); });
    }));
    loaded.then(function () { app.setAttribute("data-pdf", "ready"); }, function () {
      app.insertBefore(el("p", { "class": "ipf-error", role: "alert", text: D.texts.loading_failed }), app.firstChild);
    });
  }

  /* no data to build the form from (the language's data file webform-data-<lang>.js did not
     load, or is of another build): what the page says without JavaScript (its <noscript>: the
     PDF and the postal address), visibly, not an empty form */
  function fallback() {
    var box = document.getElementById("ipf-app"), ns = document.querySelector("noscript");
    if (!box) return;
    // with scripts on, a <noscript>'s content is its markup as text; DOMParser runs no script
    var doc = ns && typeof DOMParser !== "undefined" ? new DOMParser().parseFromString(ns.textContent, "text/html") : null;
    if (doc) Array.prototype.slice.call(doc.body.childNodes).forEach(function (n) { box.appendChild(document.importNode(n, true)); });
    box.setAttribute("data-state", "failed");
  }

  function start() {
    var blob = document.getElementById("ipf-data");
    if (!blob) return;
    D = ipfShared.merge(window.ipformsShared, JSON.parse(blob.textContent));
    if (!D) { fallback(); return; }
    R = ipfRules(D);
    MSG = ipfMessages.bind(D);
    AP = ipfAppearance(D.widths, D.unifont);
    FL = ipfFiles(D.attach);
    HO = ipfHandover(D, R, ipfPdf.writer(AP, D.unifont));
    build();
    load();
  }

  // for tests and the bench (no effect on the page)
  window.ipformsWebform = {
    /* every check of `ipforms validate` on one answer set received on `received`, with its
       attachments [{name, kind, values}] (see checkAll) */
    checkAll: function (formId, raw, received, attachments) {
      var r = V.parseDate(received);
      return R.checkAll(formId, raw, r, attachments).map(function (f) {
        return { code: f.code, severity: f.severity, field: f.field, text: MSG.render(f.code, f.params, f.field) };
      });
    },
    makePdf: function (formId, raw, fullmaktRaw, files) {
      return loaded.then(function () { return HO.makePdf(formId, raw, fullmaktRaw, bytes, files, today()).pdf; });
    },
    md5: function (data) { return ipfPdf.hex(ipfPdf.md5(data)); },
    /* the lines of ipforms.forms.appearance.wrap, as the PDF draws them */
    wrap: function (text, width, size) { return loaded.then(function () { return AP.wrap(text, width, size); }); },
    ready: function () { return loaded; }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
