// journeymap serve: live updates (and, with --edit, editing) for a report served by its own server.
// Only added to served pages; a rendered report file never has it.
(function () {
  "use strict";
  var serve = JSON.parse(document.getElementById("serve-data").textContent);
  var SCROLL = "journeymap-scroll:" + location.pathname;

  // --- live: the server pushes a map's new version; the page reloads where it was -----------
  var saved = sessionStorage.getItem(SCROLL);
  if (saved) {
    sessionStorage.removeItem(SCROLL);
    var at = JSON.parse(saved);
    window.scrollTo(at.x, at.y);
    var grid = document.getElementById("journey-grid");
    if (grid && at.grid) { grid.scrollLeft = at.grid; }
  }
  function reload() {
    var grid = document.getElementById("journey-grid");
    sessionStorage.setItem(SCROLL, JSON.stringify({x: window.scrollX, y: window.scrollY,
                                                   grid: grid ? grid.scrollLeft : 0}));
    location.reload();
  }
  var events = new EventSource(serve.events);
  events.addEventListener("version", function (message) {
    var change = JSON.parse(message.data);
    if (serve.map === null || change.map === serve.map) {
      if (change.revision !== serve.revision) { reload(); }
    }
  });
  document.documentElement.setAttribute("data-live", "connected");
  events.addEventListener("error", function () {
    document.documentElement.setAttribute("data-live", "reconnecting");
  });
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-live", "connected");
  });

  // --- projector: arrow keys move between screens -----------------------------------------
  var screens = document.querySelectorAll(".screen");
  if (screens.length) {
    var current = 0;
    var show = function (n) {
      current = Math.max(0, Math.min(screens.length - 1, n));
      screens.forEach(function (s, i) { s.hidden = i !== current; });
      var counter = document.getElementById("screen-counter");
      if (counter) { counter.textContent = (current + 1) + " / " + screens.length; }
      history.replaceState(null, "", "#screen-" + (current + 1));
    };
    var start = /^#screen-(\d+)$/.exec(location.hash);
    show(start ? parseInt(start[1], 10) - 1 : 0);
    document.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") { show(current + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); event.preventDefault(); }
      if (event.key === "Home") { show(0); }
      if (event.key === "End") { show(screens.length - 1); }
    });
  }

  if (!serve.edit) { return; }

  // --- editing: one edit per request; the server checks it, writes it, and pushes the new version ---
  var state = serve.state;
  function post(edit) {
    return fetch(serve.api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": serve.csrf},
      body: JSON.stringify({map: serve.map, version: serve.version, edit: edit})
    }).then(function (response) {
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  var dialog = el("dialog", {id: "edit-dialog", "aria-labelledby": "edit-title"});
  document.body.appendChild(dialog);
  var status = el("p", {id: "edit-status", role: "status", "aria-live": "polite"});

  function send(edit) {
    status.textContent = serve.labels.saving;
    status.className = "";
    return post(edit).then(function (answer) {
      if (answer.status === 200) {
        serve.version = answer.body.version;
        status.textContent = serve.labels.saved;
        status.className = "ok";  // the server pushes the new version: the page reloads through the event stream
      } else {
        status.className = "refused";
        status.textContent = answer.body.message;
        if (answer.body.findings) {
          answer.body.findings.forEach(function (f) {
            status.appendChild(el("br"));
            status.appendChild(document.createTextNode(f.line + ":" + f.column + ": " + f.message + " [" + f.rule + "]"));
          });
        }
        if (answer.status === 409) { setTimeout(reload, 1500); }
      }
    }).catch(function () {
      status.className = "refused";
      status.textContent = serve.labels.offline;
    });
  }

  function field(label, input) {
    return el("label", {}, [el("span", {text: label}), input]);
  }
  function select(options, value, name, label) {
    var s = el("select", label ? {name: name, "aria-label": label} : {name: name});
    options.forEach(function (o) {
      var opt = el("option", {value: o[0] === null ? "" : String(o[0]), text: o[1]});
      if (String(o[0]) === String(value) || (o[0] === null && (value === null || value === undefined))) { opt.selected = true; }
      s.appendChild(opt);
    });
    return s;
  }
  function button(text, action, cls) {
    var b = el("button", {type: "button", text: text, "class": cls || ""});
    b.addEventListener("click", action);
    return b;
  }
  var EMOTIONS = [[null, "–"], [2, "+2"], [1, "+1"], [0, "0"], [-1, "−1"], [-2, "−2"]];

  function open(id) {
    var tp = state.touchpoints[id];
    if (!tp) { return; }
    dialog.textContent = "";
    status.textContent = "";
    var name = el("input", {name: "name", value: tp.name, maxlength: "2000"});
    var rows = [el("h2", {id: "edit-title", text: tp.name}),
      field(serve.labels.name, name),
      button(serve.labels.save_name, function () { send({op: "name", touchpoint: id, value: name.value}); })];
    var effort = select([[null, "–"], [1, "1"], [2, "2"], [3, "3"], [4, "4"], [5, "5"], [6, "6"], [7, "7"]], tp.effort, "effort");
    effort.addEventListener("change", function () {
      send({op: "effort", touchpoint: id, value: effort.value === "" ? null : parseInt(effort.value, 10)});
    });
    rows.push(field(serve.labels.effort, effort));
    tp.personas.forEach(function (p) {
      var s = select(EMOTIONS, tp.emotions[p.id], "emotion-" + p.id);
      s.addEventListener("change", function () {
        send({op: "emotion", touchpoint: id, persona: p.id, personas: state.personas.map(function (x) { return x.id; }),
              value: s.value === "" ? null : parseInt(s.value, 10)});
      });
      rows.push(field(serve.labels.emotion + " · " + p.name, s));
    });
    var owner = select([[null, "–"]].concat(state.owners.map(function (o) { return [o.id, o.name]; })), tp.owner, "owner");
    owner.addEventListener("change", function () {
      send({op: "owner", touchpoint: id, value: owner.value === "" ? null : owner.value});
    });
    rows.push(field(serve.labels.owner, owner));
    rows.push(el("h3", {text: serve.labels.pains}));
    tp.pains.forEach(function (pain, index) {
      var text = el("input", {value: pain.text, maxlength: "2000", "aria-label": serve.labels.pain_text});
      var severity = select([[1, "1"], [2, "2"], [3, "3"], [4, "4"], [5, "5"]], pain.severity, "severity", serve.labels.severity);
      rows.push(el("div", {"class": "edit-row"}, [text, severity,
        button(serve.labels.save, function () {
          send({op: "edit-pain", touchpoint: id, index: index, text: text.value, severity: parseInt(severity.value, 10)});
        }),
        button(serve.labels.remove, function () { send({op: "remove-pain", touchpoint: id, index: index}); }, "remove"),
        button(serve.labels.opportunity, function () {
          var title = window.prompt(serve.labels.opportunity_title);
          if (title) {
            send({op: "add-opportunity", title: title, addresses: [pain.id ? id + "#" + pain.id : id], owner: tp.owner});
          }
        })]));
    });
    var newPain = el("input", {name: "new-pain", "aria-label": serve.labels.new_pain, maxlength: "2000", placeholder: serve.labels.new_pain});
    var newSeverity = select([[1, "1"], [2, "2"], [3, "3"], [4, "4"], [5, "5"]], 3, "new-severity", serve.labels.severity);
    rows.push(el("div", {"class": "edit-row"}, [newPain, newSeverity, button(serve.labels.add, function () {
      send({op: "add-pain", touchpoint: id, text: newPain.value, severity: parseInt(newSeverity.value, 10)});
    })]));
    rows.push(el("h3", {text: serve.labels.gains}));
    tp.gains.forEach(function (gain, index) {
      var text = el("input", {value: gain.text, maxlength: "2000", "aria-label": serve.labels.gain_text});
      rows.push(el("div", {"class": "edit-row"}, [text,
        button(serve.labels.save, function () { send({op: "edit-gain", touchpoint: id, index: index, text: text.value}); }),
        button(serve.labels.remove, function () { send({op: "remove-gain", touchpoint: id, index: index}); }, "remove")]));
    });
    var newGain = el("input", {name: "new-gain", "aria-label": serve.labels.new_gain, maxlength: "2000", placeholder: serve.labels.new_gain});
    rows.push(el("div", {"class": "edit-row"}, [newGain, button(serve.labels.add, function () {
      send({op: "add-gain", touchpoint: id, text: newGain.value});
    })]));
    rows.push(el("h3", {text: serve.labels.notes}));
    tp.notes.forEach(function (n, index) {
      rows.push(el("div", {"class": "edit-row note-row"}, [
        el("span", {"class": "note-text", text: n.by ? n.text + " — " + n.by : n.text}),
        button(serve.labels.remove, function () { send({op: "remove-note", touchpoint: id, index: index}); }, "remove")]));
    });
    var note = el("input", {name: "new-note", "aria-label": serve.labels.new_note, maxlength: "2000", placeholder: serve.labels.new_note});
    var by = el("input", {name: "note-by", "aria-label": serve.labels.note_by, maxlength: "200", placeholder: serve.labels.note_by});
    rows.push(el("div", {"class": "edit-row"}, [note, by, button(serve.labels.add, function () {
      send({op: "add-note", touchpoint: id, text: note.value, by: by.value || null});
    })]));
    rows.push(status);
    rows.push(button(serve.labels.close, function () { dialog.close(); }, "close"));
    rows.forEach(function (r) { dialog.appendChild(r); });
    dialog.showModal();
  }

  document.querySelectorAll("th[data-touchpoint]").forEach(function (cell) {
    var id = cell.getAttribute("data-touchpoint");
    var b = button("✎", function () { open(id); }, "edit-button");
    b.setAttribute("aria-label", serve.labels.edit + ": " + (state.touchpoints[id] ? state.touchpoints[id].name : id));
    b.setAttribute("data-edit", id);
    cell.appendChild(b);
  });
  window.journeymapEdit = {open: open, send: send};
})();
