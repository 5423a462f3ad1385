// Live parts of public pages, progressively enhanced: the breaking-news
// strip follows the newsroom without a reload, through server-sent
// events. Without JavaScript the strip shows on the next load.
(function () {
  "use strict";
  var strip = document.getElementById("breaking");
  if (!strip || !window.EventSource) return;

  var expiry = 0;

  function show(b) {
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
    if (left > 0) expiry = setTimeout(function () { show({}); }, left);
  }

  var events = new EventSource(strip.getAttribute("data-live"));
  events.addEventListener("breaking", function (e) {
    try {
      show(JSON.parse(e.data));
    } catch (err) {
      // A malformed event changes nothing on the page.
    }
  });
})();
