// journeymap serve --edit: the map's structure (add, move and remove a step; add, rename and order phases),
// undo and redo of the room's edits, the participant's name, and the edit buttons on the report.
(function () {
  "use strict";
  const JM = window.journeymapServe, serve = JM.serve, L = JM.labels, el = JM.el, button = JM.button;
  if (!serve.edit) { return; }
  const B = JM.builders;
  const state = function () { return serve.state; };
  const phaseName = function (id) {
    const found = (state().phases || []).find(function (p) { return p.id === id; });
    return found ? found.name : id;
  };

  // --- undo and redo: on the page's bar, in the dialog, and Ctrl+Z / Ctrl+Shift+Z outside text fields ---
  const steps = {undo: null, redo: null};
  const stepButtons = [];
  function stepButton(kind) {
    const b = button("", function () { step(kind); }, "step " + kind);
    stepButtons.push({kind: kind, node: b});
    return b;
  }
  JM.setSteps = function (undo, redo) {
    steps.undo = undo;
    steps.redo = redo;
    stepButtons.forEach(function (b) {
      const count = steps[b.kind];
      b.node.textContent = (b.kind === "undo" ? "↶ " : "↷ ") + L[b.kind] + (count === null ? "" : " (" + count + ")");
      if (count === null) { b.node.removeAttribute("title"); } else { b.node.title = JM.say(b.kind + "_count", {n: count}); }
      b.node.disabled = count === 0;
    });
  };
  function step(kind) {
    if (steps[kind] === 0) { return; }
    JM.send({op: kind}).then(function (answer) {
      if (JM.view()) { JM.report(answer); } else { bar(answer); }
    });
  }
  function bar(answer) {   // with no dialog open, the page's bar says what undo or redo did
    const said = answer.status === 200 ? "✓ " + (answer.body.summary || L.saved) : "✗ " + JM.refusal(answer.body);
    JM.tell(said, answer.status === 200 ? "ok" : "refused");
  }
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
    const key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") { return; }
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }   // its own undo
    event.preventDefault();
    step(key === "y" || event.shiftKey ? "redo" : "undo");
  });

  // --- the page's bar: undo, redo, phases, who is editing -------------------------------------
  const who = button("", function () { openName(); }, "who-button");
  function showWho() {
    const name = JM.participant();
    who.textContent = "👤 " + (name || L.who_unknown);
    who.setAttribute("aria-label", name ? JM.say("who_is", {name: name}) : L.who);
  }
  JM.onParticipant.push(showWho);
  showWho();
  JM.bar.prepend(el("div", {"class": "bar-tools"}, [stepButton("undo"), stepButton("redo"),
    button(L.phases, function () { openPhases(); }, "phases-button"), who]));
  JM.dialogTools.append(stepButton("undo"), stepButton("redo"));
  JM.setSteps(typeof state().undo === "number" ? state().undo : null,
              typeof state().redo === "number" ? state().redo : null);
  JM.afterSwap.push(function () {
    if (typeof state().undo === "number") { JM.setSteps(state().undo, state().redo); }
  });
  JM.onVersion = function (change) {
    if (typeof change.undo === "number") { JM.setSteps(change.undo, change.redo); }
  };

  function openName() {
    JM.show({title: L.who_title, render: function () {
      const name = B.input(JM.participant() || "", {id: "participant", name: "participant", maxlength: "80",
                                                    autocomplete: "nickname"});
      return [el("div", {"class": "field"}, [el("label", {"for": "participant", text: L.who}), name]),
              el("p", {"class": "actions"}, [button(L.who_save, function () {
                JM.setParticipant(name.value);
                JM.announce("saved", L.saved);
              }, "primary")])];
    }});
  }

  // --- the edit buttons on the report and the projector ---------------------------------------------
  function attach() {
    document.querySelectorAll("th[data-touchpoint], article.card[data-touchpoint]").forEach(function (cell) {
      if (cell.querySelector("[data-edit]")) { return; }
      const id = cell.getAttribute("data-touchpoint");
      const name = state().touchpoints[id] ? state().touchpoints[id].name : id;
      const edit = button("✎ " + L.edit, function () { JM.openTouchpoint(id); }, "edit-button", L.edit + ": " + name);
      edit.setAttribute("data-edit", id);
      const add = button("＋ " + L.add_step_short, function () { JM.openAddStep(id); }, "edit-button add-after",
                         JM.say("add_step_after", {name: name}));
      add.setAttribute("data-add-after", id);
      cell.appendChild(el("span", {"class": "edit-buttons"}, [edit, add]));
    });
    document.querySelectorAll("tr[data-opportunity]").forEach(function (row) {
      const oid = row.getAttribute("data-opportunity");
      if (row.querySelector("[data-edit-opportunity]") || !(state().opportunities || {})[oid]) { return; }
      const title = row.children[1];
      const edit = button("✎", function () { JM.openOpportunity(oid); }, "edit-button inline",
                          L.edit + ": " + state().opportunities[oid].title);
      edit.setAttribute("data-edit-opportunity", oid);
      title.appendChild(edit);
    });
  }
  attach();
  JM.afterSwap.push(attach);
  window.journeymapEdit = {open: JM.openTouchpoint, send: function (edit) { return JM.send(edit).then(JM.report); }};

  // --- a preview before a structure edit: what the file's diff would be, then written on confirmation ---
  // options: back (the view Cancel returns to), above (a control shown over the preview), done(answer body).
  function previewThen(title, edit, options) {
    const back = options.back === undefined ? JM.view() : options.back;
    JM.show({title: title, keep: true, render: function () {
      const holder = el("div", {"class": "preview", "aria-busy": "true"}, [el("p", {text: L.preview_loading})]);
      JM.send(edit, {preview: true}).then(function (answer) { showPreview(holder, answer, edit, back, options.done); });
      return [options.above || null, holder];
    }});
  }
  function showPreview(holder, answer, edit, back, done) {
    holder.removeAttribute("aria-busy");
    const body = answer.body || {};
    const cancel = button(L.cancel, function () { if (back) { JM.show(back); } else { JM.dialog.close(); } });
    if (answer.status !== 200) {
      holder.replaceChildren(el("p", {"class": "refused", text: JM.refusal(body)}), el("p", {"class": "actions"}, [cancel]));
      return;
    }
    const write = function () {
      return JM.send(edit).then(JM.report).then(function (result) {
        if (result.status === 200) { done(result); }
        else if (result.status === 409) { JM.conflict(result, write); }
        return result;
      });
    };
    const warnings = (body.findings || []).filter(function (f) { return f.severity !== "error"; });
    const confirm = button(L.confirm, function () {
      confirm.disabled = true;
      write().then(function () { confirm.disabled = false; });
    }, "primary");
    confirm.setAttribute("data-key", "confirm");
    holder.replaceChildren.apply(holder, [
      el("p", {"class": "summary", text: body.summary || ""}),
      findingList(body.findings || [], "error"),
      warnings.length ? el("details", {"class": "warnings"}, [el("summary", {text: JM.say("preview_warnings",
                                                                                    {n: warnings.length})}),
                                                              findingList(warnings, "warning")]) : null,
      body.diff ? JM.diff(body.diff) : null,
      el("p", {"class": "actions"}, [confirm, cancel])].filter(Boolean));
  }
  function findingList(findings, severity) {
    const shown = findings.filter(function (f) { return (f.severity === "error") === (severity === "error"); });
    return shown.length ? el("ul", {"class": "findings"}, shown.map(function (f) {
      return el("li", {"class": f.severity, text: f.line + ":" + f.column + ": " + f.message + " [" + f.rule + "]"});
    })) : null;
  }
  function closeAndTell(result) {
    JM.dialog.close();
    bar(result);
  }

  // --- add a step after a touchpoint ----------------------------------------------------------------
  let opening = null;   // the new step's id: its dialog opens once the page holds it
  JM.openAddStep = function (after) {
    const tp = state().touchpoints[after];
    if (!tp) { return; }
    JM.show({title: JM.say("add_step_after", {name: tp.name}), render: function () {
      const name = B.input("", {id: "new-step-name", name: "new-step-name", required: true});
      const phases = (state().phases || []).map(function (p) { return [p.id, p.name]; });
      const phase = B.select(phases, tp.phase, {id: "new-step-phase", name: "new-step-phase"});
      const wires = [["insert", L.wire_insert], ["branch", L.wire_branch], ["none", L.wire_none]];
      const radios = wires.map(function (w, i) {
        const radio = el("input", {type: "radio", name: "wire", value: w[0], id: "wire-" + w[0]});
        radio.checked = i === 0;
        return el("div", {"class": "radio"}, [radio, el("label", {"for": radio.id, text: w[1]})]);
      });
      const add = button(L.add_step, function () {
        if (!name.value.trim()) { JM.announce("refused", L.required); name.focus(); return; }
        const wire = JM.dialog.querySelector("input[name='wire']:checked").value;
        add.disabled = true;
        JM.send({op: "add-touchpoint", name: name.value.trim(), id: null, phase: phase.value, after: after,
                 wire: wire}).then(JM.report).then(function (answer) {
          add.disabled = false;
          if (answer.status === 200 && answer.body.touchpoint) { openWhenThere(answer.body.touchpoint); }
        });
      }, "primary");
      add.setAttribute("data-key", "add-step");
      const next = (tp.next || []).map(function (n) { return state().touchpoints[n] ? state().touchpoints[n].name : n; });
      return [el("div", {"class": "field"}, [el("label", {"for": name.id, text: L.name}), name]),
              el("div", {"class": "field"}, [el("label", {"for": phase.id, text: L.phase}), phase]),
              el("fieldset", {"class": "wire"}, [el("legend", {text: L.wire})].concat(radios,
                [el("p", {"class": "hint", text: next.length ? JM.say("wire_now", {name: tp.name, next: next.join(", ")})
                                                            : JM.say("wire_none_now", {name: tp.name})})])),
              el("p", {"class": "actions"}, [add])];
    }});
  };
  function openWhenThere(id) {
    opening = id;
    if (state().touchpoints[id]) { opening = null; JM.openTouchpoint(id); }
  }
  JM.afterSwap.push(function () {
    if (opening && state().touchpoints[opening]) {
      const id = opening;
      opening = null;
      JM.openTouchpoint(id);
    }
  });

  // --- move a touchpoint to another phase or position; remove it ------------------------------------
  JM.openMove = function (id) {
    const tp = state().touchpoints[id];
    const back = JM.view();
    JM.show({title: JM.say("move_title", {name: tp.name}), render: function () {
      const phase = B.select((state().phases || []).map(function (p) { return [p.id, p.name]; }), tp.phase,
                             {id: "move-phase", name: "move-phase"});
      const position = el("select", {id: "move-after", name: "move-after"});
      const fill = function () {
        const choices = [[null, L.first_in_phase]].concat(JM.ordered().filter(function (other) {
          return other !== id && state().touchpoints[other].phase === phase.value;
        }).map(function (other) { return [other, JM.say("after_step", {name: state().touchpoints[other].name})]; }));
        position.replaceChildren.apply(position, choices.map(function (c) {
          return el("option", {value: c[0] === null ? "" : c[0], text: c[1]});
        }));
        position.selectedIndex = position.options.length - 1;
      };
      fill();
      phase.addEventListener("change", fill);
      return [el("div", {"class": "field"}, [el("label", {"for": phase.id, text: L.phase}), phase]),
              el("div", {"class": "field"}, [el("label", {"for": position.id, text: L.position}), position]),
              el("p", {"class": "hint", text: L.move_keeps_flow}),
              el("p", {"class": "actions"}, [button(L.preview, function () {
                previewThen(JM.say("move_title", {name: tp.name}),
                            {op: "move-touchpoint", touchpoint: id, phase: phase.value, after: position.value || null},
                            {done: function () { JM.openTouchpoint(id); }});
              }, "primary"), back ? button(L.cancel, function () { JM.show(back); }) : null])];
    }});
  };
  JM.openRemove = function (id, rewire, back) {
    const tp = state().touchpoints[id];
    const keep = rewire !== false;
    const returnTo = back === undefined ? JM.view() : back;
    const toggle = el("input", {type: "checkbox", id: "rewire", name: "rewire"});
    toggle.checked = keep;
    toggle.addEventListener("change", function () { JM.openRemove(id, toggle.checked, returnTo); });
    previewThen(JM.say("remove_title", {name: tp.name}), {op: "remove-touchpoint", touchpoint: id, rewire: keep},
                {back: returnTo, done: closeAndTell,
                 above: el("div", {"class": "field check"}, [el("label", {"for": "rewire", text: L.rewire}), toggle])});
  };
  JM.openRemoveOpportunity = function (oid) {
    const o = state().opportunities[oid];
    previewThen(JM.say("remove_title", {name: o.title}), {op: "remove-opportunity", opportunity: oid},
                {done: closeAndTell});
  };
  JM.structureButtons = function (id, tp) {
    return el("p", {"class": "structure"}, [
      el("span", {"class": "phase-of", text: tp.phase ? L.phase + ": " + phaseName(tp.phase) : ""}),
      button("＋ " + L.add_step, function () { JM.openAddStep(id); }),
      button("⇄ " + L.move, function () { JM.openMove(id); }),
      button("🗑 " + L.remove_step, function () { JM.openRemove(id); }, "remove")]);
  };

  // --- phases: rename, order, add -------------------------------------------------------------
  // A map's own phases come after those of its included files: only its own are renamed and ordered here.
  function openPhases() {
    JM.show({title: L.phases, render: function () {
      const phases = state().phases || [];
      const own = phases.filter(function (p) { return !p.included; });
      const library = phases.filter(function (p) { return p.included; });
      const rows = library.map(function (phase) {
        return el("div", {"class": "edit-row"}, [el("code", {text: phase.id}), el("span", {"class": "note-text", text: phase.name}),
                                                 el("span", {"class": "hint", text: L.phase_included})]);
      }).concat(own.map(function (phase, index) { return phaseRow(phase, index, own, library); }));
      const fresh = B.input("", {id: "new-phase", name: "new-phase"});
      const after = (library.length ? [library[library.length - 1]] : []).concat(own);
      const where = B.select((library.length ? [] : [[null, L.first]]).concat(after.map(function (p) {
        return [p.id, JM.say("after_step", {name: p.name})];
      })), after.length ? after[after.length - 1].id : null, {id: "new-phase-after", name: "new-phase-after"});
      const add = button(L.add_phase, function () {
        if (!fresh.value.trim()) { JM.announce("refused", L.required); fresh.focus(); return; }
        JM.send({op: "add-phase", name: fresh.value.trim(), id: null, after: where.value || null})
          .then(JM.report).then(function (answer) { if (answer.status === 200) { fresh.value = ""; } });
      }, "primary");
      add.setAttribute("data-key", "add-phase");
      return [B.section(L.phases, rows),
              B.section(L.add_phase, [el("div", {"class": "field"}, [el("label", {"for": fresh.id, text: L.name}), fresh]),
                                      el("div", {"class": "field"}, [el("label", {"for": where.id, text: L.position}), where]),
                                      el("p", {"class": "actions"}, [add])])];
    }});
  }
  function phaseRow(phase, index, own, library) {
    const name = B.input(phase.name, {"aria-label": JM.say("phase_name", {id: phase.id})});
    const move = function (after) { JM.send({op: "move-phase", phase: phase.id, after: after}).then(JM.report); };
    const before = function (i) { return i >= 0 ? own[i].id : library.length ? library[library.length - 1].id : null; };
    const up = button("↑", function () { move(before(index - 2)); }, null, JM.say("phase_up", {name: phase.name}));
    const down = button("↓", function () { move(own[index + 1].id); }, null, JM.say("phase_down", {name: phase.name}));
    up.disabled = index === 0;
    down.disabled = index === own.length - 1;
    up.setAttribute("data-key", "up-" + phase.id);
    down.setAttribute("data-key", "down-" + phase.id);
    return el("div", {"class": "edit-row"}, [el("code", {text: phase.id}), name, up, down,
      JM.bind("phase-" + phase.id, name, function (v) {
        return {op: "rename-phase", phase: phase.id, name: B.required(v)};
      }, {text: true})]);
  }
  JM.openPhases = openPhases;
})();
