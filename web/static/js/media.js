/* Akhbar newsroom: image uploads with progress.
 *
 * The library's upload form (form[data-upload-url]) takes several files,
 * from the file picker or dropped on the form, and sends them with
 * XMLHttpRequest so a progress bar can be shown. (The editor uploads in
 * place through its image picker, picker.js.) Without JavaScript the form
 * posts normally.
 */
(function () {
  "use strict";

  function csrf(form) {
    var el = (form || document).querySelector('input[name="csrf"]');
    return el ? el.value : "";
  }

  // send posts files and calls done(status, json) with the server's answer.
  function send(url, token, files, onProgress, done) {
    var data = new FormData();
    data.append("csrf", token);
    for (var i = 0; i < files.length; i++) data.append("files", files[i]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      done(xhr.status, body);
    };
    xhr.onerror = function () { done(0, null); };
    xhr.send(data);
  }

  function text(el, s) { el.textContent = s; }

  // The library page: several files, drag and drop, progress, a result per file.
  var form = document.querySelector("form.nr-upload[data-upload-url]");
  if (form) {
    var input = form.querySelector('input[type="file"]');
    var status = document.getElementById("upload-progress");
    var upload = function (files) {
      if (!files.length) return;
      text(status, "اپ لوڈ جاری ہے: 0٪");
      send(form.dataset.uploadUrl, csrf(form), files, function (p) {
        text(status, "اپ لوڈ جاری ہے: " + p + "٪");
      }, function (code, body) {
        status.textContent = "";
        if (!body || !body.results) {
          text(status, body && body.error ? body.error : "اپ لوڈ ناکام رہا؛ دوبارہ کوشش کریں۔");
          return;
        }
        var list = document.createElement("ul");
        list.className = "nr-upload-results";
        body.results.forEach(function (r) {
          var li = document.createElement("li");
          if (r.error) {
            li.className = "flash-error";
            text(li, (r.name ? r.name + ": " : "") + r.error);
          } else {
            var a = document.createElement("a");
            a.href = r.url;
            text(a, r.name + " (نمبر " + r.id + ")");
            li.appendChild(a);
          }
          list.appendChild(li);
        });
        status.appendChild(list);
        if (body.results.some(function (r) { return !r.error; })) {
          setTimeout(function () { window.location.reload(); }, 1500);
        }
      });
    };
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      upload(input.files);
    });
    ["dragenter", "dragover"].forEach(function (t) {
      form.addEventListener(t, function (e) { e.preventDefault(); form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      form.addEventListener(t, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (e) {
      e.preventDefault();
      upload(e.dataTransfer.files);
    });
  }
})();
