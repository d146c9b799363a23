/* ipforms online form: checks the answers and makes the filled PDF on the citizen's device.
 *
 * Everything it knows comes from the JSON in <script id="ipf-data">, generated at build time by
 * ipforms.site.webform from the form definitions, resources/messages.yml, resources/signing.yml
 * and the published PDF (a "fill plan").  The checks are a port of ipforms.checks.rules
 * (check_fields and the signing table's verdicts); tests/browser/test_webform.py runs the
 * same answer sets through both and compares the messages.  The PDF is written as an
 * incremental update, as ipforms.forms.incremental does: the published PDF's bytes are kept,
 * the changed field objects, appearance streams (Helvetica, WinAnsi) and an xref stream with
 * /Prev are appended.  Nothing is sent anywhere.
 *
 * The page is asked in steps with a check page (issue 24); the pure parts live in small modules
 * joined before this file into the one served webform.js (ipforms.site.webform.JS_MODULES),
 * each with a Node test in tests/js/: dates.js (short dates), store.js (sessionStorage),
 * steps.js (which sections make a step, which questions are relevant), summary.js (the error
 * summary's order and the page title).
 */
(function () {
  "use strict";

  var D = null;
  var FNR_PARAMS = ["fnr", "person_fnr", "applicant_fnr"];
  var MAX_AGE = 125;

  // --- values -------------------------------------------------------------------------------

  function isEmpty(v) {
    return v === null || v === undefined || v === false || (typeof v === "string" && v.trim() === "");
  }
  function clen(s) { return Array.from(s).length; }
  function mkDate(y, m, d) {
    if (y < 1 || m < 1 || m > 12 || d < 1) return null;
    var dim = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (d > dim[m - 1]) return null;
    return { y: y, m: m, d: d, date: true };
  }
  function cmpDate(a, b) { return (a.y - b.y) || (a.m - b.m) || (a.d - b.d); }
  function parseDate(v) {
    var s = String(v || "").trim(), r;
    if ((r = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) return mkDate(+r[3], +r[2], +r[1]);
    if ((r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) return mkDate(+r[1], +r[2], +r[3]);
    return null;
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function dateText(d) { return pad2(d.d) + "." + pad2(d.m) + "." + d.y; }
  function today() {
    var t = new Date();
    return { y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate(), date: true };
  }
  function ageOn(birth, day) {
    return day.y - birth.y - ((day.m < birth.m || (day.m === birth.m && day.d < birth.d)) ? 1 : 0);
  }

  // fødselsnummer / D-nummer, as python-stdnum and ipforms.core.fnr
  function fnrCompact(v) { return String(v || "").replace(/[ \-:]/g, "").trim(); }
  function checkDigit(num, weights) {
    var s = 0;
    for (var i = 0; i < weights.length; i++) s += weights[i] * +num[i];
    return String((11 - s % 11) % 11);
  }
  function fnrDecoded(v) {
    var n = fnrCompact(v);
    if (!/^[0-9]{11}$/.test(n)) return null;
    var day = +n.slice(0, 2), month = +n.slice(2, 4), year = +n.slice(4, 6), ind = +n.slice(6, 9);
    if (day >= 80) return null;
    if (day > 40) day -= 40;
    if (month > 40) month -= 40;
    if (ind < 500) year += 1900;
    else if (ind < 750 && year >= 54) year += 1800;
    else if (ind < 1000 && year < 40) year += 2000;
    else if (ind >= 900 && ind < 1000 && year >= 40) year += 1900;
    else return null;
    return mkDate(year, month, day);
  }
  /* {ok: birth} | {error: "invalid"} | {error: "implausible", birth} */
  function fnrCheck(v, received) {
    var n = fnrCompact(v);
    if (!/^[0-9]{11}$/.test(n)) return { error: "invalid" };
    if (n[9] !== checkDigit(n, [3, 7, 6, 1, 8, 9, 4, 5, 2]) ||
        n[10] !== checkDigit(n, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) return { error: "invalid" };
    var birth = fnrDecoded(n);
    if (!birth) return { error: "invalid" };
    if (cmpDate(birth, received) > 0 || received.y - birth.y > MAX_AGE) {
      return { error: "implausible", birth: birth };
    }
    return { ok: birth };
  }
  function mask(v) {
    var n = fnrCompact(v);
    if (/^[0-9]{11}$/.test(n)) return n.slice(0, 6) + "*****";
    return n ? "***********" : "";
  }

  /* field values as the rules see them (ipforms.checks.rules.normalise) */
  function normalise(form, raw) {
    var out = {};
    eachField(form, function (f) {
      var v = raw[f.id];
      if (f.type === "checkbox") {
        if (typeof v === "string") {
          v = D.rules.checkbox_off.indexOf(v.trim().toLowerCase().replace(/^\/+/, "")) < 0;
        }
        out[f.id] = !!v;
      } else if (f.type === "choice") {
        var s = (v === null || v === undefined || v === false) ? "" : String(v).trim();
        f.options.forEach(function (o) { if (s && o.labels.indexOf(s) >= 0) s = o.id; });
        out[f.id] = s;
      } else {
        out[f.id] = (v === null || v === undefined || typeof v === "boolean") ? "" : String(v).trim();
      }
    });
    return out;
  }

  /* the value written into the PDF (ipforms.forms.formdef.FieldDef.parse), or null if invalid */
  function pdfValue(f, raw) {
    var s = String(raw === undefined || raw === null ? "" : raw).normalize("NFC");
    switch (f.type) {
      case "multiline":
        return s.replace(/\r\n?/g, "\n").trim().split("\n").map(function (l) { return l.replace(/\s+$/, ""); }).join("\n");
      case "text": return s.trim().split(/\s+/).join(" ");
      case "phone": return s.trim().split(/\s+/).join(" ");
      case "date": var d = parseDate(s); return s.trim() === "" ? "" : (d ? dateText(d) : null);
      case "fnr": return fnrCompact(s);
      default: return s.trim();
    }
  }

  // --- checks (ipforms.checks.rules) ----------------------------------------------------------

  function eachField(form, fn) {
    form.sections.forEach(function (s) { s.fields.forEach(function (f) { fn(f, s); }); });
  }
  function isRequired(f, values) {
    if (f.required) return true;
    if (!f.when) return false;
    var v = values[f.when.field];
    if (v === undefined) v = typeof f.when.in[0] === "boolean" ? false : "";
    return f.when.in.indexOf(v) >= 0;
  }
  function finding(code, severity, field, params) {
    return { code: code, severity: severity, field: field || null, params: params || {} };
  }

  function checkValue(form, f, v, received, extra) {
    var ref = form.id + ":" + f.id;
    if (f.type === "fnr") {
      var r = fnrCheck(v, received);
      if (r.error === "implausible") return [finding("field.fnr_implausible", "error", ref, Object.assign({}, extra, { birth: r.birth }))];
      if (r.error) return [finding("field.fnr_invalid", "error", ref, Object.assign({}, extra))];
      return [];
    }
    if (f.type === "date") {
      var d = parseDate(v);
      if (!d) return [finding("field.date_invalid", "error", ref, Object.assign({}, extra, { value: v }))];
      if (cmpDate(d, received) > 0 && D.rules.future_ok.indexOf(f.id) < 0) {
        return [finding("field.date_after_received", "error", ref, Object.assign({}, extra, { value: d, received: received }))];
      }
      return [];
    }
    var bad = false, s;
    if (f.type === "postnummer") {
      s = v.trim(); bad = (s !== "" && !/^[0-9]{4}$/.test(s)) || clen(s) > f.max;
    } else if (f.type === "phone") {
      s = v.trim().split(/\s+/).join(" ");
      var digits = s.replace(/\D/g, "").length;
      bad = (s !== "" && (!/^\+?[0-9 ]+$/.test(s) || digits < 8 || digits > 15)) || clen(s) > f.max;
    } else if (f.type === "email") {
      s = v.trim(); bad = (s !== "" && !new RegExp(D.email_re).test(s)) || clen(s) > f.max;
    } else {
      return [];
    }
    return bad ? [finding("field." + f.type + "_invalid", "error", ref, Object.assign({}, extra, { value: v }))] : [];
  }

  function inNorway(country) {
    return D.norway.indexOf(String(country || "").trim().split(/\s+/).join(" ").toLowerCase()) >= 0;
  }
  function checkFields(form, values, received, extra) {
    var out = [], special = D.rules.special[form.id] || [];
    extra = extra || {};
    eachField(form, function (f) {
      var v = values[f.id], ref = form.id + ":" + f.id;
      if (isEmpty(v)) {
        if (special.indexOf(f.id) < 0 && isRequired(f, values)) {
          out.push(finding(f.type === "checkbox" ? "field.not_ticked" : "field.required", "error", ref, Object.assign({}, extra)));
        }
        return;
      }
      if (f.type === "checkbox") return;
      if (f.type === "choice") {
        if (f.options.map(function (o) { return o.id; }).indexOf(v) < 0) {
          out.push(finding("field.choice_invalid", "error", ref, Object.assign({}, extra, { value: v })));
        }
        return;
      }
      // a postal code abroad (rules.check_fields, FormDef.abroad): any text that fits
      var found = f.country && !inNorway(values[f.country]) ? [] : checkValue(form, f, v, received, extra);
      if (!found.length && f.max && clen(v) > f.max) {
        found = [finding("field.too_long", "error", ref, Object.assign({}, extra, { length: clen(v), max: f.max }))];
      }
      out.push.apply(out, found);
    });
    return out;
  }

  function servicesApplied(values) {
    return D.signing.services.filter(function (k) { return values["service_" + k]; });
  }
  function ageGroup(age, expected) {
    if (expected) return "expected";
    if (age === null) return null;
    if (age < D.signing.age_own_health) return "under_16";
    if (age < D.signing.age_of_majority) return "16_or_17";
    return "18_or_over";
  }
  function rule(who, age, service) {
    var rules = D.signing.rules;
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (r.who.indexOf(who) >= 0 && r.age.indexOf(age) >= 0 && r.services.indexOf(service) >= 0) return r;
    }
    return null;
  }
  function fnrBirth(v, received) { return fnrCheck(v || "", received).ok || null; }
  function fnrSame(a, b) { return !!a && !!b && fnrCompact(a) === fnrCompact(b); }
  /* the person's age at the received date and the rows of the signing table for it
     (rules.check_signing, first part) */
  function decide(values, received) {
    var birth = fnrBirth(values.person_fnr, received);
    var age = birth ? ageOn(birth, received) : null;
    var expected = !!values.expected_child && isEmpty(values.person_fnr);
    var group = ageGroup(age, expected);
    var role = values.applicant_role, services = servicesApplied(values), rows = {};
    if (D.signing.who.indexOf(role) >= 0 && group !== null && services.length) {
      services.forEach(function (s) { rows[s] = rule(role, group, s); });
    }
    return { age: age, birth: birth, group: group, expected: expected, role: role, services: services, rows: rows };
  }
  /* the verdicts of the rows (ok: a note, check: a warning, not allowed: an error) */
  function signingFindings(dec) {
    var groups = [], byKey = {};
    Object.keys(dec.rows).forEach(function (s) {
      var r = dec.rows[s], sev = D.rules.verdict_severity[r.verdict];
      if (!sev) return;
      var key = r.message + "|" + sev;
      if (!byKey[key]) { byKey[key] = { code: r.message, sev: sev, services: [] }; groups.push(byKey[key]); }
      byKey[key].services.push(s);
    });
    return groups.map(function (g) {
      var fld = g.code === "barnekoordinator.too_old" ? "soknad:service_barnekoordinator"
        : (g.sev !== "note" ? "soknad:applicant_role" : null);
      return finding(g.code, g.sev, fld, { age: dec.age, services: g.services });
    });
  }
  function addMonths(day, months) {
    var index = day.m - 1 + months, y = day.y + Math.floor(index / 12), m = ((index % 12) + 12) % 12 + 1;
    var dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { y: y, m: m, d: Math.min(day.d, dim), date: true };
  }
  function nextDay(day) {
    var t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), date: true };
  }
  /* the day one turns `years` (born 29 February: 1 March in a year without it; rules.birthday) */
  function birthday(birth, years) {
    var day = addMonths(birth, 12 * years);
    return ageOn(birth, day) < years ? nextDay(day) : day;
  }
  /* the signature date against the birth and the received date; a plausible termindato
     (rules.check_dates; the limits come from resources/checks.yml) */
  function checkDates(values, received, birth, expected) {
    var out = [], L = D.rules.limits, signed = parseDate(values.sign_date);
    if (signed && cmpDate(signed, received) <= 0) {
      if (birth && cmpDate(signed, birth) < 0) {
        out.push(finding("sign.before_birth", "error", "soknad:sign_date", { value: signed, birth: birth }));
      } else if (cmpDate(signed, addMonths(received, -12 * L.sign_max_years)) < 0) {
        out.push(finding("sign.too_old", "warning", "soknad:sign_date", { value: signed, received: received, years: L.sign_max_years }));
      } else if (cmpDate(signed, addMonths(received, -L.sign_warn_months)) < 0) {
        out.push(finding("sign.old", "warning", "soknad:sign_date", { value: signed, received: received, months: L.sign_warn_months }));
      }
    }
    var ysigned = parseDate(values.youth_sign_date);
    if (ysigned && birth && cmpDate(ysigned, birth) < 0) {
      out.push(finding("sign.before_birth", "error", "soknad:youth_sign_date", { value: ysigned, birth: birth }));
    }
    if (expected) {
      var due = parseDate(values.due_date);
      if (!due) { /* reported by the field rules */ }
      else if (cmpDate(due, addMonths(received, -L.due_past_months)) < 0) {
        out.push(finding("due_date.implausible_past", "error", "soknad:due_date", { value: due, received: received }));
      } else if (cmpDate(due, received) < 0) {
        out.push(finding("due_date.past", "warning", "soknad:due_date", { value: due }));
      } else if (cmpDate(due, addMonths(received, L.due_future_months)) > 0) {
        out.push(finding("due_date.too_far", "error", "soknad:due_date", { value: due, received: received }));
      }
    }
    return out;
  }
  /* fields the form asks for but no act makes a condition: a warning (rules.check_silent) */
  function checkSilent(formId, values, extra) {
    return (D.rules.silent[formId] || []).filter(function (c) { return isEmpty(values[c.field]); })
      .map(function (c) { return finding(c.code, c.severity, formId + ":" + c.field, Object.assign({}, extra)); });
  }
  /* «Søkerens fødselsnummer»: not asked of an organisation (rules.check_applicant_id) */
  function checkApplicantId(values, atts) {
    if (!isEmpty(values.applicant_fnr) || ["parent", "verge", "proxy"].indexOf(values.applicant_role) < 0) return [];
    if (atts.some(function (a) { return a.kind === "fullmakt_form" && a.values && !isEmpty(a.values.receiver_orgnr); })) return [];
    return [finding("field.required", "error", "soknad:applicant_fnr")];
  }
  /* phrases in the free text, compared as names are (rules.text_has) */
  function textHas(values, phrases) {
    var text = D.rules.free_text.fields.map(function (f) { return normName(values[f] || ""); }).join(" ");
    return phrases.some(function (p) { return text.indexOf(normName(p)) >= 0; });
  }
  function declared(values) {
    return D.rules.free_text.declared.filter(function (d) { return has(d.roles, values.applicant_role) && textHas(values, d.phrases); });
  }
  function checkFreeText(values) {
    return D.rules.free_text.warn.filter(function (w) { return has(w.roles, values.applicant_role) && textHas(values, w.phrases); })
      .map(function (w) { return finding(w.code, w.severity, "soknad:applicant_relation"); });
  }
  /* a valid number of a kind worth a note: an H-nummer (rules.check_id_kind; id_kinds) */
  function checkIdKind(values, received) {
    var n = fnrCompact(values.person_fnr);
    if (!fnrBirth(n, received)) return [];
    return D.rules.id_kinds.filter(function (k) { return k.in.indexOf(n[k.digit]) >= 0; })
      .map(function (k) { return finding(k.code, k.severity, "soknad:person_fnr"); });
  }
  /* consent is not a condition for applying: a warning or a note (rules.check_consent) */
  function checkConsent(values) {
    return D.rules.consent.filter(function (c) { return !values[c.field]; })
      .map(function (c) { return finding(c.code, c.severity, "soknad:" + c.field); });
  }
  /* a name as the rules compare names (rules.norm_name): NFKC, white space collapsed, case
     folded: lower case, then what str.casefold does beyond it (rules.name_fold) */
  function normName(s) {
    var low = String(s || "").normalize("NFKC").replace(new RegExp(D.rules.name_space, "g"), " ").replace(/^ +| +$/g, "").toLowerCase(), fold = D.rules.name_fold, out = "";
    for (var i = 0; i < low.length;) {
      var c = String.fromCodePoint(low.codePointAt(i));
      out += Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
      i += c.length;
    }
    return out;
  }
  /* whether the 16- or 17-year-old signed their own block; the block holding the applicant's
     (the parent's or verge's) name is not the young person's signature (rules._youth_signature) */
  function youthSignature(values, received, role) {
    var name = values.youth_sign_name, signed = parseDate(values.youth_sign_date);
    if (isEmpty(name) || !signed || cmpDate(signed, received) > 0) return { ok: false, findings: [] };
    var own = normName(name);
    var others = [normName(values.applicant_name), normName(values.sign_name)].filter(Boolean);
    if (role !== "self" && others.indexOf(own) >= 0) {
      return { ok: false, findings: [finding("youth.signed_by_applicant", "error", "soknad:youth_sign_name", { value: name })] };
    }
    return { ok: true, findings: [] };
  }
  /* a threshold (16, 18) passed between the signature and receipt that changes the rows of
     the signing table: the age at receipt decides (rules._threshold_crossed) */
  function thresholdCrossed(values, received, birth, role, services, rows) {
    var signed = parseDate(values.sign_date);
    if (!birth || !signed || cmpDate(birth, signed) > 0 || cmpDate(signed, received) > 0 || !Object.keys(rows).length) return [];
    var then = ageGroup(ageOn(birth, signed), false);
    if (then === null || then === ageGroup(ageOn(birth, received), false)) return [];
    if (services.every(function (s) { return rule(role, then, s) === rows[s]; })) return [];
    var threshold = then === "under_16" ? D.signing.age_own_health : D.signing.age_of_majority;
    return [finding("age.threshold_crossed", "warning", "soknad:sign_date",
      { threshold: threshold, birthday: birthday(birth, threshold), value: signed, received: received })];
  }
  function has(list, x) { return list.indexOf(x) >= 0; }
  function keysWhere(obj, fn) { return Object.keys(obj).filter(function (k) { return fn(obj[k]); }); }
  function valuesOf(obj) { return Object.keys(obj).map(function (k) { return obj[k]; }); }
  /* what the rows need: a youth signature asked, the vergefullmakt, a fullmakt from whom for
     which service and the message when none came (rules.check_signing, second part) */
  function needs(dec, youthOk, proofs, fullmakts) {
    var out = { youthAsked: false, verge: false, need: {}, missing: {} };
    Object.keys(dec.rows).forEach(function (s) {
      dec.rows[s].requires.forEach(function (alts) {
        if (has(alts, "vergefullmakt") && (alts.length === 1 || proofs || !fullmakts)) { out.verge = true; return; }
        if (has(alts, "youth_signature")) out.youthAsked = true;
        // the person signed the application too: no one acts for them (rules.check_signing)
        if (youthOk && (has(alts, "youth_signature") || has(alts, "fullmakt_person"))) { out.youthAsked = true; return; }
        out.need[s] = has(alts, "fullmakt_person") ? "person" : "parent";
        out.missing[s] = has(alts, "youth_signature") ? "fullmakt.youth_missing" : dec.rows[s].message;
      });
    });
    return out;
  }
  /* the services applied for, the fullmakts and other attachments, against the signing table
     (rules.check_signing) */
  function checkSigning(values, atts, received, dec) {
    var out = [], age = dec.age;
    var fullmakts = atts.filter(function (a) { return a.kind === "fullmakt_form" || a.kind === "fullmakt_other"; });
    var others = atts.filter(function (a) { return a.kind === "other"; });
    var ticked = !!values.attachment_fullmakt;
    out.push.apply(out, thresholdCrossed(values, received, dec.birth, dec.role, dec.services, dec.rows));
    out.push.apply(out, signingFindings(dec));
    var proofs = atts.filter(function (a) { return a.kind === "verge_proof"; });
    var y = youthSignature(values, received, dec.role), n = needs(dec, y.ok, proofs.length > 0, fullmakts.length > 0);
    if (n.youthAsked) {
      out.push.apply(out, y.findings);
      if (y.ok) out.push(finding("fullmakt.youth_signed", "note", "soknad:youth_sign_name", { age: age }));
    }
    if (n.verge) {
      out.push.apply(out, checkVerge(values, proofs, others));
    }
    if (Object.keys(n.need).length && !fullmakts.length && !ticked) {
      // what the applicant states they are: an advokat, barneverntjenesten (free_text.declared)
      declared(values).forEach(function (d) {
        var svcs = keysWhere(n.need, function (k) { return has(d.replaces, k); });
        if (!svcs.length) return;
        out.push(finding(d.code, "warning", "soknad:applicant_relation", { age: age, services: svcs }));
        svcs.forEach(function (s) { delete n.need[s]; });
      });
    }
    if (Object.keys(n.need).length) {
      if (!fullmakts.length) {
        if (!ticked) {
          var byCode = {}, order = [];
          Object.keys(n.need).forEach(function (s) {
            var code = n.missing[s];
            if (!byCode[code]) { byCode[code] = []; order.push(code); }
            byCode[code].push(s);
          });
          order.forEach(function (code) {
            var fld = code === "fullmakt.youth_missing" ? "soknad:youth_sign_name" : "soknad:attachment_fullmakt";
            out.push(finding(code, "error", fld, { age: age, services: byCode[code] }));
          });
        }
      } else {
        out.push.apply(out, checkFullmakts(fullmakts, values, received, n.need, dec.expected));
      }
    }
    // the "Fullmakt lagt ved" box against what came
    if (ticked && !fullmakts.length) {
      if (others.length) {
        out.push(finding("fullmakt.maybe_in", "warning", "soknad:attachment_fullmakt",
          { name: others.map(function (a) { return a.name; }).join(", ") }));
      } else {
        out.push(finding("fullmakt.ticked_none_found", "error", "soknad:attachment_fullmakt"));
      }
    } else if (fullmakts.length && !ticked) {
      out.push(finding("fullmakt.found_not_ticked", "warning", "soknad:attachment_fullmakt"));
    }
    return out;
  }
  function checkVerge(values, proofs, others) {
    var out = [], ticked = !!values.attachment_verge;
    if (proofs.length) {
      proofs.forEach(function (a) { out.push(finding("verge.manual_check", "warning", null, { name: a.name })); });
      if (!ticked) out.push(finding("verge.found_not_ticked", "warning", "soknad:attachment_verge"));
    } else if (ticked && others.length) {
      out.push(finding("verge.manual_check", "warning", "soknad:attachment_verge",
        { name: others.map(function (a) { return a.name; }).join(", ") }));
    } else if (ticked) {
      out.push(finding("verge.ticked_none_found", "error", "soknad:attachment_verge"));
    } else {
      out.push(finding("verge.proof_missing", "error", "soknad:attachment_verge"));
    }
    return out;
  }
  function checkFullmakts(fullmakts, values, received, need, expected) {
    var out = [], covered = [], kindsGiven = [], manual = false, kinds = valuesOf(need);
    fullmakts.forEach(function (a) {
      if (a.kind === "fullmakt_other" || !a.values) {
        manual = true;
        ["person", "parent"].filter(function (k) { return has(kinds, k); }).forEach(function (k) {
          out.push(finding(k === "person" ? "fullmakt.manual_check" : "fullmakt.manual_check_parent", "warning", null,
            { name: a.name, services: keysWhere(need, function (v) { return v === k; }) }));
        });
        return;
      }
      var r = checkFullmaktForm(a, values, received, need, expected);
      out.push.apply(out, r.findings);
      if (r.kind && has(kinds, r.kind) && !has(kindsGiven, r.kind)) kindsGiven.push(r.kind);
      r.covered.forEach(function (s) { if (!has(covered, s)) covered.push(s); });
    });
    if (!manual && kindsGiven.length) {
      ["person", "parent"].forEach(function (k) {
        var left = keysWhere(need, function (v) { return v === k; }).filter(function (s) { return !has(covered, s); });
        if (left.length && !has(kindsGiven, k)) {
          out.push(finding("fullmakt.needs_" + k + "_fullmakt", "error", "soknad:attachment_fullmakt", { services: left }));
        }
      });
    }
    return out;
  }
  // organisasjonsnummer, as python-stdnum (stdnum.no.orgnr)
  function orgnrCompact(v) { return String(v || "").replace(/ /g, "").trim(); }
  function orgnrValid(v) {
    var n = orgnrCompact(v), w = [3, 2, 7, 6, 5, 4, 3, 2, 1], s = 0;
    if (!/^[0-9]{9}$/.test(n)) return false;
    for (var i = 0; i < 9; i++) s += w[i] * +n[i];
    return s % 11 === 0;
  }
  function orgnrFormat(v) { var n = orgnrCompact(v); return n.slice(0, 3) + " " + n.slice(3, 6) + " " + n.slice(6); }
  /* our fullmakt form against the application and the giver the signing table asks for
     (rules.check_fullmakt_form): {findings, covered, kind} */
  function checkFullmaktForm(att, app, received, need, expected) {
    var fm = normalise(D.forms.fullmakt, att.values || {}), nm = { name: att.name };
    function p(extra) { return Object.assign({}, nm, extra || {}); }
    var out = checkFields(D.forms.fullmakt, fm, received, nm);
    if (isEmpty(fm.sign_name)) out.push(finding("fullmakt.unsigned", "error", "fullmakt:sign_name", p()));
    out.push.apply(out, checkSilent("fullmakt", fm, nm));
    var giver = fm.giver_fnr, person = app.person_fnr, kinds = valuesOf(need);
    var giverOk = !!fnrBirth(giver, received), personOk = !!fnrBirth(person, received), kind = null;
    if (giverOk && (personOk || expected)) kind = personOk && fnrSame(giver, person) ? "person" : "parent";
    var served = keysWhere(need, function (v) { return v === kind; });
    if (kind === "parent" && has(kinds, "person") && !served.length) {
      out.push(finding("fullmakt.giver_not_person", "error", "fullmakt:giver_fnr", p({ fnr: fnrCompact(giver) })));
    } else if (kind === "person" && has(kinds, "parent") && !served.length) {
      out.push(finding("fullmakt.giver_is_child", "error", "fullmakt:giver_fnr",
        p({ services: keysWhere(need, function (v) { return v === "parent"; }) })));
    }
    var receiver = fm.receiver_fnr, applicant = app.applicant_fnr, orgnr = fm.receiver_orgnr || "";
    if (orgnr && !orgnrValid(orgnr)) {
      out.push(finding("fullmakt.orgnr_invalid", "error", "fullmakt:receiver_orgnr", p({ value: orgnr })));
    } else if (orgnr) {
      // fvl § 12: "en organisasjon som vedkommende er medlem av"; the applicant acts for it
      out.push(finding("fullmakt.receiver_organisation", "warning", "fullmakt:receiver_orgnr",
        p({ organisation: fm.receiver_name || "", value: orgnrFormat(orgnr) })));
    }
    if (orgnr) { /* the applicant is a person acting for the organisation: no fnr to compare */ }
    else if (fnrBirth(receiver, received) && fnrBirth(applicant, received)) {
      if (!fnrSame(receiver, applicant)) out.push(finding("fullmakt.receiver_not_applicant", "error", "fullmakt:receiver_fnr", p()));
    } else if (fm.receiver_name && app.applicant_name && normName(fm.receiver_name) !== normName(app.applicant_name)) {
      out.push(finding("fullmakt.receiver_not_applicant", "error", "fullmakt:receiver_name", p()));
    }
    var rbirth = fnrBirth(receiver, received);
    if (rbirth) {
      var rage = ageOn(rbirth, received);
      if (rage < D.signing.age_of_majority) out.push(finding("fullmakt.receiver_minor", "error", "fullmakt:receiver_fnr", p({ age: rage })));
    }
    var signer = normName(fm.sign_name);
    if (signer && signer === normName(fm.receiver_name) && signer !== normName(fm.giver_name)) {
      out.push(finding("fullmakt.signed_by_receiver", "error", "fullmakt:sign_name", p()));
    }
    var scopeFor = served.length ? served : Object.keys(need);
    if (!fm.scope_all) {
      var missing = scopeFor.filter(function (s) { return !fm["scope_" + s]; });
      if (missing.length) out.push(finding("fullmakt.scope_missing", "error", "fullmakt:scope_all", p({ services: missing })));
    }
    if (kind === "person" && fm.giver_name && app.person_name && normName(fm.giver_name) !== normName(app.person_name)) {
      out.push(finding("fullmakt.giver_name_differs", "warning", "fullmakt:giver_name", p({ giver: fm.giver_name, person: app.person_name })));
    }
    var signed = parseDate(fm.sign_date), appSigned = parseDate(app.sign_date);
    if (signed && appSigned && cmpDate(signed, appSigned) > 0) {
      out.push(finding("fullmakt.signed_after", "warning", "fullmakt:sign_date", p({ fullmakt_date: signed, application_date: appSigned })));
    }
    var validTo = parseDate(fm.valid_to), validFrom = parseDate(fm.valid_from);
    if (validTo && cmpDate(validTo, received) < 0) {
      out.push(finding("fullmakt.expired", "error", "fullmakt:valid_to", p({ valid_to: validTo })));
    }
    if (validFrom && cmpDate(validFrom, received) > 0) {
      out.push(finding("fullmakt.not_yet_valid", "error", "fullmakt:valid_from", p({ valid_from: validFrom })));
    } else if (validFrom && appSigned && cmpDate(validFrom, appSigned) > 0) {
      out.push(finding("fullmakt.valid_after_application", "warning", "fullmakt:valid_from", p({ valid_from: validFrom, application_date: appSigned })));
    }
    var holds = !out.some(function (f) { return f.severity === "error"; });
    if (kind === "parent" && served.length) {
      out.push(finding("fullmakt.giver_parent_check", "warning", "fullmakt:giver_name", p({ giver: fm.giver_name || "" })));
    }
    if (!fm.id_copy_attached) out.push(finding("fullmakt.id_copy_missing", "note", "fullmakt:id_copy_attached", p()));
    var covered = [];
    if (holds && served.length) {
      covered = served.filter(function (s) { return fm.scope_all || fm["scope_" + s]; });
      out.push(finding(kind === "person" ? "fullmakt.ok" : "fullmakt.ok_parent", "note", null, p()));
    }
    return { findings: out, covered: covered, kind: kind };
  }
  /* what the rows require that the citizen can still give, for the page (who signs, which
     fullmakt, the vergefullmakt) */
  function requirements(dec, values) {
    var y = youthSignature(values, today(), dec.role), n = needs(dec, y.ok, false, false), kinds = valuesOf(n.need);
    var wanted = { youth: n.youthAsked, youthSigned: y.ok, verge: n.verge, fullmakt: null };
    // the kind of giver the rows ask for (any alternative), for prefilling the fullmakt
    Object.keys(dec.rows).forEach(function (s) {
      dec.rows[s].requires.forEach(function (alts) {
        if (has(alts, "fullmakt_person")) wanted.fullmakt = "person";
        else if (has(alts, "fullmakt_parent") && !wanted.fullmakt) wanted.fullmakt = "parent";
      });
    });
    wanted.needFullmakt = kinds.length > 0;
    return wanted;
  }

  /* every check on one application (rules.check_application): `atts` are its attachments as
     the rules see them, [{name, kind: fullmakt_form|fullmakt_other|verge_proof|id_copy|other, values}] */
  function checkAll(formId, raw, received, atts) {
    var form = D.forms[formId], values = normalise(form, raw);
    var out = checkFields(form, values, received);
    if (formId === "soknad") {
      var dec = decide(values, received);
      if (!dec.services.length) out.push(finding("services.none", "error", "soknad:service_ip"));
      if (isEmpty(values.sign_name)) out.push(finding("sign.missing", "error", "soknad:sign_name"));
      out.push.apply(out, checkSilent("soknad", values, {}));
      if (isEmpty(values.person_fnr) && !values.expected_child) out.push(finding("person.no_id", "warning", "soknad:person_fnr"));
      out.push.apply(out, checkApplicantId(values, atts || []));
      out.push.apply(out, checkFreeText(values));
      out.push.apply(out, checkIdKind(values, received));
      out.push.apply(out, checkDates(values, received, dec.birth, dec.expected));
      out.push.apply(out, checkSigning(values, atts || [], received, dec));
      out.push.apply(out, checkConsent(values));
      var current = [1, 2, 3, 4].filter(function (i) { return !isEmpty(values["current_service_" + i]); }).length;
      if (current < D.rules.limits.current_services_min && (has(dec.services, "ip") || has(dec.services, "koordinator"))) {
        out.push(finding("hint.fewer_than_two_services", "note", "soknad:current_service_1", { count: current }));
      }
    } else {
      if (isEmpty(values.sign_name)) out.push(finding("fullmakt.unsigned", "error", "fullmakt:sign_name", { name: "" }));
      out.push.apply(out, checkSilent("fullmakt", values, { name: "" }));
    }
    return out;
  }

  // --- messages (ipforms.checks.messages) -----------------------------------------------------

  function fieldRef(ref) {
    var parts = ref.split(":"), form = D.forms[parts[0]], label = null;
    if (form) eachField(form, function (f) { if (f.id === parts[1]) label = f.ref; });
    return label || "«" + parts[1] + "»";
  }
  function servicesText(keys) {
    var names = keys.map(function (k) { return D.messages["service." + k]; });
    if (names.length <= 1) return names.join("");
    return names.slice(0, -1).join(", ") + " " + D.messages["word.and"] + " " + names[names.length - 1];
  }
  function longDate(d) { return d.d + ". " + D.months[d.m - 1] + " " + d.y; }
  function render(code, params, field) {
    var t = D.messages[code];
    if (t === undefined) return code;
    var p = Object.assign({}, params || {});
    if (field && !("field" in p)) p.field = field;
    return t.replace(/\{(\w+)(?::([^{}]*))?\}/g, function (_, k, spec) {
      if (!(k in p) || p[k] === null || p[k] === undefined) return k in p ? "None" : "?";
      var v = p[k];
      if (typeof v === "number" && spec && spec.indexOf("|") >= 0) return countForm(v, spec);
      if (k === "field" && typeof v === "string") return fieldRef(v);
      if (k === "services") return servicesText(v);
      if (FNR_PARAMS.indexOf(k) >= 0) return mask(v);
      if (v && v.date) return longDate(v);
      return String(v);
    });
  }
  /* {count:ingen tjenester|én tjeneste|# tjenester}: the form for zero, one and more
     (messages.Count; two forms: one|other) */
  function countForm(n, spec) {
    var forms = spec.split("|");
    if (forms.length === 2) forms = [forms[1], forms[0], forms[1]];
    var chosen = n === 0 ? forms[0] : n === 1 ? forms[1] : forms[forms.length - 1];
    return chosen.replace(/#/g, String(n));
  }
  function fmt(t, p) { return t.replace(/\{(\w+)\}/g, function (_, k) { return k in p ? p[k] : "{" + k + "}"; }); }

  // --- the PDF (ipforms.forms.appearance + incremental) -----------------------------------------

  var WIDTH = {}, BYTE = {};
  var ASCENT = 0.905, CAP_HEIGHT = 0.716, DESCENT = 0.212, LINE_HEIGHT = 1.16, MIN_SIZE = 6.0, PAD = 2.0;

  function initWidths() {
    D.widths.forEach(function (w) { WIDTH[w[0]] = w[2]; BYTE[w[0]] = w[1]; });
    Object.keys(D.unifont.widths).forEach(function (ch) { if (!(ch in WIDTH)) WIDTH[ch] = D.unifont.widths[ch]; });
  }
  function needsUnicode(s) {
    for (var ch of s) if (ch !== "\n" && !(ch in BYTE)) return true;
    return false;
  }
  function glyphString(s) {
    var out = "<";
    for (var ch of s) out += ("000" + (D.unifont.gids[ch] || 0).toString(16).toUpperCase()).slice(-4);
    return out + ">";
  }
  function unsupported(s) {
    return Array.from(s).filter(function (ch) { return ch !== "\n" && !(ch in BYTE) && !(ch in D.unifont.gids); });
  }
  function textWidth(s, size) {
    var t = 0;
    for (var ch of s) t += WIDTH[ch] || 556.0;
    return t * size / 1000;
  }
  /* linear in the text's length: each character is measured once (a 1,500-character word
     once took seconds), the same lines as ipforms.forms.appearance.wrap */
  function wrap(text, width, size) {
    var lines = [], k = size / 1000, sp = WIDTH[" "] || 556.0;
    text.split("\n").forEach(function (para) {
      var line = "", lineU = 0;
      para.split(" ").forEach(function (word) {
        var chars = Array.from(word), us = chars.map(function (ch) { return WIDTH[ch] || 556.0; });
        var wordU = 0, i;
        for (i = 0; i < us.length; i++) wordU += us[i];
        var candU = line ? lineU + sp + wordU : wordU;
        if (candU * k <= width) { line = line ? line + " " + word : word; lineU = candU; return; }
        if (line) lines.push(line);
        // a word longer than the line: its longest prefix that fits (one character at least)
        var start = 0;
        while (wordU * k > width && chars.length - start > 1) {
          var cut = start + 1, u = us[start];
          while (cut < chars.length - 1 && (u + us[cut]) * k <= width) { u += us[cut]; cut++; }
          lines.push(chars.slice(start, cut).join(""));
          wordU -= u; start = cut;
        }
        line = chars.slice(start).join(""); lineU = wordU;
      });
      lines.push(line);
    });
    return lines;
  }
  function pdfString(s) {
    var out = "(";
    for (var ch of s) {
      var b = String.fromCharCode(BYTE[ch]);
      out += (b === "\\" || b === "(" || b === ")") ? "\\" + b : b;
    }
    return out + ")";
  }
  function num(x) { return x.toFixed(2); }
  function g(x) { return String(Math.round(x * 1e6) / 1e6); }
  function parseDa(da) {
    var m = /\/([^\s\/]+)\s+([0-9.]+)\s+Tf/.exec(da);
    var size = m ? parseFloat(m[2]) : 0;
    var colour = da.replace(/\/([^\s\/]+)\s+([0-9.]+)\s+Tf/g, "").trim();
    if (!/^([0-9. ]+ (g|rg|k)\s*)*$/.test(colour)) colour = "0 g";
    return [size, colour || "0 g"];
  }
  function colourOp(values, stroke) {
    var op = { 1: "g", 3: "rg", 4: "k" }[values.length];
    if (!op) return "";
    return values.map(function (v) { return v.toFixed(3); }).join(" ") + " " + (stroke ? op.toUpperCase() : op);
  }
  function frame(w, h, mk, border) {
    var ops = [];
    if (mk && mk.bg && mk.bg.length) ops.push(colourOp(mk.bg, false) + " 0 0 " + num(w) + " " + num(h) + " re f");
    if (mk && mk.bc && mk.bc.length && border > 0) {
      ops.push(colourOp(mk.bc, true) + " " + num(border) + " w " + num(border / 2) + " " + num(border / 2) + " " +
        num(w - border) + " " + num(h - border) + " re S");
    }
    return ops.length ? ops.join("\n") + "\n" : "";
  }
  function xpos(text, size, width, pad, q) {
    if (q === 1) return (width - textWidth(text, size)) / 2;
    if (q === 2) return width - pad - textWidth(text, size);
    return pad;
  }
  function textStream(value, wd, da, multiline, glyphs) {
    var font = glyphs ? "/IpfUni" : "/Helv", enc = glyphs ? glyphString : pdfString;
    var width = wd.w, height = wd.h, border = wd.border, q = wd.q;
    var sc = parseDa(da), size = sc[0], colour = sc[1];
    var pad = PAD + border;
    var availW = Math.max(width - 2 * pad, 1), availH = Math.max(height - 2 * border - 1, 1);
    var body = [], y;
    if (multiline) {
      size = size || 10;
      var lines, need;
      for (;;) {
        lines = wrap(value, availW, size);
        need = (lines.length - 1) * size * LINE_HEIGHT + size * (ASCENT + DESCENT);
        if (need <= availH - 2 || size <= MIN_SIZE) break;
        size = Math.max(MIN_SIZE, size - 0.5);
      }
      var leading = size * LINE_HEIGHT;
      y = height - border - 1.5 - size * ASCENT;
      body.push("BT " + font + " " + g(size) + " Tf " + colour + " " + num(leading) + " TL");
      lines.forEach(function (line, i) {
        body.push("1 0 0 1 " + num(xpos(line, size, width, pad, q)) + " " + num(y - i * leading) + " Tm " + enc(line) + " Tj");
      });
      body.push("ET");
    } else {
      if (!size) size = Math.min(12, Math.max(MIN_SIZE, (height - 2 * border) * 0.62));
      size = Math.min(size, Math.max(MIN_SIZE, (height - 2 * border) * 0.8));
      var unitW = textWidth(value, 1);  // measured once: the width is linear in the size
      while (unitW * size > availW && size > MIN_SIZE) size = Math.max(MIN_SIZE, size - 0.5);
      y = (height - size * CAP_HEIGHT) / 2;
      body.push("BT " + font + " " + g(size) + " Tf " + colour);
      body.push("1 0 0 1 " + num(xpos(value, size, width, pad, q)) + " " + num(y) + " Tm " + enc(value) + " Tj");
      body.push("ET");
    }
    var clip = num(border) + " " + num(border) + " " + num(width - 2 * border) + " " + num(height - 2 * border) + " re W n";
    return frame(width, height, wd.mk, border) + "/Tx BMC\nq\n" + clip + "\n" + body.join("\n") + "\nQ\nEMC\n";
  }
  function hexText(s) {
    var out = "<FEFF";
    for (var i = 0; i < s.length; i++) out += ("000" + s.charCodeAt(i).toString(16).toUpperCase()).slice(-4);
    return out + ">";
  }
  function latin1(s) {
    var b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
    return b;
  }
  function withKeys(body, extra) {
    var end = body.lastIndexOf(">>");
    return body.slice(0, end) + extra + "\n" + body.slice(end);
  }

  /* base: Uint8Array of the published PDF; values: field -> string | true | state;
     attachments: [{name, desc, mime, bytes, modified (ms)}] to embed.  Returns the new PDF
     as a Uint8Array. */
  function fillPdf(base, plan, values, attachments, extra) {
    var chunks = [], pos = 0, offsets = {}, size = plan.size;
    function put(x) { var b = typeof x === "string" ? latin1(x) : x; chunks.push(b); pos += b.length; }
    function obj(n, body, stream) {
      offsets[n] = pos;
      put(n + " 0 obj\n");
      if (stream) {
        put(withKeys(body, "/Length " + stream.length));
        put("\nstream\n"); put(stream); put("\nendstream");
      } else {
        put(body);
      }
      put("\nendobj\n");
    }
    var uniRef = null, helvRef = plan.font;
    function helvetica() {  // the form's /DR has none: add one, as ipforms.forms.fill does
      if (!helvRef) {
        helvRef = size + " 0 R";
        obj(size++, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
      }
      return helvRef;
    }
    function unicodeFont() {  // the prebuilt Liberation Sans subset, appended once when needed
      if (uniRef) return uniRef;
      var objs = D.unifont.objects, first = size;
      size += objs.length;
      objs.forEach(function (o, i) {
        var body = o.body.replace(/(\d+) 0 R/g, function (_, k) { return (first + +k) + " 0 R"; });
        if (o.data) {
          var bin = atob(o.data);
          offsets[first + i] = pos;
          put((first + i) + " 0 obj\n"); put(body); put("\nstream\n"); put(bin); put("\nendstream\nendobj\n");
        } else {
          obj(first + i, body);
        }
      });
      uniRef = first + " 0 R";
      return uniRef;
    }
    put(base);
    if (base[base.length - 1] !== 10 && base[base.length - 1] !== 13) put("\n");
    plan.fields.forEach(function (f) {
      var v = values[f.name];
      if (v === undefined || v === null || v === "" || v === false) return;
      if (f.kind === "text") {
        var aps = f.widgets.map(function (wd) {
          var uni = needsUnicode(String(v)) ? unicodeFont() : null;
          var n = size++;
          var content = latin1(textStream(String(v), wd, f.da, f.multiline, !!uni));
          obj(n, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 " + g(wd.w) + " " + g(wd.h) +
            " ] /Resources << /Font << " + (uni ? "/IpfUni " + uni : "/Helv " + helvetica()) + " >> >> >>", content);
          return n;
        });
        if (f.merged) {
          obj(f.num, withKeys(f.body, "/V " + hexText(String(v)) + "\n/AP << /N " + aps[0] + " 0 R >>"));
        } else {
          obj(f.num, withKeys(f.body, "/V " + hexText(String(v))));
          f.widgets.forEach(function (wd, i) { obj(wd.num, withKeys(wd.body, "/AP << /N " + aps[i] + " 0 R >>")); });
        }
      } else {
        var state = v === true ? (f.states[0] || "Yes") : String(v);
        if (f.merged) {
          obj(f.num, withKeys(f.body, "/V /" + state + "\n/AS /" + (f.widgets[0].states.indexOf(state) >= 0 ? state : "Off")));
        } else {
          obj(f.num, withKeys(f.body, "/V /" + state));
          f.widgets.forEach(function (wd) {
            obj(wd.num, withKeys(wd.body, "/AS /" + (wd.states.indexOf(state) >= 0 ? state : "Off")));
          });
        }
      }
    });
    if (attachments && attachments.length) {
      // as ipforms.forms.attach: /EmbeddedFiles name tree (names sorted), file specifications
      // with /AFRelationship, embedded file streams with /Subtype and /Params, catalog /AF
      var sorted = attachments.slice().sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
      var specs = sorted.map(function (a) {
        var ef = size++, fs = size++;
        obj(ef, "<< /Type /EmbeddedFile /Subtype /" + a.mime.replace(/\//g, "#2F") + " /Params << /Size " + a.bytes.length +
          " /ModDate (" + pdfDate(a.modified) + ") /CheckSum <" + hex(a.md5 || md5(a.bytes)) + "> >> >>", a.bytes);
        obj(fs, "<< /Type /Filespec /F (" + a.name + ") /UF " + hexText(a.name) + " /Desc " + hexText(a.desc) +
          " /AFRelationship /Supplement /EF << /F " + ef + " 0 R >> >>");
        return "(" + a.name + ") " + fs + " 0 R";
      });
      var tree = size++, namesDict = size++;
      obj(tree, "<< /Names [ " + specs.join(" ") + " ] >>");
      obj(namesDict, withKeys(plan.catalog.names, "/EmbeddedFiles " + tree + " 0 R"));
      var af = specs.map(function (sp) { return sp.replace(/^\([^)]*\) /, ""); }).join(" ");
      obj(plan.catalog.num, withKeys(plan.catalog.body, "/Names " + namesDict + " 0 R\n/AF [ " + af + " ]"));
    }
    if (extra && (extra.pages.length || extra.firstLine)) addPages(plan.pages, extra);
    // xref stream (W 1 4 2, no filter) with /Prev, as ipforms.forms.incremental
    var xref = size++, start = pos;
    offsets[xref] = start;
    var ids = Object.keys(offsets).map(Number).sort(function (a, b) { return a - b; });
    var rows = new Uint8Array(ids.length * 7), index = [], run = null;
    ids.forEach(function (id, i) {
      var off = offsets[id];
      rows[i * 7] = 1;
      rows[i * 7 + 1] = (off >>> 24) & 255; rows[i * 7 + 2] = (off >>> 16) & 255;
      rows[i * 7 + 3] = (off >>> 8) & 255; rows[i * 7 + 4] = off & 255;
      if (run && run[0] + run[1] === id) run[1]++; else { run = [id, 1]; index.push(run); }
    });
    var tr = "";
    Object.keys(plan.trailer).forEach(function (k) { tr += k + " " + plan.trailer[k] + "\n"; });
    put(xref + " 0 obj\n");
    put("<< /Type /XRef /Size " + size + " /W [ 1 4 2 ] /Index [ " +
      index.map(function (r) { return r[0] + " " + r[1]; }).join(" ") + " ]\n" + tr + "/Prev " + plan.prev +
      " /Length " + rows.length + " >>\nstream\n");
    put(rows);
    put("\nendstream\nendobj\nstartxref\n" + start + "\n%%EOF\n");
    var out = new Uint8Array(pos), at = 0;
    chunks.forEach(function (c) { out.set(c, at); at += c.length; });
    return out;

    /* pages after the form's own (an attachment each, what to do next), and a line on page 1
       saying which attachments follow (as ipforms.forms.printpages does for ipforms fill) */
    function addPages(P, extra) {
      var W = P.box[0], H = P.box[1], M = 42.5, kids = P.kids.slice();
      function fontOf(t) { return needsUnicode(t) ? { name: "/IpfUni", ref: unicodeFont(), enc: glyphString } : { name: "/Helv", ref: helvetica(), enc: pdfString }; }
      function line(t, x, y, sz, used) {
        var f = fontOf(t);
        used[f.name] = f.ref;
        return "BT " + f.name + " " + g(sz) + " Tf 0 g 1 0 0 1 " + num(x) + " " + num(y) + " Tm " + f.enc(t) + " Tj ET";
      }
      function fonts(used) { return Object.keys(used).map(function (k) { return k + " " + used[k]; }).join(" "); }
      var imported = null;
      function rel(str, first) { return str.replace(/(\d+) 0 R/g, function (_, j) { return (first + +j) + " 0 R"; }); }
      /* the objects our fullmakt's pages draw with (ipforms.site.webform.page_import), once:
         stream data from the fullmakt PDF the page has loaded */
      function importObjects() {
        if (imported !== null) return imported;
        var I = D.plans.fullmakt.imports, first = size;
        size += I.objects.length;
        I.objects.forEach(function (o, k) {
          if (o.range) {
            offsets[first + k] = pos;
            put((first + k) + " 0 obj\n"); put(rel(o.body, first)); put("\nstream\n");
            put(bytes.fullmakt.subarray(o.range[0], o.range[1])); put("\nendstream\nendobj\n");
          } else {
            obj(first + k, rel(o.body, first));
          }
        });
        imported = first;
        return first;
      }
      /* a page of the fullmakt filled here, flattened: its own content, each widget's
         appearance drawn at its place, the heading in the top margin */
      function fullmaktPage(pg) {
        var I = D.plans.fullmakt.imports, base = importObjects(), ip = I.pages[pg.fullmakt.index];
        var used = {}, xo = [], ops = [];
        I.widgets.forEach(function (w, k) {
          if (w.page !== pg.fullmakt.index) return;
          var v = pg.fullmakt.values[w.field], ref;
          if (w.kind === "text") {
            if (v === undefined || v === null || v === "" || v === true) return;
            var uni = needsUnicode(String(v)) ? unicodeFont() : null, n = size++;
            obj(n, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 " + g(w.w) + " " + g(w.h) + " ] /Resources << /Font << " +
              (uni ? "/IpfUni " + uni : "/Helv " + helvetica()) + " >> >> >>", latin1(textStream(String(v), w, w.da, w.multiline, !!uni)));
            ref = n + " 0 R";
          } else {
            var ap = v ? w.ap.on : w.ap.off;
            if (ap === undefined) return;
            ref = (base + ap) + " 0 R";
          }
          xo.push("/IpfF" + k + " " + ref);
          ops.push("q 1 0 0 1 " + num(w.x) + " " + num(w.y) + " cm /IpfF" + k + " Do Q");
        });
        ops.push(line(pg.heading, M, ip.box[1] - 22, 10, used));
        var q1 = size++, q2 = size++, p = size++, contents = rel(ip.contents, base).replace(/^\[|\]$/g, "");
        obj(q1, "<< >>", latin1("q\n"));
        obj(q2, "<< >>", latin1("\nQ\n" + ops.join("\n") + "\n"));
        obj(p, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(ip.box[0]) + " " + g(ip.box[1]) + " ] /Resources " +
          rel(ip.res, base).replace("%FONT%", fonts(used)).replace("%XOBJ%", xo.join(" ")) +
          " /Contents [ " + q1 + " 0 R " + contents + " " + q2 + " 0 R ] >>");
        kids.push(p + " 0 R");
      }
      /* a page of a PDF the citizen chose: its objects (pdfPrint) written once, renumbered;
         the page as a form XObject scaled to fit under the heading */
      var written = [];
      function pdfPage(pg) {
        var B = pg.pdf.bundle, at = written.indexOf(B), map;
        if (at < 0) { written.push(B); B.map = map = writeBundle(B); } else map = B.map;
        var p = B.pages[pg.pdf.index], used = {}, ops = [line(pg.heading, M, H - M - 14, 14, used)];
        var rot = p.rotate, w = rot % 180 ? p.h : p.w, h = rot % 180 ? p.w : p.h;
        var boxW = W - 2 * M, boxH = H - M - 30 - M, sc = Math.min(boxW / w, boxH / h);
        var R = { 0: [1, 0, 0, 1, 0, 0], 90: [0, -1, 1, 0, 0, p.w], 180: [-1, 0, 0, -1, p.w, p.h], 270: [0, 1, -1, 0, p.h, 0] }[rot];
        ops.push("q 1 0 0 1 " + num(M + (boxW - w * sc) / 2) + " " + num(M + (boxH - h * sc)) + " cm " + num(sc) + " 0 0 " + num(sc) +
          " 0 0 cm " + R.map(num).join(" ") + " cm /IpfPdf Do Q");
        var c = size++, n = size++;
        obj(c, "<< >>", latin1(ops.join("\n") + "\n"));
        obj(n, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(W) + " " + g(H) + " ] /Resources << /Font << " +
          fonts(used) + " >> /XObject << /IpfPdf " + map[p.ref] + " 0 R >> >> /Contents " + c + " 0 R >>");
        kids.push(n + " 0 R");
      }
      function writeBundle(B) {
        var L = window.PDFLib, map = {};
        B.objects.forEach(function (o) { map[o[0]] = size++; });
        function re(x) {
          if (x instanceof L.PDFRef) return map[x.objectNumber] ? L.PDFRef.of(map[x.objectNumber], 0) : L.PDFNull;
          if (x instanceof L.PDFArray) { var a = L.PDFArray.withContext(B.ctx); x.asArray().forEach(function (y) { a.push(re(y)); }); return a; }
          if (x instanceof L.PDFDict) { var m = new Map(); x.entries().forEach(function (e) { m.set(e[0], re(e[1])); }); return L.PDFDict.fromMapWithContext(m, B.ctx); }
          if (x instanceof L.PDFStream) { var s = x.clone(B.ctx); s.dict = re(x.dict); return s; }
          return x;
        }
        B.objects.forEach(function (o) {
          var r = re(o[1]), buf = new Uint8Array(r.sizeInBytes());
          r.copyBytesInto(buf, 0);
          offsets[map[o[0]]] = pos;
          put(map[o[0]] + " 0 obj\n"); put(buf); put("\nendobj\n");
        });
        return map;
      }
      extra.pages.forEach(function (pg) {
        if (pg.fullmakt) { fullmaktPage(pg); return; }
        if (pg.pdf) { pdfPage(pg); return; }
        var used = {}, ops = [line(pg.heading, M, H - M - 14, 14, used)], y = H - M - 44, xobj = "";
        (pg.paragraphs || []).forEach(function (para) {
          var size = 10.5, lead = 14.5, indent = para.n ? 16 : 0;
          wrap(para.text, W - 2 * M - indent, size).forEach(function (l, i) {
            if (i === 0 && para.n) ops.push(line(para.n + ".", M, y, size, used));
            ops.push(line(l, M + indent, y, size, used));
            y -= lead;
          });
          (para.list || []).forEach(function (item) {
            wrap(item, W - 2 * M - indent - 12, size).forEach(function (l, i) {
              ops.push(line((i === 0 ? "– " : "") + l, M + indent + (i === 0 ? 0 : 12), y, size, used));
              y -= lead;
            });
          });
          y -= 6;
        });
        if (pg.image) {
          var im = pg.image, n = size++, boxW = W - 2 * M, boxH = y - M, sc = Math.min(boxW / im.w, boxH / im.h);
          obj(n, "<< /Type /XObject /Subtype /Image /Width " + im.w + " /Height " + im.h + " /ColorSpace /" +
            ({ 1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK" }[im.comps] || "DeviceRGB") +
            " /BitsPerComponent 8 /Filter /DCTDecode" + (im.comps === 4 ? " /Decode [ 1 0 1 0 1 0 1 0 ]" : "") + " >>", im.bytes);
          xobj = " /XObject << /IpfImg " + n + " 0 R >>";
          ops.push("q " + num(im.w * sc) + " 0 0 " + num(im.h * sc) + " " + num(M + (boxW - im.w * sc) / 2) + " " +
            num(M + (boxH - im.h * sc)) + " cm /IpfImg Do Q");
        }
        var c = size++, p = size++;
        obj(c, "<< >>", latin1(ops.join("\n") + "\n"));
        obj(p, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(W) + " " + g(H) + " ] /Resources << /Font << " +
          fonts(used) + " >>" + xobj + " >> /Contents " + c + " 0 R >>");
        kids.push(p + " 0 R");
      });
      obj(P.num, withKeys(P.body, "/Kids [ " + kids.join(" ") + " ]\n/Count " + (P.count + kids.length - P.kids.length)));
      if (extra.firstLine) {
        var used = {}, q1 = size++, q2 = size++;
        obj(q1, "<< >>", latin1("q\n"));
        obj(q2, "<< >>", latin1("\nQ\n" + line(extra.firstLine, M, 36, 8.5, used) + "\n"));
        // page 1's own content between q and Q, then the line; its font added to page 1's fonts
        var F = P.first;
        obj(F.num, withKeys(F.body, "/Contents [ " + q1 + " 0 R " + F.contents.join(" ") + " " + q2 + " 0 R ]\n/Resources " +
          F.resources.replace("%FONTS%", fonts(used))));
      }
    }
  }

  /* the answers as PDF field values (only what is filled in) */
  function pdfValues(form, raw) {
    var out = {};
    eachField(form, function (f) {
      var v = raw[f.id];
      if (f.type === "checkbox") { if (v) out[f.id] = true; return; }
      if (f.type === "choice") { if (v) out[f.id] = v; return; }
      var p = pdfValue(f, v);
      if (p) out[f.id] = p;
    });
    return out;
  }

  /* files: [{name, mime, bytes, modified, print}] chosen on the page (already checked); print:
     the file as a JPEG to draw on a page (a JPEG itself, a PNG redrawn), or null.  Embedded files
     never print: each attachment also gets a page after the application (the image on it, or
     where the file is), page 1 lists them, and the last page says what to do next. */
  function makePdf(formId, raw, fullmaktRaw, bytes, files) {
    var form = D.forms[formId], values = pdfValues(form, raw), attachments = [], extra = { pages: [], firstLine: null };
    lastFullmakt = null;
    if (fullmaktRaw) {
      var fm = fillPdf(bytes.fullmakt, D.plans.fullmakt, pdfValues(D.forms.fullmakt, fullmaktRaw));
      lastFullmakt = fm;
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
      handover(raw, fullmaktRaw, files).map(function (st, i) {
        return { n: i + 1, text: st.text + (st.link ? " " + st.link.url : ""), list: st.list };
      })) });
    return fillPdf(bytes[formId], D.plans[formId], values, attachments, extra);
  }
  /* a JPEG's size and colour components (its first SOF marker), or null */
  function jpegInfo(b) {
    var i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xFF) { i++; continue; }
      var m = b[i + 1];
      if (m === 0xD8 || m === 0x01 || m === 0xFF || (m >= 0xD0 && m <= 0xD7)) { i += m === 0xFF ? 1 : 2; continue; }
      if (m >= 0xC0 && m <= 0xCF && m !== 0xC4 && m !== 0xC8 && m !== 0xCC) {
        var info = { h: (b[i + 5] << 8) | b[i + 6], w: (b[i + 7] << 8) | b[i + 8], comps: b[i + 9] };
        return info.w > 0 && info.h > 0 ? info : null;
      }
      i += 2 + ((b[i + 2] << 8) | b[i + 3]);
    }
    return null;
  }

  // --- embedded files: MD5 (the /CheckSum) and dates ---------------------------------------------

  var MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21], MD5_K = [];
  for (var ki = 0; ki < 64; ki++) MD5_K[ki] = Math.floor(Math.abs(Math.sin(ki + 1)) * 4294967296) | 0;
  function md5(data) {
    var n = data.length, total = ((n + 8) >>> 6) + 1, words = new Int32Array(total * 16);
    for (var i = 0; i < n; i++) words[i >> 2] |= data[i] << ((i % 4) * 8);
    words[n >> 2] |= 0x80 << ((n % 4) * 8);
    words[total * 16 - 2] = (n * 8) | 0;
    words[total * 16 - 1] = Math.floor(n / 536870912);
    var h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476;
    for (var b = 0; b < words.length; b += 16) {
      var a = h0, bb = h1, c = h2, d = h3;
      for (var j = 0; j < 64; j++) {
        var f, gi, r = j >> 4;
        if (r === 0) { f = (bb & c) | (~bb & d); gi = j; }
        else if (r === 1) { f = (d & bb) | (~d & c); gi = (5 * j + 1) % 16; }
        else if (r === 2) { f = bb ^ c ^ d; gi = (3 * j + 5) % 16; }
        else { f = c ^ (bb | ~d); gi = (7 * j) % 16; }
        var t = d; d = c; c = bb;
        var x = (a + f + MD5_K[j] + words[b + gi]) | 0, s = MD5_S[r * 4 + (j % 4)];
        bb = (bb + ((x << s) | (x >>> (32 - s)))) | 0;
        a = t;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    }
    var out = new Uint8Array(16);
    [h0, h1, h2, h3].forEach(function (h, k) { for (var q = 0; q < 4; q++) out[k * 4 + q] = (h >>> (q * 8)) & 255; });
    return out;
  }
  function hex(b) {
    var s = "";
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }
  /* a PDF date in UTC, as pypdf writes one (D:YYYYMMDDHHmmSS+00'00') */
  function pdfDate(ms) {
    var t = new Date(ms);
    return "D:" + t.getUTCFullYear() + pad2(t.getUTCMonth() + 1) + pad2(t.getUTCDate()) + pad2(t.getUTCHours()) +
      pad2(t.getUTCMinutes()) + pad2(t.getUTCSeconds()) + "+00'00'";
  }

  // --- the page ---------------------------------------------------------------------------------

  var app, formEl, bytes = {}, loaded = null, lastUrl = null, lastFmUrl = null, lastFullmakt = null, shownNotes = [];

  // --- files the citizen adds (a vergefullmakt, a signed fullmakt) -----------------------------
  // Checked by content as ipforms.checks.validate.sniff does (D.attach comes from there), read
  // into memory and embedded in the PDF; never sent anywhere.

  var FILES = { verge: [], fullmakt: [], id: [] }, filesRead = Promise.resolve();

  function startsWith(head, hexs) {
    return hexs.some(function (h) {
      if (head.length < h.length / 2) return false;
      for (var i = 0; i < h.length / 2; i++) if (head[i] !== parseInt(h.substr(i * 2, 2), 16)) return false;
      return true;
    });
  }
  /* whether bytes hold the PDF mark (%PDF-) anywhere: one native scan for "%" */
  function hasPdfMark(data) {
    var A = D.attach, n = A.pdf_mark.length / 2, mark = [];
    for (var j = 0; j < n; j++) mark.push(parseInt(A.pdf_mark.substr(j * 2, 2), 16));
    for (var i = data.indexOf(mark[0]); i >= 0 && i + n <= data.length; i = data.indexOf(mark[0], i + 1)) {
      for (j = 1; j < n && data[i + j] === mark[j]; j++);
      if (j === n) return true;
    }
    return false;
  }
  /* what the bytes say: a key of D.attach.types, or null (the first bytes name the type; an
     image with a PDF anywhere inside is a polyglot and refused, as validation does) */
  function sniff(head, data) {
    var A = D.attach;
    if (startsWith(head, A.unsafe)) return null;
    var found = null;
    Object.keys(A.types).forEach(function (k) { if (!found && startsWith(head, A.types[k].magic)) found = k; });
    if (found && (A.no_pdf_inside || []).indexOf(found) >= 0 && hasPdfMark(data || head)) return null;
    if (found) return found;
    var mark = A.pdf_mark, n = mark.length / 2;
    outer: for (var i = 0; i + n <= head.length; i++) {
      for (var j = 0; j < n; j++) if (head[i + j] !== parseInt(mark.substr(j * 2, 2), 16)) continue outer;
      return "pdf";
    }
    return null;
  }
  function mb(n) {
    var v = n / 1048576;
    if (v < 1) return Math.max(1, Math.round(n / 1024)) + " kB";  // 25 kB, not "0 MB"
    return (v >= 10 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, "")).replace(".", ",") + " MB";
  }
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
        if (!f.type) { out.push(finding("attachment.file_type", "error", ref, { name: f.name })); return; }
        // a JPEG (or a PNG redrawn as one) is in the PDF twice: embedded, and drawn on its page
        total += f.size + (f.type === "jpeg" ? f.size : f.print ? f.print.length : 0) + (f.pdf ? f.pdf.size : 0) +
          (f.frames ? f.frames.reduce(function (a, j) { return a + j.length; }, 0) : 0);
        count++;
        if (total > room) out.push(finding("attachment.file_too_large", "error", ref, { name: f.name, size: mb(f.size), max: mb(room) }));
      });
      if (count > D.attach.max_attachments) out.push(finding("attachment.file_too_many", "error", ref, { max: D.attach.max_attachments - (fullmaktOn() ? 1 : 0) }));
    });
    return out;
  }
  /* a verge shows the vergefullmakt (vergemålsloven §§ 16, 21): here, or ticked and on paper */
  function vergeFindings(req, raw) {
    if (!req.verge || !fileOn("verge")) return [];
    var have = FILES.verge.some(function (f) { return f.type; });
    return have || raw.attachment_verge ? [] : [finding("verge.proof_missing", "error", "file:verge")];
  }
  function readFiles(kind) {
    var input = document.getElementById(fid("file", kind)), list = Array.from(input.files || []);
    filesRead = Promise.all(list.map(function (file) {
      var entry = { name: file.name, size: file.size, modified: file.lastModified || Date.now(), type: null, bytes: null };
      // a file larger than any application may be is not read whole: its first bytes say what it is
      var whole = file.size <= D.attach.room;
      return (whole ? file : file.slice(0, D.attach.head)).arrayBuffer().then(function (b) {
        var data = new Uint8Array(b);
        entry.type = sniff(data.subarray(0, D.attach.head), data);
        if (whole) entry.bytes = data;
        if (whole && entry.type) entry.md5 = md5(data);  // the /CheckSum, now rather than on "Lag PDF-en"
        if (whole && entry.type === "png") return asJpeg(data).then(function (j) { entry.print = j; return entry; });
        if (whole && entry.type === "pdf") return pdfPrint(data).then(function (b) { entry.pdf = b; return entry; });
        if (whole && entry.type === "tiff") return tiffFrames(data).then(function (fr) { entry.frames = fr; return entry; });
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
  /* a PNG redrawn as a JPEG (on white) to print on a page; null when the browser cannot */
  function asJpeg(data) {
    if (!window.createImageBitmap) return Promise.resolve(null);
    return createImageBitmap(new Blob([data], { type: "image/png" })).then(function (bmp) {
      var c = document.createElement("canvas");
      c.width = bmp.width; c.height = bmp.height;
      var ctx = c.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height); ctx.drawImage(bmp, 0, 0);
      return new Promise(function (res) { c.toBlob(res, "image/jpeg", 0.85); });
    }).then(function (blob) { return blob ? blob.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : null; })
      .catch(function () { return null; });
  }
  /* a library beside webform.js (webform/vendor), loaded once, only when a chosen file needs it */
  var LIBS = {};
  function lib(file, name) {
    if (!LIBS[file]) {
      LIBS[file] = new Promise(function (res, rej) {
        if (window[name]) { res(window[name]); return; }
        var s = document.createElement("script");
        s.src = file;
        s.onload = function () { if (window[name]) res(window[name]); else rej(new Error(file)); };
        s.onerror = function () { delete LIBS[file]; rej(new Error(file)); };
        document.head.appendChild(s);
      });
    }
    return LIBS[file];
  }
  /* a chosen PDF made ready to print after the application (with pdf-lib): its form fields
     drawn into its pages (flattened), each page a form XObject (its crop box; links and notes
     dropped), and the objects those reach.  {pages: [{ref, w, h, rotate}], objects: [[number,
     object]], ctx, size} or null when it cannot be printed from here (encrypted, damaged, a
     field without an appearance, too large): then it is only embedded, and the done page says so */
  function pdfPrint(data) {
    return lib("pdf-lib.min.js", "PDFLib").then(function (L) {
      return L.PDFDocument.load(data, { updateMetadata: false }).then(function (doc) {
        doc.getForm().flatten();
        var pages = doc.getPages();
        if (!pages.length || pages.length > D.attach.max_print_pages) return null;
        var boxes = pages.map(function (p) { var b = p.getCropBox(); return { left: b.x, bottom: b.y, right: b.x + b.width, top: b.y + b.height }; });
        return contentFits(L, doc, pages).then(function () { return doc.embedPages(pages, boxes); }).then(function (emb) {
          return doc.flush().then(function () { return bundle(L, doc, pages, emb); });
        });
      });
    }).catch(function () { return null; });
  }
  /* pdf-lib inflates the pages' content streams to copy them: first count what they inflate
     to, streaming, and refuse (reject) past validate's limit for embedded files (a bomb) or a
     filter other than Flate */
  function contentFits(L, doc, pages) {
    var cap = D.attach.max_attachment_bytes, total = 0, streams = [];
    pages.forEach(function (p) {
      var c = p.node.Contents();
      (c instanceof L.PDFArray ? c.asArray().map(function (r) { return doc.context.lookup(r); }) : [c]).forEach(function (x) { if (x) streams.push(x); });
    });
    return streams.reduce(function (chain, st) {
      return chain.then(function () {
        if (!(st instanceof L.PDFRawStream)) { total += st.sizeInBytes(); return; }
        var f = st.dict.lookup(L.PDFName.of("Filter")), names = f instanceof L.PDFArray ? f.asArray() : f ? [f] : [];
        var flate = names.length && names[names.length - 1] === L.PDFName.of("FlateDecode"), pre = names.slice(0, flate ? -1 : names.length);
        // ASCII85 and ASCIIHex at most quadruple their data (pdf-lib decodes them); Flate last, counted
        if (pre.some(function (n) { return n !== L.PDFName.of("ASCII85Decode") && n !== L.PDFName.of("ASCIIHexDecode"); })) throw new Error("filter");
        var data = st.contents;
        if (pre.length) {
          var d = L.PDFDict.withContext(doc.context);
          d.set(L.PDFName.of("Filter"), L.PDFArray.withContext(doc.context));
          pre.forEach(function (n) { d.lookup(L.PDFName.of("Filter")).push(n); });
          data = L.decodePDFRawStream(L.PDFRawStream.of(d, st.contents)).decode();
        }
        if (!flate) { total += data.length; return; }
        if (!window.DecompressionStream) throw new Error("no DecompressionStream");
        var reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
        return (function next() {
          return reader.read().then(function (r) {
            if (r.done) return;
            total += r.value.length;
            if (total > cap) { reader.cancel(); throw new Error("too large"); }
            return next();
          });
        })();
      });
    }, Promise.resolve()).then(function () { if (total > cap) throw new Error("too large"); });
  }
  function bundle(L, doc, pages, emb) {
    var ctx = doc.context, seen = {}, objects = [], total = 0;
    function walk(x) {
      if (x instanceof L.PDFRef) {
        if (seen[x.objectNumber]) return;
        seen[x.objectNumber] = true;
        var o = ctx.lookup(x);
        if (o === undefined) return;
        objects.push([x.objectNumber, o]);
        total += o.sizeInBytes();
        if (objects.length > 20000 || total > D.attach.room) throw new Error("too large");
        walk(o);
      } else if (x instanceof L.PDFArray) {
        x.asArray().forEach(walk);
      } else if (x instanceof L.PDFDict) {
        x.entries().forEach(function (e) { if (e[0].asString() !== "/Parent" && e[0].asString() !== "/P") walk(e[1]); });
      } else if (x instanceof L.PDFStream) {
        walk(x.dict);
      }
    }
    emb.forEach(function (e) { walk(e.ref); });
    return { ctx: ctx, objects: objects, size: total, pages: pages.map(function (p, k) {
      return { ref: emb[k].ref.objectNumber, w: emb[k].width, h: emb[k].height, rotate: ((p.getRotation().angle % 360) + 360) % 360 };
    }) };
  }
  /* a chosen TIFF's frames as JPEGs (with UTIF), or null when it cannot be printed from here
     (a compression UTIF cannot read, more frames or pixels than D.attach allows) */
  function tiffFrames(data) {
    return lib("utif.js", "UTIF").then(function (U) {
      var ifds = U.decode(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)).filter(function (d) { return d.t256 && d.t257; });
      if (!ifds.length || ifds.length > D.attach.max_print_pages) return null;
      if (ifds.some(function (d) { return d.t256[0] * d.t257[0] > D.attach.max_print_pixels; })) return null;
      return ifds.reduce(function (chain, d) {
        return chain.then(function (out) {
          U.decodeImage(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), d);
          var w = d.width, h = d.height, rgba = new Uint8ClampedArray(U.toRGBA8(d).buffer);
          d.data = null;  // one frame in memory at a time
          return createImageBitmap(new ImageData(rgba, w, h)).then(function (bmp) {
            var c = document.createElement("canvas");
            c.width = w; c.height = h;
            var cx = c.getContext("2d");
            cx.fillStyle = "#fff"; cx.fillRect(0, 0, w, h); cx.drawImage(bmp, 0, 0);
            return new Promise(function (res) { c.toBlob(res, "image/jpeg", 0.85); });
          }).then(function (blob) { return blob.arrayBuffer(); }).then(function (b) { out.push(new Uint8Array(b)); return out; });
        });
      }, Promise.resolve([]));
    }).catch(function () { return null; });
  }
  function showFiles(kind) {
    var list = document.getElementById("ipf-file-" + kind + "-list"), names = chosenFiles().filter(function (f) { return f.kind === kind; });
    list.textContent = names.length ? fmt(D.texts.file_chosen, { files: names.map(function (f) { return f.name + " (" + mb(f.size) + ")"; }).join(", ") }) : "";
    document.getElementById("ipf-file-" + kind + "-remove").hidden = FILES[kind].length === 0;
  }
  /* the messages of one file field at once, before «Fortsett» is pressed on its step */
  function showFileErrors(kind) {
    var id = fid("file", kind), err = document.getElementById(id + "-err"), input = document.getElementById(id);
    err.hidden = true; err.textContent = "";
    if (input.hasAttribute("data-err")) { input.setAttribute("aria-describedby", input.getAttribute("data-err")); input.removeAttribute("data-err"); }
    input.removeAttribute("aria-invalid");
    fileFindings().filter(function (f) { return f.field === "file:" + kind; }).forEach(function (f) {
      showError(f.field, render(f.code, f.params, null));
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
      el("p", { "class": "ipf-help", id: id + "-help", text: fmt(D.texts["file_" + kind + "_help"], { max: mb(D.attach.room) }) }),
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
    if (isCountry(formId, f.id)) {
      // a country list (Norway first, its value empty as on paper): postnummer rules only for Norway
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
    var v = normalise(D.forms.soknad, readRaw("soknad")), dec = decide(v, today());
    return { group: dec.group, fullmaktWanted: fullmaktWanted(dec) };
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
      box.appendChild(el("span", { "class": "ipf-vh", text: note ? D.texts.note_prefix + " " : "Feil: " }));
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
      var values = normalise(D.forms.soknad, raw);
      out = checkAll("soknad", raw, received, pageAttachments(values))
        .filter(function (f) { return f.code.indexOf("verge.") !== 0; });
      // the vergefullmakt: chosen here, or ticked and sent on paper; and the files chosen
      out.push.apply(out, vergeFindings(requirements(decide(values, received), values), values));
      out.push.apply(out, fileFindings());
    } else {
      out = checkAll("fullmakt", raw, received);
    }
    // characters the PDF font cannot show
    Object.keys(D.forms).forEach(function (formId2) {
      if (formId2 !== formId && !(formId2 === "fullmakt" && fullmaktOn())) return;
      var r = formId2 === formId ? raw : read(formId2);
      eachField(D.forms[formId2], function (f) {
        if (typeof r[f.id] !== "string") return;
        var bad = unsupported(r[f.id].normalize("NFC"));
        if (bad.length) out.push(finding("webform.charset", "error", formId2 + ":" + f.id, { chars: bad.join(" ") }));
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
      var text = f.code === "webform.charset" ? fmt(D.texts.charset, { field: fieldRef(f.field), chars: f.params.chars }) : citizenText(f);
      return { field: f.field, text: text };
    }), fieldOrder());
    items.forEach(function (it) {
      var focusId = it.field && !onCheck ? showError(it.field, it.text) : (it.field ? targetId(it.field) : null);
      var a = focusId ? el("a", { href: "#" + focusId, "data-ref": it.field, text: it.text }) : null;
      if (a) a.addEventListener("click", function (ev) { ev.preventDefault(); goToField(it.field, true); });
      list.appendChild(el("li", {}, [a || el("span", { text: it.text })]));
    });
    summary.hidden = items.length === 0;
    document.title = ipfSummary.title(document.title, items.length);
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
    var t = render(D.messages["citizen." + f.code] !== undefined ? "citizen." + f.code : f.code, f.params, f.field);
    if (!f.field || stepAt >= STEPS.length) return t;
    // on a step the section is the step: «Fullt navn», not «Fullt navn» (Personen søknaden gjelder)
    var full = fieldRef(f.field), short = full.replace(/ \([^()]*\)$/, "");
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
    var values = normalise(D.forms.soknad, read("soknad")), dec = decide(values, today());
    var seen = {}, items = [];
    Object.keys(dec.rows).forEach(function (s) {
      var r = dec.rows[s];
      if (r.says && !seen[r.says]) { seen[r.says] = 1; items.push(D.signing.phrases[r.says]); }
    });
    signingFindings(dec).forEach(function (f) {
      if (f.severity !== "note") items.push({ title: "", text: render(f.code, f.params, f.field) });
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
    if (fm) fm.hidden = !(fullmaktWanted(dec) || fullmaktToggleChecked());
    // the files chosen stay while the box is hidden, but only a shown box's go into the PDF
    var vb = fileBox("verge");
    if (vb) vb.hidden = !requirements(dec, values, false).verge;
  }
  function fullmaktWanted(dec) {
    return ["proxy", "parent"].indexOf(dec.role) >= 0 && Object.keys(dec.rows).some(function (s) {
      return dec.rows[s].requires.some(function (a) { return a.indexOf("fullmakt_person") >= 0 || a.indexOf("fullmakt_parent") >= 0; });
    });
  }
  function fullmaktToggleChecked() { var t = document.getElementById("ipf-fm-toggle"); return !!(t && t.checked); }

  /* "(valgfritt)" on the questions that may be left empty; questions not relevant hidden;
     autocomplete tokens on the person's fields when the person applies */
  function updateRequired() {
    Object.keys(D.forms).forEach(function (formId) {
      var raw = readRaw(formId), values = normalise(D.forms[formId], raw), ctx = formId === "soknad" ? stepContext() : {};
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
      if (node) { if (inNorway(readRaw(D.form)[f.country])) node.setAttribute("inputmode", "numeric"); else node.removeAttribute("inputmode"); }
    });
    if (D.form === "soknad") {
      var self = readRaw("soknad").applicant_role === "self";
      Object.keys(AUTOCOMPLETE_PERSON).forEach(function (k) {
        var node = document.getElementById(fid("soknad", k));
        if (node) node.setAttribute("autocomplete", self ? AUTOCOMPLETE_PERSON[k] : "off");
      });
    }
  }

  function section(formId, id) {
    var list = D.forms[formId].sections, i = list.map(function (x) { return x.id; }).indexOf(id);
    return { n: i + 1, title: list[i].title };
  }
  /* what to do next, right for this case (the done page and the PDF's last page): who signs by
     hand and where, what to enclose, how to send it (a secure digital channel first, never e-mail);
     [{text, list?, link?}] */
  function handover(raw, fmRaw, files) {
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
    var values = normalise(D.forms.soknad, raw), dec = decide(values, today()), req = requirements(dec, values);
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
      var pdf = makePdf(D.form, raw, fmRaw, bytes, files);
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
    var todo = handover(raw, fmRaw, files), email = todo.filter(function (s) { return s.text === D.texts.next_email; });
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
    var v = normalise(D.forms.soknad, read("soknad")), dec = decide(v, today());
    var req = requirements(dec, v), set = {};
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
    servicesApplied(v).forEach(function (s) {
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

  function start() {
    var blob = document.getElementById("ipf-data");
    if (!blob) return;
    D = JSON.parse(blob.textContent);
    initWidths();
    build();
    load();
  }

  // for tests and the bench (no effect on the page)
  window.ipformsWebform = {
    /* every check of `ipforms validate` on one answer set received on `received`, with its
       attachments [{name, kind, values}] (see checkAll) */
    checkAll: function (formId, raw, received, attachments) {
      var r = parseDate(received);
      return checkAll(formId, raw, r, attachments).map(function (f) {
        return { code: f.code, severity: f.severity, field: f.field, text: render(f.code, f.params, f.field) };
      });
    },
    makePdf: function (formId, raw, fullmaktRaw, files) { return loaded.then(function () { return makePdf(formId, raw, fullmaktRaw, bytes, files); }); },
    md5: function (data) { return hex(md5(data)); },
    /* the page copying alone (tests/test_webform_printpdf.py runs it in Node): a chosen PDF
       made ready to print (with `data`, the page's data's parts it needs, when the page has
       none), and a PDF (with its fill plan) with pages appended: [{heading, pdf: {bundle, index}}] */
    printPdf: function (pdf, data) { if (!D) D = data; return pdfPrint(pdf); },
    appendPages: function (base, plan, pages) { return fillPdf(base, plan, {}, [], { pages: pages, firstLine: null }); },
    /* the lines of ipforms.forms.appearance.wrap, as the PDF draws them */
    wrap: function (text, width, size) { return loaded.then(function () { return wrap(text, width, size); }); },
    ready: function () { return loaded; }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
