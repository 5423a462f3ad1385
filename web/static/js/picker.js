/* Akhbar newsroom: choosing images and articles by looking at them, never
 * by typing a number.
 *
 * AkhbarPicker.pickImage(options, onChoose) opens the image picker, a modal
 * <dialog>: the newest uploads first, a search box (type-ahead) over
 * caption, credit, alt text and file name, a grid of thumbnails with their
 * captions, paging, and upload in place (a new upload appears selected).
 * It calls onChoose(image) with the chosen image as /newsroom/media/pick
 * describes it: {id, thumb, thumb_width, thumb_height, width, height,
 * caption, credit, alt, filename, uploaded, uploaded_label, ready,
 * edit_url}; closing the dialog calls nothing. Options, all optional:
 *
 *   searchURL  the JSON search             (default "/newsroom/media/pick")
 *   uploadURL  where uploads go; "" hides upload   (default "/newsroom/media")
 *   csrf       the session's form token    (default: the page's csrf field)
 *   selected   the id of the image chosen now, marked in the grid
 *   title      the dialog's heading        (default «تصویر منتخب کریں»)
 *   opener     what gets focus back        (default: the focused element)
 *
 * The body editor can use it for body images the same way:
 *
 *   AkhbarPicker.pickImage({}, function (image) { insertFigure(image); });
 *
 * Keyboard: Down from the search box enters the grid; in the grid the arrow
 * keys move (left and right follow the page's direction), Home and End jump,
 * Enter chooses; Tab leaves the grid; Escape closes the dialog, and focus
 * returns to the opener.
 *
 * The editor's fields use it through markup alone: a [data-media-picker]
 * fieldset (the lead image) and a [data-article-picker] one ("translation
 * of", a headline search with suggestions from /newsroom/articles/pick).
 * Without script they work as radio choices with a search button (see
 * edit.html); here their no-script parts ([data-nojs]) are removed, their
 * script parts ([data-js]) shown and the hidden value fields enabled.
 * Load this file before editor.js: its unsaved-changes check then starts
 * from the form as changed here.
 *
 * Plain ES2017, no framework, no inline script or style (the newsroom's
 * Content-Security-Policy); the looks are in picker.css.
 */
(function () {
  "use strict";

  var TEXT = {
    title: "تصویر منتخب کریں",
    close: "بند کریں",
    help: "تیر کے بٹنوں سے تصویروں میں چلیں، Enter سے منتخب کریں، Escape سے بند کریں۔",
    search: "کیپشن، حوالے، متبادل متن یا فائل کے نام سے تلاش کریں",
    grid: "تصاویر",
    loading: "تصاویر آ رہی ہیں…",
    loadFailed: "تصاویر نہیں آ سکیں؛ دوبارہ کوشش کریں۔",
    prev: "پچھلا صفحہ",
    next: "اگلا صفحہ",
    upload: "نئی تصویر اپ لوڈ کریں (JPEG، PNG، WebP یا GIF)",
    uploading: "اپ لوڈ جاری ہے…",
    uploadFailed: "اپ لوڈ ناکام رہا؛ دوبارہ کوشش کریں۔",
    uploaded: "تصویر اپ لوڈ ہو گئی اور منتخب ہے۔ لگانے کے لیے Enter یا «یہ تصویر لگائیں» دبائیں؛ شائع کرنے سے پہلے اس کا کیپشن، حوالہ اور متبادل متن لکھنا ہوگا۔",
    choose: "یہ تصویر لگائیں",
    cancel: "منسوخ کریں",
    noCaption: "کیپشن نہیں",
    credit: "تصویر: ",
    todo: "کیپشن، حوالہ یا متبادل متن باقی",
    noneChosen: "کوئی تصویر منتخب نہیں؛ صفحے پر سرخی کا پہلا حرف دکھایا جائے گا۔",
    noCaptionYet: "کیپشن ابھی نہیں لکھا گیا",
    writeWords: "اس تصویر کا کیپشن، حوالہ اور متبادل متن لکھیں",
    required: " (شائع کرنے کے لیے ضروری)",
    original: "یہ اصل مضمون ہے، کسی کا ترجمہ نہیں۔",
    translationOf: "ترجمہ ہے: ",
    suggestions: "ملتے جلتے مضامین: اوپر نیچے کے تیروں سے چنیں اور Enter دبائیں۔",
    noArticles: "اس سرخی سے کوئی مضمون نہیں ملا۔",
    articlesFailed: "مضامین نہیں آ سکے؛ دوبارہ کوشش کریں۔",
    originalChosen: "اصل مضمون منتخب ہو گیا: ",
    originalRemoved: "ترجمے کا ربط ہٹا دیا گیا۔"
  };

  /* ---- Small helpers ------------------------------------------------ */

  // el makes an element with attributes and, optionally, text.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function pageToken() {
    var f = document.querySelector('input[name="csrf"]');
    return f ? f.value : "";
  }

  // getJSON fetches url as the newsroom's scripts do; the promise gives
  // {ok, status, body} and rejects only when the network fails or signal aborts.
  function getJSON(url, signal) {
    return fetch(url, {
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      credentials: "same-origin",
      signal: signal
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        return { ok: res.ok, status: res.status, body: body || {} };
      });
    });
  }

  /* ---- The image picker dialog --------------------------------------- */

  var ui = null; // the dialog's parts, built on first use
  var st = {};   // the open picker: options, items, selection

  function build() {
    var d = el("dialog", { "class": "picker", "aria-labelledby": "picker-title", "aria-describedby": "picker-help", dir: "rtl", lang: "ur" });
    var head = el("div", { "class": "picker-head" });
    var title = el("h2", { id: "picker-title" });
    var close = el("button", { type: "button", "class": "btn picker-close" }, TEXT.close);
    head.append(title, close);
    var help = el("p", { id: "picker-help", "class": "picker-help" }, TEXT.help);
    var searchBox = el("div", { "class": "picker-search", role: "search" });
    var q = el("input", { id: "picker-q", type: "search", autocomplete: "off", dir: "rtl", lang: "ur" });
    searchBox.append(el("label", { "for": "picker-q" }, TEXT.search), q);
    var status = el("p", { "class": "picker-status", role: "status", id: "picker-status" });
    var grid = el("ul", { "class": "picker-grid", role: "listbox", "aria-label": TEXT.grid });
    var pager = el("div", { "class": "picker-pager" });
    var prev = el("button", { type: "button", "class": "btn" }, TEXT.prev);
    var pageLabel = el("span", { "class": "picker-page" });
    var next = el("button", { type: "button", "class": "btn" }, TEXT.next);
    pager.append(prev, pageLabel, next);
    var up = el("div", { "class": "picker-upload" });
    var file = el("input", { id: "picker-file", type: "file", accept: "image/jpeg,image/png,image/webp,image/gif" });
    var progress = el("progress", { max: "100", value: "0", hidden: "" });
    var error = el("p", { "class": "picker-error", role: "alert" });
    up.append(el("label", { "for": "picker-file" }, TEXT.upload), file, progress, error);
    var actions = el("div", { "class": "picker-actions" });
    var choose = el("button", { type: "button", "class": "btn btn-primary", disabled: "" }, TEXT.choose);
    var cancel = el("button", { type: "button", "class": "btn" }, TEXT.cancel);
    actions.append(choose, cancel);
    var body = el("div", { "class": "picker-body" });
    body.append(help, searchBox, status, grid, pager, up);
    d.append(head, body, actions);
    document.body.appendChild(d);

    ui = { dialog: d, title: title, q: q, status: status, grid: grid, pager: pager, prev: prev, next: next,
      pageLabel: pageLabel, upload: up, file: file, progress: progress, error: error, choose: choose };

    close.addEventListener("click", closePicker);
    cancel.addEventListener("click", closePicker);
    choose.addEventListener("click", chooseSelected);
    // Escape closes from anywhere in the dialog, the search box included
    // (where Chromium would first only clear the text).
    d.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        closePicker();
      }
    });
    d.addEventListener("cancel", function (e) { e.preventDefault(); closePicker(); });

    q.addEventListener("input", function () {
      clearTimeout(st.timer);
      st.timer = setTimeout(function () { search(q.value); }, 250);
    });
    q.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        clearTimeout(st.timer);
        search(q.value);
      } else if (e.key === "ArrowDown") {
        var o = current() || options()[0];
        if (o) {
          e.preventDefault();
          select(o, true);
        }
      }
    });
    prev.addEventListener("click", function () { load(st.page - 1); });
    next.addEventListener("click", function () { load(st.page + 1); });

    grid.addEventListener("click", function (e) {
      var o = e.target.closest('[role="option"]');
      if (o) select(o, true);
    });
    grid.addEventListener("dblclick", function (e) {
      var o = e.target.closest('[role="option"]');
      if (o) {
        select(o, false);
        chooseSelected();
      }
    });
    grid.addEventListener("keydown", onGridKey);
    file.addEventListener("change", function () {
      if (file.files.length) uploadFile(file.files[0]);
    });
  }

  function options() { return Array.prototype.slice.call(ui.grid.querySelectorAll('[role="option"]')); }
  function current() { return ui.grid.querySelector('[aria-selected="true"]'); }

  // columns counts the options in the grid's first row.
  function columns(opts) {
    if (!opts.length) return 1;
    var top = opts[0].offsetTop, n = 0;
    while (n < opts.length && opts[n].offsetTop === top) n++;
    return Math.max(n, 1);
  }

  function onGridKey(e) {
    var opts = options();
    var i = opts.indexOf(document.activeElement);
    if (i < 0) return;
    var rtl = getComputedStyle(ui.grid).direction === "rtl";
    var cols = columns(opts);
    var to = null;
    switch (e.key) {
      case "ArrowLeft": to = i + (rtl ? 1 : -1); break;
      case "ArrowRight": to = i + (rtl ? -1 : 1); break;
      case "ArrowDown": to = i + cols; break;
      case "ArrowUp": to = i - cols; break;
      case "Home": to = 0; break;
      case "End": to = opts.length - 1; break;
      case " ": to = i; break;
      case "Enter":
        e.preventDefault();
        select(opts[i], false);
        chooseSelected();
        return;
      default: return;
    }
    e.preventDefault();
    select(opts[Math.max(0, Math.min(opts.length - 1, to))], true);
  }

  // select marks one option as the selection (the grid's one tab stop).
  function select(o, focus) {
    options().forEach(function (x) {
      x.setAttribute("aria-selected", "false");
      x.tabIndex = -1;
    });
    o.setAttribute("aria-selected", "true");
    o.tabIndex = 0;
    st.selected = st.items[o.dataset.id];
    ui.choose.disabled = !st.selected;
    if (focus) {
      o.focus();
      o.scrollIntoView({ block: "nearest" });
    }
  }

  function option(item) {
    var o = el("li", { role: "option", id: "picker-opt-" + item.id, tabindex: "-1", "aria-selected": "false", "class": "picker-item" });
    o.dataset.id = item.id;
    o.append(el("img", { src: item.thumb, width: String(item.thumb_width), height: String(item.thumb_height), alt: "", loading: "lazy" }));
    o.append(el("span", { "class": "picker-caption" }, item.caption || TEXT.noCaption));
    if (item.credit) o.append(el("span", { "class": "picker-credit" }, TEXT.credit + item.credit));
    var meta = el("span", { "class": "picker-meta" });
    meta.append(el("bdi", { dir: "ltr" }, item.filename), document.createTextNode(" · " + item.uploaded_label));
    o.append(meta);
    if (!item.ready) o.append(el("span", { "class": "picker-todo" }, TEXT.todo));
    return o;
  }

  function render(data, selectID) {
    st.page = data.page;
    st.pages = data.pages;
    st.items = {};
    st.selected = null;
    ui.choose.disabled = true;
    ui.grid.textContent = "";
    data.items.forEach(function (item) {
      st.items[item.id] = item;
      ui.grid.append(option(item));
    });
    ui.status.textContent = data.summary;
    ui.pager.hidden = data.pages <= 1;
    ui.pageLabel.textContent = data.page_label || "";
    ui.prev.disabled = data.page <= 1;
    ui.next.disabled = data.page >= data.pages;
    var opts = options();
    if (opts.length) opts[0].tabIndex = 0;
    var want = selectID ? document.getElementById("picker-opt-" + selectID) : null;
    if (want) select(want, Boolean(selectID === st.focusID));
    // A paging button that is now disabled would leave focus nowhere.
    if (!ui.dialog.contains(document.activeElement) || document.activeElement.disabled) {
      if (opts.length) opts[0].focus();
      else ui.q.focus();
    }
  }

  // load shows page n of the current search; selectID, when it is on that
  // page, is selected (and focused if it is st.focusID).
  function load(n, selectID) {
    if (st.abort) st.abort.abort();
    var ctrl = new AbortController();
    st.abort = ctrl;
    var url = new URL(st.searchURL, window.location.href);
    url.searchParams.set("q", st.q);
    url.searchParams.set("page", String(n));
    ui.status.textContent = TEXT.loading;
    ui.grid.setAttribute("aria-busy", "true");
    return getJSON(url.toString(), ctrl.signal).then(function (r) {
      if (st.abort !== ctrl) return;
      ui.grid.removeAttribute("aria-busy");
      if (!r.ok || !r.body.items) {
        ui.status.textContent = r.body.error || TEXT.loadFailed;
        return;
      }
      render(r.body, selectID);
    }).catch(function (err) {
      if (err && err.name === "AbortError") return;
      ui.grid.removeAttribute("aria-busy");
      ui.status.textContent = TEXT.loadFailed;
    });
  }

  function search(text) {
    var q = text.trim();
    if (q === st.q) return;
    st.q = q;
    load(1, st.initial);
  }

  // uploadFile sends one file to the library. A refused file gets the
  // server's message and changes nothing else; a stored one is shown first
  // in the grid, selected.
  function uploadFile(f) {
    if (st.uploading) return;
    st.uploading = true;
    ui.error.textContent = "";
    ui.progress.hidden = false;
    ui.progress.value = 0;
    ui.status.textContent = TEXT.uploading;
    var data = new FormData();
    data.append("csrf", st.csrf);
    data.append("files", f);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", st.uploadURL);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("X-CSRF-Token", st.csrf);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) ui.progress.value = Math.round((e.loaded / e.total) * 100);
    };
    var done = function (body) {
      st.uploading = false;
      ui.progress.hidden = true;
      ui.file.value = "";
      var r = body && body.results && body.results[0];
      if (!r || r.error) {
        ui.status.textContent = "";
        ui.error.textContent = (r && r.error) || (body && body.error) || TEXT.uploadFailed;
        return;
      }
      // Newest first: the upload heads the unfiltered first page.
      ui.q.value = "";
      st.q = "";
      st.focusID = r.id;
      load(1, r.id).then(function () {
        if (current() && String(st.selected && st.selected.id) === String(r.id)) ui.status.textContent = TEXT.uploaded;
      });
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: a proxy's error page */ }
      done(body);
    };
    xhr.onerror = function () { done(null); };
    xhr.send(data);
  }

  // closePicker closes the dialog and gives focus back to the opener at
  // once, not in the dialog's close event: that comes a task later, after
  // a chosen image's callback may have moved focus on (into the editor),
  // and keys typed meanwhile would follow it to the opener.
  function closePicker() {
    if (!ui || !ui.dialog.open) return;
    if (st.abort) st.abort.abort();
    clearTimeout(st.timer);
    ui.dialog.close();
    var back = st.opener;
    if (back && back.isConnected && typeof back.focus === "function") back.focus();
  }

  function chooseSelected() {
    var item = st.selected, fn = st.onChoose;
    if (!item) return;
    closePicker();
    if (fn) fn(item);
  }

  function pickImage(options, onChoose) {
    options = options || {};
    if (!ui) build();
    if (ui.dialog.open) return;
    st = {
      searchURL: options.searchURL || "/newsroom/media/pick",
      uploadURL: options.uploadURL == null ? "/newsroom/media" : options.uploadURL,
      csrf: options.csrf || pageToken(),
      opener: options.opener || document.activeElement,
      initial: options.selected ? Number(options.selected) : 0,
      onChoose: onChoose,
      q: "",
      page: 1,
      items: {}
    };
    ui.title.textContent = options.title || TEXT.title;
    ui.q.value = "";
    ui.error.textContent = "";
    ui.grid.textContent = "";
    ui.upload.hidden = !st.uploadURL;
    ui.dialog.showModal();
    ui.q.focus();
    load(1, st.initial);
  }

  // el and pageToken serve the editor's other scripts (storyblocks.js) too.
  window.AkhbarPicker = { pickImage: pickImage, el: el, pageToken: pageToken };

  /* ---- The editor's fields ------------------------------------------- */

  // reveal turns a picker fieldset from its no-script form into this one.
  function reveal(box) {
    box.querySelectorAll("[data-nojs]").forEach(function (n) { n.remove(); });
    box.querySelectorAll("[data-js]").forEach(function (n) { n.hidden = false; });
    box.querySelectorAll("[data-pick-value]").forEach(function (v) { v.disabled = false; });
  }

  // showImage writes the chosen image into the lead fieldset, as the
  // server renders it.
  function showImage(chosen, item) {
    chosen.textContent = "";
    if (!item) {
      chosen.append(el("p", { "class": "nr-pick-none" }, TEXT.noneChosen));
      return;
    }
    chosen.append(el("img", { src: item.thumb, width: String(item.thumb_width), height: String(item.thumb_height), alt: "", "class": "nr-lead-thumb" }));
    var words = el("p", { "class": "nr-pick-words" });
    words.append(el("span", { "class": "nr-pick-caption" }, item.caption || TEXT.noCaptionYet));
    if (item.credit) words.append(document.createTextNode(" "), el("span", { "class": "nr-pick-credit" }, TEXT.credit + item.credit));
    chosen.append(words);
    if (!item.ready) {
      var todo = el("p", { "class": "nr-pick-todo" });
      todo.append(el("a", { href: item.edit_url, target: "_blank", rel: "noopener" }, TEXT.writeWords), document.createTextNode(TEXT.required));
      chosen.append(todo);
    }
  }

  function mediaField(box) {
    reveal(box);
    var value = box.querySelector("[data-pick-value]");
    var open = box.querySelector("[data-pick-open]");
    var clear = box.querySelector("[data-pick-clear]");
    var chosen = box.querySelector("[data-pick-chosen]");
    open.addEventListener("click", function () {
      pickImage({ searchURL: box.dataset.mediaPicker, uploadURL: box.dataset.uploadUrl, selected: Number(value.value) || 0, opener: open },
        function (item) {
          value.value = String(item.id);
          showImage(chosen, item);
          clear.hidden = false;
        });
    });
    clear.addEventListener("click", function () {
      value.value = "";
      showImage(chosen, null);
      clear.hidden = true;
      open.focus();
    });
  }

  // articleField is the "translation of" headline search: an ARIA 1.2
  // combobox whose suggestions come from the articles' JSON search.
  function articleField(box) {
    reveal(box);
    var url = box.dataset.articlePicker;
    var value = box.querySelector("[data-pick-value]");
    var input = box.querySelector('[role="combobox"]');
    var list = box.querySelector('[role="listbox"]');
    var status = box.querySelector("[data-pick-status]");
    var chosen = box.querySelector("[data-pick-chosen]");
    var clear = box.querySelector("[data-pick-clear]");
    var items = [], active = -1, timer = 0, ctrl = null;

    function closeList() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function move(d) {
      if (!items.length) return;
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      active = (active + d + items.length) % items.length;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      var li = list.children[active];
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    }
    function choose(i) {
      var it = items[i];
      value.value = String(it.id);
      chosen.textContent = "";
      chosen.append(document.createTextNode(TEXT.translationOf),
        el("bdi", { "class": "nr-pick-headline", lang: it.language }, it.headline),
        document.createTextNode(" "),
        el("small", null, "(" + [it.section, it.language_name, it.status_label].join(" · ") + ")"));
      input.value = "";
      closeList();
      clear.hidden = false;
      status.textContent = TEXT.originalChosen + it.headline;
    }
    function show(data) {
      items = data.items;
      list.textContent = "";
      items.forEach(function (it, i) {
        var li = el("li", { role: "option", id: list.id + "-" + it.id, "aria-selected": "false", "class": "nr-combo-option" });
        li.append(el("bdi", { "class": "nr-pick-headline", lang: it.language }, it.headline),
          document.createTextNode(" "),
          el("small", null, "(" + [it.section, it.language_name, it.status_label].join(" · ") + ")"));
        // mousedown, not click: the box keeps focus.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.append(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = TEXT.suggestions;
      } else {
        closeList();
        status.textContent = TEXT.noArticles;
      }
    }
    function lookup() {
      var q = input.value.trim();
      if (ctrl) ctrl.abort();
      if (!q) {
        items = [];
        list.textContent = "";
        closeList();
        status.textContent = "";
        return;
      }
      ctrl = new AbortController();
      var mine = ctrl;
      var u = new URL(url, window.location.href);
      u.searchParams.set("q", q);
      getJSON(u.toString(), mine.signal).then(function (r) {
        if (ctrl !== mine || document.activeElement !== input) return;
        if (!r.ok || !r.body.items) {
          closeList();
          status.textContent = r.body.error || TEXT.articlesFailed;
          return;
        }
        show(r.body);
      }).catch(function (err) {
        if (err && err.name !== "AbortError") status.textContent = TEXT.articlesFailed;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
        case "ArrowDown": e.preventDefault(); move(1); break;
        case "ArrowUp": e.preventDefault(); move(-1); break;
        case "Enter":
          // Never submits the article: Enter here picks or searches.
          e.preventDefault();
          if (!list.hidden && active >= 0) choose(active);
          else {
            clearTimeout(timer);
            lookup();
          }
          break;
        case "Escape":
          if (!list.hidden) {
            e.preventDefault();
            closeList();
          } else if (input.value) {
            e.preventDefault();
            input.value = "";
          }
          break;
      }
    });
    input.addEventListener("blur", function () { closeList(); });
    // Scrolling the suggestions with the mouse keeps the box focused.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    clear.addEventListener("click", function () {
      value.value = "";
      chosen.textContent = TEXT.original;
      clear.hidden = true;
      status.textContent = TEXT.originalRemoved;
      input.focus();
    });
  }

  function start() {
    document.querySelectorAll("[data-media-picker]").forEach(mediaField);
    document.querySelectorAll("[data-article-picker]").forEach(articleField);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
