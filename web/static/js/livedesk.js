/* Akhbar newsroom: the live-coverage desk posts without a reload.
 *
 * Forms marked data-desk (post, edit, pin, delete an update) are sent
 * with fetch, carrying the CSRF token the form holds; the server answers
 * with a fresh copy of the updates list (#desk-updates), which replaces
 * the one on the page, and the form's data-done text is announced in
 * #desk-status. A refused form keeps what was typed and shows why.
 * Without JavaScript the same forms post and the server redirects back.
 */
(function () {
  "use strict";
  var status = document.getElementById("desk-status");
  if (!status || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var parser = document.createElement("template");

  function say(text, failed) {
    status.textContent = text;
    status.className = failed ? "desk-status flash-error" : "desk-status";
  }

  function busy(form, on) {
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = on;
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form || form.tagName !== "FORM" || !form.hasAttribute("data-desk")) return;
    e.preventDefault();
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) return;
    var token = form.querySelector('input[name="csrf"]');
    var inList = !!form.closest("#desk-updates");
    busy(form, true);
    say("");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRF-Token": token ? token.value : "" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (resp) {
      return resp.text().then(function (body) {
        return { ok: resp.ok, html: (resp.headers.get("Content-Type") || "").indexOf("text/html") === 0, body: body };
      });
    }).then(function (r) {
      busy(form, false);
      if (r.ok && r.html) {
        parser.innerHTML = r.body;
        var fresh = parser.content.querySelector("#desk-updates");
        var old = document.getElementById("desk-updates");
        if (fresh && old) {
          fresh = document.importNode(fresh, true);
          old.parentNode.replaceChild(fresh, old);
          // The form that was pressed is gone with the old list.
          if (inList) fresh.focus();
        }
        if (form.hasAttribute("data-reset")) form.reset();
        say(form.getAttribute("data-done") || "");
        return;
      }
      var message = "محفوظ نہیں ہو سکا؛ دوبارہ کوشش کریں۔";
      try {
        var answer = JSON.parse(r.body);
        if (answer && answer.error) message = answer.error;
      } catch (err) {
        // Not JSON: keep the general message.
      }
      say(message, true);
    }).catch(function () {
      busy(form, false);
      say("سرور سے رابطہ نہیں ہو سکا؛ انٹرنیٹ کنکشن دیکھ کر دوبارہ کوشش کریں۔", true);
    });
  });
})();
