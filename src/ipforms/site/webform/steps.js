/* The online form in short steps (GOV.UK "one thing per page", designsystemet's form pattern):
 * which sections of the form definition make each step, in a natural order, and which
 * questions the answers so far make relevant.  A question that is not relevant is not shown,
 * not checked and not written into the PDF (its answer is kept on the device in case the
 * citizen goes back and changes the answer that hid it).  Pure functions: the page passes the
 * values and the person's age group; tests/js/steps.test.mjs runs them in Node and
 * tests/test_webform_js.py checks that every section of forms/definitions is in one step. */
var ipfSteps = (function () {
  "use strict";

  /* step id -> sections; the titles are texts.yml's step_<id>.  The municipality block of the
     application is not a step: it is shown as text on the last step (where to send it). */
  var PLAN = {
    soknad: [
      { id: "person", sections: ["person", "expected"] },
      { id: "applicant", sections: ["applicant"] },
      { id: "services", sections: ["services"] },
      { id: "needs", sections: ["need", "current_services", "contacts", "attachments"] },
      { id: "consent", sections: ["consent"] },
      { id: "sign", sections: ["signature", "youth_signature"] }
    ],
    fullmakt: [
      { id: "giver", sections: ["giver"] },
      { id: "receiver", sections: ["receiver"] },
      { id: "scope", sections: ["scope", "period"] },
      { id: "fmsign", sections: ["id_copy", "signature"] }
    ]
  };
  var NOT_STEPS = { soknad: ["municipality"], fullmakt: [] };
  var FOR_OTHERS = ["parent", "verge", "proxy"];

  function empty(v) { return v === undefined || v === null || v === false || (typeof v === "string" && !v.trim()); }

  /* ctx: {group: the person's age group ("under_16", "16_or_17", "18_or_over", "expected" or
     null), fullmaktWanted: the signing table asks for a fullmakt} */
  function relevant(formId, sectionId, f, values, ctx) {
    ctx = ctx || {};
    var role = values.applicant_role;
    if (formId === "soknad") {
      // an expected child: only while no fødselsnummer is given (never for a 9-year-old)
      if (sectionId === "expected") {
        if (f.id === "due_date") return !!values.expected_child && empty(values.person_fnr);
        return empty(values.person_fnr) || !!values.expected_child;
      }
      if (sectionId === "youth_signature") return ctx.group === "16_or_17";
      if (f.id === "applicant_role") return true;
      if (sectionId === "applicant") return FOR_OTHERS.indexOf(role) >= 0;
      if (f.id === "attachment_fullmakt") return role === "proxy" || (role === "parent" && !!ctx.fullmaktWanted);
      if (f.id === "attachment_verge") return role === "verge";
      if (f.id === "consent_with") return !!values.consent_share;
      var m = /^current_(service|provider)_(\d)$/.exec(f.id);
      if (m && +m[2] > 2) return !empty(values["current_service_" + (+m[2] - 1)]) || !empty(values["current_provider_" + (+m[2] - 1)]);
      return true;
    }
    if (formId === "fullmakt" && f.id === "receiver_fnr") return empty(values.receiver_orgnr);
    if (f.when) return f.when.in.indexOf(values[f.when.field] === undefined ? "" : values[f.when.field]) >= 0;
    return true;
  }

  function sectionById(form, id) {
    for (var i = 0; i < form.sections.length; i++) if (form.sections[i].id === id) return form.sections[i];
    return null;
  }
  /* the steps of `form`, each {id, sections: [section], fields: [{section, field}]} */
  function steps(form) {
    return (PLAN[form.id] || form.sections.map(function (s) { return { id: s.id, sections: [s.id] }; })).map(function (p) {
      var secs = p.sections.map(function (id) { return sectionById(form, id); }).filter(Boolean);
      var fields = [];
      secs.forEach(function (s) { s.fields.forEach(function (f) { fields.push({ section: s.id, field: f }); }); });
      return { id: p.id, sections: secs, fields: fields };
    });
  }
  /* the index of the step holding field `fieldId`, or -1 */
  function stepOf(list, fieldId) {
    for (var i = 0; i < list.length; i++) {
      for (var j = 0; j < list[i].fields.length; j++) if (list[i].fields[j].field.id === fieldId) return i;
    }
    return -1;
  }
  /* the values with every question that is not relevant left empty: what is checked and
     written into the PDF */
  function effective(form, values, ctx) {
    var out = {};
    Object.keys(values).forEach(function (k) { out[k] = values[k]; });
    form.sections.forEach(function (s) {
      if ((NOT_STEPS[form.id] || []).indexOf(s.id) >= 0) return;
      s.fields.forEach(function (f) {
        if (!relevant(form.id, s.id, f, values, ctx)) out[f.id] = f.type === "checkbox" ? false : "";
      });
    });
    return out;
  }

  return { PLAN: PLAN, NOT_STEPS: NOT_STEPS, relevant: relevant, steps: steps, stepOf: stepOf, effective: effective };
})();
if (typeof module !== "undefined") module.exports = ipfSteps;
