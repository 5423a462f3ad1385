// Live parts of public pages, progressively enhanced through one stream
// of server-sent events per page: the breaking-news strip follows the
// newsroom without a reload, and on a live article the updates arrive as
// they are posted, edited, pinned or deleted (that page's stream carries
// the strip too). Without JavaScript both show on the next load.
(function () {
  "use strict";
  var strip = document.getElementById("breaking");
  var live = document.querySelector("section.live[data-live-stream]");
  if (!window.EventSource || (!strip && !live)) return;

  // The breaking-news strip.
  var expiry = 0;
  function showBreaking(b) {
    if (!strip) return;
    clearTimeout(expiry);
    while (strip.firstChild) strip.removeChild(strip.firstChild);
    if (!b.text) {
      strip.hidden = true;
      return;
    }
    var label = document.createElement("strong");
    label.className = "breaking-label";
    label.textContent = "بریکنگ نیوز";
    var text = document.createElement(b.url ? "a" : "span");
    if (b.url) text.href = b.url;
    text.textContent = b.text;
    strip.appendChild(label);
    strip.appendChild(document.createTextNode(" "));
    strip.appendChild(text);
    strip.hidden = false;
    // The strip goes at its expiry even if the stream is down then.
    var left = Date.parse(b.until) - Date.now();
    if (left > 0) expiry = setTimeout(function () { showBreaking({}); }, left);
  }

  // Live coverage: the list holds the pinned update first, then the rest
  // newest first; the server renders each update's (escaped) HTML.
  var list = live && live.querySelector("ol.live-updates");
  var seen = 0; // the newest sequence number applied, for reconnecting
  var parser = document.createElement("template");

  function num(el, name) { return Number(el.getAttribute(name)) || 0; }

  function find(id) {
    for (var i = 0; i < list.children.length; i++) {
      if (num(list.children[i], "data-id") === id) return list.children[i];
    }
    return null;
  }

  // place puts li where it belongs: the pinned updates on top, then the
  // rest, each group newest first.
  function place(li) {
    var pinned = li.hasAttribute("data-pinned");
    var at = num(li, "data-at"), id = num(li, "data-id");
    for (var i = 0; i < list.children.length; i++) {
      var c = list.children[i];
      if (c.hasAttribute("data-pinned") !== pinned) {
        if (pinned) {
          list.insertBefore(li, c); // the first unpinned one
          return;
        }
        continue; // past the pinned ones
      }
      var cat = num(c, "data-at");
      if (at > cat || (at === cat && id > num(c, "data-id"))) {
        list.insertBefore(li, c);
        return;
      }
    }
    list.appendChild(li);
  }

  function applyUpdate(u) {
    if (!list || typeof u.id !== "number") return;
    seen = Math.max(seen, u.seq || 0);
    var old = find(u.id);
    // A stream may repeat an update it already sent, or send an older state late.
    if (old && num(old, "data-seq") >= u.seq) return;
    if (u.deleted) {
      if (old) list.removeChild(old);
      return;
    }
    parser.innerHTML = u.html || "";
    var li = parser.content.firstElementChild;
    if (!li || li.tagName !== "LI") return;
    li = document.importNode(li, true);
    if (old) list.removeChild(old);
    place(li);
    var empty = live.querySelector(".live-empty");
    if (empty) empty.parentNode.removeChild(empty);
  }

  function coverage(c) {
    var badge = document.getElementById("live-badge");
    var ended = document.getElementById("live-ended");
    if (badge) badge.hidden = !c.live;
    if (ended) ended.hidden = !!c.live;
  }

  function parse(e, fn) {
    try {
      fn(JSON.parse(e.data));
    } catch (err) {
      // A malformed event changes nothing on the page.
    }
  }

  function url() {
    if (!live) return strip.getAttribute("data-live");
    var base = live.getAttribute("data-live-stream");
    if (!seen) return base;
    return base.replace(/([?&]since=)\d*/, "$1" + seen);
  }

  // The browser reconnects by itself after a dropped stream, sending the
  // last event's id; a refused one (a node restarting, say) it gives up
  // on, so open a new one, asking for what came after the last update,
  // waiting longer each time it is refused again.
  var wait = 5000;
  function connect() {
    var events = new EventSource(url());
    events.addEventListener("open", function () { wait = 5000; });
    events.addEventListener("breaking", function (e) { parse(e, showBreaking); });
    if (live) {
      events.addEventListener("coverage", function (e) { parse(e, coverage); });
      events.addEventListener("update", function (e) { parse(e, applyUpdate); });
    }
    events.addEventListener("error", function () {
      if (events.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 120000);
    });
  }
  connect();
})();
