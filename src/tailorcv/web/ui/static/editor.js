/* The résumé editor's comforts (issue 19): entries and sections reordered by dragging, focus
   that follows Add, Move and Remove, Undo of a removal, a save status that stays in sight, and
   the section navigation's current section.
   Each is an enhancement of what the page does without scripts: the move buttons post the form
   and the server answers with the form re-made; the section links are plain anchors. A drag
   posts the same form with an "order:" or "section:" move, Undo an "insert:" move carrying the
   removed entry's JSON, which the server put in the page when it removed it. */
(function () {
  "use strict";

  var MAX_UNDO = 20; // removals kept for Undo; the oldest go first
  var removed = []; // [{move, json, label}], newest last, for the life of the page
  var asked = null; // the move this page posted, and the control that should have focus after it
  var undoing = null; // the removal being put back, until the server has answered
  var live = null;
  var undoBar = null;
  var drag = null;
  var chosenLink = null;
  var dragged = false; // a drag just ended: the click that follows it toggles nothing

  document.documentElement.classList.add("comfort");

  function editorForm() { return document.getElementById("editor-form"); }
  function bar(form) { return form && form.querySelector("[data-editor-bar]"); }

  function barBottom() {
    var found = bar(editorForm());
    if (!found) { return 0; }
    var box = found.getBoundingClientRect();
    return box.top <= 1 ? box.bottom : 0;
  }

  /* Things said to a screen reader: a region made once, outside the form the server re-makes. */
  function say(text) {
    if (!live) {
      live = document.createElement("p");
      live.id = "editor-live";
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }

  /* Focus an element and scroll it into view below the sticky bar, not under it. */
  function reveal(element) {
    if (!element) { return; }
    element.focus({ preventScroll: true });
    var box = element.getBoundingClientRect();
    var top = barBottom() + 8;
    if (box.top < top) {
      window.scrollBy(0, box.top - top);
    } else if (box.bottom > window.innerHeight - 8) {
      window.scrollBy(0, Math.min(box.bottom - window.innerHeight + 8, box.top - top));
    }
  }

  /* Post the form with a move, as its buttons do: through htmx when it is there, else plainly. */
  function post(move, entryJson) {
    var form = editorForm();
    if (!form) { return; }
    if (entryJson !== undefined) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = "removed";
      carried.value = entryJson;
      form.appendChild(carried);
    }
    var button = document.createElement("button");
    button.type = "submit";
    button.name = "move";
    button.value = move;
    button.className = "visually-hidden";
    button.tabIndex = -1;
    form.appendChild(button);
    button.click();
  }

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* The entries of a list (``work``, ``work[0].highlights``), in order, by their data-path. */
  function entriesOf(form, list) {
    var pattern = new RegExp("^" + escapeRe(list) + "\\[(\\d+)\\]$");
    var found = [];
    form.querySelectorAll("[data-path]").forEach(function (element) {
      var match = pattern.exec(element.getAttribute("data-path"));
      if (match) { found[parseInt(match[1], 10)] = element; }
    });
    return found.filter(Boolean);
  }

  function byValue(scope, value) {
    var found = null;
    scope.querySelectorAll("button[name=move]").forEach(function (button) {
      if (button.value === value) { found = button; }
    });
    return found;
  }

  function usable(button) { return button && !button.disabled ? button : null; }
  function firstField(entry) {
    return entry && entry.querySelector("input:not([type=hidden]), textarea, select");
  }
  function heading(entry) { return entry && (entry.querySelector("summary") || firstField(entry)); }
  function labelOf(entry) { return (entry && entry.getAttribute("data-label")) || "the entry"; }

  function moved(entry, index, count) {
    say("Moved " + labelOf(entry) + " to position " + (index + 1) + " of " + count + ".");
  }

  /* After the server answered a move, focus what the person was working on. */
  function follow(form, move, control) {
    var verb = move.slice(0, move.indexOf(":"));
    var rest = move.slice(verb.length + 1);
    if (verb === "section") { followSection(form, rest, control); return; }
    var to = /=(\d+)$/.exec(rest);
    var path = to ? rest.slice(0, to.index) : rest;
    var place = /^(.*)\[(\d+)\]$/.exec(path);
    var list = verb === "add" ? path : place && place[1];
    if (!list) { return; }
    var entries = entriesOf(form, list);
    var index = place ? parseInt(place[2], 10) : entries.length - 1;
    if (verb === "add") {
      var adder = byValue(form, "add:" + list);
      var added = adder ? adder.textContent.trim().replace(/^Add/, "Added") : "Added";
      reveal(firstField(entries[entries.length - 1]));
      say(added + ", " + entries.length + " of " + entries.length + ".");
    } else if (verb === "remove") {
      reveal(heading(entries[index]) || usable(byValue(form, "add:" + list)));
    } else if (verb === "insert") {
      var back = entries[Math.min(index, entries.length - 1)];
      reveal(heading(back));
      if (back) { say("Put back " + labelOf(back) + "."); }
    } else {
      if (verb === "order") { index = parseInt(to[1], 10); }
      if (verb === "up") { index = Math.max(index - 1, 0); }
      if (verb === "down") { index = Math.min(index + 1, entries.length - 1); }
      var entry = entries[index];
      if (!entry) { return; }
      var up = byValue(entry, "up:" + list + "[" + index + "]");
      var down = byValue(entry, "down:" + list + "[" + index + "]");
      var same = verb === "down" ? [down, up] : [up, down];
      reveal(usable(same[0]) || usable(same[1]) || heading(entry));
      moved(entry, index, entries.length);
    }
  }

  function followSection(form, rest, control) {
    var key = rest.split("=")[0];
    var sections = Array.prototype.slice.call(form.querySelectorAll("[data-sortable=sections] > [data-sort-item]"));
    var section = sections.filter(function (s) { return s.getAttribute("data-key") === key; })[0];
    if (!section) { return; }
    var tools = section.querySelector(".section-moves");
    var first = control === "down" ? "down" : "up";
    var second = first === "up" ? "down" : "up";
    reveal(usable(tools.querySelector("[data-dir=" + first + "]")) ||
      usable(tools.querySelector("[data-dir=" + second + "]")) || section.querySelector("legend"));
    moved(section, sections.indexOf(section), sections.length);
  }

  /* Undo: the server leaves the removed entry in the page; it is kept here, so that any removal
     of this page's life can be put back, the newest first. */
  function keepRemoved(form) {
    var slot = form.querySelector("[data-undo]");
    if (!slot) { showUndo(form); return; }
    var carried = slot.querySelector("input[name=removed]");
    removed.push({ move: slot.getAttribute("data-undo"), json: carried ? carried.value : "", label: slot.getAttribute("data-label") });
    if (removed.length > MAX_UNDO) { removed.shift(); }
    slot.remove(); // its hidden field would ride along on every later save
    showUndo(form);
    say("Removed “" + removed[removed.length - 1].label + "”. Undo is at the top of the form.");
  }

  function showUndo(form) {
    if (!undoBar) {
      undoBar = document.createElement("p");
      undoBar.className = "undo";
      undoBar.setAttribute("data-undo-bar", "");
      undoBar.innerHTML = '<span class="undo-text"></span> <button type="button" class="small ghost" data-undo-button>Undo</button> <button type="button" class="icon" data-undo-forget aria-label="Keep it removed">✕</button>';
    }
    var last = removed[removed.length - 1];
    var place = bar(form) || form;
    if (!last) { undoBar.remove(); return; }
    undoBar.querySelector(".undo-text").textContent = "Removed “" + last.label + "”" + (removed.length > 1 ? " (and " + (removed.length - 1) + " more)." : ".");
    undoBar.querySelector("[data-undo-button]").setAttribute("aria-label", "Undo: put back “" + last.label + "”");
    var nav = place.querySelector(".section-nav");
    if (undoBar.parentNode !== place) { place.insertBefore(undoBar, nav); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-drag-handle]") || (dragged && event.isTrusted)) { // a drag is no click on a summary
      dragged = false;
      event.preventDefault();
      return;
    }
    if (target.closest("[data-undo-button]")) {
      if (undoing) { return; } // one at a time: each is a place in the list as it then is
      undoing = removed.pop();
      if (undoing) { asked = { move: undoing.move }; post(undoing.move, undoing.json); }
      showUndo(editorForm());
    } else if (target.closest("[data-undo-forget]")) {
      removed.pop();
      var form = editorForm();
      showUndo(form);
      reveal(removed.length ? undoBar.querySelector("[data-undo-button]") : form.querySelector(".save-status + button"));
    } else if (target.closest("#editor-form button[name=move]")) {
      var button = target.closest("button[name=move]");
      asked = { move: button.value, control: button.getAttribute("data-dir") };
    } else if (target.closest(".section-nav a")) {
      chosenLink = target.closest(".section-nav a").getAttribute("href");
      window.requestAnimationFrame(markCurrent); // once the browser has jumped there
    }
  });

  /* Dragging, with a mouse, a pen or a finger on an entry's or a section's handle. The items
     fold to their headings while one moves, so that a long list fits the screen, and the item
     takes its place among them as the pointer passes their middles (moved in the page, never
     through an inline style, which the page's policy refuses once htmx copies it). */
  function itemsOf(list) {
    return Array.prototype.filter.call(list.children, function (child) { return child.hasAttribute("data-sort-item"); });
  }
  function sibling(item, step) {
    var items = itemsOf(item.parentElement);
    return items[items.indexOf(item) + step] || null;
  }
  function middle(element) { var box = element.getBoundingClientRect(); return box.top + box.height / 2; }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest("[data-drag-handle]");
    var item = handle && handle.closest("[data-sort-item]");
    if (!item || drag || event.button !== 0 || !item.parentElement.hasAttribute("data-sortable")) { return; }
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    drag = { handle: handle, item: item, list: item.parentElement, pointer: event.pointerId,
      y: event.clientY, startY: event.clientY, from: itemsOf(item.parentElement).indexOf(item),
      next: item.nextSibling, started: false, grab: 0, frame: 0 };
  });

  function startDrag() {
    drag.started = true;
    drag.list.classList.add("sorting");
    drag.item.classList.add("dragging");
    var box = drag.handle.getBoundingClientRect();
    window.scrollBy(0, box.top + box.height / 2 - drag.y); // the folded item back under the pointer
    drag.grab = drag.y - drag.item.getBoundingClientRect().top;
    drag.frame = window.requestAnimationFrame(edgeScroll);
  }

  function place() {
    var item = drag.item;
    var before = sibling(item, -1);
    while (before && drag.y < middle(before)) { drag.list.insertBefore(item, before); before = sibling(item, -1); }
    var after = sibling(item, 1);
    while (after && drag.y > middle(after)) { drag.list.insertBefore(item, after.nextSibling); after = sibling(item, 1); }
  }

  /* Near the top or the bottom of the window, the page scrolls under the dragged item. */
  function edgeScroll() {
    if (!drag || !drag.started) { return; }
    var top = barBottom() + 40;
    var bottom = window.innerHeight - 40;
    var step = drag.y < top ? -Math.min(20, top - drag.y) : drag.y > bottom ? Math.min(20, drag.y - bottom) : 0;
    if (step) { window.scrollBy(0, step); place(); }
    drag.frame = window.requestAnimationFrame(edgeScroll);
  }

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) { return; }
    drag.y = event.clientY;
    if (!drag.started && Math.abs(drag.y - drag.startY) < 4) { return; }
    if (!drag.started) { startDrag(); }
    place();
  });

  function endDrag(dropped) {
    var ended = drag;
    drag = null;
    window.cancelAnimationFrame(ended.frame);
    if (!ended.started) { return; }
    dragged = true;
    window.setTimeout(function () { dragged = false; }, 0);
    var item = ended.item;
    item.classList.remove("dragging");
    ended.list.classList.remove("sorting");
    var to = itemsOf(ended.list).indexOf(item);
    if (!dropped || to === ended.from) {
      ended.list.insertBefore(item, ended.next);
      say(labelOf(item) + " stays where it was.");
    } else {
      var key = item.getAttribute("data-key");
      var move = key ? "section:" + key + "=" + to : "order:" + item.getAttribute("data-path") + "=" + to;
      asked = { move: move, control: "up" };
      post(move);
    }
    var box = item.getBoundingClientRect(); // unfolded: keep the item where it was let go
    window.scrollBy(0, box.top - (ended.y - ended.grab));
  }

  document.addEventListener("pointerup", function (event) {
    if (drag && event.pointerId === drag.pointer) { endDrag(true); }
  });
  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.pointer) { endDrag(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") { endDrag(false); }
  });

  /* The section navigation marks the section under the sticky bar; a link chosen wins while
     its section is on the screen (a short last section never reaches the top). */
  function markCurrent() {
    var form = editorForm();
    var nav = form && form.querySelector(".section-nav");
    if (!nav) { return; }
    var line = barBottom() + 16;
    var current = null;
    form.querySelectorAll("fieldset.section").forEach(function (section) {
      if (!current || section.getBoundingClientRect().top <= line) { current = "#" + section.id; }
    });
    var chosen = chosenLink && form.querySelector(chosenLink);
    if (chosen) {
      var box = chosen.getBoundingClientRect();
      if (box.top < window.innerHeight && box.bottom > line) { current = chosenLink; } else { chosenLink = null; }
    }
    nav.querySelectorAll("a").forEach(function (link) {
      if (link.getAttribute("href") === current) {
        link.setAttribute("aria-current", "location");
        var row = link.closest("ul");
        if (link.offsetLeft < row.scrollLeft || link.offsetLeft + link.offsetWidth > row.scrollLeft + row.clientWidth) {
          row.scrollLeft = link.offsetLeft - 24;
        }
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  var scheduled = false;
  function soon() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; markCurrent(); measure(); });
  }
  window.addEventListener("scroll", soon, { passive: true });
  window.addEventListener("resize", soon);

  /* The bar's height, so that an anchor or a focused field lands below it (ui.css). */
  function measure() {
    var found = bar(editorForm());
    if (found) { document.documentElement.style.setProperty("--editor-bar", found.offsetHeight + "px"); }
  }

  /* A field reached with Tab that the browser left under the sticky bar is brought below it. */
  document.addEventListener("focusin", function (event) {
    var form = editorForm();
    var target = event.target;
    if (!form || !bar(form) || !form.contains(target) || bar(form).contains(target)) { return; }
    var line = barBottom() + 4;
    var top = target.getBoundingClientRect().top;
    if (top < line) { window.scrollBy(0, top - line - 4); }
  });

  /* Each time the server sends the form (a move, Undo), and once when the page opens. */
  function settle() {
    var form = editorForm();
    if (!form || form.comfortSeen) { return; }
    form.comfortSeen = true;
    undoing = null;
    measure();
    keepRemoved(form);
    var move = form.getAttribute("data-move");
    if (move && (!asked || asked.move === move)) { follow(form, move, asked && asked.control); }
    asked = null;
    markCurrent();
  }
  document.addEventListener("htmx:afterSettle", settle);
  function unanswered() { // the server never answered: the removal stays undoable
    if (undoing) { removed.push(undoing); undoing = null; showUndo(editorForm()); }
  }
  document.addEventListener("htmx:sendError", unanswered);
  document.addEventListener("htmx:responseError", unanswered);
  settle();
}());
