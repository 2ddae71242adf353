/* The editor's live preview, its design panel and its tabs on a phone (issue 19).
   The preview posts the editor's form (the design panel's controls belong to it through their
   form="editor-form") 150 ms after the last change, without saving; the autosave saves at its own
   pace. One request at a time: a change made meanwhile is sent when the answer is in. Pages come
   back as PNG in base64, shown as data: URLs, and a page the browser already shows is sent by
   its digest only.
   No inline scripts or styles anywhere (the page runs under script-src 'self'). */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var pane = document.querySelector("[data-preview]");
  if (!pane) { return; }
  var url = pane.getAttribute("data-url");
  var pagesBox = pane.querySelector("[data-preview-pages]");
  var statusBox = pane.querySelector("[data-preview-status]");
  var held = {};  // digest -> the data: URL of a page on show
  var timer = null;
  var busy = false;
  var again = false;

  function editorForm() { return document.getElementById("editor-form"); }

  function setStatus(text, state) {
    statusBox.textContent = text;
    statusBox.setAttribute("data-state", state);
    pane.setAttribute("data-state", state);
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  /* The pane's width in device pixels, which the pages are drawn for (no more pixels than
     shown); a pane hidden behind its tab on a phone would be as wide as the page. */
  function paneWidth() {
    var width = pagesBox.clientWidth || document.documentElement.clientWidth;
    return Math.round(width * (window.devicePixelRatio || 1));
  }

  function refresh() {
    var form = editorForm();
    if (!form) { return; }
    if (busy) { again = true; return; }
    busy = true;
    again = false;
    var data = new URLSearchParams(new FormData(form));
    data.set("have", Object.keys(held).join(","));
    data.set("pane", String(paneWidth()));
    pane.setAttribute("aria-busy", "true");
    window.fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (body) {
        if (answer.ok && Array.isArray(body.pages)) { return show(body); }
        if (answer.redirected) {
          setStatus("You were signed out: reload the page to sign in again.", "error");
          return null;
        }
        return refused(answer, body);
      });
    }).catch(function () {
      setStatus("The preview could not reach the server; it tries again at your next change.", "error");
    }).then(function () {
      busy = false;
      pane.removeAttribute("aria-busy");
      if (again) { schedule(0); }
    });
  }

  function pageImage(page, index, count, used) {
    var kept = pagesBox.querySelector("img[data-digest='" + page.digest + "']");
    if (kept && used.indexOf(kept) < 0) {
      used.push(kept);
      kept.alt = "Page " + (index + 1) + " of " + count;
      return kept;
    }
    var img = new Image(page.width, page.height);
    img.className = "preview-page";
    img.alt = "Page " + (index + 1) + " of " + count;
    img.setAttribute("data-digest", page.digest);
    img.src = page.png ? "data:image/png;base64," + page.png : held[page.digest];
    return img;
  }

  function decoded(img) {
    return img.decode ? img.decode().catch(function () { return null; }) : Promise.resolve(null);
  }

  function show(body) {
    var pages = body.pages;
    var missing = pages.some(function (page) { return !page.png && !held[page.digest]; });
    if (missing) { held = {}; again = true; return null; }
    var used = [];
    var images = pages.map(function (page, i) { return pageImage(page, i, pages.length, used); });
    return Promise.all(images.map(decoded)).then(function () {
      var next = {};
      pages.forEach(function (page, i) { next[page.digest] = images[i].src; });
      held = next;
      pagesBox.replaceChildren.apply(pagesBox, images);
      pagesBox.setAttribute("data-paper", body.paper || "a4");
      clearDesignErrors();
      var count = pages.length + (pages.length === 1 ? " page" : " pages");
      setStatus(count + " · " + (body.paper === "letter" ? "US Letter" : "A4"), "ok");
    });
  }

  function refused(answer, body) {
    var wait = parseInt(answer.headers.get("Retry-After") || "0", 10);
    if (answer.status === 422 && body.errors) {
      showDesignErrors(body.errors);
      var first = body.errors[0];
      setStatus("Waiting for you to fix " + (body.errors.length === 1 ? "a field" : body.errors.length + " fields") +
        (first ? ": " + first.message : "") + ".", "warn");
    } else if (wait > 0) {
      setStatus("Preview paused for " + wait + " s: " + (body.detail || "too many changes at once") + ".", "warn");
      schedule(wait * 1000);
    } else {
      setStatus(body.detail ? "The preview is not shown: " + body.detail + "." : "The preview is not shown (" + answer.status + ").", "error");
    }
    return null;
  }

  /* Errors of the design panel's controls, beside them at once (the autosave shows them too). */
  function slotFor(path) {
    return document.getElementById("err-" + path.replace(/\[/g, "-").replace(/\]/g, "").replace(/\./g, "-"));
  }

  function showDesignErrors(errors) {
    clearDesignErrors();
    errors.forEach(function (problem) {
      if (problem.path.indexOf("meta.") !== 0) { return; }
      var slot = slotFor(problem.path);
      if (slot) { slot.textContent = problem.message; }
      var control = document.getElementById("f-" + (slot ? slot.id : ""));
      if (control) { control.setAttribute("aria-invalid", "true"); }
    });
  }

  function clearDesignErrors() {
    var panel = document.getElementById("design");
    if (!panel) { return; }
    panel.querySelectorAll(".field-error:not(#photo-error)").forEach(function (slot) { slot.textContent = ""; });
    panel.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  /* Changes: anything that belongs to the editor's form. A control of the design panel lives
     outside the form's markup, so its input is passed on to the form, whose autosave listens. */
  document.addEventListener("input", function (event) {
    var form = editorForm();
    var target = event.target;
    if (!form || !target || target.form !== form) { return; }
    if (target.hasAttribute("data-accent-colour")) {
      var custom = document.getElementById("accent-custom");
      if (custom) { custom.checked = true; }
    }
    if (!form.contains(target)) { form.dispatchEvent(new Event("input", { bubbles: true })); }
    schedule(DEBOUNCE_MS);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosave")) { clearDesignErrors(); }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) { return; }
    if (target.id === "editor-form") {
      syncSectionOrder();
      schedule(0);
    } else if (target.id === "photo") {
      schedule(0);
    }
  });

  /* Section order: up and down move a row; the hidden inputs' order is what is saved. */
  function orderButtons(list) {
    var rows = list.querySelectorAll("li");
    rows.forEach(function (row, i) {
      row.querySelector("[data-order=up]").disabled = i === 0;
      row.querySelector("[data-order=down]").disabled = i === rows.length - 1;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-order]");
    if (!button) { return; }
    var row = button.closest("li");
    var list = row.parentElement;
    var up = button.getAttribute("data-order") === "up";
    var other = up ? row.previousElementSibling : row.nextElementSibling;
    if (!other) { return; }
    list.insertBefore(row, up ? other : other.nextElementSibling);
    orderButtons(list);
    var still = row.querySelector("[data-order=" + (up ? "up" : "down") + "]");
    (still.disabled ? row.querySelector("[data-order=" + (up ? "down" : "up") + "]") : still).focus();
    var place = Array.prototype.indexOf.call(list.children, row) + 1;
    var status = document.querySelector("[data-order-status]");
    if (status) { status.textContent = row.querySelector(".section-name").textContent.trim() + ": place " + place + " of " + list.children.length + "."; }
    var form = editorForm();
    if (form) { form.dispatchEvent(new Event("input", { bubbles: true })); }
    schedule(DEBOUNCE_MS);
  });

  /* A section moved in the form itself (its own drag and drop or buttons, saved with the form)
     changes meta.design.sectionOrder on the server: the panel's list is read back from there,
     so that the next autosave does not put the old order back. */
  function syncSectionOrder() {
    var list = document.querySelector("[data-section-order]");
    if (!list) { return; }
    window.fetch(url.replace(/\/preview$/, "/design/sections"), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (saved) {
        if (!saved) { return; }
        var rows = {};
        list.querySelectorAll("li").forEach(function (row) { rows[row.getAttribute("data-key")] = row; });
        var current = Object.keys(rows).join(",");
        if (saved.order.join(",") === current) { return; }
        saved.order.forEach(function (key) { if (rows[key]) { list.appendChild(rows[key]); } });
        orderButtons(list);
        schedule(0);
      }).catch(function () { return null; });
  }

  /* The photo: chosen is uploaded (htmx posts the form), unless it is over the size limit. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.id !== "photo-file") { return; }
    var file = input.files && input.files[0];
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var slot = document.getElementById("photo-error");
    if (file && limit && file.size > limit) {
      if (slot) { slot.textContent = "“" + file.name + "” is over " + Math.round(limit / 1048576) + " MB: choose a smaller photo."; }
      input.value = "";
      return;
    }
    if (file && input.form) { input.form.requestSubmit(); }
  });

  function hideUploadButtons() {
    document.querySelectorAll("[data-photo-submit]").forEach(function (button) { button.hidden = true; });
  }
  document.addEventListener("htmx:afterSettle", hideUploadButtons);

  /* On a phone: Edit, Design and Preview as tabs over one column. */
  var workspace = document.querySelector("[data-workspace]");
  var tabs = workspace ? workspace.querySelector("[data-workspace-tabs]") : null;

  function choose(name, focus) {
    workspace.setAttribute("data-tab", name);
    tabs.querySelectorAll("[data-tab-button]").forEach(function (tab) {
      var on = tab.getAttribute("data-tab-button") === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) { tab.focus(); }
    });
    if (name === "preview") { schedule(0); }
  }

  if (tabs) {
    tabs.hidden = false;
    tabs.addEventListener("click", function (event) {
      var tab = event.target.closest("[data-tab-button]");
      if (tab) { choose(tab.getAttribute("data-tab-button"), false); }
    });
    tabs.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") { return; }
      var all = Array.prototype.slice.call(tabs.querySelectorAll("[data-tab-button]"));
      var at = all.indexOf(document.activeElement);
      var next = all[(at + (event.key === "ArrowRight" ? 1 : all.length - 1)) % all.length];
      choose(next.getAttribute("data-tab-button"), true);
      event.preventDefault();
    });
    choose(window.location.hash === "#design" ? "design" : "edit", false);
  }

  /* A wider pane needs more pixels: ask again once resizing stops (the cache answers a size
     that needs none). */
  window.addEventListener("resize", function () { schedule(300); });

  hideUploadButtons();
  schedule(0);
}());
