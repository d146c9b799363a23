/* Dates as citizens type them, for the online form's inputs: 1.2.1980, 01.02.1980,
 * 1980-02-01, 1/2/1980 and, where the century is certain for the field, 1.2.80.  The page
 * writes the date back in full (01.02.1980) before anything checks it, so the PDF and
 * `ipforms validate` (ipforms.core.dates.parse_date: dd.mm.åååå or ISO) see a full date.
 * Pure functions; tests/js/dates.test.mjs runs them in Node. */
var ipfDates = (function () {
  "use strict";

  function valid(y, m, d) {
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    var dim = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return d <= dim[m - 1];
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function cmp(a, b) { return (a.y - b.y) || (a.m - b.m) || (a.d - b.d); }

  /* A two-digit year where the field's meaning fixes the century: a date that has
     happened (a signature, a birth) is the latest such date not after `today`. */
  function fullYear(yy, m, d, today) {
    var y = Math.floor(today.y / 100) * 100 + yy;
    if (cmp({ y: y, m: m, d: d }, today) > 0) y -= 100;
    return y;
  }

  /* {y, m, d} from what was typed, or null.  `kind` "past" allows a two-digit year (the
     date has happened: a signature date); anything else wants four digits. */
  function parse(text, kind, today) {
    var s = String(text || "").trim().replace(/\s*([./-])\s*/g, "$1"), r, y, m, d;
    if ((r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) { y = +r[1]; m = +r[2]; d = +r[3]; }
    else if ((r = /^(\d{1,2})[./ -](\d{1,2})[./ -](\d{4}|\d{2})$/.exec(s))) {
      d = +r[1]; m = +r[2];
      if (r[3].length === 4) y = +r[3];
      else if (kind === "past" && today) y = fullYear(+r[3], m, d, today);
      else return null;
    } else if ((r = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) { d = +r[1]; m = +r[2]; y = +r[3]; }
    else return null;
    return valid(y, m, d) ? { y: y, m: m, d: d } : null;
  }

  function format(day) { return pad2(day.d) + "." + pad2(day.m) + "." + day.y; }

  /* The value to put back in the field: the full date when it was understood, else the text
     as typed (the rules then say what is wrong). */
  function normalise(text, kind, today) {
    var day = parse(text, kind, today);
    return day ? format(day) : String(text || "").trim();
  }

  return { parse: parse, format: format, normalise: normalise };
})();
if (typeof module !== "undefined") module.exports = ipfDates;
