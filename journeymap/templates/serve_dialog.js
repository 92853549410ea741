// journeymap serve --edit: the edit dialog's frame, one queue of edits to the server, and fields that save
// themselves (text after a pause in typing, menus when they change), each with its own status.
(function () {
  "use strict";
  const JM = window.journeymapServe, serve = JM.serve, L = JM.labels, el = JM.el, button = JM.button;
  if (!serve.edit) { return; }
  const TYPING_PAUSE_MS = 700;
  const NAME = "journeymap-name";

  // --- who is editing: asked once, kept in this browser, sent with each edit as "by" ---------------
  JM.participant = function () {
    try { return localStorage.getItem(NAME); } catch (error) { return ""; }
  };
  JM.setParticipant = function (name) {
    try { localStorage.setItem(NAME, name.trim().slice(0, 80)); } catch (error) { /* private mode: not kept */ }
    JM.onParticipant.forEach(function (hook) { hook(); });
  };
  JM.onParticipant = [];

  // --- the queue: one request at a time, each naming the version the last answer gave ---------------
  const queue = [];
  let busy = false;
  // Sends one edit; resolves with {status, body, sentWith}. An edit with a key replaces a waiting one with the same key.
  JM.send = function (edit, options) {
    const key = options && options.key, preview = Boolean(options && options.preview);
    return new Promise(function (resolve) {
      const waiting = key ? queue.find(function (item) { return item.key === key; }) : null;
      if (waiting) {
        waiting.resolve({superseded: true});
        waiting.edit = edit;
        waiting.resolve = resolve;
        return;
      }
      queue.push({edit: edit, key: key, preview: preview, resolve: resolve});
      pump();
    });
  };
  function pump() {
    if (busy || !queue.length) { return; }
    busy = true;
    const item = queue.shift();
    JM.inFlight = post(item).then(function (answer) {
      if (answer.status === 200 && !item.preview) { accepted(answer.body); }
      item.resolve(answer);
      busy = false;
      JM.inFlight = null;
      pump();
    });
  }
  function post(item) {
    const version = serve.version, name = JM.participant();
    return fetch(serve.api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": serve.csrf},
      body: JSON.stringify({map: serve.map, version: version, edit: item.edit, by: name || null, preview: item.preview})
    }).then(function (response) {
      return response.json().catch(function () { return {message: response.statusText}; })
        .then(function (body) { return {status: response.status, body: body, sentWith: version}; });
    }).catch(function () { return {status: 0, body: {message: L.offline}, sentWith: version}; });
  }
  function accepted(body) {
    serve.version = body.version;
    JM.epoch += 1;
    JM.own.add(body.version);
    if (typeof body.undo === "number") { JM.setSteps(body.undo, body.redo); }
  }
  JM.setSteps = function () {};   // serve_structure.js shows the undo and redo counts

  // A refusal as a person reads it: the server's sentence, then each finding with its line.
  JM.refusal = function (body) {
    const lines = [body.message || L.offline];
    (body.findings || []).forEach(function (f) {
      lines.push(f.line + ":" + f.column + ": " + f.message + " [" + f.rule + "]");
    });
    return lines.join("\n");
  };

  // --- the dialog --------------------------------------------------------------------------------
  const dialog = el("dialog", {id: "edit-dialog", "aria-labelledby": "edit-title"});
  const title = el("h2", {id: "edit-title", tabindex: "-1"});
  const tools = el("div", {"class": "dialog-tools"});      // undo and redo (serve_structure.js)
  const meanwhile = el("ul", {"class": "meanwhile", "aria-live": "polite", "aria-label": L.meanwhile});
  const conflictBox = el("div", {id: "edit-conflict", role: "alert", hidden: true});
  const content = el("div", {"class": "edit-body"});
  const status = el("p", {id: "edit-status", role: "status"});
  const whoSlot = el("div", {"class": "who-slot"});
  dialog.append(el("div", {"class": "dialog-head"}, [title, tools,
                  button("✕", function () { dialog.close(); }, "close-x", L.close)]),
                whoSlot, meanwhile, conflictBox, content, status,
                el("p", {"class": "dialog-foot"}, [button(L.close, function () { dialog.close(); }, "close")]));
  document.body.appendChild(dialog);
  JM.dialog = dialog;
  JM.dialogTools = tools;

  let fields = new Map();       // key -> the field of the open view: its control, unsent value, status
  const marks = new Map();      // key -> the status a field showed last (kept when the view is built again)
  let view = null, opener = null;

  // Opens a view: {title, render() -> nodes, keep: true when an update must not rebuild it (a preview)}.
  JM.show = function (next) {
    fields.forEach(function (entry) { if (entry.timer) { commit(entry); } });   // typed just now: sent, not dropped
    if (!dialog.open) {
      opener = document.activeElement;
      meanwhile.textContent = "";
      conflictBox.hidden = true;
      retries.clear();
    }
    view = next;
    marks.clear();
    build(null);
    status.textContent = "";
    status.className = "";
    if (!dialog.open) { dialog.showModal(); }
    dialog.scrollTop = 0;
    const first = content.querySelector("input, select, textarea");
    (first || title).focus();
  };
  JM.view = function () { return dialog.open ? view : null; };
  function build(saved) {
    fields.forEach(function (entry) { clearTimeout(entry.timer); });
    fields = new Map();
    title.textContent = typeof view.title === "function" ? view.title() : view.title;
    content.replaceChildren.apply(content, view.render().filter(Boolean));
    whoSlot.replaceChildren.apply(whoSlot, [JM.participant() === null ? whoQuestion() : null].filter(Boolean));
    if (saved) { restore(saved); }
  }
  // After the page took a new version: the view is built from the new state; what the user typed and not yet
  // saved wins over it, and the focus, the cursor and the scroll position stay where they were.
  JM.afterSwap.push(function () {
    if (!dialog.open || !view || view.keep || settleInPlace()) { return; }
    const saved = {dirty: new Map(), typed: new Map(), focus: null, scroll: dialog.scrollTop};
    fields.forEach(function (entry) { if (entry.dirty) { saved.dirty.set(entry.key, valueOf(entry.control)); } });
    content.querySelectorAll("input[name]:not([type]), textarea[name]").forEach(function (control) {
      if (!fields.has(control.name) && control.value !== control.defaultValue) {   // a new pain, a note: not sent yet
        saved.typed.set(control.name, control.value);
      }
    });
    const active = document.activeElement;
    if (active && dialog.contains(active)) {
      saved.focus = {key: active.getAttribute("data-key") || active.name || active.id,
                     start: active.selectionStart, end: active.selectionEnd};
    }
    build(saved);
  });
  // When the view would look the same (the same fields, rows and choices), only values changed: each field holding
  // nothing unsent takes its new value, and nothing is rebuilt under the person's cursor (or their field's own undo).
  function settleInPlace() {
    const kept = fields;
    fields = new Map();
    const fresh = el("div", {}, view.render().filter(Boolean));
    const made = fields;
    fields = kept;
    if (shape(fresh) !== shape(content)) { return false; }
    made.forEach(function (entry, key) {
      const mine = kept.get(key);
      // a field being typed in, or just entered (the person is about to type), is never set under the cursor:
      // even an unchanged textarea's defaultValue, set again, moves its caret to the start
      if (!mine || mine.dirty || mine.control === document.activeElement) { return; }
      const value = valueOf(entry.control);
      if (JSON.stringify(value) !== JSON.stringify(valueOf(mine.control))) { setValue(mine.control, value); }
      const text = mine.control.tagName === "TEXTAREA" || (mine.control.tagName === "INPUT" && mine.control.type !== "checkbox");
      if (text && mine.control.defaultValue !== String(value)) { mine.control.defaultValue = value; }
      mine.sent = entry.sent;
    });
    title.textContent = typeof view.title === "function" ? view.title() : view.title;
    return true;
  }
  function shape(root) {
    return Array.from(root.querySelectorAll("input, select, textarea, button, legend, label, th, p, .note-text"))
      .map(function (node) {
        if (node.tagName === "SELECT") {
          return "S" + node.name + Array.from(node.options).map(function (o) { return o.value + "=" + o.text; }).join(",");
        }
        if (node.tagName === "INPUT" || node.tagName === "TEXTAREA") { return "I" + node.name + node.type; }
        return node.tagName + node.textContent;
      }).join("|");
  }
  function restore(saved) {
    saved.dirty.forEach(function (value, key) {
      const entry = fields.get(key);
      if (!entry) { return; }
      setValue(entry.control, value);
      entry.dirty = true;
      entry.timer = setTimeout(function () { commit(entry); }, TYPING_PAUSE_MS);
    });
    saved.typed.forEach(function (value, name) {
      const control = content.querySelector('[name="' + CSS.escape(name) + '"]');
      if (control) { control.value = value; }
    });
    marks.forEach(function (mark, key) { if (fields.has(key)) { show(fields.get(key), mark); } });
    dialog.scrollTop = saved.scroll;
    if (!saved.focus) { return; }
    const key = CSS.escape(saved.focus.key || "");
    const again = key && dialog.querySelector('[data-key="' + key + '"], [name="' + key + '"], #' + key);
    if (!again) { title.focus({preventScroll: true}); return; }
    again.focus({preventScroll: true});
    try { again.setSelectionRange(saved.focus.start, saved.focus.end); } catch (error) { /* not a text field */ }
  }
  dialog.addEventListener("close", function () {
    fields.forEach(function (entry) { if (entry.timer) { commit(entry); } });   // a pause not yet over: saved now
    if (opener && !document.contains(opener)) {   // the report was replaced meanwhile: its twin takes the focus
      const twin = opener.getAttribute("data-edit") || opener.getAttribute("data-touchpoint");
      opener = twin ? document.querySelector('[data-edit="' + CSS.escape(twin) + '"], [data-touchpoint="' +
                                              CSS.escape(twin) + '"]') : null;
    }
    if (opener && document.activeElement === document.body) { opener.focus(); }
    if (JM.reloadWhenClosed) { JM.reloadWhenClosed = false; JM.reload(); }
  });
  JM.onNews.push(function (text) {
    if (!dialog.open) { return; }
    meanwhile.appendChild(el("li", {text: text}));
    while (meanwhile.children.length > 4) { meanwhile.firstChild.remove(); }
  });

  // --- the participant's name, asked once ------------------------------------------------------
  function whoQuestion() {
    const input = el("input", {id: "who-name", name: "who-name", maxlength: "80", autocomplete: "nickname"});
    const save = function () { JM.setParticipant(input.value); box.remove(); };
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { save(); } });
    const box = el("div", {"class": "who", role: "group", "aria-labelledby": "who-label"}, [
      el("label", {"for": "who-name", id: "who-label", text: L.who}), input,
      button(L.who_save, save, "primary"),
      button(L.who_skip, function () { JM.setParticipant(""); box.remove(); })]);
    return box;
  }

  // --- fields that save themselves ----------------------------------------------------------------
  function valueOf(control) {
    if (control.type === "checkbox") { return control.checked; }
    if (control.multiple) { return Array.from(control.selectedOptions).map(function (o) { return o.value; }); }
    return control.value;
  }
  function setValue(control, value) {
    if (control.type === "checkbox") { control.checked = value; return; }
    if (control.multiple) {
      Array.from(control.options).forEach(function (o) { o.selected = value.indexOf(o.value) >= 0; });
      return;
    }
    control.value = value;
  }
  JM.valueOf = valueOf;
  // A labelled field: `toEdit(value)` makes the edit to send, or throws Error(message) for a value refused here.
  JM.field = function (key, label, control, toEdit, options) {
    control.id = "f-" + key;
    const statusLine = bind(key, control, toEdit, options || {});
    const hint = options && options.hint ? el("span", {"class": "hint", id: "h-" + key, text: options.hint}) : null;
    if (hint) { control.setAttribute("aria-describedby", hint.id + " " + statusLine.id); }
    return el("div", {"class": "field" + (control.type === "checkbox" ? " check" : "")},
              [el("label", {"for": control.id, text: label}), control, hint, statusLine]);
  };
  // The same for a control that a row labels itself (aria-label): returns its status line.
  JM.bind = function (key, control, toEdit, options) { return bind(key, control, toEdit, options || {}); };
  function bind(key, control, toEdit, options) {
    const line = el("span", {"class": "field-status", id: "s-" + key});
    if (!control.name) { control.name = key; }
    control.setAttribute("aria-describedby", line.id);
    const entry = {key: key, control: control, line: line, toEdit: toEdit, dirty: false, timer: null,
                   sent: JSON.stringify(valueOf(control))};
    fields.set(key, entry);
    if (options.text) {
      control.addEventListener("input", function () {
        if (!entry.dirty) { show(entry, {kind: "typing"}); }   // an earlier '✓ saved' no longer holds
        entry.dirty = true;
        clearTimeout(entry.timer);
        entry.timer = setTimeout(function () { commit(entry); }, TYPING_PAUSE_MS);
      });
    }
    control.addEventListener("change", function () { entry.dirty = true; commit(entry); });
    return line;
  }
  function commit(entry) {
    clearTimeout(entry.timer);
    entry.timer = null;
    const value = valueOf(entry.control);
    const shown = JSON.stringify(value);
    if (shown === entry.sent) {   // back to what the file holds: nothing to send, and nothing refused any more
      entry.dirty = false;
      if (marks.has(entry.key) && marks.get(entry.key).kind !== "saved") { show(entry, {kind: "typing"}); }
      return;
    }
    const last = marks.get(entry.key);
    if (shown === entry.attempt && last && last.kind !== "saved") { return; }   // on its way, refused, or in conflict
    entry.attempt = shown;
    let edit;
    try {
      edit = entry.toEdit(value);
    } catch (refusal) {
      show(entry, {kind: "refused", text: refusal.message});
      return;
    }
    show(entry, {kind: "saving"});
    JM.send(edit, {key: entry.key}).then(function (answer) { settle(entry.key, value, edit, answer); });
  }
  function settle(key, value, edit, answer) {
    if (answer.superseded) { return; }
    const entry = fields.get(key);          // the view may have been built again meanwhile
    if (answer.status === 200) {
      if (entry) {
        entry.sent = JSON.stringify(value);
        if (JSON.stringify(valueOf(entry.control)) === entry.sent) { entry.dirty = false; }
      }
      if (!entry || !entry.dirty) { mark(key, {kind: "saved"}); }   // typed on meanwhile: that is saved next
    } else if (answer.status === 409) {
      mark(key, {kind: "conflict"});
      JM.conflict(answer, function () {
        mark(key, {kind: "saving"});
        return JM.send(edit, {key: key}).then(function (again) { settle(key, value, edit, again); });
      }, key);
    } else {
      mark(key, {kind: "refused", text: JM.refusal(answer.body)});
    }
  }
  const SIGNS = {saving: "…", saved: "✓", refused: "✗", conflict: "⚠"};
  function mark(key, state) {
    marks.set(key, state);
    if (fields.has(key)) { show(fields.get(key), state); }
  }
  function show(entry, state) {
    marks.set(entry.key, state);
    const words = {saving: L.saving, saved: L.saved, conflict: L.conflict_short}[state.kind] || state.text;
    entry.line.textContent = state.kind === "typing" ? "" : SIGNS[state.kind] + " " + words;
    entry.line.className = "field-status " + state.kind;
    if (state.kind !== "saving" && state.kind !== "typing") { JM.announce(state.kind, state.kind === "refused" ? state.text : words); }
  }
  JM.mark = mark;
  JM.announce = function (kind, text) {
    status.textContent = (kind === "saved" ? "✓ " : kind === "refused" ? "✗ " : kind === "conflict" ? "⚠ " : "") + text;
    status.className = kind === "saved" ? "ok" : kind === "saving" ? "" : "refused";
  };
  // The answer of an edit made by a button (add, remove): shown in the dialog's status line.
  JM.report = function (answer) {
    if (answer.superseded) { return answer; }
    if (answer.status === 200) { JM.announce("saved", answer.body.summary || L.saved); }
    else if (answer.status === 409) { JM.announce("conflict", L.conflict_short); }
    else { JM.announce("refused", JM.refusal(answer.body)); }
    return answer;
  };

  // --- a conflict: the other change is shown, the unsent edits are kept and can be applied again ------
  const retries = new Map();   // what "apply again" sends: the latest refused edit of each field
  let anonymous = 0;
  JM.conflict = function (answer, retry, key) {
    const body = answer.body;
    retries.set(key || "edit-" + (anonymous += 1), retry);
    const lines = body.changes ? JM.diff(body.changes) : null;
    conflictBox.replaceChildren.apply(conflictBox, [
      el("h3", {text: L.conflict_title}),
      el("p", {text: body.message}),
      body.by ? el("p", {text: JM.say("conflict_by", {name: body.by})}) : null,
      lines,
      el("p", {"class": "actions"}, [
        button(L.apply_again, function () { applyAgain(answer); }, "primary", null),
        button(L.keep_unsent, function () { conflictBox.hidden = true; retries.clear(); })])
    ].filter(Boolean));
    conflictBox.hidden = false;
    conflictBox.querySelector("button.primary").setAttribute("data-key", "apply-again");
  };
  function applyAgain(answer) {
    // The page may not have taken the new version yet: the server named it, and the person saw what changed.
    if (answer.body.version && serve.version === answer.sentWith) { serve.version = answer.body.version; }
    conflictBox.hidden = true;
    const waiting = Array.from(retries.values());
    retries.clear();
    waiting.forEach(function (retry) { retry(); });
  }
  JM.conflictShown = function () { return !conflictBox.hidden; };
  // Unified diff lines, each marked by its sign as well as its colour.
  JM.diff = function (lines) {
    // A scroll box the keyboard reaches, named for screen readers (a region: a <pre> may not carry a name).
    return el("div", {"class": "diff-box", role: "region", tabindex: "0", "aria-label": L.diff}, [
      el("pre", {"class": "diff"}, lines.map(function (line) {
        const cls = line.startsWith("+") && !line.startsWith("+++") ? "add"
          : line.startsWith("-") && !line.startsWith("---") ? "del" : line.startsWith("@@") ? "hunk" : "same";
        return el("span", {"class": cls, text: line + "\n"});
      }))]);
  };
})();
