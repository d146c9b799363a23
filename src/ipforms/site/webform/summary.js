/* The error summary the GOV.UK way (design-system.service.gov.uk/components/error-summary):
 * announced with role="alert" (not named by aria-labelledby: JAWS did not read it), the page
 * title prefixed with the page's word for an error ("Feil: " in nb and nn, texts.error_prefix),
 * one link per error in the order of the fields on the page, each
 * bringing the question's label and its message into view.  The pure parts; the page builds
 * the elements.  tests/js/summary.test.mjs. */
var ipfSummary = (function () {
  "use strict";
  /* `prefix`: the page's word for an error and a space (texts.error_prefix) */
  function title(base, errors, prefix) {
    var plain = String(base).indexOf(prefix) === 0 ? String(base).slice(prefix.length) : String(base);
    return errors > 0 ? prefix + plain : plain;
  }
  /* errors [{field, text}] in the order of `order` (field refs as on the page), each text
     once; errors without a field first (they concern the whole application) */
  function items(errors, order) {
    var seen = {}, out = [];
    errors.forEach(function (e, i) {
      var k = (e.field || "") + "\u0000" + e.text;
      if (seen[k]) return;
      seen[k] = true;
      var at = e.field ? order.indexOf(e.field) : -1;
      out.push({ field: e.field || null, text: e.text, rank: e.field ? (at < 0 ? order.length : at) : -1, i: i });
    });
    out.sort(function (a, b) { return (a.rank - b.rank) || (a.i - b.i); });
    return out.map(function (o) { return { field: o.field, text: o.text }; });
  }
  return { title: title, items: items };
})();
if (typeof module !== "undefined") module.exports = ipfSummary;
