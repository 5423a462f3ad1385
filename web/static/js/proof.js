/* Akhbar newsroom: proofing fixes in place.
 *
 * The editor lists proofing advice under the form (#proof). Each
 * «درست کریں» and «سب درست کریں» button is a real submit: the server fixes
 * the submitted text and shows the form again, unsaved. This script spares
 * that round trip where it is simple: a finding in the headline or the
 * strapline carries where it is (data-start, in UTF-16 code units as
 * JavaScript counts) and what to write (data-from, data-to), so the fix is
 * made in the field itself. Anything else (the body, which Trix owns, or a
 * field changed since the advice was made) goes to the server as before.
 * Plain ES2017, no build step, no inline code (the newsroom's CSP).
 */
(function () {
  "use strict";

  var panel = document.getElementById("proof");
  if (!panel) return;
  var form = panel.closest("form");
  if (!form) return;
  var status = document.createElement("p");
  status.className = "nr-proof-done";
  status.setAttribute("role", "status");

  var FIXED_ONE = "درست کر دیا گیا۔ مضمون ابھی محفوظ نہیں ہوا: دیکھ کر «محفوظ کریں» یا کوئی اور بٹن دبائیں۔";
  var FIXED_ALL = "تمام تجاویز کے مطابق درست کر دیا گیا۔ مضمون ابھی محفوظ نہیں ہوا: دیکھ کر «محفوظ کریں» یا کوئی اور بٹن دبائیں۔";

  function fixButtons() {
    return Array.prototype.slice.call(panel.querySelectorAll("button[name=proof]:not([value=all])"));
  }

  // The field a button's finding is in, if it can be fixed here.
  function fieldOf(btn) {
    if (!btn.dataset.field) return null;
    var el = form.elements.namedItem(btn.dataset.field);
    if (!el || (el.tagName !== "INPUT" && el.tagName !== "TEXTAREA") || el.type === "hidden") return null;
    var start = Number(btn.dataset.start);
    var from = btn.dataset.from || "";
    if (el.value.substr(start, from.length) !== from) return null;
    return el;
  }

  // fixOne writes the fix into the field and moves the later findings of
  // the same field by the change in length. It reports success.
  function fixOne(btn) {
    var el = fieldOf(btn);
    if (!el) return false;
    var start = Number(btn.dataset.start);
    var from = btn.dataset.from || "";
    var to = btn.dataset.to || "";
    el.value = el.value.slice(0, start) + to + el.value.slice(start + from.length);
    var delta = to.length - from.length;
    fixButtons().forEach(function (b) {
      if (b !== btn && b.dataset.field === btn.dataset.field && Number(b.dataset.start) > start) {
        b.dataset.start = String(Number(b.dataset.start) + delta);
      }
    });
    el.dispatchEvent(new Event("input", { bubbles: true }));
    var item = btn.closest("li");
    if (item) item.remove();
    return true;
  }

  // The counts on the page, in the digits the server wrote them in.
  var counts = Array.prototype.slice.call(document.querySelectorAll("[data-proof-count]"));
  var total = counts.length ? toNumber(counts[0].textContent.split(" ")[0]) : 0;
  var urduDigits = counts.length > 0 && /[۰-۹]/.test(counts[0].textContent);
  function toNumber(s) {
    return Number(s.replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); }));
  }
  function written(n) {
    var s = String(n);
    if (urduDigits) s = s.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + Number(d)); });
    return s + (n === 1 ? " تجویز" : " تجاویز");
  }

  // done says what was fixed, counts it off, and clears the advice away
  // once nothing is left.
  function done(message, fixed) {
    var note = panel.querySelector(".nr-proof-done");
    if (note && note !== status) note.remove();
    var heading = panel.querySelector("h2");
    if (heading) heading.after(status);
    status.textContent = message;
    total = Math.max(0, total - fixed);
    counts.forEach(function (el) { el.textContent = written(total); });
    if (fixButtons().length === 0 && total === 0) {
      panel.querySelectorAll("ol, .hint, button[value=all], [data-proof-total]").forEach(function (el) { el.remove(); });
      var top = document.querySelector(".nr-proof-note");
      if (top) top.remove();
    }
  }

  panel.addEventListener("click", function (event) {
    var btn = event.target.closest("button[name=proof]");
    if (!btn || !panel.contains(btn)) return;
    if (btn.value !== "all") {
      if (fixOne(btn)) {
        event.preventDefault();
        done(FIXED_ONE, 1);
      }
      return;
    }
    // Everything listed must be fixable here, and nothing may be left
    // unlisted; otherwise the server fixes it all (after what is fixed
    // here, which it then sees in the fields).
    var list = fixButtons();
    var more = Number(panel.dataset.more || "0") > 0;
    var here = list.filter(function (b) { return fieldOf(b) !== null; });
    // From the end of each field, so earlier starts stay right.
    here.sort(function (a, b) { return Number(b.dataset.start) - Number(a.dataset.start); });
    var fixed = here.filter(fixOne).length;
    if (fixed === list.length && !more) {
      event.preventDefault();
      done(FIXED_ALL, fixed);
    }
  });
})();
