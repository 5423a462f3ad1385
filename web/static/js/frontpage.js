/* Akhbar newsroom: the front-page screen (صفحۂ اول).
 *
 * Top stories are reordered by dragging a row by its handle (mouse, pen
 * or touch, through pointer events), or with its «اوپر» and «نیچے»
 * buttons, which here move the row at once and keep the keyboard on the
 * button. Each row posts its story and its pin, so the order of the rows
 * is the order saved. After every change the rows are renumbered and the
 * empty slots say again which story recency will put there, as the server
 * does. Without JavaScript the buttons submit the form and the server
 * moves the row.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-front]");
  if (!form) return;
  var list = form.querySelector("[data-top]");
  var lead = form.querySelector('select[name="lead"]');
  var status = document.getElementById("front-status");
  var latest = (form.dataset.latest || "").split(" ").filter(Boolean);

  function rows() {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.hasAttribute("data-row");
    });
  }

  // The numbers as the server wrote them, in the site's digits: the n-th
  // row always shows the n-th.
  var numbers = rows().map(function (row) {
    return row.querySelector("[data-n]").textContent;
  });

  function headline(id) {
    for (var i = 0; i < lead.options.length; i++) {
      if (lead.options[i].value === id) return lead.options[i].textContent;
    }
    return "";
  }

  // refresh renumbers the rows, enables the move buttons that can move,
  // and says for each empty slot what recency fills it with: the lead
  // first, then the top stories in order, skipping every placed story.
  function refresh() {
    var all = rows();
    all.forEach(function (row, i) {
      row.querySelector("[data-n]").textContent = numbers[i];
      var buttons = row.querySelectorAll('button[name="move"]');
      buttons[0].value = i + ":up";
      buttons[0].disabled = i === 0;
      buttons[1].value = i + ":down";
      buttons[1].disabled = i === all.length - 1;
    });
    var selects = [lead].concat(all.map(function (row) { return row.querySelector("select"); }));
    var placed = {};
    selects.forEach(function (s) { if (s.value) placed[s.value] = true; });
    var next = 0;
    selects.forEach(function (s) {
      var fill = s.closest("[data-slot]").querySelector("[data-fill]");
      if (s.value) {
        fill.hidden = true;
        return;
      }
      var id = "";
      while (next < latest.length && !id) {
        var candidate = latest[next++];
        if (!placed[candidate]) {
          placed[candidate] = true;
          id = candidate;
        }
      }
      fill.textContent = id ? form.dataset.fillText.replace("%s", headline(id)) : form.dataset.fillNone;
      fill.hidden = false;
    });
  }

  function moved() {
    refresh();
    status.textContent = form.dataset.moved;
  }

  // A story chosen anew: it was not placed by whoever the note names.
  form.addEventListener("change", function (e) {
    if (e.target.tagName !== "SELECT") return;
    var note = e.target.closest("[data-slot]").querySelector("[data-placed]");
    if (note) note.hidden = e.target.value !== note.dataset.placed;
    refresh();
  });

  // «اوپر» and «نیچے»: move the row here, without a round trip.
  list.addEventListener("click", function (e) {
    var button = e.target.closest('button[name="move"]');
    if (!button) return;
    e.preventDefault();
    var row = button.closest("[data-row]");
    var all = rows();
    var i = all.indexOf(row);
    var up = /:up$/.test(button.value);
    var j = up ? i - 1 : i + 1;
    if (j < 0 || j >= all.length) return;
    list.insertBefore(row, up ? all[j] : all[j].nextSibling);
    moved();
    var buttons = row.querySelectorAll('button[name="move"]');
    (button.disabled ? buttons[up ? 1 : 0] : button).focus();
  });

  // Dragging by the handle: the row follows the pointer over the others.
  var dragging = null, from = -1;
  list.addEventListener("pointerdown", function (e) {
    var handle = e.target.closest("[data-handle]");
    if (!handle || e.button !== 0) return;
    e.preventDefault();
    dragging = handle.closest("[data-row]");
    from = rows().indexOf(dragging);
    dragging.classList.add("dragging");
    handle.setPointerCapture(e.pointerId);
  });
  list.addEventListener("pointermove", function (e) {
    if (!dragging) return;
    var under = document.elementFromPoint(e.clientX, e.clientY);
    var row = under && under.closest("[data-row]");
    if (!row || row === dragging || row.parentNode !== list) return;
    var box = row.getBoundingClientRect();
    list.insertBefore(dragging, e.clientY < box.top + box.height / 2 ? row : row.nextSibling);
    refresh();
  });
  function drop() {
    if (!dragging) return;
    dragging.classList.remove("dragging");
    var to = rows().indexOf(dragging);
    dragging = null;
    if (to !== from) moved();
  }
  list.addEventListener("pointerup", drop);
  list.addEventListener("pointercancel", drop);

  Array.prototype.forEach.call(form.querySelectorAll("[data-handle], [data-drag-hint]"), function (el) {
    el.hidden = false;
  });
})();
