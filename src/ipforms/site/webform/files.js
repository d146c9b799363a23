/* Files the citizen adds (a vergefullmakt, a signed fullmakt, an ID copy): what the bytes are,
 * checked by content as ipforms.validation.validate.sniff checks them (a polyglot refused), their
 * size as the page writes it, and made ready to print after the application (a PDF's pages
 * with pdf-lib, a TIFF's frames with UTIF, a PNG redrawn as a JPEG; the libraries loaded only
 * when a chosen file needs them).  `ipfFiles(attach)` binds the limits (ipforms.validation
 * .validate.attachment_rules); tests/js/files.test.mjs, tests/test_webform_printpdf.py. */
var ipfFiles = function (attach) {
  "use strict";

  function startsWith(head, hexs) {
    return hexs.some(function (h) {
      if (head.length < h.length / 2) return false;
      for (var i = 0; i < h.length / 2; i++) if (head[i] !== parseInt(h.substr(i * 2, 2), 16)) return false;
      return true;
    });
  }
  /* whether bytes hold the PDF mark (%PDF-) anywhere: one native scan for "%" */
  function hasPdfMark(data) {
    var A = attach, n = A.pdf_mark.length / 2, mark = [];
    for (var j = 0; j < n; j++) mark.push(parseInt(A.pdf_mark.substr(j * 2, 2), 16));
    for (var i = data.indexOf(mark[0]); i >= 0 && i + n <= data.length; i = data.indexOf(mark[0], i + 1)) {
      for (j = 1; j < n && data[i + j] === mark[j]; j++);
      if (j === n) return true;
    }
    return false;
  }
  /* what the bytes say: a key of attach.types, or null (the first bytes name the type; an
     image with a PDF anywhere inside is a polyglot and refused, as validation does) */
  function sniff(head, data) {
    var A = attach;
    if (startsWith(head, A.unsafe)) return null;
    var found = null;
    Object.keys(A.types).forEach(function (k) { if (!found && startsWith(head, A.types[k].magic)) found = k; });
    if (found && (A.no_pdf_inside || []).indexOf(found) >= 0 && hasPdfMark(data || head)) return null;
    if (found) return found;
    var mark = A.pdf_mark, n = mark.length / 2;
    outer: for (var i = 0; i + n <= head.length; i++) {
      for (var j = 0; j < n; j++) if (head[i + j] !== parseInt(mark.substr(j * 2, 2), 16)) continue outer;
      return "pdf";
    }
    return null;
  }
  function mb(n) {
    var v = n / 1048576;
    if (v < 1) return Math.max(1, Math.round(n / 1024)) + " kB";  // 25 kB, not "0 MB"
    return (v >= 10 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, "")).replace(".", ",") + " MB";
  }
  /* a PNG redrawn as a JPEG (on white) to print on a page; null when the browser cannot */
  function asJpeg(data) {
    if (!window.createImageBitmap) return Promise.resolve(null);
    return createImageBitmap(new Blob([data], { type: "image/png" })).then(function (bmp) {
      var c = document.createElement("canvas");
      c.width = bmp.width; c.height = bmp.height;
      var ctx = c.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height); ctx.drawImage(bmp, 0, 0);
      return new Promise(function (res) { c.toBlob(res, "image/jpeg", 0.85); });
    }).then(function (blob) { return blob ? blob.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : null; })
      .catch(function () { return null; });
  }
  /* a library beside webform.js (webform/vendor), loaded once, only when a chosen file needs it */
  var LIBS = {};
  function lib(file, name) {
    if (!LIBS[file]) {
      LIBS[file] = new Promise(function (res, rej) {
        if (window[name]) { res(window[name]); return; }
        var s = document.createElement("script");
        s.src = file;
        s.onload = function () { if (window[name]) res(window[name]); else rej(new Error(file)); };
        s.onerror = function () { delete LIBS[file]; rej(new Error(file)); };
        document.head.appendChild(s);
      });
    }
    return LIBS[file];
  }
  /* a chosen PDF made ready to print after the application (with pdf-lib): its form fields
     drawn into its pages (flattened), each page a form XObject (its crop box; links and notes
     dropped), and the objects those reach.  {pages: [{ref, w, h, rotate}], objects: [[number,
     object]], ctx, size} or null when it cannot be printed from here (encrypted, damaged, a
     field without an appearance, too large): then it is only embedded, and the done page says so */
  function pdfPrint(data) {
    return lib("pdf-lib.min.js", "PDFLib").then(function (L) {
      return L.PDFDocument.load(data, { updateMetadata: false }).then(function (doc) {
        doc.getForm().flatten();
        var pages = doc.getPages();
        if (!pages.length || pages.length > attach.max_print_pages) return null;
        var boxes = pages.map(function (p) { var b = p.getCropBox(); return { left: b.x, bottom: b.y, right: b.x + b.width, top: b.y + b.height }; });
        return contentFits(L, doc, pages).then(function () { return doc.embedPages(pages, boxes); }).then(function (emb) {
          return doc.flush().then(function () { return bundle(L, doc, pages, emb); });
        });
      });
    }).catch(function () { return null; });
  }
  /* pdf-lib inflates the pages' content streams to copy them: first count what they inflate
     to, streaming, and refuse (reject) past validate's limit for embedded files (a bomb) or a
     filter other than Flate */
  function contentFits(L, doc, pages) {
    var cap = attach.max_attachment_bytes, total = 0, streams = [];
    pages.forEach(function (p) {
      var c = p.node.Contents();
      (c instanceof L.PDFArray ? c.asArray().map(function (r) { return doc.context.lookup(r); }) : [c]).forEach(function (x) { if (x) streams.push(x); });
    });
    return streams.reduce(function (chain, st) {
      return chain.then(function () {
        if (!(st instanceof L.PDFRawStream)) { total += st.sizeInBytes(); return; }
        var f = st.dict.lookup(L.PDFName.of("Filter")), names = f instanceof L.PDFArray ? f.asArray() : f ? [f] : [];
        var flate = names.length && names[names.length - 1] === L.PDFName.of("FlateDecode"), pre = names.slice(0, flate ? -1 : names.length);
        // ASCII85 and ASCIIHex at most quadruple their data (pdf-lib decodes them); Flate last, counted
        if (pre.some(function (n) { return n !== L.PDFName.of("ASCII85Decode") && n !== L.PDFName.of("ASCIIHexDecode"); })) throw new Error("filter");
        var data = st.contents;
        if (pre.length) {
          var d = L.PDFDict.withContext(doc.context);
          d.set(L.PDFName.of("Filter"), L.PDFArray.withContext(doc.context));
          pre.forEach(function (n) { d.lookup(L.PDFName.of("Filter")).push(n); });
          data = L.decodePDFRawStream(L.PDFRawStream.of(d, st.contents)).decode();
        }
        if (!flate) { total += data.length; return; }
        if (!window.DecompressionStream) throw new Error("no DecompressionStream");
        var reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
        return (function next() {
          return reader.read().then(function (r) {
            if (r.done) return;
            total += r.value.length;
            if (total > cap) { reader.cancel(); throw new Error("too large"); }
            return next();
          });
        })();
      });
    }, Promise.resolve()).then(function () { if (total > cap) throw new Error("too large"); });
  }
  function bundle(L, doc, pages, emb) {
    var ctx = doc.context, seen = {}, objects = [], total = 0;
    function walk(x) {
      if (x instanceof L.PDFRef) {
        if (seen[x.objectNumber]) return;
        seen[x.objectNumber] = true;
        var o = ctx.lookup(x);
        if (o === undefined) return;
        objects.push([x.objectNumber, o]);
        total += o.sizeInBytes();
        if (objects.length > 20000 || total > attach.room) throw new Error("too large");
        walk(o);
      } else if (x instanceof L.PDFArray) {
        x.asArray().forEach(walk);
      } else if (x instanceof L.PDFDict) {
        x.entries().forEach(function (e) { if (e[0].asString() !== "/Parent" && e[0].asString() !== "/P") walk(e[1]); });
      } else if (x instanceof L.PDFStream) {
        walk(x.dict);
      }
    }
    emb.forEach(function (e) { walk(e.ref); });
    return { ctx: ctx, objects: objects, size: total, pages: pages.map(function (p, k) {
      return { ref: emb[k].ref.objectNumber, w: emb[k].width, h: emb[k].height, rotate: ((p.getRotation().angle % 360) + 360) % 360 };
    }) };
  }
  /* a chosen TIFF's frames as JPEGs (with UTIF), or null when it cannot be printed from here
     (a compression UTIF cannot read, more frames or pixels than attach allows) */
  function tiffFrames(data) {
    return lib("utif.js", "UTIF").then(function (U) {
      var ifds = U.decode(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)).filter(function (d) { return d.t256 && d.t257; });
      if (!ifds.length || ifds.length > attach.max_print_pages) return null;
      if (ifds.some(function (d) { return d.t256[0] * d.t257[0] > attach.max_print_pixels; })) return null;
      return ifds.reduce(function (chain, d) {
        return chain.then(function (out) {
          U.decodeImage(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), d);
          var w = d.width, h = d.height, rgba = new Uint8ClampedArray(U.toRGBA8(d).buffer);
          d.data = null;  // one frame in memory at a time
          return createImageBitmap(new ImageData(rgba, w, h)).then(function (bmp) {
            var c = document.createElement("canvas");
            c.width = w; c.height = h;
            var cx = c.getContext("2d");
            cx.fillStyle = "#fff"; cx.fillRect(0, 0, w, h); cx.drawImage(bmp, 0, 0);
            return new Promise(function (res) { c.toBlob(res, "image/jpeg", 0.85); });
          }).then(function (blob) { return blob.arrayBuffer(); }).then(function (b) { out.push(new Uint8Array(b)); return out; });
        });
      }, Promise.resolve([]));
    }).catch(function () { return null; });
  }

  return { sniff: sniff, mb: mb, asJpeg: asJpeg, pdfPrint: pdfPrint, tiffFrames: tiffFrames };
};
if (typeof module !== "undefined") module.exports = ipfFiles;
