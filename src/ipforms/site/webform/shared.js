/* The page's data joined from its two parts (ipforms.site.webdata): what every form page
 * of the language has, from webform-data-<lang>.js (the global ipformsShared, loaded before
 * webform.js), and the page's own, from <script id="ipf-data">.  The page's own values win
 * (the fullmakt page has its own form definitions).  Null when the data file is missing or
 * of another build (its stamp is not the page's: an old cached file): the page then shows
 * its fallback, never half a form.  A pure function; tests/js/shared.test.mjs runs it. */
var ipfShared = (function () {
  "use strict";

  var STAMP = "shared";

  function merge(shared, own) {
    if (!own || typeof own !== "object") return null;
    if (!shared || typeof shared !== "object" || typeof own[STAMP] !== "string" || shared[STAMP] !== own[STAMP]) return null;
    var data = {}, k;
    for (k in shared) if (Object.prototype.hasOwnProperty.call(shared, k) && k !== STAMP) data[k] = shared[k];
    for (k in own) if (Object.prototype.hasOwnProperty.call(own, k) && k !== STAMP) data[k] = own[k];
    return data;
  }

  return { merge: merge };
})();
if (typeof module !== "undefined") module.exports = ipfShared;
