// journeymap serve --edit: every field of a touchpoint and of an opportunity, in the edit dialog.
(function () {
  "use strict";
  const JM = window.journeymapServe, serve = JM.serve, L = JM.labels, el = JM.el, button = JM.button;
  if (!serve.edit) { return; }
  // The emotion scale (model/emotion.py LEVELS), when the state does not bring it.
  const LEVELS = [{value: -2, word: "frustrated", face: "☹"}, {value: -1, word: "unhappy", face: "☹"},
                  {value: 0, word: "neutral", face: "○"}, {value: 1, word: "happy", face: "☺"},
                  {value: 2, word: "delighted", face: "☺"}];
  const LEVEL_WORDS = ["low", "medium", "high"];
  const STATUSES = ["idea", "planned", "in-progress", "done"];
  const state = function () { return serve.state; };
  const has = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };

  // --- small builders --------------------------------------------------------------------------
  function select(choices, value, attrs) {
    const node = el("select", attrs || {});
    choices.forEach(function (choice) {
      const option = el("option", {value: choice[0] === null ? "" : String(choice[0]), text: choice[1]});
      option.selected = choice[0] === null ? value === null || value === undefined : String(choice[0]) === String(value);
      node.appendChild(option);
    });
    return node;
  }
  function input(value, attrs) {
    const node = el("input", Object.assign({maxlength: "2000"}, attrs || {}));
    node.defaultValue = value === null || value === undefined ? "" : String(value);   // what the map holds
    return node;
  }
  function area(value, rows) {
    const node = el("textarea", {rows: String(rows || 2), maxlength: "20000"});
    node.defaultValue = value === null || value === undefined ? "" : value;
    return node;
  }
  function section(legend, children) {
    return el("fieldset", {}, [el("legend", {text: legend})].concat(children));
  }
  function text(value) { return value.trim() || null; }
  function required(value) {
    if (!value.trim()) { throw new Error(L.required); }
    return value.trim();
  }
  // A number as a person types it: "0,8" on a German page, "19,200" or "19 200" on an English one, "−2".
  function number(value) {
    let written = value.replace(/[\s\u00a0\u202f]/g, "").replace("−", "-");
    if (!written) { return null; }
    written = document.documentElement.lang === "de" && written.indexOf(",") >= 0
      ? written.replace(/\./g, "").replace(",", ".") : written.replace(/,/g, "");
    const parsed = Number(written);
    if (!isFinite(parsed)) { throw new Error(JM.say("not_a_number", {text: value})); }
    return parsed;
  }
  function lines(value) {
    const items = value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
    return items.length ? items : null;
  }
  function signed(value) { return value > 0 ? "+" + value : value < 0 ? "−" + (-value) : "0"; }
  JM.signed = signed;
  function ids(list) { return (list || []).map(function (item) { return [item.id, item.name]; }); }
  function ordered() {
    const order = state().order || Array.from(document.querySelectorAll("[data-touchpoint]"))
      .map(function (node) { return node.getAttribute("data-touchpoint"); });
    Object.keys(state().touchpoints).forEach(function (id) { if (order.indexOf(id) < 0) { order.push(id); } });
    return order.filter(function (id, i) { return state().touchpoints[id] && order.indexOf(id) === i; });
  }
  JM.ordered = ordered;
  JM.builders = {select: select, input: input, area: area, section: section, required: required};

  // --- the touchpoint --------------------------------------------------------------------------
  JM.openTouchpoint = function (id) { JM.show(touchpointView(id)); };
  function touchpointView(id) {
    return {
      title: function () {
        const tp = state().touchpoints[id];
        return tp ? JM.say("edit_title", {name: tp.name}) : L.gone;
      },
      render: function () {
        const tp = state().touchpoints[id];
        if (!tp) { return [el("p", {text: L.gone})]; }
        return [JM.structureButtons(id, tp), stepSection(id, tp), personaSection(id, tp), painSection(id, tp),
                gainSection(id, tp), behindSection(id, tp), kpiSection(id, tp), noteSection(id, tp),
                opportunitySection(id, tp)];
      }
    };
  }
  function set(id, field) {
    return function (value) { return {op: "set", touchpoint: id, field: field, value: value}; };
  }
  function stepSection(id, tp) {
    const rows = [JM.field("name", L.name, input(tp.name, {required: true}), function (v) {
      return {op: "name", touchpoint: id, value: required(v)};
    }, {text: true})];
    [["action", L.action], ["thoughts", L.thoughts], ["description", L.description]].forEach(function (pair) {
      if (!has(tp, pair[0])) { return; }
      const toEdit = set(id, pair[0]);
      rows.push(JM.field(pair[0], pair[1], area(tp[pair[0]], pair[0] === "description" ? 3 : 2),
                         function (v) { return toEdit(text(v)); }, {text: true}));
    });
    if (state().channels) {
      const toEdit = set(id, "channel");
      rows.push(JM.field("channel", L.channel, select([[null, "–"]].concat(ids(state().channels)), tp.channel),
                         function (v) { return toEdit(v || null); }));
    }
    rows.push(JM.field("owner", L.owner, select([[null, "–"]].concat(ids(state().owners)), tp.owner),
                       function (v) { return {op: "owner", touchpoint: id, value: v || null}; }));
    const efforts = [[null, "–"]].concat([1, 2, 3, 4, 5, 6, 7].map(function (n) { return [n, String(n)]; }));
    rows.push(JM.field("effort", L.effort, select(efforts, tp.effort), function (v) {
      return {op: "effort", touchpoint: id, value: v === "" ? null : parseInt(v, 10)};
    }));
    if (has(tp, "moment_of_truth")) {
      const toEdit = set(id, "moment_of_truth");
      const box = el("input", {type: "checkbox"});
      box.checked = Boolean(tp.moment_of_truth);
      rows.push(JM.field("moment_of_truth", L.moment_of_truth, box, function (v) { return toEdit(v); }));
    }
    return section(L.step, rows);
  }

  // Personas: who passes this step (when the state says), and each one's emotion on the scale with words.
  function personaSection(id, tp) {
    const listed = tp.personas.every(function (p) { return has(p, "passes"); });
    const all = listed ? tp.personas : state().personas.map(function (p) {
      return {id: p.id, name: p.name, passes: tp.personas.some(function (q) { return q.id === p.id; })};
    });
    return section(L.personas, all.map(function (persona) { return personaRow(id, tp, persona, all, listed); }));
  }
  // One row per persona: its name, whether it takes this step, and its emotion here.
  function personaRow(id, tp, persona, all, listed) {
    const name = el("span", {"class": "persona-name", id: "pn-" + persona.id, text: persona.name});
    const controls = el("div", {"class": "persona-controls"});
    const lines = [];
    if (listed) {
      const box = el("input", {type: "checkbox", "data-persona": persona.id, id: "f-passes-" + persona.id,
                               "aria-labelledby": "pn-" + persona.id + " pt-" + persona.id});
      box.checked = persona.passes;
      lines.push(JM.bind("passes-" + persona.id, box, function () {
        const chosen = Array.from(JM.dialog.querySelectorAll("input[data-persona]"))
          .filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute("data-persona"); });
        return {op: "set", touchpoint: id, field: "personas", value: chosen.length === all.length ? null : chosen};
      }));
      controls.append(box, el("label", {"for": box.id, id: "pt-" + persona.id, text: L.takes_step}));
    }
    if (persona.passes) {
      const menu = emotionMenu(id, tp, persona);
      controls.append(menu.control);
      lines.push(menu.line);
    }
    return el("div", {"class": "persona-row"}, [name, controls].concat(lines));
  }
  function emotionOf(tp, persona) {
    const found = (tp.emotions || {})[persona];
    if (found === null || found === undefined) { return {value: null, word: null}; }
    return typeof found === "object" ? found : {value: found, word: null};
  }
  // The emotion menu: the words with their numbers and faces; a word is sent where the file writes a word.
  function emotionMenu(id, tp, persona) {
    const levels = (state().emotions || LEVELS).slice().sort(function (a, b) { return a.value - b.value; });
    const current = emotionOf(tp, persona.id);
    const choices = [[null, "–"]].concat(levels.map(function (level) {
      return [level.value, level.face + " " + signed(level.value) + " " + (L["emotion." + level.word] || level.word)];
    }));
    const value = current.value === null ? null : Math.round(current.value);
    const menu = select(choices, value, {"aria-label": L.emotion + " · " + persona.name, id: "f-emotion-" + persona.id});
    const line = JM.bind("emotion-" + persona.id, menu, function (v) {
      let sent = v === "" ? null : parseInt(v, 10);
      if (sent !== null && current.word) {   // the file writes this emotion as a word: it stays a word
        sent = levels.find(function (level) { return level.value === sent; }).word;
      }
      return {op: "emotion", touchpoint: id, persona: persona.id,
              personas: state().personas.map(function (p) { return p.id; }), value: sent};
    });
    return {control: menu, line: line};
  }

  // --- pains, gains, sticky notes: one row each ----------------------------------------------------
  const SEVERITIES = [1, 2, 3, 4, 5].map(function (n) { return [n, String(n)]; });
  function painSection(id, tp) {
    const rows = tp.pains.map(function (pain, index) {
      const words = input(pain.text, {"aria-label": L.pain_text + " " + (index + 1)});
      const severity = select(SEVERITIES, pain.severity, {"aria-label": L.severity + " " + (index + 1)});
      const edit = function (t, s) {
        return {op: "edit-pain", touchpoint: id, index: index, text: required(t), severity: parseInt(s, 10)};
      };
      const address = pain.id ? id + "#" + pain.id : id;
      return el("div", {"class": "edit-row"}, [words, severity,
        button(L.remove, function () { removeItem({op: "remove-pain", touchpoint: id, index: index}); }, "remove",
               L.remove + ": " + pain.text),
        button(L.opportunity, function () { JM.openNewOpportunity(id, [address]); }, null,
               L.opportunity + ": " + pain.text),
        JM.bind("pain-" + index + "-text", words, function (v) { return edit(v, severity.value); }, {text: true}),
        JM.bind("pain-" + index + "-severity", severity, function (v) { return edit(words.value, v); })]);
    });
    const fresh = input("", {name: "new-pain", "aria-label": L.new_pain, placeholder: L.new_pain});
    const freshSeverity = select(SEVERITIES, 3, {name: "new-severity", "aria-label": L.severity});
    rows.push(el("div", {"class": "edit-row"}, [fresh, freshSeverity, button(L.add, function () {
      addItem(fresh, {op: "add-pain", touchpoint: id, text: fresh.value.trim(),
                      severity: parseInt(freshSeverity.value, 10)});
    })]));
    return section(L.pains, rows);
  }
  function gainSection(id, tp) {
    const rows = tp.gains.map(function (gain, index) {
      const words = input(gain.text, {"aria-label": L.gain_text + " " + (index + 1)});
      return el("div", {"class": "edit-row"}, [words,
        button(L.remove, function () { removeItem({op: "remove-gain", touchpoint: id, index: index}); }, "remove",
               L.remove + ": " + gain.text),
        JM.bind("gain-" + index, words, function (v) {
          return {op: "edit-gain", touchpoint: id, index: index, text: required(v)};
        }, {text: true})]);
    });
    const fresh = input("", {name: "new-gain", "aria-label": L.new_gain, placeholder: L.new_gain});
    rows.push(el("div", {"class": "edit-row"}, [fresh, button(L.add, function () {
      addItem(fresh, {op: "add-gain", touchpoint: id, text: fresh.value.trim()});
    })]));
    return section(L.gains, rows);
  }
  function noteSection(id, tp) {
    const rows = tp.notes.map(function (note, index) {
      return el("div", {"class": "edit-row note-row"}, [
        el("span", {"class": "note-text", text: note.by ? note.text + " — " + note.by : note.text}),
        button(L.remove, function () { removeItem({op: "remove-note", touchpoint: id, index: index}); }, "remove",
               L.remove + ": " + note.text)]);
    });
    const fresh = input("", {name: "new-note", "aria-label": L.new_note, placeholder: L.new_note});
    const by = input(JM.participant() || "", {name: "note-by", "aria-label": L.note_by, placeholder: L.note_by,
                                              maxlength: "200"});
    rows.push(el("div", {"class": "edit-row"}, [fresh, by, button(L.add, function () {
      addItem(fresh, {op: "add-note", touchpoint: id, text: fresh.value.trim(), by: by.value.trim() || null});
    })]));
    return section(L.notes, rows);
  }
  function addItem(field, edit) {
    if (!edit.text) { JM.announce("refused", L.required); field.focus(); return; }
    JM.send(edit).then(JM.report).then(function (answer) { if (answer.status === 200) { field.value = ""; } });
  }
  function removeItem(edit) { JM.send(edit).then(JM.report); }

  // Backstage and tags: one entry per line.
  function behindSection(id, tp) {
    const rows = [];
    [["backstage", L.backstage], ["tags", L.tags]].forEach(function (pair) {
      if (!has(tp, pair[0])) { return; }
      const toEdit = set(id, pair[0]);
      rows.push(JM.field(pair[0], pair[1], area((tp[pair[0]] || []).join("\n"), 3),
                         function (v) { return toEdit(lines(v)); }, {text: true, hint: L.one_per_line}));
    });
    return rows.length ? section(L.behind, rows) : null;
  }

  // KPIs: value, target, which way is better, unit; one row each, and a row to add one.
  function kpiSection(id, tp) {
    if (!has(tp, "kpis")) { return null; }
    const head = el("tr", {}, [L.kpi, L.kpi_value, L.kpi_target, L.kpi_better, L.kpi_unit, L.remove].map(function (t) {
      return el("th", {scope: "col", text: t});
    }));
    const betters = [[null, "–"], ["higher", L.better_higher], ["lower", L.better_lower]];
    const rows = tp.kpis.map(function (kpi) {
      const key = "kpi-" + kpi.name;
      const named = function (what) { return what + " · " + kpi.name; };
      const value = input(kpi.value, {"aria-label": named(L.kpi_value), inputmode: "decimal", size: "7"});
      const target = input(kpi.target, {"aria-label": named(L.kpi_target), inputmode: "decimal", size: "7"});
      const better = select(betters, kpi.better, {"aria-label": named(L.kpi_better)});
      const unit = input(kpi.unit, {"aria-label": named(L.kpi_unit), size: "6", maxlength: "40"});
      const toEdit = function () {
        return {op: "kpi", touchpoint: id, name: kpi.name, value: number(value.value), target: number(target.value),
                better: better.value || null, unit: text(unit.value)};
      };
      const lines = [JM.bind(key + "-value", value, toEdit, {text: true}),
                     JM.bind(key + "-target", target, toEdit, {text: true}),
                     JM.bind(key + "-better", better, toEdit), JM.bind(key + "-unit", unit, toEdit, {text: true})];
      return el("tr", {}, [el("th", {scope: "row", text: kpi.name}), el("td", {}, [value]), el("td", {}, [target]),
        el("td", {}, [better]), el("td", {}, [unit]),
        el("td", {}, [button(L.remove, function () { removeItem({op: "remove-kpi", touchpoint: id, name: kpi.name}); },
                             "remove", named(L.remove))].concat(lines))]);
    });
    const name = input("", {name: "new-kpi", "aria-label": L.new_kpi, placeholder: L.new_kpi, maxlength: "200"});
    const amount = input("", {name: "new-kpi-value", "aria-label": L.kpi_value, placeholder: L.kpi_value, size: "7"});
    const add = el("div", {"class": "edit-row"}, [name, amount, button(L.add, function () {
      let figure;
      try { figure = number(amount.value); } catch (refusal) { JM.announce("refused", refusal.message); return; }
      if (!name.value.trim()) { JM.announce("refused", L.required); name.focus(); return; }
      JM.send({op: "kpi", touchpoint: id, name: name.value.trim(), value: figure, target: null, better: null,
               unit: null}).then(JM.report);
    })]);
    return section(L.kpis, [el("table", {"class": "kpi-table"}, [el("thead", {}, [head]), el("tbody", {}, rows)]), add]);
  }

  // --- opportunities ------------------------------------------------------------------------------
  function addressing(id) {
    const all = state().opportunities || {};
    return Object.keys(all).filter(function (oid) {
      return all[oid].addresses.some(function (a) { return a === id || a.startsWith(id + "#"); });
    });
  }
  function opportunitySection(id) {
    const all = state().opportunities || {};
    const rows = addressing(id).map(function (oid) {
      return el("div", {"class": "edit-row"}, [
        el("span", {"class": "note-text", text: all[oid].title + " (" + (L["status." + all[oid].status] || "") + ")"}),
        button(L.edit, function () { JM.openOpportunity(oid); }, null, L.edit + ": " + all[oid].title)]);
    });
    rows.push(el("p", {}, [button(L.opportunity, function () { JM.openNewOpportunity(id, [id]); })]));
    return section(L.opportunities, rows);
  }
  function addressOptions(chosen) {
    const node = el("select", {multiple: true, size: "8"});
    ordered().forEach(function (id) {
      const tp = state().touchpoints[id];
      const group = el("optgroup", {label: tp.name});
      [[id, L.whole_step]].concat(tp.pains.filter(function (p) { return p.id; }).map(function (p) {
        return [id + "#" + p.id, p.text];
      })).forEach(function (pair) {
        const option = el("option", {value: pair[0], text: pair[1]});
        option.selected = chosen.indexOf(pair[0]) >= 0;
        group.appendChild(option);
      });
      node.appendChild(group);
    });
    return node;
  }
  JM.openNewOpportunity = function (id, addresses) {
    const back = JM.view();
    JM.show({title: L.new_opportunity, render: function () {
      const title = input("", {name: "opportunity-title", id: "opportunity-title"});
      const where = addressOptions(addresses);
      where.id = "opportunity-addresses";
      return [el("div", {"class": "field"}, [el("label", {"for": title.id, text: L.opportunity_title}), title]),
              el("div", {"class": "field"}, [el("label", {"for": where.id, text: L.addresses}), where]),
              el("p", {"class": "actions"}, [button(L.create, function () {
                if (!title.value.trim()) { JM.announce("refused", L.required); title.focus(); return; }
                const owner = state().touchpoints[id] ? state().touchpoints[id].owner : null;
                JM.send({op: "add-opportunity", title: title.value.trim(), addresses: JM.valueOf(where),
                         owner: owner}).then(JM.report).then(function (answer) {
                  if (answer.status === 200 && back) { JM.show(back); JM.report(answer); }
                });
              }, "primary"), back ? button(L.cancel, function () { JM.show(back); }) : null])];
    }});
  };
  JM.openOpportunity = function (oid) {
    JM.show({title: function () {
      const o = (state().opportunities || {})[oid];
      return o ? JM.say("edit_title", {name: o.title}) : L.gone;
    }, render: function () { return opportunityFields(oid); }});
  };
  function opportunityFields(oid) {
    const o = (state().opportunities || {})[oid];
    if (!o) { return [el("p", {text: L.gone})]; }
    const set = function (field) {
      return function (value) { return {op: "set-opportunity", opportunity: oid, field: field, value: value}; };
    };
    const levels = [[null, "–"]].concat(LEVEL_WORDS.map(function (w) { return [w, L["level." + w]]; }));
    const costs = typeof o.cost === "number" ? levels.concat([[o.cost, String(o.cost)]]) : levels;
    const rows = [
      JM.field("title", L.opportunity_title_field, input(o.title), function (v) { return set("title")(required(v)); },
               {text: true}),
      JM.field("addresses", L.addresses, addressOptions(o.addresses), function (v) {
        if (!v.length) { throw new Error(L.required); }
        return set("addresses")(v);
      }),
      JM.field("owner", L.owner, select([[null, "–"]].concat(ids(state().owners)), o.owner),
               function (v) { return set("owner")(v || null); }),
      JM.field("impact", L.impact, select(levels, o.impact), function (v) { return set("impact")(v || null); }),
      JM.field("cost", L.cost, select(costs, o.cost), function (v) {
        return set("cost")(v === "" ? null : isFinite(Number(v)) ? Number(v) : v);
      }),
      JM.field("status", L.status, select(STATUSES.map(function (s) { return [s, L["status." + s]]; }), o.status || "idea"),
               function (v) { return set("status")(v); }),
      JM.field("notes", L.opportunity_notes, area(o.notes, 3), function (v) { return set("notes")(text(v)); },
               {text: true})];
    rows.push(el("p", {"class": "actions"}, [button(L.remove_opportunity, function () {
      JM.openRemoveOpportunity(oid);
    }, "remove")]));
    return [section(L.opportunity_section, rows)];
  }
})();
