/* Akhbar newsroom: story blocks in the body editor.
 *
 * Pictures dragged, pasted or picked into the body; video and post
 * addresses pasted or typed; galleries, pull quotes, tables and «یہ بھی
 * پڑھیں» boxes. Each goes in as a block attachment (editor.js) in the form
 * docs/body-format.md gives, and is edited again with the «ترمیم» button
 * on its own toolbar (select the block to see it).
 *
 * Images always go through the media library: a dropped or pasted file is
 * uploaded to it (limits, metadata stripped, renditions) with Trix's own
 * progress bar in place, then becomes an image block naming the library
 * id. A refused file (not an image, too large) gets an Urdu message under
 * the editor and changes nothing.
 *
 * Settings come from the <trix-editor> element's data attributes:
 * data-upload-url, data-upload-max (bytes), data-embed-url (the address
 * check, /newsroom/embed), data-articles-url (the headline search) and
 * data-article-id (left out of that search). Load after picker.js and
 * editor.js. Plain ES2017, no framework, no inline script or style.
 */
(function () {
  "use strict";

  var Editor = window.AkhbarEditor;
  var Picker = window.AkhbarPicker;
  if (!window.Trix || !Editor || !Picker) return;
  window.AkhbarBlocks = true; // editor.js: image files are taken in here

  var IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
  var TEXT = {
    notImage: "«{name}» تصویر نہیں۔ متن میں صرف JPEG، PNG، WebP یا GIF تصویریں لگ سکتی ہیں؛ لکھا ہوا متن جوں کا توں ہے۔",
    tooLarge: "«{name}» {size} ایم بی کی ہے؛ تصویر زیادہ سے زیادہ {max} ایم بی کی ہو سکتی ہے۔ چھوٹی کر کے دوبارہ لگائیں؛ لکھا ہوا متن جوں کا توں ہے۔",
    uploadFailed: "«{name}» اپ لوڈ نہیں ہو سکی: {why}",
    uploadRetry: "دوبارہ کوشش کریں۔",
    uploaded: "تصویر لائبریری میں چلی گئی اور متن میں لگ گئی۔ شائع کرنے سے پہلے لائبریری میں اس کا کیپشن، حوالہ اور متبادل متن لکھیں۔",
    embedded: "{name} کی {what} ایمبیڈ ہو گئی۔ قارئین کو کلک سے پہلے صرف اس کا عنوان دکھے گا۔",
    notEmbed: "یہ ربط ایمبیڈ نہیں بن سکتا (صرف یوٹیوب، فیس بک، ایکس، انسٹاگرام، ٹک ٹاک اور ڈیلی موشن)؛ متن میں عام ربط کے طور پر رہے گا۔",
    checkFailed: "ربط جانچا نہیں جا سکا؛ دوبارہ کوشش کریں۔",
    insert: "لگائیں",
    save: "تبدیلی محفوظ کریں",
    cancel: "منسوخ کریں",
    edit: "ترمیم",
    editBlock: "بلاک میں ترمیم کریں",
    caption: "کیپشن (اختیاری؛ خالی ہو تو لائبریری کا کیپشن)",
    titles: {
      image: "متن میں تصویر", gallery: "تصاویر کی گیلری", embed: "ویڈیو یا پوسٹ ایمبیڈ کریں",
      pullquote: "نمایاں اقتباس", table: "جدول", related: "یہ بھی پڑھیں"
    },
    pickImage: "تصویر منتخب کریں",
    changeImage: "تصویر بدلیں",
    addImage: "تصویر شامل کریں",
    removeImage: "ہٹائیں",
    galleryCaption: "گیلری کا کیپشن (اختیاری)",
    galleryTooFew: "گیلری میں کم از کم دو تصویریں ہوں؛ ایک تصویر کے لیے «تصویر» کا بٹن استعمال کریں۔",
    embedURL: "ویڈیو یا پوسٹ کا ربط (URL)",
    embedHint: "یوٹیوب، فیس بک، ایکس (ٹوئٹر)، انسٹاگرام، ٹک ٹاک یا ڈیلی موشن سے۔",
    embedTitle: "عنوان (قارئین کو کلک سے پہلے یہی دکھے گا)",
    poster: "اپنی تصویر بطور پوسٹر (اختیاری)",
    noPoster: "کوئی پوسٹر نہیں",
    removePoster: "پوسٹر ہٹائیں",
    quote: "اقتباس (ہر پیراگراف نئی سطر میں)",
    quoteWho: "کس کا قول (اختیاری)",
    quoteEmpty: "اقتباس کے الفاظ لکھیں۔",
    tableCaption: "جدول کا عنوان (اختیاری)",
    tableRows: "خانے: ہر قطار ایک سطر میں، خانے | سے الگ (Excel سے چسپاں کریں تو ٹیب بھی چلے گا)",
    tableHeader: "پہلی قطار کالموں کے عنوان ہیں",
    tableEmpty: "جدول میں کم از کم ایک قطار لکھیں۔",
    tableSpans: "اس جدول کے کچھ خانے آپس میں ملے ہوئے ہیں؛ یہاں سے ترمیم کرنے پر وہ الگ الگ ہو جائیں گے۔",
    relatedSearch: "خبر کی سرخی سے تلاش کریں",
    relatedSearchButton: "تلاش",
    relatedNone: "اس سرخی سے کوئی خبر نہیں ملی۔",
    relatedChoose: "منتخب کریں",
    relatedChosen: "منتخب: ",
    relatedPick: "کوئی خبر منتخب کریں۔",
    relatedUnpublished: "یہ خبر ابھی شائع نہیں؛ شائع ہونے تک قارئین کو یہ خانہ نہیں دکھے گا۔",
    relatedFailed: "خبریں نہیں آ سکیں؛ دوبارہ کوشش کریں۔",
    video: "ویڈیو", post: "پوسٹ"
  };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] == null ? "" : String(values[k]); });
  }

  var el = Picker.el, pageToken = Picker.pageToken;

  function settings(editorEl) {
    var d = editorEl.dataset;
    return {
      uploadURL: d.uploadUrl || "/newsroom/media",
      uploadMax: Number(d.uploadMax) || 25 << 20,
      embedURL: d.embedUrl || "/newsroom/embed",
      articlesURL: d.articlesUrl || "/newsroom/articles/pick",
      articleID: d.articleId || ""
    };
  }

  function megabytes(n) {
    return Editor.urduDigits(Math.max(1, Math.round(n / (1 << 20))));
  }

  // getJSON fetches one of the newsroom's JSON answers; a refusal comes
  // back as {error}.
  function getJSON(url) {
    return fetch(url, { headers: { "X-Requested-With": "fetch", "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          data = data || {};
          if (!res.ok && !data.error) data.error = TEXT.checkFailed;
          return data;
        });
      });
  }

  /* ---- Putting blocks into the document ---------------------------- */

  // blockDoc parses stored block markup.
  function parseBlock(html) {
    return new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
  }

  // place puts a block attachment where range is (replacing what it
  // selects), or at the caret.
  function place(editorEl, attachment, range) {
    var editor = editorEl.editor;
    if (range) editor.setSelectedRange(range);
    editor.insertAttachment(attachment);
  }

  // placeNew puts a new block where range is, or at the caret, and the
  // caret on a line of its own after it: typed right beside a block, the
  // first letter stayed beside it and the rest went to a new line.
  function placeNew(editorEl, attachment, range) {
    place(editorEl, attachment, range);
    var editor = editorEl.editor;
    var at = editor.getSelectedRange()[1];
    var text = editor.getDocument().toString();
    if (text.charAt(at) === "\n" && text.charAt(at + 1) === "\n" && at + 2 < text.length) {
      editor.setSelectedRange(at + 1); // an empty line follows already
    } else {
      editor.insertLineBreak();
    }
  }

  // replace puts a block in the place of an attachment still in the
  // document; false when it is gone (deleted meanwhile).
  function replace(editorEl, old, attachment) {
    var range = editorEl.editor.getDocument().getRangeOfAttachment(old);
    if (!range) return false;
    place(editorEl, attachment, range);
    return true;
  }

  /* ---- Images dropped or pasted ------------------------------------ */

  document.addEventListener("trix-file-accept", function (event) {
    var f = event.file;
    var s = settings(event.target);
    if (IMAGE_TYPES.indexOf(f.type) < 0) {
      event.preventDefault();
      Editor.say(fill(TEXT.notImage, { name: f.name || "فائل" }), "error");
    } else if (f.size > s.uploadMax) {
      event.preventDefault();
      Editor.say(fill(TEXT.tooLarge, { name: f.name || "تصویر", size: megabytes(f.size), max: megabytes(s.uploadMax) }), "error");
    }
  });

  // Trix shows the file in place with a progress bar while it uploads;
  // the stored library image then takes its place as an image block.
  document.addEventListener("trix-attachment-add", function (event) {
    var a = event.attachment;
    if (!a.file) return;
    var editorEl = event.target;
    var s = settings(editorEl);
    var name = a.file.name || "تصویر";
    var data = new FormData();
    data.append("csrf", pageToken());
    data.append("files", a.file, name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", s.uploadURL);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("X-CSRF-Token", pageToken());
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) a.setUploadProgress(Math.round((e.loaded / e.total) * 100));
    };
    var done = function (body) {
      var r = body && body.results && body.results[0];
      if (!r || r.error || !r.id) {
        a.remove();
        Editor.say(fill(TEXT.uploadFailed, { name: name, why: (r && r.error) || (body && body.error) || TEXT.uploadRetry }), "error");
        return;
      }
      var html = '<figure data-block="image" data-media="' + Number(r.id) + '"></figure>';
      if (replace(editorEl, a, Editor.blockAttachment(html, TEXT.titles.image + ": " + name, r.thumb))) Editor.say(TEXT.uploaded);
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* a proxy's error page */ }
      done(body);
    };
    xhr.onerror = function () { done(null); };
    xhr.send(data);
  });

  /* ---- Addresses pasted -------------------------------------------- */

  // A paste that is one web address alone: if it is a post or video the
  // site can embed, it becomes an embed block at once and the dialog asks
  // for its title; any other address stays a link, and the reporter is
  // told why.
  var pendingURL = new WeakMap();
  document.addEventListener("trix-before-paste", function (event) {
    var paste = event.paste;
    if (!paste) return;
    var text = "";
    if (paste.type === "text/plain") {
      text = paste.string || "";
    } else if (paste.type === "text/html" && paste.html) {
      // A link that shows its own address (copied from a page or a chat).
      var body = new DOMParser().parseFromString(paste.html, "text/html").body;
      if (body.querySelectorAll("a").length === 1) text = body.textContent;
    }
    text = text.trim();
    if (!/^https?:\/\/\S+$/i.test(text) || text.length > 2048) return;
    var editor = event.target.editor;
    pendingURL.set(event.target, { url: text, start: editor.getSelectedRange()[0] });
  });
  document.addEventListener("trix-paste", function (event) {
    var editorEl = event.target;
    var p = pendingURL.get(editorEl);
    if (!p) return;
    pendingURL.delete(editorEl);
    var s = settings(editorEl);
    getJSON(s.embedURL + "?url=" + encodeURIComponent(p.url)).then(function (data) {
      if (!data.url) {
        // Not a provider's post: it stays a link, which is no mistake.
        if (data.error && data.error !== TEXT.checkFailed) Editor.say(TEXT.notEmbed);
        else Editor.say(TEXT.checkFailed, "error");
        return;
      }
      // The pasted address is still where it went in: it gives way to the block.
      var range = [p.start, p.start + p.url.length];
      var doc = editorEl.editor.getDocument();
      if (doc.getStringAtRange(range) !== p.url) return;
      var html = '<figure data-block="embed" data-url="' + escapeAttr(data.url) + '"></figure>';
      var attachment = Editor.blockAttachment(html, "ایمبیڈ: " + data.name + " " + kindWord(data));
      place(editorEl, attachment, range);
      Editor.say(fill(TEXT.embedded, { name: data.name, what: kindWord(data) }));
      openDialog(editorEl, "embed", attachment, { focus: "title", fresh: true });
    }).catch(function () { Editor.say(TEXT.checkFailed, "error"); });
  });

  function kindWord(e) {
    return e.kind === "post" ? TEXT.post : TEXT.video;
  }

  function escapeAttr(s) {
    return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function escapeText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* ---- The block dialog --------------------------------------------- */

  // Each kind of block has a form: build(form, block) fills it from the
  // stored block (null for a new one) and returns read(), which gives the
  // block's markup, {error} to show, or a Promise of either.
  var kinds = {};

  // field adds a labelled input or textarea.
  function field(form, tag, name, label, value, attrs) {
    var id = "nr-block-" + name;
    var wrap = el("div", { "class": "nr-block-field" });
    wrap.append(el("label", { "for": id }, label));
    var input = el(tag, Object.assign({ id: id, name: name, dir: "auto" }, attrs || {}));
    input.value = value || "";
    wrap.append(input);
    form.append(wrap);
    return input;
  }

  function text(node, sel) {
    var n = node && node.querySelector(sel);
    return n ? n.textContent.trim() : "";
  }

  // imageChooser is a button that opens the media picker, with the chosen
  // image shown beside it. get() is the chosen id, or 0.
  function imageChooser(form, label, id, onChange) {
    var box = el("div", { "class": "nr-block-image" });
    var shown = el("span", { "class": "nr-block-chosen" });
    var button = el("button", { type: "button", "class": "btn btn-small" }, label);
    var chosen = { id: Number(id) || 0 };
    function show(item) {
      shown.textContent = "";
      if (!chosen.id) return;
      if (item && item.thumb) shown.append(el("img", { src: item.thumb, alt: "", "class": "nr-block-thumb" }));
      shown.append(document.createTextNode(item ? (item.caption || item.filename || "") : TEXT.titles.image + " " + Editor.urduDigits(chosen.id)));
    }
    button.addEventListener("click", function () {
      Picker.pickImage({ selected: chosen.id, opener: button }, function (item) {
        chosen.id = item.id;
        chosen.item = item;
        show(item);
        if (onChange) onChange(item);
      });
    });
    box.append(button, shown);
    form.append(box);
    show(null);
    return {
      get: function () { return chosen.id; },
      item: function () { return chosen.item; },
      clear: function () { chosen.id = 0; chosen.item = null; show(null); },
      button: button
    };
  }

  kinds.image = function (form, block) {
    var image = imageChooser(form, block ? TEXT.changeImage : TEXT.pickImage, block && block.getAttribute("data-media"));
    var caption = field(form, "input", "caption", TEXT.caption, text(block, "figcaption"));
    return {
      first: block ? caption : image.button,
      read: function () {
        if (!image.get()) return { error: TEXT.pickImage };
        return {
          html: '<figure data-block="image" data-media="' + image.get() + '">' +
            (caption.value.trim() ? "<figcaption>" + escapeText(caption.value.trim()) + "</figcaption>" : "") + "</figure>",
          thumb: image.item() && image.item().thumb
        };
      }
    };
  };

  kinds.gallery = function (form, block) {
    var list = el("ol", { "class": "nr-block-gallery" });
    var images = [];
    function row(id, caption, item) {
      var li = el("li");
      var entry = { id: Number(id), caption: caption || "" };
      if (item && item.thumb) li.append(el("img", { src: item.thumb, alt: "", "class": "nr-block-thumb" }));
      li.append(document.createTextNode((item && (item.caption || item.filename)) || caption || TEXT.titles.image + " " + Editor.urduDigits(id)));
      var remove = el("button", { type: "button", "class": "btn btn-small" }, TEXT.removeImage);
      remove.addEventListener("click", function () {
        images.splice(images.indexOf(entry), 1);
        li.remove();
        add.focus();
      });
      li.append(" ", remove);
      images.push(entry);
      list.append(li);
    }
    if (block) {
      block.querySelectorAll(":scope > figure[data-block=image]").forEach(function (f) {
        row(f.getAttribute("data-media"), text(f, "figcaption"));
      });
    }
    form.append(list);
    var add = el("button", { type: "button", "class": "btn btn-small" }, TEXT.addImage);
    add.addEventListener("click", function () {
      Picker.pickImage({ opener: add }, function (item) { row(item.id, "", item); });
    });
    form.append(add);
    var caption = field(form, "input", "caption", TEXT.galleryCaption, text(block, ":scope > figcaption"));
    return {
      first: add,
      read: function () {
        if (images.length < 2) return { error: TEXT.galleryTooFew };
        return {
          html: '<figure data-block="gallery">' + images.map(function (im) {
            return '<figure data-block="image" data-media="' + im.id + '">' + (im.caption ? "<figcaption>" + escapeText(im.caption) + "</figcaption>" : "") + "</figure>";
          }).join("") + (caption.value.trim() ? "<figcaption>" + escapeText(caption.value.trim()) + "</figcaption>" : "") + "</figure>"
        };
      }
    };
  };

  kinds.embed = function (form, block, editorEl) {
    var url = field(form, "input", "url", TEXT.embedURL, block && block.getAttribute("data-url"), { type: "url", dir: "ltr", "aria-describedby": "nr-block-url-hint", required: "" });
    url.parentNode.append(el("p", { id: "nr-block-url-hint", "class": "hint" }, TEXT.embedHint));
    var title = field(form, "input", "title", TEXT.embedTitle, text(block, "figcaption"));
    form.append(el("p", { "class": "nr-block-label" }, TEXT.poster));
    var poster = imageChooser(form, TEXT.pickImage, block && block.getAttribute("data-poster"));
    var clear = el("button", { type: "button", "class": "btn btn-small" }, TEXT.removePoster);
    clear.addEventListener("click", function () { poster.clear(); });
    poster.button.after(" ", clear);
    return {
      first: url, title: title,
      read: function () {
        return getJSON(settings(editorEl).embedURL + "?url=" + encodeURIComponent(url.value.trim())).then(function (data) {
          if (!data.url) return { error: data.error || TEXT.checkFailed, field: url };
          var t = title.value.trim();
          return {
            html: '<figure data-block="embed" data-url="' + escapeAttr(data.url) + '"' + (poster.get() ? ' data-poster="' + poster.get() + '"' : "") + ">" +
              (t ? "<figcaption>" + escapeText(t) + "</figcaption>" : "") + "</figure>",
            description: "ایمبیڈ: " + (t || data.name + " " + kindWord(data)) + " (" + data.name + ")"
          };
        });
      }
    };
  };

  kinds.pullquote = function (form, block) {
    var paras = block ? Array.prototype.map.call(block.querySelectorAll("blockquote p"), function (p) { return p.textContent.trim(); }) : [];
    var quote = field(form, "textarea", "quote", TEXT.quote, paras.join("\n"), { rows: "4", lang: "ur", dir: "rtl" });
    var who = field(form, "input", "who", TEXT.quoteWho, text(block, ":scope > figcaption"), { lang: "ur", dir: "rtl" });
    return {
      first: quote,
      read: function () {
        var lines = quote.value.split(/\n+/).map(function (l) { return l.trim(); }).filter(Boolean);
        if (!lines.length) return { error: TEXT.quoteEmpty, field: quote };
        return {
          html: '<figure data-block="pullquote"><blockquote>' + lines.map(function (l) { return "<p>" + escapeText(l) + "</p>"; }).join("") + "</blockquote>" +
            (who.value.trim() ? "<figcaption>" + escapeText(who.value.trim()) + "</figcaption>" : "") + "</figure>"
        };
      }
    };
  };

  kinds.table = function (form, block) {
    var rows = [], header = true;
    if (block) {
      header = !!block.querySelector("thead");
      block.querySelectorAll("tr").forEach(function (tr) {
        rows.push(Array.prototype.map.call(tr.cells, function (c) { return c.textContent.trim().replace(/\|/g, "/"); }).join(" | "));
      });
      if (block.querySelector("[colspan], [rowspan]")) form.append(el("p", { "class": "hint" }, TEXT.tableSpans));
    }
    var caption = field(form, "input", "caption", TEXT.tableCaption, text(block, "caption"), { lang: "ur", dir: "rtl" });
    var cells = field(form, "textarea", "cells", TEXT.tableRows, rows.join("\n"), { rows: "8", lang: "ur", dir: "rtl" });
    var wrap = el("div", { "class": "nr-block-check" });
    var head = el("input", { type: "checkbox", id: "nr-block-header" });
    head.checked = header;
    wrap.append(head, el("label", { "for": "nr-block-header" }, TEXT.tableHeader));
    form.append(wrap);
    return {
      first: block ? cells : caption,
      read: function () {
        var lines = cells.value.split(/\n/).filter(function (l) { return l.trim(); }).map(function (l) {
          return l.split(/\t|\|/).map(function (c) { return escapeText(c.trim()); });
        });
        if (!lines.length) return { error: TEXT.tableEmpty, field: cells };
        var width = Math.max.apply(null, lines.map(function (l) { return l.length; }));
        var tr = function (cells, tag) {
          while (cells.length < width) cells.push("");
          return "<tr>" + cells.map(function (c) { return "<" + tag + ">" + c + "</" + tag + ">"; }).join("") + "</tr>";
        };
        var out = "<table>" + (caption.value.trim() ? "<caption>" + escapeText(caption.value.trim()) + "</caption>" : "");
        if (head.checked && lines.length > 1) out += "<thead>" + tr(lines.shift(), "th") + "</thead>";
        out += "<tbody>" + lines.map(function (l) { return tr(l, "td"); }).join("") + "</tbody></table>";
        return { html: out };
      }
    };
  };

  kinds.related = function (form, block, editorEl) {
    var s = settings(editorEl);
    var chosen = { id: block ? Number(block.getAttribute("data-article")) : 0, headline: "" };
    var row = el("div", { "class": "nr-block-search" });
    var q = field(row, "input", "q", TEXT.relatedSearch, "", { type: "search", lang: "ur", dir: "rtl" });
    var go = el("button", { type: "button", "class": "btn btn-small" }, TEXT.relatedSearchButton);
    row.append(go);
    form.append(row);
    var status = el("p", { "class": "nr-block-chosen", role: "status" });
    var results = el("ul", { "class": "nr-block-results" });
    form.append(status, results);
    if (chosen.id) status.textContent = TEXT.relatedChosen + TEXT.titles.related + " " + Editor.urduDigits(chosen.id);
    function search() {
      var url = s.articlesURL + "?q=" + encodeURIComponent(q.value.trim()) + (s.articleID ? "&not=" + encodeURIComponent(s.articleID) : "");
      getJSON(url).then(function (data) {
        results.textContent = "";
        if (data.error) { status.textContent = data.error; return; }
        if (!data.items || !data.items.length) { status.textContent = TEXT.relatedNone; return; }
        data.items.forEach(function (it) {
          var li = el("li");
          var b = el("button", { type: "button", "class": "btn btn-small" }, TEXT.relatedChoose);
          b.setAttribute("aria-describedby", "nr-related-" + it.id);
          b.addEventListener("click", function () {
            chosen = { id: it.id, headline: it.headline };
            status.textContent = TEXT.relatedChosen + it.headline + (it.status !== "published" ? " — " + TEXT.relatedUnpublished : "");
            q.focus();
          });
          li.append(el("bdi", { id: "nr-related-" + it.id, lang: it.language }, it.headline), " ", el("small", null, "(" + [it.section, it.status_label].join(" · ") + ")"), " ", b);
          results.append(li);
        });
      }).catch(function () { status.textContent = TEXT.relatedFailed; });
    }
    var timer = 0;
    q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
    q.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(); } });
    go.addEventListener("click", search);
    return {
      first: q,
      read: function () {
        if (!chosen.id) return { error: TEXT.relatedPick, field: q };
        return {
          html: '<aside data-block="related" data-article="' + chosen.id + '"></aside>',
          description: TEXT.titles.related + ": " + (chosen.headline || Editor.urduDigits(chosen.id))
        };
      }
    };
  };

  var dialog; // one <dialog>, rebuilt for each use

  // openDialog asks for a block's details. attachment is the block being
  // edited, or null for a new one (inserted at the caret as it was).
  function openDialog(editorEl, kind, attachment, options) {
    options = options || {};
    if (dialog && dialog.open) return;
    var range = editorEl.editor.getSelectedRange();
    var block = attachment ? parseBlock(attachment.getAttribute("block")) : null;
    if (dialog) dialog.remove();
    dialog = el("dialog", { "class": "nr-block-dialog", "aria-labelledby": "nr-block-heading", dir: "rtl", lang: "ur" });
    var form = el("form", { method: "dialog", novalidate: "" });
    form.append(el("h2", { id: "nr-block-heading" }, TEXT.titles[kind]));
    var body = el("div", { "class": "nr-block-fields" });
    form.append(body);
    var ui = kinds[kind](body, block, editorEl);
    var error = el("p", { "class": "nr-block-error", role: "alert" });
    var actions = el("div", { "class": "nr-block-actions" });
    var ok = el("button", { type: "submit", "class": "btn btn-primary" }, attachment && !options.fresh ? TEXT.save : TEXT.insert);
    var cancel = el("button", { type: "button", "class": "btn" }, TEXT.cancel);
    actions.append(ok, cancel);
    form.append(error, actions);
    dialog.append(form);
    document.body.append(dialog);
    var opener = options.opener || document.activeElement;
    var close = function () {
      dialog.close();
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
      else editorEl.focus();
    };
    cancel.addEventListener("click", close);
    dialog.addEventListener("cancel", function (e) { e.preventDefault(); close(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      ok.disabled = true;
      error.textContent = "";
      Promise.resolve(ui.read()).then(function (got) {
        ok.disabled = false;
        if (got.error) {
          error.textContent = got.error;
          if (got.field) got.field.focus();
          return;
        }
        var next = Editor.blockAttachment(got.html, got.description, got.thumb);
        dialog.close();
        editorEl.focus();
        if (!attachment || !replace(editorEl, attachment, next)) placeNew(editorEl, next, range);
      }).catch(function () {
        ok.disabled = false;
        error.textContent = TEXT.checkFailed;
      });
    });
    dialog.showModal();
    (options.focus && ui[options.focus] || ui.first).focus();
  }

  /* ---- Toolbar buttons and each block's «ترمیم» ---------------------- */

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-akhbar-block]");
    if (!button) return;
    var toolbar = button.closest("trix-toolbar");
    var editorEl = toolbar && document.querySelector('trix-editor[toolbar="' + toolbar.id + '"]');
    if (!editorEl || !editorEl.editor) return;
    var kind = button.getAttribute("data-akhbar-block");
    if (kind === "image") {
      // The picker is the dialog: search, upload in place, choose.
      var range = editorEl.editor.getSelectedRange();
      Picker.pickImage({ title: TEXT.titles.image, opener: button }, function (item) {
        editorEl.focus();
        placeNew(editorEl, Editor.blockAttachment('<figure data-block="image" data-media="' + Number(item.id) + '"></figure>',
          TEXT.titles.image + (item.caption ? ": " + item.caption : ""), item.thumb), range);
      });
      return;
    }
    openDialog(editorEl, kind, null, { opener: button });
  });

  document.addEventListener("trix-attachment-before-toolbar", function (event) {
    var a = event.attachment;
    if (a.getContentType() !== Editor.BLOCK_TYPE) return;
    var block = parseBlock(a.getAttribute("block") || "");
    var kind = block && (block.tagName === "TABLE" ? "table" : block.getAttribute("data-block"));
    if (!kinds[kind]) return;
    var group = event.toolbar.querySelector(".trix-button-group") || event.toolbar;
    var edit = el("button", { type: "button", "class": "trix-button nr-block-edit", title: TEXT.editBlock }, TEXT.edit);
    var editorEl = event.target.closest("trix-editor");
    edit.addEventListener("click", function (e) {
      e.preventDefault();
      openDialog(editorEl, kind, a, { opener: editorEl });
    });
    group.prepend(edit);
  });
})();
