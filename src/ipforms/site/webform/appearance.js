/* Field appearances as ipforms.forms.appearance draws them: Liberation Sans widths (WinAnsi,
 * and the Unicode subset for letters beyond it), lines wrapped as appearance.wrap wraps them,
 * the font size shrunk to fit, the border and background of the widget.
 * `ipfAppearance(widths, unifont)` binds the page's font data (ipforms.site.webform
 * .winansi_widths, unicode_font); tests/js/appearance.test.mjs. */
var ipfAppearance = function (widths, unifont) {
  "use strict";
  var WIDTH = {}, BYTE = {};
  var ASCENT = 0.905, CAP_HEIGHT = 0.716, DESCENT = 0.212, LINE_HEIGHT = 1.16, MIN_SIZE = 6.0, PAD = 2.0;

  widths.forEach(function (w) { WIDTH[w[0]] = w[2]; BYTE[w[0]] = w[1]; });
  Object.keys(unifont.widths).forEach(function (ch) { if (!(ch in WIDTH)) WIDTH[ch] = unifont.widths[ch]; });

  function needsUnicode(s) {
    for (var ch of s) if (ch !== "\n" && !(ch in BYTE)) return true;
    return false;
  }
  function glyphString(s) {
    var out = "<";
    for (var ch of s) out += ("000" + (unifont.gids[ch] || 0).toString(16).toUpperCase()).slice(-4);
    return out + ">";
  }
  function unsupported(s) {
    return Array.from(s).filter(function (ch) { return ch !== "\n" && !(ch in BYTE) && !(ch in unifont.gids); });
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
    var m = /\/([^\s/]+)\s+([0-9.]+)\s+Tf/.exec(da);
    var size = m ? parseFloat(m[2]) : 0;
    var colour = da.replace(/\/([^\s/]+)\s+([0-9.]+)\s+Tf/g, "").trim();
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

  return { needsUnicode: needsUnicode, glyphString: glyphString, unsupported: unsupported, textWidth: textWidth,
    wrap: wrap, pdfString: pdfString, num: num, g: g, textStream: textStream };
};
if (typeof module !== "undefined") module.exports = ipfAppearance;
