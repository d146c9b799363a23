/* The answers on this device only: sessionStorage (this browser tab, until it is closed), so
 * a reload or the language link keeps them; «Start på nytt» clears them.  Nothing is sent.
 * The key leaves out the language (soknad-koordinator-nb / -nn / -se share the answers: choices
 * are stored by their ids, the same in every language).  Files are not stored (their
 * bytes may be megabytes; the citizen chooses them again).  tests/js/store.test.mjs. */
var ipfStore = (function () {
  "use strict";
  var VERSION = 1;

  /* "skjema/soknad-koordinator-nn.html" -> "ipforms:skjema/soknad-koordinator" */
  function key(path) {
    return "ipforms:" + String(path || "").replace(/^.*\/(skjema\/)/, "$1").replace(/-(nb|nn|se|smj|sma)\.html$/, "");
  }
  function save(storage, k, state) {
    try { storage.setItem(k, JSON.stringify({ v: VERSION, state: state })); return true; } catch (e) { return false; }
  }
  function load(storage, k) {
    try {
      var got = JSON.parse(storage.getItem(k) || "null");
      return got && got.v === VERSION && got.state && typeof got.state === "object" ? got.state : null;
    } catch (e) { return null; }
  }
  function clear(storage, k) { try { storage.removeItem(k); } catch (e) { /* storage off */ } }

  return { key: key, save: save, load: load, clear: clear };
})();
if (typeof module !== "undefined") module.exports = ipfStore;
