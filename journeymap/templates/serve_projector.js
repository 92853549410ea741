// journeymap serve: the projector view: one screen at a time, and the facilitator's keys
// (→ ← n p: next and previous step, PageDown PageUp: screens, e: edit the step, a: add a step after it, ?: the keys).
(function () {
  "use strict";
  const JM = window.journeymapServe, serve = JM.serve, L = JM.labels, el = JM.el, button = JM.button;
  if (!document.body.classList.contains("projector")) { return; }
  let current = 0, focused = null;   // the screen shown, and the step (touchpoint id) the facilitator is on

  const screens = function () { return Array.from(document.querySelectorAll(".screen")); };
  const cards = function () { return Array.from(document.querySelectorAll("article.card[data-touchpoint]")); };
  function show(n) {
    const all = screens();
    const next = Math.max(0, Math.min(all.length - 1, n));
    if (next !== current) { window.scrollTo(0, 0); }   // a new screen starts at its title
    current = next;
    all.forEach(function (s, i) { s.hidden = i !== current; });
    const counter = document.getElementById("screen-counter");
    if (counter) { counter.textContent = (current + 1) + " / " + all.length; }
    history.replaceState(null, "", "#screen-" + (current + 1));
  }
  function focusCard(card) {
    show(screens().indexOf(card.closest(".screen")));
    focused = card.getAttribute("data-touchpoint");
    card.focus({preventScroll: true});
    const top = card.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) { card.scrollIntoView({block: "start"}); }   // its title in view
  }
  // The next or previous step; with none chosen yet, the first step from the screen shown on (or the last before).
  function move(by) {
    const all = cards();
    const screenOf = function (card) { return screens().indexOf(card.closest(".screen")); };
    const at = all.findIndex(function (c) { return c.getAttribute("data-touchpoint") === focused; });
    let target;
    if (at >= 0) { target = all[Math.max(0, Math.min(all.length - 1, at + by))]; }
    else if (by > 0) { target = all.find(function (c) { return screenOf(c) >= current; }); }
    else { target = all.filter(function (c) { return screenOf(c) <= current; }).pop(); }
    if (target) { focusCard(target); }
  }
  document.addEventListener("focusin", function (event) {
    const card = event.target.closest && event.target.closest("article.card[data-touchpoint]");
    if (card) { focused = card.getAttribute("data-touchpoint"); }
  });

  // --- the keys ------------------------------------------------------------------------------
  const keys = el("dialog", {id: "shortcuts", "aria-labelledby": "shortcuts-title"});
  const shortcuts = [[["→", "n"], L.key_next], [["←", "p"], L.key_previous], [["PageDown", "PageUp"], L.key_screens],
                     [["Home", "End"], L.key_ends]];
  if (serve.edit) { shortcuts.push([["e"], L.key_edit], [["a"], L.key_add], [["Ctrl+Z", "Ctrl+Shift+Z"], L.key_undo]); }
  shortcuts.push([["?"], L.key_help]);
  keys.append(el("h2", {id: "shortcuts-title", text: L.keys_title}),
              el("dl", {}, [].concat.apply([], shortcuts.map(function (pair) {
                const kbds = [].concat.apply([], pair[0].map(function (k, i) {
                  return [i ? " " : null, el("kbd", {text: k})];
                }));
                return [el("dt", {}, kbds), el("dd", {text: pair[1]})];
              }))),
              el("p", {}, [button(L.close, function () { keys.close(); }, "close")]));
  document.body.appendChild(keys);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || JM.dialogOpen()) { return; }
    if (event.target.closest && event.target.closest("input, textarea, select")) { return; }
    const key = event.key;
    let done = true;
    if (key === "ArrowRight" || key === "n") { move(1); }
    else if (key === "ArrowLeft" || key === "p") { move(-1); }
    else if (key === "PageDown" || key === " ") { focused = null; show(current + 1); }
    else if (key === "PageUp") { focused = null; show(current - 1); }
    else if (key === "Home") { focused = null; show(0); }
    else if (key === "End") { focused = null; show(screens().length - 1); }
    else if (key === "?") { keys.showModal(); }
    else if (key === "e" && serve.edit && focused) { JM.openTouchpoint(focused); }
    else if (key === "a" && serve.edit && focused) { JM.openAddStep(focused); }
    else { done = false; }
    if (done) { event.preventDefault(); }
  });

  const start = /^#screen-(\d+)$/.exec(location.hash);
  show(start ? parseInt(start[1], 10) - 1 : 0);
  // A new version in place: the same screen, and the same step keeps the focus.
  JM.afterSwap.push(function () {
    show(current);
    const card = focused && document.querySelector('article.card[data-touchpoint="' + CSS.escape(focused) + '"]');
    if (card && !JM.dialogOpen()) { card.focus({preventScroll: true}); }
  });
})();
