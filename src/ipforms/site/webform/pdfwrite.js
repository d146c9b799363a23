/* The filled PDF, written as ipforms.forms.incremental writes it: the published PDF's bytes
 * kept, the changed field objects with /V and appearance streams, files embedded as
 * ipforms.forms.attach embeds them (/EmbeddedFiles, /AF, /CheckSum), pages appended (an
 * attachment each, what to do next, as ipforms.forms.printpages), an xref stream with /Prev.
 * `ipfPdf(appearance, unifont)` binds the font data; tests/js/pdfwrite.test.mjs and
 * tests/test_webform_printpdf.py run it in Node. */
var ipfPdf = (function (V, N) {
  "use strict";
  var pad2 = V.pad2;

  /* the value written into the PDF (ipforms.forms.formdef.FieldDef.parse), or null if invalid */
  function pdfValue(f, raw) {
    var s = String(raw === undefined || raw === null ? "" : raw).normalize("NFC");
    switch (f.type) {
      case "multiline":
        return s.replace(/\r\n?/g, "\n").trim().split("\n").map(function (l) { return l.replace(/\s+$/, ""); }).join("\n");
      case "text": return s.trim().split(/\s+/).join(" ");
      case "phone": return s.trim().split(/\s+/).join(" ");
      case "date": var d = V.parseDate(s); return s.trim() === "" ? "" : (d ? V.dateText(d) : null);
      case "fnr": return N.fnrCompact(s);
      default: return s.trim();
    }
  }
  /* the answers as PDF field values (only what is filled in) */
  function pdfValues(form, raw) {
    var out = {};
    V.eachField(form, function (f) {
      var v = raw[f.id];
      if (f.type === "checkbox") { if (v) out[f.id] = true; return; }
      if (f.type === "choice") { if (v) out[f.id] = v; return; }
      var p = pdfValue(f, v);
      if (p) out[f.id] = p;
    });
    return out;
  }

  function hexText(s) {
    var out = "<FEFF";
    for (var i = 0; i < s.length; i++) out += ("000" + s.charCodeAt(i).toString(16).toUpperCase()).slice(-4);
    return out + ">";
  }
  function latin1(s) {
    var b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
    return b;
  }
  function withKeys(body, extra) {
    var end = body.lastIndexOf(">>");
    return body.slice(0, end) + extra + "\n" + body.slice(end);
  }

  /* a JPEG's size and colour components (its first SOF marker), or null */
  function jpegInfo(b) {
    var i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xFF) { i++; continue; }
      var m = b[i + 1];
      if (m === 0xD8 || m === 0x01 || m === 0xFF || (m >= 0xD0 && m <= 0xD7)) { i += m === 0xFF ? 1 : 2; continue; }
      if (m >= 0xC0 && m <= 0xCF && m !== 0xC4 && m !== 0xC8 && m !== 0xCC) {
        var info = { h: (b[i + 5] << 8) | b[i + 6], w: (b[i + 7] << 8) | b[i + 8], comps: b[i + 9] };
        return info.w > 0 && info.h > 0 ? info : null;
      }
      i += 2 + ((b[i + 2] << 8) | b[i + 3]);
    }
    return null;
  }

  // --- embedded files: MD5 (the /CheckSum) and dates ---------------------------------------------

  var MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21], MD5_K = [];
  for (var ki = 0; ki < 64; ki++) MD5_K[ki] = Math.floor(Math.abs(Math.sin(ki + 1)) * 4294967296) | 0;
  function md5(data) {
    var n = data.length, total = ((n + 8) >>> 6) + 1, words = new Int32Array(total * 16);
    for (var i = 0; i < n; i++) words[i >> 2] |= data[i] << ((i % 4) * 8);
    words[n >> 2] |= 0x80 << ((n % 4) * 8);
    words[total * 16 - 2] = (n * 8) | 0;
    words[total * 16 - 1] = Math.floor(n / 536870912);
    var h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476;
    for (var b = 0; b < words.length; b += 16) {
      var a = h0, bb = h1, c = h2, d = h3;
      for (var j = 0; j < 64; j++) {
        var f, gi, r = j >> 4;
        if (r === 0) { f = (bb & c) | (~bb & d); gi = j; }
        else if (r === 1) { f = (d & bb) | (~d & c); gi = (5 * j + 1) % 16; }
        else if (r === 2) { f = bb ^ c ^ d; gi = (3 * j + 5) % 16; }
        else { f = c ^ (bb | ~d); gi = (7 * j) % 16; }
        var t = d; d = c; c = bb;
        var x = (a + f + MD5_K[j] + words[b + gi]) | 0, s = MD5_S[r * 4 + (j % 4)];
        bb = (bb + ((x << s) | (x >>> (32 - s)))) | 0;
        a = t;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    }
    var out = new Uint8Array(16);
    [h0, h1, h2, h3].forEach(function (h, k) { for (var q = 0; q < 4; q++) out[k * 4 + q] = (h >>> (q * 8)) & 255; });
    return out;
  }
  function hex(b) {
    var s = "";
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }
  /* a PDF date in UTC, as pypdf writes one (D:YYYYMMDDHHmmSS+00'00') */
  function pdfDate(ms) {
    var t = new Date(ms);
    return "D:" + t.getUTCFullYear() + pad2(t.getUTCMonth() + 1) + pad2(t.getUTCDate()) + pad2(t.getUTCHours()) +
      pad2(t.getUTCMinutes()) + pad2(t.getUTCSeconds()) + "+00'00'";
  }

  /* the writer with the page's fonts: `A` = ipfAppearance(widths, unifont) */
  function writer(A, unifont) {
    var needsUnicode = A.needsUnicode, glyphString = A.glyphString, pdfString = A.pdfString, textStream = A.textStream,
      wrap = A.wrap, num = A.num, g = A.g;

    /* base: Uint8Array of the published PDF; values: field -> string | true | state;
       attachments: [{name, desc, mime, bytes, modified (ms)}] to embed; extra: {pages, firstLine,
       fullmakt: {imports, bytes}} (pages after the form's own, see addPages).  Returns the new
       PDF as a Uint8Array. */
    function fillPdf(base, plan, values, attachments, extra) {
      var chunks = [], pos = 0, offsets = {}, size = plan.size;
      function put(x) { var b = typeof x === "string" ? latin1(x) : x; chunks.push(b); pos += b.length; }
      function obj(n, body, stream) {
        offsets[n] = pos;
        put(n + " 0 obj\n");
        if (stream) {
          put(withKeys(body, "/Length " + stream.length));
          put("\nstream\n"); put(stream); put("\nendstream");
        } else {
          put(body);
        }
        put("\nendobj\n");
      }
      var uniRef = null, helvRef = plan.font;
      function helvetica() {  // the form's /DR has none: add one, as ipforms.forms.fill does
        if (!helvRef) {
          helvRef = size + " 0 R";
          obj(size++, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        }
        return helvRef;
      }
      function unicodeFont() {  // the prebuilt Liberation Sans subset, appended once when needed
        if (uniRef) return uniRef;
        var objs = unifont.objects, first = size;
        size += objs.length;
        objs.forEach(function (o, i) {
          var body = o.body.replace(/(\d+) 0 R/g, function (_, k) { return (first + +k) + " 0 R"; });
          if (o.data) {
            var bin = atob(o.data);
            offsets[first + i] = pos;
            put((first + i) + " 0 obj\n"); put(body); put("\nstream\n"); put(bin); put("\nendstream\nendobj\n");
          } else {
            obj(first + i, body);
          }
        });
        uniRef = first + " 0 R";
        return uniRef;
      }
      put(base);
      if (base[base.length - 1] !== 10 && base[base.length - 1] !== 13) put("\n");
      plan.fields.forEach(function (f) {
        var v = values[f.name];
        if (v === undefined || v === null || v === "" || v === false) return;
        if (f.kind === "text") {
          var aps = f.widgets.map(function (wd) {
            var uni = needsUnicode(String(v)) ? unicodeFont() : null;
            var n = size++;
            var content = latin1(textStream(String(v), wd, f.da, f.multiline, !!uni));
            obj(n, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 " + g(wd.w) + " " + g(wd.h) +
              " ] /Resources << /Font << " + (uni ? "/IpfUni " + uni : "/Helv " + helvetica()) + " >> >> >>", content);
            return n;
          });
          if (f.merged) {
            obj(f.num, withKeys(f.body, "/V " + hexText(String(v)) + "\n/AP << /N " + aps[0] + " 0 R >>"));
          } else {
            obj(f.num, withKeys(f.body, "/V " + hexText(String(v))));
            f.widgets.forEach(function (wd, i) { obj(wd.num, withKeys(wd.body, "/AP << /N " + aps[i] + " 0 R >>")); });
          }
        } else {
          var state = v === true ? (f.states[0] || "Yes") : String(v);
          if (f.merged) {
            obj(f.num, withKeys(f.body, "/V /" + state + "\n/AS /" + (f.widgets[0].states.indexOf(state) >= 0 ? state : "Off")));
          } else {
            obj(f.num, withKeys(f.body, "/V /" + state));
            f.widgets.forEach(function (wd) {
              obj(wd.num, withKeys(wd.body, "/AS /" + (wd.states.indexOf(state) >= 0 ? state : "Off")));
            });
          }
        }
      });
      if (attachments && attachments.length) {
        // as ipforms.forms.attach: /EmbeddedFiles name tree (names sorted), file specifications
        // with /AFRelationship, embedded file streams with /Subtype and /Params, catalog /AF
        var sorted = attachments.slice().sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
        var specs = sorted.map(function (a) {
          var ef = size++, fs = size++;
          obj(ef, "<< /Type /EmbeddedFile /Subtype /" + a.mime.replace(/\//g, "#2F") + " /Params << /Size " + a.bytes.length +
            " /ModDate (" + pdfDate(a.modified) + ") /CheckSum <" + hex(a.md5 || md5(a.bytes)) + "> >> >>", a.bytes);
          obj(fs, "<< /Type /Filespec /F (" + a.name + ") /UF " + hexText(a.name) + " /Desc " + hexText(a.desc) +
            " /AFRelationship /Supplement /EF << /F " + ef + " 0 R >> >>");
          return "(" + a.name + ") " + fs + " 0 R";
        });
        var tree = size++, namesDict = size++;
        obj(tree, "<< /Names [ " + specs.join(" ") + " ] >>");
        obj(namesDict, withKeys(plan.catalog.names, "/EmbeddedFiles " + tree + " 0 R"));
        var af = specs.map(function (sp) { return sp.replace(/^\([^)]*\) /, ""); }).join(" ");
        obj(plan.catalog.num, withKeys(plan.catalog.body, "/Names " + namesDict + " 0 R\n/AF [ " + af + " ]"));
      }
      if (extra && (extra.pages.length || extra.firstLine)) addPages(plan.pages, extra);
      // xref stream (W 1 4 2, no filter) with /Prev, as ipforms.forms.incremental
      var xref = size++, start = pos;
      offsets[xref] = start;
      var ids = Object.keys(offsets).map(Number).sort(function (a, b) { return a - b; });
      var rows = new Uint8Array(ids.length * 7), index = [], run = null;
      ids.forEach(function (id, i) {
        var off = offsets[id];
        rows[i * 7] = 1;
        rows[i * 7 + 1] = (off >>> 24) & 255; rows[i * 7 + 2] = (off >>> 16) & 255;
        rows[i * 7 + 3] = (off >>> 8) & 255; rows[i * 7 + 4] = off & 255;
        if (run && run[0] + run[1] === id) run[1]++; else { run = [id, 1]; index.push(run); }
      });
      var tr = "";
      Object.keys(plan.trailer).forEach(function (k) { tr += k + " " + plan.trailer[k] + "\n"; });
      put(xref + " 0 obj\n");
      put("<< /Type /XRef /Size " + size + " /W [ 1 4 2 ] /Index [ " +
        index.map(function (r) { return r[0] + " " + r[1]; }).join(" ") + " ]\n" + tr + "/Prev " + plan.prev +
        " /Length " + rows.length + " >>\nstream\n");
      put(rows);
      put("\nendstream\nendobj\nstartxref\n" + start + "\n%%EOF\n");
      var out = new Uint8Array(pos), at = 0;
      chunks.forEach(function (c) { out.set(c, at); at += c.length; });
      return out;

      /* pages after the form's own (an attachment each, what to do next), and a line on page 1
         saying which attachments follow (as ipforms.forms.printpages does for ipforms fill) */
      function addPages(P, extra) {
        var W = P.box[0], H = P.box[1], M = 42.5, kids = P.kids.slice();
        function fontOf(t) { return needsUnicode(t) ? { name: "/IpfUni", ref: unicodeFont(), enc: glyphString } : { name: "/Helv", ref: helvetica(), enc: pdfString }; }
        function line(t, x, y, sz, used) {
          var f = fontOf(t);
          used[f.name] = f.ref;
          return "BT " + f.name + " " + g(sz) + " Tf 0 g 1 0 0 1 " + num(x) + " " + num(y) + " Tm " + f.enc(t) + " Tj ET";
        }
        function fonts(used) { return Object.keys(used).map(function (k) { return k + " " + used[k]; }).join(" "); }
        var imported = null;
        function rel(str, first) { return str.replace(/(\d+) 0 R/g, function (_, j) { return (first + +j) + " 0 R"; }); }
        /* the objects our fullmakt's pages draw with (ipforms.site.webform.page_import), once:
           stream data from the fullmakt PDF the page has loaded */
        function importObjects() {
          if (imported !== null) return imported;
          var I = extra.fullmakt.imports, first = size;
          size += I.objects.length;
          I.objects.forEach(function (o, k) {
            if (o.range) {
              offsets[first + k] = pos;
              put((first + k) + " 0 obj\n"); put(rel(o.body, first)); put("\nstream\n");
              put(extra.fullmakt.bytes.subarray(o.range[0], o.range[1])); put("\nendstream\nendobj\n");
            } else {
              obj(first + k, rel(o.body, first));
            }
          });
          imported = first;
          return first;
        }
        /* a page of the fullmakt filled here, flattened: its own content, each widget's
           appearance drawn at its place, the heading in the top margin */
        function fullmaktPage(pg) {
          var I = extra.fullmakt.imports, base = importObjects(), ip = I.pages[pg.fullmakt.index];
          var used = {}, xo = [], ops = [];
          I.widgets.forEach(function (w, k) {
            if (w.page !== pg.fullmakt.index) return;
            var v = pg.fullmakt.values[w.field], ref;
            if (w.kind === "text") {
              if (v === undefined || v === null || v === "" || v === true) return;
              var uni = needsUnicode(String(v)) ? unicodeFont() : null, n = size++;
              obj(n, "<< /Type /XObject /Subtype /Form /BBox [ 0 0 " + g(w.w) + " " + g(w.h) + " ] /Resources << /Font << " +
                (uni ? "/IpfUni " + uni : "/Helv " + helvetica()) + " >> >> >>", latin1(textStream(String(v), w, w.da, w.multiline, !!uni)));
              ref = n + " 0 R";
            } else {
              var ap = v ? w.ap.on : w.ap.off;
              if (ap === undefined) return;
              ref = (base + ap) + " 0 R";
            }
            xo.push("/IpfF" + k + " " + ref);
            ops.push("q 1 0 0 1 " + num(w.x) + " " + num(w.y) + " cm /IpfF" + k + " Do Q");
          });
          ops.push(line(pg.heading, M, ip.box[1] - 22, 10, used));
          var q1 = size++, q2 = size++, p = size++, contents = rel(ip.contents, base).replace(/^\[|\]$/g, "");
          obj(q1, "<< >>", latin1("q\n"));
          obj(q2, "<< >>", latin1("\nQ\n" + ops.join("\n") + "\n"));
          obj(p, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(ip.box[0]) + " " + g(ip.box[1]) + " ] /Resources " +
            rel(ip.res, base).replace("%FONT%", fonts(used)).replace("%XOBJ%", xo.join(" ")) +
            " /Contents [ " + q1 + " 0 R " + contents + " " + q2 + " 0 R ] >>");
          kids.push(p + " 0 R");
        }
        /* a page of a PDF the citizen chose: its objects (pdfPrint) written once, renumbered;
           the page as a form XObject scaled to fit under the heading */
        var written = [];
        function pdfPage(pg) {
          var B = pg.pdf.bundle, at = written.indexOf(B), map;
          if (at < 0) { written.push(B); B.map = map = writeBundle(B); } else map = B.map;
          var p = B.pages[pg.pdf.index], used = {}, ops = [line(pg.heading, M, H - M - 14, 14, used)];
          var rot = p.rotate, w = rot % 180 ? p.h : p.w, h = rot % 180 ? p.w : p.h;
          var boxW = W - 2 * M, boxH = H - M - 30 - M, sc = Math.min(boxW / w, boxH / h);
          var R = { 0: [1, 0, 0, 1, 0, 0], 90: [0, -1, 1, 0, 0, p.w], 180: [-1, 0, 0, -1, p.w, p.h], 270: [0, 1, -1, 0, p.h, 0] }[rot];
          ops.push("q 1 0 0 1 " + num(M + (boxW - w * sc) / 2) + " " + num(M + (boxH - h * sc)) + " cm " + num(sc) + " 0 0 " + num(sc) +
            " 0 0 cm " + R.map(num).join(" ") + " cm /IpfPdf Do Q");
          var c = size++, n = size++;
          obj(c, "<< >>", latin1(ops.join("\n") + "\n"));
          obj(n, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(W) + " " + g(H) + " ] /Resources << /Font << " +
            fonts(used) + " >> /XObject << /IpfPdf " + map[p.ref] + " 0 R >> >> /Contents " + c + " 0 R >>");
          kids.push(n + " 0 R");
        }
        function writeBundle(B) {
          var L = window.PDFLib, map = {};
          B.objects.forEach(function (o) { map[o[0]] = size++; });
          function re(x) {
            if (x instanceof L.PDFRef) return map[x.objectNumber] ? L.PDFRef.of(map[x.objectNumber], 0) : L.PDFNull;
            if (x instanceof L.PDFArray) { var a = L.PDFArray.withContext(B.ctx); x.asArray().forEach(function (y) { a.push(re(y)); }); return a; }
            if (x instanceof L.PDFDict) { var m = new Map(); x.entries().forEach(function (e) { m.set(e[0], re(e[1])); }); return L.PDFDict.fromMapWithContext(m, B.ctx); }
            if (x instanceof L.PDFStream) { var s = x.clone(B.ctx); s.dict = re(x.dict); return s; }
            return x;
          }
          B.objects.forEach(function (o) {
            var r = re(o[1]), buf = new Uint8Array(r.sizeInBytes());
            r.copyBytesInto(buf, 0);
            offsets[map[o[0]]] = pos;
            put(map[o[0]] + " 0 obj\n"); put(buf); put("\nendobj\n");
          });
          return map;
        }
        extra.pages.forEach(function (pg) {
          if (pg.fullmakt) { fullmaktPage(pg); return; }
          if (pg.pdf) { pdfPage(pg); return; }
          var used = {}, ops = [line(pg.heading, M, H - M - 14, 14, used)], y = H - M - 44, xobj = "";
          (pg.paragraphs || []).forEach(function (para) {
            var size = 10.5, lead = 14.5, indent = para.n ? 16 : 0;
            wrap(para.text, W - 2 * M - indent, size).forEach(function (l, i) {
              if (i === 0 && para.n) ops.push(line(para.n + ".", M, y, size, used));
              ops.push(line(l, M + indent, y, size, used));
              y -= lead;
            });
            (para.list || []).forEach(function (item) {
              wrap(item, W - 2 * M - indent - 12, size).forEach(function (l, i) {
                ops.push(line((i === 0 ? "– " : "") + l, M + indent + (i === 0 ? 0 : 12), y, size, used));
                y -= lead;
              });
            });
            y -= 6;
          });
          if (pg.image) {
            var im = pg.image, n = size++, boxW = W - 2 * M, boxH = y - M, sc = Math.min(boxW / im.w, boxH / im.h);
            obj(n, "<< /Type /XObject /Subtype /Image /Width " + im.w + " /Height " + im.h + " /ColorSpace /" +
              ({ 1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK" }[im.comps] || "DeviceRGB") +
              " /BitsPerComponent 8 /Filter /DCTDecode" + (im.comps === 4 ? " /Decode [ 1 0 1 0 1 0 1 0 ]" : "") + " >>", im.bytes);
            xobj = " /XObject << /IpfImg " + n + " 0 R >>";
            ops.push("q " + num(im.w * sc) + " 0 0 " + num(im.h * sc) + " " + num(M + (boxW - im.w * sc) / 2) + " " +
              num(M + (boxH - im.h * sc)) + " cm /IpfImg Do Q");
          }
          var c = size++, p = size++;
          obj(c, "<< >>", latin1(ops.join("\n") + "\n"));
          obj(p, "<< /Type /Page /Parent " + P.num + " 0 R /MediaBox [ 0 0 " + g(W) + " " + g(H) + " ] /Resources << /Font << " +
            fonts(used) + " >>" + xobj + " >> /Contents " + c + " 0 R >>");
          kids.push(p + " 0 R");
        });
        obj(P.num, withKeys(P.body, "/Kids [ " + kids.join(" ") + " ]\n/Count " + (P.count + kids.length - P.kids.length)));
        if (extra.firstLine) {
          var used = {}, q1 = size++, q2 = size++;
          obj(q1, "<< >>", latin1("q\n"));
          obj(q2, "<< >>", latin1("\nQ\n" + line(extra.firstLine, M, 36, 8.5, used) + "\n"));
          // page 1's own content between q and Q, then the line; its font added to page 1's fonts
          var F = P.first;
          obj(F.num, withKeys(F.body, "/Contents [ " + q1 + " 0 R " + F.contents.join(" ") + " " + q2 + " 0 R ]\n/Resources " +
            F.resources.replace("%FONTS%", fonts(used))));
        }
      }
    }
    return { fillPdf: fillPdf };
  }

  return { pdfValue: pdfValue, pdfValues: pdfValues, md5: md5, hex: hex, pdfDate: pdfDate, jpegInfo: jpegInfo,
    hexText: hexText, writer: writer };
})(typeof ipfValues !== "undefined" ? ipfValues : require("./values.js"),
  typeof ipfNumbers !== "undefined" ? ipfNumbers : require("./numbers.js"));
if (typeof module !== "undefined") module.exports = ipfPdf;
