// The dashboard's one renderer: draws the figures from the JSON the server sends (first the copy
// embedded in the page, then each poll), so the page and its JSON can never disagree.
"use strict";
(function () {
  // The site and round pickers go as soon as chosen (no inline handlers: the page's CSP forbids them).
  for (const picker of document.querySelectorAll("form.pick select")) {
    picker.addEventListener("change", () => picker.form.submit());
  }
  const root = document.getElementById("dashboard");
  if (!root) return;
  const T = JSON.parse(document.getElementById("texts").textContent);
  const lang = root.dataset.lang;
  const admin = root.dataset.admin === "true";
  const locale = lang === "zh" ? "zh-CN" : "en-GB";
  let data = JSON.parse(document.getElementById("snapshot").textContent);
  let sortKey = null;
  let sortUp = true;
  let chosen = null;
  let clockOffset = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function pct(v) { return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%"; }
  function num(v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString(locale); }
  function show(key, v) { return key === "completion" ? pct(v) : num(v); }
  function time(ms) {
    if (ms === null || ms === undefined) return T.never;
    return new Date(ms).toLocaleString(locale, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }
  function left(seconds) {
    if (seconds <= 0) return T.passed;
    const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + ":" : "") + String(m).padStart(h ? 2 : 1, "0") + ":" + String(s).padStart(2, "0");
  }
  function cell(tr, key, value, text) {
    const td = el("td", { "data-figure": key, "data-value": value === null ? "" : String(value), class: "n" }, text);
    tr.appendChild(td);
  }

  function totals() {
    const box = root.querySelector("[data-total]");
    for (const key of ["roster", "exempt", "expected", "tested", "missing", "completion"]) {
      const node = box.querySelector(`[data-figure="${key}"]`);
      node.textContent = show(key, data.totals[key]);
      node.dataset.value = data.totals[key] === null ? "" : String(data.totals[key]);
    }
    box.querySelector('[data-figure="deadline"]').textContent =
      data.totals.deadline_ms ? time(data.totals.deadline_ms) : T.no_deadline;
    tick();
  }
  function tick() {
    const node = root.querySelector('[data-total] [data-figure="time_left"]');
    const due = data.totals.deadline_ms;
    if (!due) { node.textContent = "—"; node.dataset.value = ""; return; }
    const seconds = Math.max(0, Math.floor((due - (Date.now() + clockOffset)) / 1000));
    node.textContent = left(seconds);
    node.dataset.value = String(seconds);
    node.classList.toggle("late", seconds < 1800);
  }

  function enterprises() {
    const rows = data.enterprises.slice();
    if (sortKey) {
      rows.sort((a, b) => {
        const x = a[sortKey], y = b[sortKey];
        const c = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        return sortUp ? c : -c;
      });
    }
    const body = root.querySelector("#enterprises tbody");
    body.replaceChildren();
    for (const f of rows) {
      const tr = el("tr", { "data-enterprise": f.enterprise, tabindex: "0" });
      if (f.enterprise === chosen) tr.classList.add("chosen");
      tr.appendChild(el("th", { scope: "row" }, f.enterprise));
      for (const key of ["reported", "roster", "exempt", "expected", "tested", "missing", "completion"]) {
        cell(tr, key, f[key], show(key, f[key]));
      }
      const bar = tr.lastChild;
      bar.style.setProperty("--done", f.completion === null ? "0%" : (f.completion * 100).toFixed(1) + "%");
      bar.classList.add("progress");
      reminded(tr, (data.reminders || { last: {} }).last[f.enterprise]);
      tr.addEventListener("click", () => pick(f.enterprise));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(f.enterprise); });
      body.appendChild(tr);
    }
    for (const th of root.querySelectorAll("#enterprises th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort === sortKey ? (sortUp ? "ascending" : "descending") : "none");
    }
  }

  // When a reminder last reached the enterprise's liaison, with how many people; a latest send
  // still retrying or given up says so beside it.
  function reminded(tr, last) {
    const when = last && last.delivered_ms ? `${time(last.delivered_ms)} (${num(last.people)})` : "—";
    cell(tr, "last_reminded", last ? last.delivered_ms : null, when);
    if (last && last.status !== "delivered") {
      const td = tr.lastChild;
      td.classList.add("warn");
      td.dataset.status = last.status;
      td.title = last.error || "";
      td.textContent = `${when} · ${T[`send_${last.status}`] || last.status}`;
    }
  }

  function sends() {
    const body = root.querySelector("#sends tbody");
    body.replaceChildren();
    const made = (data.reminders || { sends: [] }).sends;
    if (!made.length) {
      const tr = el("tr", {});
      tr.appendChild(el("td", { colspan: "7", class: "empty" }, T.no_reminders));
      body.appendChild(tr);
    }
    for (const s of made) {
      const tr = el("tr", { "data-send": String(s.n), "data-status": s.status });
      tr.appendChild(el("th", { scope: "row" }, s.enterprise));
      tr.appendChild(el("td", {}, s.requested_by));
      tr.appendChild(el("td", {}, time(s.tried_ms || s.created_ms)));
      cell(tr, "people", s.people, num(s.people));
      tr.appendChild(el("td", { "data-field": "status", class: s.status === "delivered" ? "" : "warn" }, T[`send_${s.status}`] || s.status));
      cell(tr, "tries", s.tries, num(s.tries));
      tr.appendChild(el("td", { "data-field": "error" }, s.error || ""));
      body.appendChild(tr);
    }
  }

  function checkpoints() {
    const body = root.querySelector("#checkpoints tbody");
    body.replaceChildren();
    for (const g of data.checkpoints) {
      const tr = el("tr", { "data-checkpoint": g.checkpoint });
      tr.appendChild(el("th", { scope: "row" }, g.checkpoint));
      for (const key of [
        "registrations", "rate_10min", "tubes_open", "tubes_sealed", "tubes_handed",
        "tubes_boxed", "tubes_received", "tubes_with_results",
      ]) {
        cell(tr, key, g[key], num(g[key]));
      }
      cell(tr, "last_sync", g.last_sync_ms, time(g.last_sync_ms));
      cell(tr, "waiting", g.waiting, num(g.waiting));
      if (g.waiting > 0) tr.lastChild.classList.add("warn");
      body.appendChild(tr);
    }
  }

  function positives() {
    const body = root.querySelector("#positives tbody");
    body.replaceChildren();
    if (!data.positives.length) {
      const tr = el("tr", {});
      tr.appendChild(el("td", { colspan: "7", class: "empty" }, T.no_positives));
      body.appendChild(tr);
    }
    for (const p of data.positives) {
      const tr = el("tr", { "data-tube": p.tube });
      tr.appendChild(el("th", { scope: "row" }, p.tube));
      tr.appendChild(el("td", {}, p.round || "—"));
      tr.appendChild(el("td", {}, p.checkpoint || "—"));
      cell(tr, "result_at", p.result_ms, time(p.result_ms));
      cell(tr, "people", p.people, num(p.people));
      cell(tr, "recalled", p.recalled, num(p.recalled));
      tr.appendChild(el("td", { "data-figure": "recall_status", class: `n ${p.status}` }, p.status === "done" ? T.recall_done : T.recall_open));
      body.appendChild(tr);
    }
  }

  function chart() {
    const svg = root.querySelector("#chart");
    const ns = "http://www.w3.org/2000/svg";
    const W = 800, H = 220, L = 56, R = 12, TOP = 12, B = 26;
    svg.replaceChildren();
    const pts = data.timeline;
    const expected = data.totals.expected || 0;
    const top = Math.max(expected, pts.length ? pts[pts.length - 1][1] : 0, 1);
    const t0 = pts.length ? pts[0][0] - 60000 : Date.now() - 3600000;
    const t1 = Math.max(pts.length ? pts[pts.length - 1][0] : Date.now(), t0 + 60000);
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
    const y = (v) => H - B - (v / top) * (H - B - TOP);
    function add(tag, attrs, text) {
      const n = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      svg.appendChild(n);
      return n;
    }
    for (let i = 0; i <= 4; i++) {
      const v = Math.round((top * i) / 4);
      add("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" });
      add("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, num(v));
    }
    for (const [t, anchor] of [[t0, "start"], [(t0 + t1) / 2, "middle"], [t1, "end"]]) {
      add("text", { x: x(t), y: H - 8, class: "axis", "text-anchor": anchor },
        new Date(t).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }));
    }
    if (expected) {
      add("line", { x1: L, x2: W - R, y1: y(expected), y2: y(expected), class: "expected" });
      add("text", { x: W - R - 4, y: y(expected) + 14, class: "axis expected-label", "text-anchor": "end" },
        `${T.chart_expected} ${num(expected)}`);
    }
    if (pts.length) {
      const line = [[t0, 0], ...pts].map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      add("polyline", { points: line, class: "done" });
    }
    svg.setAttribute("data-figure", "registrations");
    svg.setAttribute("data-value", String(pts.length ? pts[pts.length - 1][1] : 0));
  }

  async function pick(name) {
    chosen = name;
    const box = root.querySelector("#missing");
    box.querySelector("#missing-firm").textContent = "· " + name;
    for (const tr of root.querySelectorAll("#enterprises tbody tr")) {
      tr.classList.toggle("chosen", tr.dataset.enterprise === name);
    }
    const q = new URLSearchParams({ site: root.dataset.site, round: root.dataset.round, enterprise: name });
    const answer = await fetch("/missing.json?" + q, { credentials: "same-origin" });
    if (!answer.ok) return;
    const list = await answer.json();
    const table = box.querySelector("table");
    const body = table.querySelector("tbody");
    body.replaceChildren();
    table.dataset.enterprise = name;
    for (const p of list.people) {
      const tr = el("tr", {});
      for (const key of ["name", "department", "id_number", "phone"]) tr.appendChild(el("td", { "data-field": key }, p[key] || ""));
      body.appendChild(tr);
    }
    if (!list.people.length) {
      const tr = el("tr", {});
      tr.appendChild(el("td", { colspan: "4", class: "empty" }, T.nobody_missing));
      body.appendChild(tr);
    }
    table.hidden = false;
    box.querySelector(".hint").hidden = true;
    for (const form of box.querySelectorAll("#export, #remind-one")) {
      form.elements.enterprise.value = name;
      form.hidden = !admin || !list.people.length;
    }
  }

  // How far each enterprise's liaison has accounted for its missing people, most left first.
  function chase() {
    const body = root.querySelector("#chase tbody");
    body.replaceChildren();
    for (const c of data.chase || []) {
      const tr = el("tr", { "data-enterprise": c.enterprise });
      tr.appendChild(el("th", { scope: "row" }, c.enterprise));
      for (const key of ["missing", "pending", "accepted", "declined", "left"]) cell(tr, key, c[key], num(c[key]));
      reminded(tr, ((data.reminders || {}).last || {})[c.enterprise]);
      body.appendChild(tr);
    }
  }

  // A form posting one answer (or every answer of an enterprise) with the session's token.
  function answer(fields, label) {
    const form = el("form", { method: "post", action: "/requests/decide", class: "decide" });
    const all = { csrf: root.dataset.csrf, site: root.dataset.site, round: root.dataset.round, lang, ...fields };
    for (const [name, value] of Object.entries(all)) form.appendChild(el("input", { type: "hidden", name, value }));
    form.appendChild(el("button", { type: "submit", "data-accept": fields.accept }, label));
    return form;
  }

  function requests() {
    const body = root.querySelector("#requests tbody");
    body.replaceChildren();
    const list = data.requests || [];
    if (!list.length) {
      const tr = el("tr", {});
      tr.appendChild(el("td", { colspan: "7", class: "empty" }, T.no_requests));
      body.appendChild(tr);
    }
    let firm = null;
    for (const r of list) {
      if (admin && r.enterprise !== firm) {
        firm = r.enterprise;
        const head = el("tr", { class: "firm", "data-firm": firm });
        const td = el("td", { colspan: "7" });
        td.appendChild(el("strong", {}, firm));
        td.appendChild(answer({ enterprise: firm, accept: "1" }, T.accept_all));
        td.appendChild(answer({ enterprise: firm, accept: "0" }, T.decline_all));
        head.appendChild(td);
        body.appendChild(head);
      }
      const tr = el("tr", { "data-request": r.id });
      const said = [r.place, r.tested_at, r.note].filter(Boolean).join("; ");
      for (const text of [r.enterprise, r.name, r.id_number, T["reason_" + r.reason], said, r.by]) tr.appendChild(el("td", {}, text || ""));
      if (admin) {
        const td = el("td", {});
        td.appendChild(answer({ request: r.id, accept: "1" }, T.accept));
        const decline = answer({ request: r.id, accept: "0" }, T.decline);
        decline.insertBefore(el("input", { name: "note", placeholder: T.office_note, "aria-label": T.office_note, size: "12" }), decline.lastChild);
        td.appendChild(decline);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  // A closed round is shown as it stood at its close, and says so.
  function asOf() {
    const box = document.getElementById("as-of");
    const closedAt = data.as_of;
    box.hidden = !closedAt;
    box.dataset.asOf = closedAt || "";
    box.dataset.registeredAfterClose = closedAt ? String(data.registered_after_close) : "";
    if (!closedAt) return;
    box.querySelector("[data-as-of]").textContent = T.as_of.replace("{time}", time(Date.parse(closedAt)));
    box.querySelector("[data-after-close]").textContent =
      data.registered_after_close ? T.after_close.replace("{count}", num(data.registered_after_close)) : "";
  }

  function render() {
    asOf();
    totals();
    enterprises();
    checkpoints();
    chart();
    positives();
    chase();
    requests();
    sends();
    const live = document.getElementById("live");
    live.textContent = `${T.updated} ${new Date(Date.now() + clockOffset).toLocaleTimeString(locale)}`;
    live.classList.remove("offline");
    root.dataset.head = String(data.head);
  }

  for (const th of root.querySelectorAll("#enterprises th[data-sort]")) {
    const sort = () => {
      if (sortKey === th.dataset.sort) sortUp = !sortUp;
      else { sortKey = th.dataset.sort; sortUp = th.dataset.sort === "enterprise"; }
      enterprises();
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
  }
  const deadlineForm = root.querySelector(".set-deadline");
  if (deadlineForm) {
    deadlineForm.addEventListener("submit", (e) => {
      const clear = e.submitter && e.submitter.name === "clear";
      const local = deadlineForm.elements.local.value;
      if (!clear && !local) { e.preventDefault(); return; }
      deadlineForm.elements.deadline_ms.value = clear ? "" : String(new Date(local).getTime());
    });
  }

  async function poll() {
    try {
      // "no-cache" revalidates with the ETag: an unchanged snapshot comes back as a bodiless 304.
      const answer = await fetch(root.dataset.url, { credentials: "same-origin", cache: "no-cache" });
      if (answer.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname + location.search); return; }
      if (answer.ok) {
        const fresh = await answer.json();
        // The snapshot may be up to a minute old; the response's date is the server's clock now.
        const said = Date.parse(answer.headers.get("Date") || "");
        if (!Number.isNaN(said)) clockOffset = said - Date.now();
        if (fresh.head !== data.head || JSON.stringify(fresh) !== JSON.stringify(data)) {
          data = fresh;
          render();
          if (chosen) pick(chosen);
        }
      }
    } catch (err) {
      const live = document.getElementById("live");
      live.textContent = T.offline;
      live.classList.add("offline");
    }
    setTimeout(poll, Number(root.dataset.pollMs));
  }

  render();
  setInterval(tick, 1000);
  setTimeout(poll, Number(root.dataset.pollMs));
})();
