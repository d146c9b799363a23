/* Values as the rules see them: empty, lengths in characters, dates as {y, m, d, date: true}
 * (ipforms.core.dates.parse_date: dd.mm.åååå or ISO; ipforms.core.deadline: age_on,
 * add_months), the form's fields in order, required and required-when, and the answers
 * normalised (ipforms.validation.rules.normalise).  Pure functions, no page data;
 * tests/js/values.test.mjs. */
var ipfValues = (function () {
  "use strict";

  function isEmpty(v) {
    return v === null || v === undefined || v === false || (typeof v === "string" && v.trim() === "");
  }
  function clen(s) { return Array.from(s).length; }
  function has(list, x) { return list.indexOf(x) >= 0; }
  function keysWhere(obj, fn) { return Object.keys(obj).filter(function (k) { return fn(obj[k]); }); }
  function valuesOf(obj) { return Object.keys(obj).map(function (k) { return obj[k]; }); }

  // --- dates (ipforms.core.dates, ipforms.core.deadline) ---------------------------------------

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
  function addMonths(day, months) {
    var index = day.m - 1 + months, y = day.y + Math.floor(index / 12), m = ((index % 12) + 12) % 12 + 1;
    var dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { y: y, m: m, d: Math.min(day.d, dim), date: true };
  }
  function nextDay(day) {
    var t = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), date: true };
  }

  // --- the form's fields (ipforms.forms.formdef) -----------------------------------------------

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
  /* field values as the rules see them (ipforms.validation.rules.normalise); `checkboxOff`: the
     texts that mean "not ticked" (checks.yml checkbox_off) */
  function normalise(form, raw, checkboxOff) {
    var out = {};
    eachField(form, function (f) {
      var v = raw[f.id];
      if (f.type === "checkbox") {
        if (typeof v === "string") {
          v = checkboxOff.indexOf(v.trim().toLowerCase().replace(/^\/+/, "")) < 0;
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

  return { isEmpty: isEmpty, clen: clen, has: has, keysWhere: keysWhere, valuesOf: valuesOf,
    mkDate: mkDate, cmpDate: cmpDate, parseDate: parseDate, pad2: pad2, dateText: dateText, today: today,
    ageOn: ageOn, addMonths: addMonths, nextDay: nextDay,
    eachField: eachField, isRequired: isRequired, normalise: normalise };
})();
if (typeof module !== "undefined") module.exports = ipfValues;
