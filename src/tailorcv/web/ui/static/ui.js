/* tailorcv's page glue: drag and drop with upload progress, confirmations, autosave hygiene.
   No inline scripts anywhere (the pages run under a script-src 'self' policy). */
(function () {
  "use strict";

  function tooBig(input) {
    var max = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var file = input.files && input.files[0];
    return max > 0 && file && file.size > max ? file : null;
  }

  function showChosen(form) {
    var input = form.querySelector("input[type=file]");
    var chosen = form.querySelector("[data-chosen]");
    var error = form.querySelector(".field-error");
    if (!input || !chosen) { return; }
    var file = input.files && input.files[0];
    chosen.textContent = file ? file.name + " · " + Math.ceil(file.size / 1024) + " KB" : "";
    if (input.files && input.files.length > 1) {
      chosen.textContent = input.files.length + " files: " + Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
    }
    var big = tooBig(input);
    if (error) {
      var mb = (parseInt(input.getAttribute("data-max-bytes"), 10) / 1048576).toFixed(1);
      error.textContent = big ? "“" + big.name + "” is too large: the limit is " + mb + " MB. Choose a smaller file." : "";
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-dropzone] input[type=file]")) {
      showChosen(input.form);
    }
  });

  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { event.preventDefault(); zone.classList.add("over"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { zone.classList.remove("over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("over");
    var input = zone.querySelector("input[type=file]");
    if (input && event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showChosen(input.form);
      if (!tooBig(input) && !zone.hasAttribute("data-no-submit")) { input.form.requestSubmit(); }
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var input = form.querySelector && form.querySelector("[data-dropzone] input[type=file]");
    if (input && tooBig(input)) { event.preventDefault(); event.stopImmediatePropagation(); showChosen(form); return; }
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector("[data-progress]");
    var detail = event.detail;
    if (bar && detail && detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round((detail.loaded / detail.total) * 100);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosave")) {
      event.target.textContent = "Saving…";
      var form = event.target.closest("form");
      if (form) {
        form.querySelectorAll(".field-error").forEach(function (slot) { slot.textContent = ""; });
        form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      }
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var slot = event.target.querySelector && event.target.querySelector(".field-error");
    if (slot) { slot.textContent = "The server refused this (" + event.detail.xhr.status + "). Reload the page and try again."; }
  });
}());

/* The résumé editor's two panels, one document (issue 19). Each panel's form remembers whether
   it holds typing not yet saved (data-dirty; the server marks one whose save was refused), and
   every save from the editor tells the server which other panel it may refresh with the saved
   draft: fresh_form when the form holds nothing unsaved, fresh_raw (the raw editor's format)
   when the raw editor does not. A panel with typing of its own is left alone; its next save
   then meets the newer draft and is refused with what changed, its text kept. */
(function () {
  "use strict";

  var PANELS = "#editor-form, #raw-panel form";

  function panels() {
    return { form: document.getElementById("editor-form"), raw: document.querySelector("#raw-panel form") };
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest(PANELS);
    if (form) {
      form.setAttribute("data-dirty", "");
      form.setAttribute("data-edits", String(parseInt(form.getAttribute("data-edits") || "0", 10) + 1));
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    var form = source && source.closest && source.closest(PANELS);
    if (!form) { return; }
    form.setAttribute("data-sent", form.getAttribute("data-edits") || "0");
    var both = panels();
    if (both.form && both.form !== form && !both.form.hasAttribute("data-dirty")) {
      event.detail.parameters.fresh_form = "1";
    }
    if (both.raw && both.raw !== form && !both.raw.hasAttribute("data-dirty")) {
      event.detail.parameters.fresh_raw = both.raw.querySelector("[name=fmt]").value;
    }
  });

  /* Typing that began while the save was on its way is not overwritten either. */
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var form = target && (target.matches("#editor-form") ? target : target.matches("#raw-panel") ? target.querySelector("form") : null);
    if (form && form.hasAttribute("data-dirty")) { event.detail.shouldSwap = false; }
  });

  /* Typing that came before the page's scripts had loaded (a slow connection, a busy machine)
     raised no input event anyone heard: once htmx is listening, a form that differs from what
     the server sent is announced as typed, so its autosave runs. */
  function changed(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") { /* a list with no option marked shows its first */
        var marked = Array.prototype.some.call(field.options, function (o) { return o.defaultSelected; });
        return Array.prototype.some.call(field.options, function (o, i) {
          return o.selected !== (marked ? o.defaultSelected : !field.multiple && i === 0);
        });
      }
      return "defaultValue" in field && field.type !== "file" && field.value !== field.defaultValue;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { /* runs after htmx's own */
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-autosave]") && changed(form)) {
        form.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    var form = source && source.closest && source.closest(PANELS);
    var saved = event.detail.xhr && event.detail.xhr.status === 200;
    /* Typing made while the save was on its way is not in it: the panel stays dirty. */
    if (form && saved && form.getAttribute("data-sent") === (form.getAttribute("data-edits") || "0")) {
      form.removeAttribute("data-dirty");
    }
  });
}());
