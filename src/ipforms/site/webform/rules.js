/* The rules of `ipforms validate` for the online form: a port of ipforms.validation.rules, each
 * function named as there (check_application -> checkApplication, _youth_signature ->
 * youthSignature).  `ipfRules(data)` binds the data the page carries (ipforms.site.webform
 * .page_data: forms, rules = resources/checks.yml with its `codes` table, signing, email_re,
 * norway); nothing here reads the page.  The same answer sets run through both sides:
 * tests/test_webform_parity_node.py (in Node) and tests/browser/test_webform_parity.py (in
 * the page); tests/js/rules.test.mjs tests single rules. */
var ipfRules = (function (V, N, makeSigning) {
  "use strict";
  var has = V.has, isEmpty = V.isEmpty, cmpDate = V.cmpDate, parseDate = V.parseDate,
    keysWhere = V.keysWhere, valuesOf = V.valuesOf;

  return function (data) {
    var P = data.rules, CODES = P.codes, SG = makeSigning(data.signing);
    var FORMS = data.forms, EMAIL = new RegExp(data.email_re), NAME_SPACE = new RegExp(P.name_space, "g");

    /* a finding of `code` with the severity and field of checks.yml's `codes` (rules.finding);
       `field` (when given, null too) points it elsewhere, `severity` is a signing row's verdict's */
    function finding(code, params, field, severity) {
      var c = CODES[code];
      if (!c) throw new Error("no code " + code + " in resources/checks.yml (codes)");
      return { code: code, severity: severity || c.severity, field: field === undefined ? (c.field || null) : field,
        params: Object.assign({}, params || {}) };
    }
    function normalise(form, raw) { return V.normalise(form, raw, P.checkbox_off); }

    // --- values ---------------------------------------------------------------------------------

    function inNorway(country) {
      return data.norway.indexOf(String(country || "").trim().split(/\s+/).join(" ").toLowerCase()) >= 0;
    }
    /* required and required-when fields present, and each value of its type */
    function checkFields(form, values, received, extra) {
      var out = [], special = P.special[form.id] || [];
      extra = extra || {};
      V.eachField(form, function (f) {
        var v = values[f.id], ref = form.id + ":" + f.id;
        if (isEmpty(v)) {
          if (special.indexOf(f.id) < 0 && V.isRequired(f, values)) {
            out.push(finding(f.type === "checkbox" ? "field.not_ticked" : "field.required", extra, ref));
          }
          return;
        }
        // a postal code abroad (FormDef.abroad): any text that fits
        if (f.country && !inNorway(values[f.country])) {
          if (f.max && V.clen(v) > f.max) out.push(finding("field.too_long", Object.assign({}, extra, { length: V.clen(v), max: f.max }), ref));
          return;
        }
        out.push.apply(out, checkType(form, f, v, received, extra));
      });
      return out;
    }
    function checkType(form, f, v, received, extra) {
      var ref = form.id + ":" + f.id;
      if (f.type === "checkbox") return [];
      if (f.type === "choice") {
        if (f.options.map(function (o) { return o.id; }).indexOf(v) < 0) {
          return [finding("field.choice_invalid", Object.assign({}, extra, { value: v }), ref)];
        }
        return [];
      }
      var found = checkValue(f, v, received, ref, extra);
      if (!found.length && f.max && V.clen(v) > f.max) {
        return [finding("field.too_long", Object.assign({}, extra, { length: V.clen(v), max: f.max }), ref)];
      }
      return found;
    }
    function checkValue(f, v, received, ref, extra) {
      if (f.type === "fnr") {
        var r = N.fnrCheck(v, received);
        if (r.error === "implausible") return [finding("field.fnr_implausible", Object.assign({}, extra, { birth: r.birth }), ref)];
        if (r.error) return [finding("field.fnr_invalid", extra, ref)];
        return [];
      }
      if (f.type === "date") {
        var d = parseDate(v);
        if (!d) return [finding("field.date_invalid", Object.assign({}, extra, { value: v }), ref)];
        if (cmpDate(d, received) > 0 && P.future_ok.indexOf(f.id) < 0) {
          return [finding("field.date_after_received", Object.assign({}, extra, { value: d, received: received }), ref)];
        }
        return [];
      }
      var bad = false, s;
      if (f.type === "postnummer") {
        s = v.trim(); bad = (s !== "" && !/^[0-9]{4}$/.test(s)) || V.clen(s) > f.max;
      } else if (f.type === "phone") {
        s = v.trim().split(/\s+/).join(" ");
        var digits = s.replace(/\D/g, "").length;
        bad = (s !== "" && (!/^\+?[0-9 ]+$/.test(s) || digits < 8 || digits > 15)) || V.clen(s) > f.max;
      } else if (f.type === "email") {
        s = v.trim(); bad = (s !== "" && !EMAIL.test(s)) || V.clen(s) > f.max;
      } else {
        return [];
      }
      return bad ? [finding("field." + f.type + "_invalid", Object.assign({}, extra, { value: v }), ref)] : [];
    }

    // --- the application ------------------------------------------------------------------------

    function servicesApplied(values) { return SG.SERVICES.filter(function (k) { return values["service_" + k]; }); }
    function personBirth(values, received) { return N.fnrBirth(values.person_fnr, received); }
    function isExpected(values) { return !!values.expected_child && isEmpty(values.person_fnr); }

    /* every rule over one application; `raw` are the form's values, `atts` its attachments as
       the rules see them, [{name, kind: fullmakt_form|fullmakt_other|verge_proof|id_copy|other, values}] */
    function checkApplication(raw, atts, received) {
      var values = normalise(FORMS.soknad, raw), out = checkFields(FORMS.soknad, values, received);
      var services = servicesApplied(values);
      atts = atts || [];
      if (!services.length) out.push(finding("services.none"));
      if (isEmpty(values.sign_name)) out.push(finding("sign.missing"));
      out.push.apply(out, checkSilent("soknad", values, {}));
      var birth = personBirth(values, received), expected = isExpected(values);
      // no act requires a number to apply; the age decides who signs (pbrl §§ 4-3, 4-4)
      if (isEmpty(values.person_fnr) && !values.expected_child) out.push(finding("person.no_id"));
      out.push.apply(out, checkApplicantId(values, atts));
      out.push.apply(out, checkFreeText(values));
      out.push.apply(out, checkIdKind(values, received));
      out.push.apply(out, checkDates(values, received, birth, expected));
      out.push.apply(out, checkSigning(values, atts, received, birth, expected, services));
      out.push.apply(out, checkConsent(values));
      var current = [1, 2, 3, 4].filter(function (i) { return !isEmpty(values["current_service_" + i]); }).length;
      if (current < P.limits.current_services_min && (has(services, "ip") || has(services, "koordinator"))) {
        out.push(finding("hint.fewer_than_two_services", { count: current }));
      }
      return out;
    }
    /* the fullmakt page on its own: its fields, its signature */
    function checkFullmaktPage(raw, received) {
      var values = normalise(FORMS.fullmakt, raw), out = checkFields(FORMS.fullmakt, values, received);
      if (isEmpty(values.sign_name)) out.push(finding("fullmakt.unsigned", { name: "" }));
      return out.concat(checkSilent("fullmakt", values, { name: "" }));
    }
    /* fields the form asks for but no act makes a condition: a warning (checks.yml silent) */
    function checkSilent(formId, values, extra) {
      return (P.silent[formId] || []).filter(function (c) { return isEmpty(values[c.field]); })
        .map(function (c) { return finding(c.code, extra, formId + ":" + c.field); });
    }
    /* «Søkerens fødselsnummer»: not asked of an organisation */
    function checkApplicantId(values, atts) {
      if (!isEmpty(values.applicant_fnr) || ["parent", "verge", "proxy"].indexOf(values.applicant_role) < 0) return [];
      if (atts.some(function (a) { return a.kind === "fullmakt_form" && a.values && !isEmpty(a.values.receiver_orgnr); })) return [];
      return [finding("field.required", {}, "soknad:applicant_fnr")];
    }
    /* phrases in the free text, compared as names are */
    function textHas(values, phrases) {
      var text = P.free_text.fields.map(function (f) { return normName(values[f] || ""); }).join(" ");
      return phrases.some(function (p) { return text.indexOf(normName(p)) >= 0; });
    }
    function declared(values) {
      return P.free_text.declared.filter(function (d) { return has(d.roles, values.applicant_role) && textHas(values, d.phrases); });
    }
    function checkFreeText(values) {
      return P.free_text.warn.filter(function (w) { return has(w.roles, values.applicant_role) && textHas(values, w.phrases); })
        .map(function (w) { return finding(w.code); });
    }
    /* a valid number of a kind worth a note: an H-nummer (checks.yml id_kinds) */
    function checkIdKind(values, received) {
      var n = N.fnrCompact(values.person_fnr);
      if (!N.fnrBirth(n, received)) return [];
      return P.id_kinds.filter(function (k) { return k.in.indexOf(n[k.digit]) >= 0; })
        .map(function (k) { return finding(k.code); });
    }
    /* consent is not a condition for applying: a warning or a note (checks.yml consent) */
    function checkConsent(values) {
      return P.consent.filter(function (c) { return !values[c.field]; })
        .map(function (c) { return finding(c.code, {}, "soknad:" + c.field); });
    }
    /* the signature date against the birth and the received date; a plausible termindato */
    function checkDates(values, received, birth, expected) {
      var out = [], L = P.limits, signed = parseDate(values.sign_date);
      if (signed && cmpDate(signed, received) <= 0) {
        if (birth && cmpDate(signed, birth) < 0) {
          out.push(finding("sign.before_birth", { value: signed, birth: birth }));
        } else if (cmpDate(signed, V.addMonths(received, -12 * L.sign_max_years)) < 0) {
          out.push(finding("sign.too_old", { value: signed, received: received, years: L.sign_max_years }));
        } else if (cmpDate(signed, V.addMonths(received, -L.sign_warn_months)) < 0) {
          out.push(finding("sign.old", { value: signed, received: received, months: L.sign_warn_months }));
        }
      }
      var ysigned = parseDate(values.youth_sign_date);
      if (ysigned && birth && cmpDate(ysigned, birth) < 0) {
        out.push(finding("sign.before_birth", { value: ysigned, birth: birth }, "soknad:youth_sign_date"));
      }
      if (expected) {
        var due = parseDate(values.due_date);
        if (!due) { /* reported by the field rules */ }
        else if (cmpDate(due, V.addMonths(received, -L.due_past_months)) < 0) {
          out.push(finding("due_date.implausible_past", { value: due, received: received }));
        } else if (cmpDate(due, received) < 0) {
          out.push(finding("due_date.past", { value: due }));
        } else if (cmpDate(due, V.addMonths(received, L.due_future_months)) > 0) {
          out.push(finding("due_date.too_far", { value: due, received: received }));
        }
      }
      return out;
    }

    // --- who signs (rules.check_signing) ----------------------------------------------------------

    /* the person's age at the received date and the rows of the signing table for it */
    function decision(values, received) {
      var birth = personBirth(values, received), age = birth ? V.ageOn(birth, received) : null;
      var expected = isExpected(values), group = SG.ageGroup(age, expected);
      var role = values.applicant_role, services = servicesApplied(values), rows = {};
      if (SG.WHO.indexOf(role) >= 0 && group !== null && services.length) rows = SG.decide(role, group, services);
      return { age: age, birth: birth, group: group, expected: expected, role: role, services: services, rows: rows };
    }
    /* the verdicts of the rows (ok: a note, check: a warning, not allowed: an error) */
    function verdicts(dec) {
      var groups = [], byKey = {};
      Object.keys(dec.rows).forEach(function (s) {
        var r = dec.rows[s], sev = P.verdict_severity[r.verdict];
        if (!sev) return;
        var key = r.message + "|" + sev;
        if (!byKey[key]) { byKey[key] = { code: r.message, sev: sev, services: [] }; groups.push(byKey[key]); }
        byKey[key].services.push(s);
      });
      return groups.map(function (g) { return finding(g.code, { age: dec.age, services: g.services }, undefined, g.sev); });
    }
    /* what the rows need: a youth signature asked, the vergefullmakt, a fullmakt from whom for
       which service and the message when none came */
    function needs(dec, youthOk, proofs, fullmakts) {
      var out = { youthAsked: false, verge: false, need: {}, missing: {} };
      Object.keys(dec.rows).forEach(function (s) {
        dec.rows[s].requires.forEach(function (alts) {
          if (has(alts, "vergefullmakt") && (alts.length === 1 || proofs || !fullmakts)) { out.verge = true; return; }
          if (has(alts, "youth_signature")) out.youthAsked = true;
          // the person signed the application too: no one acts for them
          if (youthOk && (has(alts, "youth_signature") || has(alts, "fullmakt_person"))) { out.youthAsked = true; return; }
          out.need[s] = has(alts, "fullmakt_person") ? "person" : "parent";
          out.missing[s] = has(alts, "youth_signature") ? "fullmakt.youth_missing" : dec.rows[s].message;
        });
      });
      return out;
    }
    function checkSigning(values, atts, received, birth, expected, services) {
      var dec = decision(values, received), out = [], age = dec.age;
      var fullmakts = atts.filter(function (a) { return a.kind === "fullmakt_form" || a.kind === "fullmakt_other"; });
      var others = atts.filter(function (a) { return a.kind === "other"; });
      var ticked = !!values.attachment_fullmakt;
      out.push.apply(out, thresholdCrossed(values, received, birth, dec.role, services, dec.rows));
      out.push.apply(out, verdicts(dec));
      var proofs = atts.filter(function (a) { return a.kind === "verge_proof"; });
      var y = youthSignature(values, received, dec.role), n = needs(dec, y.ok, proofs.length > 0, fullmakts.length > 0);
      if (n.youthAsked) {
        out.push.apply(out, y.findings);
        if (y.ok) out.push(finding("fullmakt.youth_signed", { age: age }));
      }
      if (n.verge) out.push.apply(out, checkVerge(values, proofs, others));
      if (Object.keys(n.need).length && !fullmakts.length && !ticked) {
        // what the applicant states they are: an advokat, barneverntjenesten (free_text.declared)
        declared(values).forEach(function (d) {
          var svcs = keysWhere(n.need, function (k) { return has(d.replaces, k); });
          if (!svcs.length) return;
          out.push(finding(d.code, { age: age, services: svcs }));
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
              // not valid: what the row requires did not come (at the field rules.py gives it)
              var at = CODES[code].severity ? CODES[code] : CODES["fullmakt.missing"];
              out.push(finding(code, { age: age, services: byCode[code] }, at.field, "error"));
            });
          }
        } else {
          out.push.apply(out, checkFullmakts(fullmakts, values, received, n.need, expected));
        }
      }
      // the "Fullmakt lagt ved" box against what came
      if (ticked && !fullmakts.length) {
        if (others.length) out.push(finding("fullmakt.maybe_in", { name: others.map(function (a) { return a.name; }).join(", ") }));
        else out.push(finding("fullmakt.ticked_none_found"));
      } else if (fullmakts.length && !ticked) {
        out.push(finding("fullmakt.found_not_ticked"));
      }
      return out;
    }
    /* the day one turns `years` (born 29 February: 1 March in a year without it) */
    function birthday(birth, years) {
      var day = V.addMonths(birth, 12 * years);
      return V.ageOn(birth, day) < years ? V.nextDay(day) : day;
    }
    /* a threshold (16, 18) passed between the signature and receipt that changes the rows of
       the signing table: the age at receipt decides */
    function thresholdCrossed(values, received, birth, role, services, rows) {
      var signed = parseDate(values.sign_date);
      if (!birth || !signed || cmpDate(birth, signed) > 0 || cmpDate(signed, received) > 0 || !Object.keys(rows).length) return [];
      var then = SG.ageGroup(V.ageOn(birth, signed), false);
      if (then === null || then === SG.ageGroup(V.ageOn(birth, received), false)) return [];
      if (services.every(function (s) { return SG.ruleFor(role, then, s) === rows[s]; })) return [];
      var threshold = then === "under_16" ? SG.AGE_OWN_HEALTH : SG.AGE_OF_MAJORITY;
      return [finding("age.threshold_crossed", { threshold: threshold, birthday: birthday(birth, threshold), value: signed, received: received })];
    }
    /* whether the 16- or 17-year-old signed their own block; the block holding the applicant's
       (the parent's or verge's) name is not the young person's signature */
    function youthSignature(values, received, role) {
      var name = values.youth_sign_name, signed = parseDate(values.youth_sign_date);
      if (isEmpty(name) || !signed || cmpDate(signed, received) > 0) return { ok: false, findings: [] };
      var own = normName(name);
      var others = [normName(values.applicant_name), normName(values.sign_name)].filter(Boolean);
      if (role !== "self" && others.indexOf(own) >= 0) {
        return { ok: false, findings: [finding("youth.signed_by_applicant", { value: name })] };
      }
      return { ok: true, findings: [] };
    }
    function checkFullmakts(fullmakts, values, received, need, expected) {
      var out = [], covered = [], kindsGiven = [], manual = false, kinds = valuesOf(need);
      fullmakts.forEach(function (a) {
        if (a.kind === "fullmakt_other" || !a.values) {
          manual = true;
          ["person", "parent"].filter(function (k) { return has(kinds, k); }).forEach(function (k) {
            out.push(finding(k === "person" ? "fullmakt.manual_check" : "fullmakt.manual_check_parent",
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
          if (left.length && !has(kindsGiven, k)) out.push(finding("fullmakt.needs_" + k + "_fullmakt", { services: left }));
        });
      }
      return out;
    }
    /* our fullmakt form against the application and the giver the signing table asks for:
       {findings, covered, kind} */
    function checkFullmaktForm(att, app, received, need, expected) {
      var fm = normalise(FORMS.fullmakt, att.values || {}), nm = { name: att.name };
      function p(extra) { return Object.assign({}, nm, extra || {}); }
      var out = checkFields(FORMS.fullmakt, fm, received, nm);
      if (isEmpty(fm.sign_name)) out.push(finding("fullmakt.unsigned", p()));
      out.push.apply(out, checkSilent("fullmakt", fm, nm));
      var giver = fm.giver_fnr, person = app.person_fnr, kinds = valuesOf(need);
      var giverOk = !!N.fnrBirth(giver, received), personOk = !!N.fnrBirth(person, received), kind = null;
      if (giverOk && (personOk || expected)) kind = personOk && N.fnrSame(giver, person) ? "person" : "parent";
      var served = keysWhere(need, function (v) { return v === kind; });
      if (kind === "parent" && has(kinds, "person") && !served.length) {
        out.push(finding("fullmakt.giver_not_person", p({ fnr: N.fnrCompact(giver) })));
      } else if (kind === "person" && has(kinds, "parent") && !served.length) {
        out.push(finding("fullmakt.giver_is_child", p({ services: keysWhere(need, function (v) { return v === "parent"; }) })));
      }
      var receiver = fm.receiver_fnr, applicant = app.applicant_fnr, orgnr = fm.receiver_orgnr || "";
      if (orgnr && !N.orgnrValid(orgnr)) {
        out.push(finding("fullmakt.orgnr_invalid", p({ value: orgnr })));
      } else if (orgnr) {
        // fvl § 12: "en organisasjon som vedkommende er medlem av"; the applicant acts for it
        out.push(finding("fullmakt.receiver_organisation", p({ organisation: fm.receiver_name || "", value: N.orgnrFormat(orgnr) })));
      }
      if (orgnr) { /* the applicant is a person acting for the organisation: no fnr to compare */ }
      else if (N.fnrBirth(receiver, received) && N.fnrBirth(applicant, received)) {
        if (!N.fnrSame(receiver, applicant)) out.push(finding("fullmakt.receiver_not_applicant", p()));
      } else if (fm.receiver_name && app.applicant_name && normName(fm.receiver_name) !== normName(app.applicant_name)) {
        out.push(finding("fullmakt.receiver_not_applicant", p(), "fullmakt:receiver_name"));
      }
      var rbirth = N.fnrBirth(receiver, received);
      if (rbirth) {
        var rage = V.ageOn(rbirth, received);
        if (rage < SG.AGE_OF_MAJORITY) out.push(finding("fullmakt.receiver_minor", p({ age: rage })));
      }
      var signer = normName(fm.sign_name);
      if (signer && signer === normName(fm.receiver_name) && signer !== normName(fm.giver_name)) {
        out.push(finding("fullmakt.signed_by_receiver", p()));
      }
      var scopeFor = served.length ? served : Object.keys(need);
      if (!fm.scope_all) {
        var missing = scopeFor.filter(function (s) { return !fm["scope_" + s]; });
        if (missing.length) out.push(finding("fullmakt.scope_missing", p({ services: missing })));
      }
      if (kind === "person" && fm.giver_name && app.person_name && normName(fm.giver_name) !== normName(app.person_name)) {
        out.push(finding("fullmakt.giver_name_differs", p({ giver: fm.giver_name, person: app.person_name })));
      }
      var signed = parseDate(fm.sign_date), appSigned = parseDate(app.sign_date);
      // fvl § 12 sets no order: a written fullmakt given later approves what was done (a warning)
      if (signed && appSigned && cmpDate(signed, appSigned) > 0) {
        out.push(finding("fullmakt.signed_after", p({ fullmakt_date: signed, application_date: appSigned })));
      }
      var validTo = parseDate(fm.valid_to), validFrom = parseDate(fm.valid_from);
      if (validTo && cmpDate(validTo, received) < 0) out.push(finding("fullmakt.expired", p({ valid_to: validTo })));
      if (validFrom && cmpDate(validFrom, received) > 0) {
        out.push(finding("fullmakt.not_yet_valid", p({ valid_from: validFrom })));
      } else if (validFrom && appSigned && cmpDate(validFrom, appSigned) > 0) {
        out.push(finding("fullmakt.valid_after_application", p({ valid_from: validFrom, application_date: appSigned })));
      }
      var holds = !out.some(function (f) { return f.severity === "error"; });
      if (kind === "parent" && served.length) out.push(finding("fullmakt.giver_parent_check", p({ giver: fm.giver_name || "" })));
      // a note, not a warning: no ID copy is required (fvl § 12 asks for a written fullmakt)
      if (!fm.id_copy_attached) out.push(finding("fullmakt.id_copy_missing", p()));
      var covered = [];
      if (holds && served.length) {
        covered = served.filter(function (s) { return fm.scope_all || fm["scope_" + s]; });
        out.push(finding(kind === "person" ? "fullmakt.ok" : "fullmakt.ok_parent", p()));
      }
      return { findings: out, covered: covered, kind: kind };
    }
    function checkVerge(values, proofs, others) {
      var out = [], ticked = !!values.attachment_verge;
      if (proofs.length) {
        proofs.forEach(function (a) { out.push(finding("verge.manual_check", { name: a.name }, null)); });
        if (!ticked) out.push(finding("verge.found_not_ticked"));
      } else if (ticked && others.length) {
        out.push(finding("verge.manual_check", { name: others.map(function (a) { return a.name; }).join(", ") }));
      } else if (ticked) {
        out.push(finding("verge.ticked_none_found"));
      } else {
        out.push(finding("verge.proof_missing"));
      }
      return out;
    }
    /* a name as the rules compare names: NFKC, white space collapsed, case folded: lower case,
       then what str.casefold does beyond it (rules.name_fold) */
    function normName(s) {
      var low = String(s || "").normalize("NFKC").replace(NAME_SPACE, " ").replace(/^ +| +$/g, "").toLowerCase(), fold = P.name_fold, out = "";
      for (var i = 0; i < low.length;) {
        var c = String.fromCodePoint(low.codePointAt(i));
        out += Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
        i += c.length;
      }
      return out;
    }

    // --- for the page: what the rows ask of the citizen ---------------------------------------

    /* what the rows require that the citizen can still give (who signs, which fullmakt, the
       vergefullmakt), the youth's block judged on `day` */
    function requirements(dec, values, day) {
      var y = youthSignature(values, day, dec.role), n = needs(dec, y.ok, false, false);
      var wanted = { youth: n.youthAsked, youthSigned: y.ok, verge: n.verge, fullmakt: null };
      // the kind of giver the rows ask for (any alternative), for prefilling the fullmakt
      Object.keys(dec.rows).forEach(function (s) {
        dec.rows[s].requires.forEach(function (alts) {
          if (has(alts, "fullmakt_person")) wanted.fullmakt = "person";
          else if (has(alts, "fullmakt_parent") && !wanted.fullmakt) wanted.fullmakt = "parent";
        });
      });
      wanted.needFullmakt = valuesOf(n.need).length > 0;
      return wanted;
    }
    /* the rows ask for a fullmakt the applicant (a fullmektig or a parent) can fill here */
    function fullmaktWanted(dec) {
      return ["proxy", "parent"].indexOf(dec.role) >= 0 && Object.keys(dec.rows).some(function (s) {
        return dec.rows[s].requires.some(function (a) { return a.indexOf("fullmakt_person") >= 0 || a.indexOf("fullmakt_parent") >= 0; });
      });
    }
    /* every check on one form's answers: the application with its attachments, or the fullmakt page */
    function checkAll(formId, raw, received, atts) {
      return formId === "soknad" ? checkApplication(raw, atts || [], received) : checkFullmaktPage(raw, received);
    }

    return { finding: finding, normalise: normalise, inNorway: inNorway, checkFields: checkFields, checkType: checkType,
      checkValue: checkValue, servicesApplied: servicesApplied, personBirth: personBirth, isExpected: isExpected,
      checkApplication: checkApplication, checkFullmaktPage: checkFullmaktPage, checkSilent: checkSilent,
      checkApplicantId: checkApplicantId, textHas: textHas, declared: declared, checkFreeText: checkFreeText,
      checkIdKind: checkIdKind, checkConsent: checkConsent, checkDates: checkDates, decision: decision,
      verdicts: verdicts, needs: needs, checkSigning: checkSigning, birthday: birthday,
      thresholdCrossed: thresholdCrossed, youthSignature: youthSignature, checkFullmakts: checkFullmakts,
      checkFullmaktForm: checkFullmaktForm, checkVerge: checkVerge, normName: normName,
      requirements: requirements, fullmaktWanted: fullmaktWanted, checkAll: checkAll, signing: SG };
  };
})(typeof ipfValues !== "undefined" ? ipfValues : require("./values.js"),
  typeof ipfNumbers !== "undefined" ? ipfNumbers : require("./numbers.js"),
  typeof ipfSigning !== "undefined" ? ipfSigning : require("./signing.js"));
if (typeof module !== "undefined") module.exports = ipfRules;
