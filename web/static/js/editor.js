/* Akhbar newsroom: the article editor.
 *
 * Configures the vendored Trix 2 (web/static/vendor/trix/) for Urdu news
 * writing, and adds autosave, an unsaved-changes warning and a word count.
 * Plain ES2017, no build step. Load it with `defer` right after
 * trix.umd.min.js (also `defer`):
 *
 *   <script src="…/trix.umd.min.js" defer></script>
 *   <script src="…/editor.js" defer></script>
 *
 * Trix defines <trix-editor> in a setTimeout after its script runs, so this
 * configuration normally lands before any editor starts. Should an editor
 * have started first anyway, it is rebuilt once (see rebuildEarlyEditors).
 */
(function () {
  "use strict";

  var Trix = window.Trix;
  if (!Trix) return;
  var config = Trix.config;

  /* ---- Blocks ------------------------------------------------------- */

  // Plain text blocks are <p>, not <div>.
  config.blockAttributes.default.tagName = "p";
  config.blockAttributes.default.breakOnReturn = true;

  // Trix 2 only reads breakOnReturn from a block's *last attribute*
  // (Block#breaksOnReturn → getBlockConfig(this.getLastAttribute())). A plain
  // paragraph has no attributes, so the setting above is ignored and Return
  // adds a <br> inside the same <p>. These two overrides make a plain block
  // use the default config, as proposed upstream in basecamp/trix#202:
  // Return starts a new <p>; Shift+Return still inserts a line break.
  var Block = Trix.models.Block;
  var blockBreaksOnReturn = Block.prototype.breaksOnReturn;
  Block.prototype.breaksOnReturn = function () {
    if (this.hasAttributes()) return blockBreaksOnReturn.call(this);
    return Boolean(config.blockAttributes.default.breakOnReturn);
  };
  var LineBreakInsertion = Trix.models.LineBreakInsertion;
  var shouldInsertBlockBreak = LineBreakInsertion.prototype.shouldInsertBlockBreak;
  LineBreakInsertion.prototype.shouldInsertBlockBreak = function () {
    // Stock Trix refuses when the caret sits just before a soft line break.
    if (!this.block.hasAttributes()) return Boolean(this.breaksOnReturn);
    return shouldInsertBlockBreak.call(this);
  };

  // The heading button makes a subheading: the headline is the page's <h1>.
  config.blockAttributes.heading1.tagName = "h2";

  // News copy has no use for code blocks or strikethrough (and the server's
  // sanitizer drops <pre> and <del>); pasted ones become plain text.
  delete config.blockAttributes.code;
  delete config.textAttributes.strike;

  /* ---- Urdu labels (every key of Trix 2's lang config) -------------- */

  Object.assign(config.lang, {
    attachFiles: "فائل منسلک کریں",
    bold: "جلی",
    bullets: "فہرست",
    byte: "بائٹ",
    bytes: "بائٹس",
    captionPlaceholder: "کیپشن لکھیں…",
    code: "کوڈ",
    heading1: "ذیلی سرخی",
    indent: "درجہ بڑھائیں",
    italic: "ترچھا",
    link: "ربط",
    numbers: "نمبر وار فہرست",
    outdent: "درجہ گھٹائیں",
    quote: "اقتباس",
    redo: "دوبارہ",
    remove: "ہٹائیں",
    strike: "قلم زد",
    undo: "واپس",
    unlink: "ربط ہٹائیں",
    url: "ربط (URL)",
    urlPlaceholder: "ربط (URL) درج کریں"
  });

  // The toolbar: Trix's own markup minus strikethrough, code and the attach
  // group; the link dialog's apply button says «ربط لگائیں» (lang.link is
  // also the toolbar tooltip, where «ربط» alone reads better).
  var defaultToolbarHTML = config.toolbar.getDefaultHTML;
  config.toolbar.getDefaultHTML = function () {
    var tpl = document.createElement("template");
    tpl.innerHTML = defaultToolbarHTML.call(this);
    var unwanted = '[data-trix-attribute="strike"], [data-trix-attribute="code"], [data-trix-button-group="file-tools"]';
    tpl.content.querySelectorAll(unwanted).forEach(function (el) { el.remove(); });
    var apply = tpl.content.querySelector('[data-trix-method="setAttribute"]');
    if (apply) apply.setAttribute("value", "ربط لگائیں");
    // Story blocks (storyblocks.js): worded buttons, reachable with Tab.
    var row = tpl.content.querySelector(".trix-button-row");
    if (row) {
      var group = document.createElement("span");
      group.className = "trix-button-group nr-block-tools";
      group.setAttribute("data-trix-button-group", "block-tools");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "خبر کے بلاک");
      BLOCK_BUTTONS.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "trix-button nr-block-button";
        button.setAttribute("data-akhbar-block", b[0]);
        button.textContent = b[1];
        group.appendChild(button);
      });
      row.insertBefore(group, row.querySelector(".trix-button-group-spacer"));
    }
    return tpl.innerHTML;
  };
  var BLOCK_BUTTONS = [
    ["image", "تصویر"], ["gallery", "گیلری"], ["embed", "ویڈیو یا پوسٹ"],
    ["pullquote", "نمایاں اقتباس"], ["table", "جدول"], ["related", "یہ بھی پڑھیں"]
  ];

  /* ---- No attachments, except story blocks ------------------------- */

  // Story blocks (images, galleries, embeds, pull quotes, tables, related
  // boxes; docs/body-format.md) are markup Trix does not know and would
  // drop. Each rides through the editor as a content attachment holding
  // the stored block in its "block" attribute, shown as a short Urdu
  // description; the server unwraps it (content.TrixBlockType). It can be
  // moved or deleted like a picture in a word processor, and edited with
  // the «ترمیم» button storyblocks.js adds to its toolbar.
  var BLOCK_TYPE = "application/vnd.akhbar.block+html";

  function describeBlock(el) {
    var text = function (sel) {
      var n = el.querySelector(sel);
      return n ? n.textContent.trim() : "";
    };
    switch (el.tagName === "TABLE" ? "table" : el.getAttribute("data-block")) {
      case "image": return "تصویر" + (text("figcaption") ? ": " + text("figcaption") : "");
      case "gallery": return "تصاویر کی گیلری (" + urduDigits(el.querySelectorAll("figure[data-block=image]").length) + " تصاویر)" + (text(":scope > figcaption") ? ": " + text(":scope > figcaption") : "");
      case "embed": return "ایمبیڈ: " + (text("figcaption") || el.getAttribute("data-url") || "");
      case "pullquote": return "نمایاں اقتباس: " + text("blockquote");
      case "table": return "جدول (" + urduDigits(el.querySelectorAll("tr").length) + " قطاریں)" + (text("caption") ? ": " + text("caption") : "");
      case "related": return "یہ بھی پڑھیں: منسلک خبر";
    }
    return "";
  }

  // urduDigits writes a number in Urdu digits, as the newsroom does.
  function urduDigits(n) {
    return String(n).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; });
  }

  // blockPreview is what the editor shows for a block: its description,
  // after a thumbnail when one is known (thumb, a /media/ address).
  function blockPreview(description, thumb) {
    var preview = document.createElement("span");
    preview.className = "nr-block";
    if (thumb) {
      var img = document.createElement("img");
      img.src = thumb;
      img.alt = "";
      img.className = "nr-block-thumb";
      preview.appendChild(img);
    }
    preview.appendChild(document.createTextNode(description || "بلاک"));
    return preview.outerHTML;
  }

  // blockAttachment wraps stored block markup for the editor.
  function blockAttachment(html, description, thumb) {
    if (description == null) {
      var el = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
      description = el ? describeBlock(el) : "";
    }
    return new Trix.Attachment({ contentType: BLOCK_TYPE, content: blockPreview(description, thumb), block: html });
  }

  function wrapBlocks(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var blocks = doc.body.querySelectorAll(":scope > figure[data-block], :scope > aside[data-block], :scope > table");
    if (!blocks.length) return html;
    blocks.forEach(function (el) {
      var fig = doc.createElement("figure");
      fig.setAttribute("data-trix-attachment", JSON.stringify({ contentType: BLOCK_TYPE, content: blockPreview(describeBlock(el)), block: el.outerHTML }));
      fig.setAttribute("data-trix-content-type", BLOCK_TYPE);
      el.replaceWith(fig);
    });
    return doc.body.innerHTML;
  }

  window.AkhbarEditor = { BLOCK_TYPE: BLOCK_TYPE, blockAttachment: blockAttachment, describeBlock: describeBlock, wrapBlocks: wrapBlocks, urduDigits: urduDigits };

  // Files are refused unless storyblocks.js takes image files in…
  document.addEventListener("trix-file-accept", function (event) {
    if (!window.AkhbarBlocks) event.preventDefault();
  });
  // …and anything else that still becomes an attachment (an <img> in
  // dropped HTML) is taken out again once Trix has finished adding it.
  document.addEventListener("trix-attachment-add", function (event) {
    var a = event.attachment;
    if (a.getContentType() === BLOCK_TYPE || (a.file && window.AkhbarBlocks)) return;
    setTimeout(function () { a.remove(); }, 0);
  });

  /* ---- Paste -------------------------------------------------------- */

  // HTML (Word, web pages): Trix already parses it into its own model and
  // drops classes and styles; every block-level element, e.g. Word's
  // <p class="MsoNormal" style="…">, becomes a paragraph of its own
  // (HTMLParser#isBlockElement). We only drop images and make every heading
  // level a subheading.
  function subheadings(body) {
    body.querySelectorAll("h1, h3, h4, h5, h6").forEach(function (h) {
      var h2 = body.ownerDocument.createElement("h2");
      while (h.firstChild) h2.appendChild(h.firstChild);
      h.replaceWith(h2);
    });
  }
  function cleanPastedHTML(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.querySelectorAll("img, picture, svg, video, audio, iframe, object, embed").forEach(function (el) { el.remove(); });
    // Word's spacer paragraphs (<p class=MsoNormal><o:p>&nbsp;</o:p></p>).
    doc.body.querySelectorAll("p").forEach(function (p) {
      if (!p.textContent.trim()) p.remove();
    });
    subheadings(doc.body);
    // Tables (Excel, Word, a web page) become table blocks, each moved out
    // of whatever it was in; the server keeps their rows and header.
    doc.body.querySelectorAll("table").forEach(function (t) {
      if (t.parentElement.closest("table")) return;
      var top = t;
      while (top.parentElement !== doc.body) top = top.parentElement;
      if (top !== t) top.after(t);
    });
    return wrapBlocks(doc.body.innerHTML);
  }

  // A paste this large is a mistake (a whole file, a log): a long story is
  // some 50 KB of text. It is refused, and nothing already written is lost.
  var MAX_PASTE = 1 << 20;

  // say shows a message about the body under the editor (#editor-message);
  // kind "error" for input refused.
  function say(text, kind) {
    var out = document.getElementById("editor-message");
    if (!out) return;
    out.textContent = "";
    out.classList.toggle("error", kind === "error");
    // A fresh text node, so screen readers announce a repeated message.
    setTimeout(function () { out.textContent = text; }, 50);
  }
  window.AkhbarEditor.say = say;

  // Plain text (InPage, Notepad, e-mail): Trix would insert the whole text
  // into one paragraph with <br>s. Each non-empty line becomes a <p> instead.
  function escapeHTML(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  var pendingPlainText = new WeakMap();

  document.addEventListener("trix-before-paste", function (event) {
    var paste = event.paste;
    if (!paste) return;
    var size = Math.max((paste.html || "").length, (paste.string || "").length);
    if (size > MAX_PASTE) {
      paste.html = "";
      paste.string = "";
      say("چسپاں کیا گیا متن بہت بڑا ہے (تقریباً " + urduDigits(Math.round(size / (1 << 20))) + " ایم بی)، اس لیے نہیں لگایا گیا؛ پہلے سے لکھا متن جوں کا توں ہے۔ ایک بار میں " + urduDigits(MAX_PASTE >> 20) + " ایم بی تک متن چسپاں کریں۔", "error");
      return;
    }
    if (paste.type === "text/html" && paste.html) {
      paste.html = cleanPastedHTML(paste.html);
    } else if (paste.type === "text/plain" && /[\r\n]/.test(paste.string || "")) {
      var lines = paste.string.split(/\r\n|\r|\n/).filter(function (l) { return l.trim() !== ""; });
      if (lines.length > 1) {
        pendingPlainText.set(event.target, lines);
        paste.string = ""; // Trix inserts this (replacing the selection)…
      }
    }
  });
  document.addEventListener("trix-paste", function (event) {
    var lines = pendingPlainText.get(event.target);
    if (!lines) return;
    pendingPlainText.delete(event.target);
    var editor = event.target.editor;
    var html = lines.map(function (l) { return "<p>" + escapeHTML(l) + "</p>"; }).join("");
    // …and then the lines go in as paragraphs. Trix is still inside its own
    // input handling here (and would not render), hence the next task; the
    // undo entry Trix recorded for the paste covers this too.
    setTimeout(function () { editor.insertHTML(html); }, 0);
  });

  /* ---- Each editor -------------------------------------------------- */

  document.addEventListener("trix-before-initialize", function (event) {
    var el = event.target;
    // Right-to-left Urdu by default; the template sets these too.
    if (!el.hasAttribute("dir")) el.setAttribute("dir", "rtl");
    if (!el.hasAttribute("lang")) el.setAttribute("lang", "ur");
    // A stored <h1> (older bodies) would otherwise load as a bold paragraph.
    var input = el.inputElement;
    if (input && /<h[13-6][\s>]/i.test(input.value)) {
      var doc = new DOMParser().parseFromString(input.value, "text/html");
      subheadings(doc.body);
      input.value = doc.body.innerHTML;
    }
    // Story blocks load as attachments, or Trix would drop them.
    if (input && /data-block=|<table[\s>]/i.test(input.value)) input.value = wrapBlocks(input.value);
  });

  // Rebuild any editor that started before this file ran: its toolbar and
  // document were made with Trix's defaults.
  function rebuildEarlyEditors() {
    document.querySelectorAll("trix-editor").forEach(function (old) {
      if (!old.editor) return;
      var fresh = document.createElement("trix-editor");
      Array.from(old.attributes).forEach(function (a) {
        if (!/^(toolbar|contenteditable|role|trix-id|connected)$/.test(a.name)) fresh.setAttribute(a.name, a.value);
      });
      var toolbar = old.toolbarElement;
      if (toolbar && toolbar.id.indexOf("trix-toolbar-") === 0) toolbar.remove();
      old.replaceWith(fresh); // reads the hidden input's value again
    });
  }

  /* ---- Word count --------------------------------------------------- */

  function updateWordCount(editorEl) {
    var out = document.getElementById("word-count");
    if (!out || !editorEl.editor) return;
    var text = editorEl.editor.getDocument().toString();
    var n = text.split(/\s+/).filter(Boolean).length;
    out.textContent = n === 1 ? "1 لفظ" : n + " الفاظ";
  }
  document.addEventListener("trix-initialize", function (e) { updateWordCount(e.target); });
  document.addEventListener("trix-change", function (e) { updateWordCount(e.target); });

  /* ---- Autosave and the unsaved-changes warning --------------------- */

  var AUTOSAVE_EVERY = 20000;
  var AUTOSAVE_FAILED = "خودکار محفوظ کاری ناکام رہی، دوبارہ کوشش جاری ہے";
  var AUTOSAVE_CONFLICT = "کسی اور نے یہ مضمون بدل دیا ہے؛ خودکار محفوظ کاری روک دی گئی۔";

  function setUpAutosave(form) {
    var url = form.dataset.autosaveUrl; // may be absent: warning only
    var status = document.getElementById("autosave-status");
    var saved; // snapshot of what the server has
    // The server showed text it has not stored (a refused save, a
    // proofing fix): nothing on screen counts as saved until it is.
    var unsaved = form.hasAttribute("data-unsaved");
    var stopped = false;
    var busy = false;
    var submitting = false;

    // Everything the writer can change: headline, strapline, body (the hidden
    // input Trix keeps up to date) and the rest of the form, which the server
    // saves too. Not the CSRF token or the version.
    function snapshot() {
      var parts = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrf" && name !== "version" && typeof value === "string") parts.push([name, value]);
      });
      return JSON.stringify(parts);
    }
    function show(text, kind) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("conflict", kind === "conflict");
      status.classList.toggle("error", kind === "error");
    }

    saved = unsaved ? null : snapshot();
    // Trix rewrites the hidden input in its own markup when it starts; that
    // is not a change by the writer.
    document.addEventListener("trix-initialize", function (e) {
      if (!unsaved && (e.target.form === form || form.contains(e.target))) saved = snapshot();
    });

    async function tick() {
      if (stopped || busy || submitting) return;
      var sent = snapshot();
      if (sent === saved) return;
      busy = true;
      try {
        // The whole form, URL-encoded like a normal submit: the server reads
        // it with ParseForm, which ignores multipart bodies (and so would not
        // see the csrf field in a bare FormData body).
        var res = await fetch(url, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
          credentials: "same-origin"
        });
        var data = await res.json().catch(function () { return {}; });
        if (res.ok && data && data.version != null) {
          saved = sent; // edits made while the request was out stay unsaved
          unsaved = false;
          var version = form.elements.namedItem("version");
          if (version) version.value = data.version;
          show(data.saved_at || "", "ok");
        } else if (res.status === 409) {
          stopped = true; // someone else saved: do not overwrite their work
          clearInterval(timer);
          show((data && data.error) || AUTOSAVE_CONFLICT, "conflict");
        } else {
          // Tried again on the next tick; the server's reason (e.g. a missing
          // section, answered with 422) is shown after the standard message.
          show(AUTOSAVE_FAILED + (data && data.error ? "۔ " + data.error : ""), "error");
        }
      } catch (err) {
        show(AUTOSAVE_FAILED, "error");
      } finally {
        busy = false;
      }
    }
    var timer = url ? setInterval(tick, AUTOSAVE_EVERY) : null;

    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pageshow", function () { submitting = false; }); // back from bfcache
    window.addEventListener("beforeunload", function (event) {
      if (submitting || snapshot() === saved) return;
      event.preventDefault();
      event.returnValue = ""; // older Chromium needs a value to show the prompt
    });
  }

  function start() {
    rebuildEarlyEditors();
    // A form without data-autosave-url (e.g. a published article) still gets
    // the unsaved-changes warning, just no autosave.
    var editorEl = document.querySelector("trix-editor");
    var form = document.querySelector("form[data-autosave-url]") || (editorEl && editorEl.closest("form"));
    if (form) setUpAutosave(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
