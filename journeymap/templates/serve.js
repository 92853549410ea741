// journeymap serve: live updates of a served page, through one connection per browser.
// Only served pages have this script (a rendered report file never has); serve/pages.py inlines it with
// serve_dialog.js, serve_touchpoint.js, serve_structure.js and serve_projector.js as one script.
(function () {
  "use strict";
  const dataNode = document.getElementById("serve-data");
  const serve = JSON.parse(dataNode.textContent);
  const L = serve.labels;
  const SCROLL = "journeymap-scroll:" + location.pathname;

  // What the other parts of the script share: the served data, helpers, and hooks around an update in place.
  const JM = window.journeymapServe = {
    serve: serve, labels: L, el: el, button: button, say: say,
    epoch: 0,               // one more for each edit this page made: a page fetched before it may not show it yet
    own: new Set(),         // the versions this page's own edits made (their news is not news here)
    afterSwap: [],          // called after the page took a new version in place
    onNews: [],             // called with each line of news (the open dialog shows it too)
    dialogOpen: function () { return Boolean(document.querySelector("dialog[open]")); },
    reloadWhenClosed: false,
    inFlight: null,         // the edit on its way to the server (serve_dialog.js)
    reload: reload, refresh: refresh, leading: false
  };

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) { return; }
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k] === true ? "" : attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }
  function button(text, action, cls, label) {
    const b = el("button", {type: "button", text: text, "class": cls || null, "aria-label": label || null});
    b.addEventListener("click", action);
    return b;
  }
  // A label with its {placeholders} filled in.
  function say(key, values) {
    return (L[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined && values[name] !== null ? String(values[name]) : whole;
    });
  }
  function setLive(status) { document.documentElement.setAttribute("data-live", status); }

  // --- a full reload, where the page was (the map turned invalid, or valid again) ------------------
  const saved = sessionStorage.getItem(SCROLL);
  if (saved) {
    sessionStorage.removeItem(SCROLL);
    const at = JSON.parse(saved);
    window.scrollTo(at.x, at.y);
    const grid = document.getElementById("journey-grid");
    if (grid && at.grid) { grid.scrollLeft = at.grid; }
  }
  function reload() {
    if (JM.dialogOpen()) {   // never under the hands of someone editing: when the dialog closes
      if (!JM.reloadWhenClosed) { JM.onNews.forEach(function (hook) { hook(L.reload_on_close); }); }
      JM.reloadWhenClosed = true;
      return;
    }
    const grid = document.getElementById("journey-grid");
    sessionStorage.setItem(SCROLL, JSON.stringify({x: window.scrollX, y: window.scrollY,
                                                   grid: grid ? grid.scrollLeft : 0}));
    location.reload();
  }

  // --- an update in place: the page is fetched again and its report replaces the old one ------------
  let fetching = false, again = false;
  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    const epoch = JM.epoch;
    fetch(location.pathname + location.search, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (JM.epoch !== epoch) { again = true; return; }   // an edit of ours was accepted meanwhile: fetch again
        swap(new DOMParser().parseFromString(html, "text/html"));
      })
      .catch(function () { setLive("reconnecting"); })
      .then(function () {
        fetching = false;
        if (again) { again = false; refresh(); }
      });
  }
  function kind(doc) {
    if (!doc.getElementById("serve-data") || doc.getElementById("serve-findings")) { return "other"; }
    return doc.body.classList.contains("projector") ? "projector" : "report";
  }
  function swap(fresh) {
    const freshData = fresh.getElementById("serve-data");
    if (kind(fresh) === "other" || kind(fresh) !== kind(document)) { reload(); return; }
    const next = JSON.parse(freshData.textContent);
    if (next.revision === serve.revision && next.version === serve.version) { return; }
    const focus = focusKey(document.activeElement);
    const grid = document.getElementById("journey-grid");
    const left = grid ? grid.scrollLeft : 0, x = window.scrollX, y = window.scrollY;
    const filter = document.getElementById("persona-filter");
    ["header.report-header", "main"].forEach(function (selector) {
      const old = document.querySelector(selector), replacement = fresh.querySelector(selector);
      if (old && replacement) { old.replaceWith(document.adoptNode(replacement)); }
    });
    keepFilter(filter);
    document.title = fresh.title;
    dataNode.textContent = freshData.textContent;
    serve.version = next.version;
    serve.revision = next.revision;
    serve.state = next.state;
    const newGrid = document.getElementById("journey-grid");
    if (newGrid) { newGrid.scrollLeft = left; }
    window.scrollTo(x, y);
    JM.afterSwap.forEach(function (hook) { hook(); });
    if (focus) {
      const again = document.querySelector(focus);
      if (again) { again.focus({preventScroll: true}); }
    }
  }
  // The persona filter keeps its listener (report.js) and its choice: the old menu moves into the new report.
  function keepFilter(old) {
    const fresh = document.getElementById("persona-filter");
    if (!old || !fresh || old === fresh) { return; }
    const chosen = old.value;
    old.replaceChildren.apply(old, Array.from(fresh.childNodes));
    fresh.replaceWith(old);
    old.parentNode.hidden = false;
    old.value = chosen;
    if (old.value !== chosen) { old.value = ""; }
    old.dispatchEvent(new Event("change"));
  }
  // How to find the focused control again in the new report (the dialog is not replaced: it keeps its focus).
  function focusKey(node) {
    if (!node || node === document.body || node.closest("dialog")) { return null; }
    for (const name of ["data-edit", "data-add-after", "data-edit-opportunity", "data-touchpoint"]) {
      if (node.hasAttribute(name)) { return "[" + name + '="' + CSS.escape(node.getAttribute(name)) + '"]'; }
    }
    return node.id ? "#" + CSS.escape(node.id) : null;
  }

  // --- news: who changed the map meanwhile ------------------------------------------------------
  const newsList = el("ul", {id: "live-news", "aria-live": "polite"});
  JM.newsList = newsList;
  JM.bar = el("aside", {"class": "serve-bar", "aria-label": L.workshop}, [newsList]);   // the editor adds its buttons
  if (serve.map !== null && kind(document) !== "other") { document.body.appendChild(JM.bar); }
  function news(change) {
    Promise.resolve(JM.inFlight).then(function () {   // the answer to our own edit may come after its event
      if (!JM.own.has(change.version)) { tellNews(change); }
    });
  }
  function tellNews(change) {
    const text = change.summary || change.by
      ? say("changed_by", {name: change.by || L.someone, summary: change.summary || L.changed})
      : L.changed_on_disk;
    tell(text, null);
    JM.onNews.forEach(function (hook) { hook(text); });
  }
  // A line on the page's bar, for a while (the last three stay readable).
  function tell(text, cls) {
    const item = el("li", {text: text, "class": cls});
    newsList.appendChild(item);
    while (newsList.children.length > 3) { newsList.firstChild.remove(); }
    setTimeout(function () { item.remove(); }, 20000);
  }
  JM.tell = tell;
  function changed(change) {
    if (serve.map === null) { reload(); return; }      // the index: a title or a finding count changed
    if (change.map !== serve.map || (change.revision === serve.revision && change.version === serve.version)) {
      return;
    }
    news(change);
    if (JM.onVersion) { JM.onVersion(change); }
    refresh();
  }

  // --- one connection per browser: the leading tab listens, and tells the others ----------------------
  // Chromium opens at most 6 connections per host; an EventSource per tab left the 6th tab hanging.
  // One tab of the browser leads: it keeps the one EventSource and passes each message on through a
  // BroadcastChannel. With Web Locks (http://127.0.0.1, localhost) the tab holding the lock leads and the
  // lock passes on when it closes; without them (plain http from another machine) the tabs agree on the
  // channel: a leader says so every few seconds, steps down for a smaller id, and resigns when it goes.
  const bus = "BroadcastChannel" in window ? new BroadcastChannel("journeymap-live") : null;
  const me = Math.random().toString(36).slice(2);
  const HEARTBEAT_MS = 4000, SILENCE_MS = 13000;
  let leading = false, followed = false, status = "connecting", source = null, heard = 0, locked = false;
  function hear(message) {
    if (message.type === "live") { setLive(message.status); }
    if (message.type === "version") { changed(message.change); }
    if (message.type === "resync" && serve.map !== null) { refresh(); }
    if (message.type === "hello" && leading) {
      bus.postMessage({type: "live", status: status});
      if (!locked) { bus.postMessage({type: "leader", id: me}); }
    }
  }
  function tellAll(message) {
    if (bus) { bus.postMessage(message); }
    hear(message);
  }
  function lead() {
    leading = JM.leading = true;   // this tab holds the browser's connection
    source = new EventSource(serve.events);
    let lost = followed;   // taking over from another tab: a change may have come while nobody listened
    source.addEventListener("version", function (message) {
      tellAll({type: "version", change: JSON.parse(message.data)});
    });
    source.addEventListener("open", function () {
      status = "connected";
      tellAll({type: "live", status: status});
      if (lost) { tellAll({type: "resync"}); }
      lost = false;
    });
    source.addEventListener("error", function () {
      status = "reconnecting";
      lost = true;
      tellAll({type: "live", status: status});
    });
  }
  function stepDown() {
    source.close();
    source = null;
    leading = JM.leading = false;
    followed = true;
  }
  // Without Web Locks: lead when no leader was heard for a while.
  function claim() {
    if (leading || Date.now() - heard < SILENCE_MS) { return; }
    bus.postMessage({type: "leader", id: me});
    lead();
  }
  function listen(message) {
    const said = message.data;
    if (said.type === "live") { followed = true; }
    if (said.type === "leader" && !locked) {
      heard = Date.now();
      if (leading && said.id < me) { stepDown(); }   // two tabs claimed at once: the smaller id keeps it
      return;
    }
    if (said.type === "resign" && !locked) {
      heard = 0;
      setTimeout(claim, 50 + Math.random() * 250);   // one of the others claims first; the rest hear it
      return;
    }
    hear(said);
  }
  setLive("connecting");
  if (bus) { bus.addEventListener("message", listen); }
  if (bus && navigator.locks) {
    locked = true;
    navigator.locks.request("journeymap-live", function () {
      lead();
      return new Promise(function () {});   // held as long as this tab lives
    }).catch(function () { if (!leading) { lead(); } });
    bus.postMessage({type: "hello"});
  } else if (bus) {
    bus.postMessage({type: "hello"});
    setTimeout(claim, 300 + Math.random() * 200);
    setInterval(function () {
      if (leading) { bus.postMessage({type: "leader", id: me}); } else { claim(); }
    }, HEARTBEAT_MS);
    window.addEventListener("pagehide", function () { if (leading) { bus.postMessage({type: "resign"}); } });
  } else {
    lead();   // no BroadcastChannel: a connection of its own
  }
})();
