// Overview: the store's summary, the most active dyads, the latest shifts, the world map.
import { worldMap } from "./charts.js";
import { api, el, fmt, link, showError, table } from "./lib.js";

const dyadHref = (a, b) => `/dyad?a=${a}&b=${b}&freq=month`;

async function summary() {
  const box = document.getElementById("summary");
  try {
    const s = await api("/api/summary");
    const card = (n, label) => el("div", { class: "card" }, el("strong", {}, n.toLocaleString()), el("span", {}, label));
    box.replaceChildren(card(s.events, "events"), card(s.asserted, "asserted"), card(s.mentions, "mentions"),
      card(s.documents, "documents"), card(s.actors, "actors"),
      el("div", { class: "card" }, el("strong", {}, `${s.first_date || "–"} – ${s.last_date || "–"}`), el("span", {}, "dates")));
    return s;
  } catch (err) {
    showError(box, err);
    return null;
  }
}

async function dyads() {
  const box = document.getElementById("dyads");
  try {
    const r = await api("/api/dyads", { top: 10 });
    if (!r.active.length) return box.replaceChildren(el("p", { class: "muted" }, "No dyads yet."));
    box.replaceChildren(table(["dyad", "events", "cooperation", "conflict", "Goldstein μ"],
      r.active.map((d) => [link(dyadHref(d.a, d.b), `${d.a}–${d.b}`), d.events, d.cooperation, d.conflict, d.goldstein_mean])));
  } catch (err) {
    showError(box, err);
  }
}

async function shifts(last) {
  const box = document.getElementById("shifts");
  try {
    const found = await api("/api/shifts", { top: 50 });
    found.sort((x, y) => (x.period < y.period ? 1 : -1));
    if (!found.length) return box.replaceChildren(el("p", { class: "muted" }, "No shifts: no dyad broke from its baseline."));
    box.replaceChildren(table(["dyad", "period", "events", "z", "direction"], found.slice(0, 10).map((s) =>
      [link(`${dyadHref(s.a, s.b)}`, `${s.a}–${s.b}`), s.period, s.events, fmt(s.z), s.direction])));
  } catch (err) {
    showError(box, err);
  }
}

async function map() {
  const box = document.getElementById("map");
  try {
    const [shapes, points] = await Promise.all([api("/api/map/countries"), api("/api/locations")]);
    worldMap(box, shapes, points, (p) => { location.href = `/events?place=${encodeURIComponent(p.name)}`; });
  } catch (err) {
    showError(box, err);
  }
}

summary().then(shifts);
dyads();
map();
