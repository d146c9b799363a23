/* Identity numbers as python-stdnum and ipforms.core.fnr read them: fødselsnummer, D- and
 * H-nummer (check digits, the birth date, a plausible age), masked for messages; and the
 * organisasjonsnummer (stdnum.no.orgnr).  Pure functions; tests/js/numbers.test.mjs. */
var ipfNumbers = (function (V) {
  "use strict";
  var MAX_AGE = 125;

  function fnrCompact(v) { return String(v || "").replace(/[ \-:]/g, "").trim(); }
  function checkDigit(num, weights) {
    var s = 0;
    for (var i = 0; i < weights.length; i++) s += weights[i] * +num[i];
    return String((11 - s % 11) % 11);
  }
  /* the birth date the number holds (D-nummer: day + 40, H-nummer: month + 40), or null */
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
    return V.mkDate(year, month, day);
  }
  /* {ok: birth} | {error: "invalid"} | {error: "implausible", birth} (ipforms.core.fnr.check) */
  function fnrCheck(v, received) {
    var n = fnrCompact(v);
    if (!/^[0-9]{11}$/.test(n)) return { error: "invalid" };
    if (n[9] !== checkDigit(n, [3, 7, 6, 1, 8, 9, 4, 5, 2]) ||
        n[10] !== checkDigit(n, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) return { error: "invalid" };
    var birth = fnrDecoded(n);
    if (!birth) return { error: "invalid" };
    if (V.cmpDate(birth, received) > 0 || received.y - birth.y > MAX_AGE) {
      return { error: "implausible", birth: birth };
    }
    return { ok: birth };
  }
  /* the birth date of a valid number, else null (ipforms.core.fnr.birth_date) */
  function fnrBirth(v, received) { return fnrCheck(v || "", received).ok || null; }
  function fnrSame(a, b) { return !!a && !!b && fnrCompact(a) === fnrCompact(b); }
  function mask(v) {
    var n = fnrCompact(v);
    if (/^[0-9]{11}$/.test(n)) return n.slice(0, 6) + "*****";
    return n ? "***********" : "";
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

  return { fnrCompact: fnrCompact, fnrDecoded: fnrDecoded, fnrCheck: fnrCheck, fnrBirth: fnrBirth,
    fnrSame: fnrSame, mask: mask, orgnrCompact: orgnrCompact, orgnrValid: orgnrValid, orgnrFormat: orgnrFormat };
})(typeof ipfValues !== "undefined" ? ipfValues : require("./values.js"));
if (typeof module !== "undefined") module.exports = ipfNumbers;
