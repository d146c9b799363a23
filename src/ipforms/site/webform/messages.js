/* A finding as a sentence, as ipforms.validation.messages.render writes it: the message of its
 * code (resources/messages.yml, carried in the page's data), «label» (section) for a field,
 * the services named, dates written out, a fødselsnummer masked, {count:a|b|c} forms.
 * `ipfMessages(data)` binds the page's messages, forms and month names;
 * tests/js/messages.test.mjs. */
var ipfMessages = (function (V, N) {
  "use strict";
  var FNR_PARAMS = ["fnr", "person_fnr", "applicant_fnr"];

  /* {count:ingen tjenester|én tjeneste|# tjenester}: the form for zero, one and more
     (messages.Count; two forms: one|other) */
  function countForm(n, spec) {
    var forms = spec.split("|");
    if (forms.length === 2) forms = [forms[1], forms[0], forms[1]];
    var chosen = n === 0 ? forms[0] : n === 1 ? forms[1] : forms[forms.length - 1];
    return chosen.replace(/#/g, String(n));
  }
  /* the page's own texts: {name} filled, an unknown name left as it is */
  function fmt(t, p) { return t.replace(/\{(\w+)\}/g, function (_, k) { return k in p ? p[k] : "{" + k + "}"; }); }

  function bind(data) {
    var M = data.messages;
    /* "soknad:person_phone" -> «Telefon» (Personen søknaden gjelder) (messages.field_label) */
    function fieldLabel(ref) {
      var parts = ref.split(":"), form = data.forms[parts[0]], label = null;
      if (form) V.eachField(form, function (f) { if (f.id === parts[1]) label = f.ref; });
      return label || "«" + parts[1] + "»";
    }
    function servicesText(keys) {
      var names = keys.map(function (k) { return M["service." + k]; });
      if (names.length <= 1) return names.join("");
      return names.slice(0, -1).join(", ") + " " + M["word.and"] + " " + names[names.length - 1];
    }
    /* in words where the language has CLDR month names, else in digits (core.lang.format_long_date) */
    function longDate(d) {
      if (!data.months) return (d.d < 10 ? "0" : "") + d.d + "." + (d.m < 10 ? "0" : "") + d.m + "." + d.y;
      return d.d + ". " + data.months[d.m - 1] + " " + d.y;
    }
    function render(code, params, field) {
      var t = M[code];
      if (t === undefined) return code;
      var p = Object.assign({}, params || {});
      if (field && !("field" in p)) p.field = field;
      return t.replace(/\{(\w+)(?::([^{}]*))?\}/g, function (_, k, spec) {
        if (!(k in p) || p[k] === null || p[k] === undefined) return k in p ? "None" : "?";
        var v = p[k];
        if (typeof v === "number" && spec && spec.indexOf("|") >= 0) return countForm(v, spec);
        if (k === "field" && typeof v === "string") return fieldLabel(v);
        if (k === "services") return servicesText(v);
        if (FNR_PARAMS.indexOf(k) >= 0) return N.mask(v);
        if (v && v.date) return longDate(v);
        return String(v);
      });
    }
    return { fieldLabel: fieldLabel, servicesText: servicesText, longDate: longDate, render: render,
      has: function (code) { return M[code] !== undefined; } };
  }
  return { countForm: countForm, fmt: fmt, bind: bind };
})(typeof ipfValues !== "undefined" ? ipfValues : require("./values.js"),
  typeof ipfNumbers !== "undefined" ? ipfNumbers : require("./numbers.js"));
if (typeof module !== "undefined") module.exports = ipfMessages;
