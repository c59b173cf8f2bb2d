// Charts drawn as SVG by hand: a dyad's series, the world map, the EUM's rounds and the Monte
// Carlo spread. (The network has its own module.)
import { QUADS, el, fmt, svg } from "./lib.js";

function tooltip(box) {
  let tip = box.querySelector(".tip");
  if (!tip) {
    tip = el("div", { class: "tip", role: "status", hidden: true });
    box.append(tip);
  }
  return {
    show(evt, lines) {
      tip.replaceChildren(...lines.map((l) => el("div", {}, l)));
      const r = box.getBoundingClientRect();
      tip.style.left = `${Math.min(evt.clientX - r.left + 12, r.width - 180)}px`;
      tip.style.top = `${evt.clientY - r.top + 12}px`;
      tip.hidden = false;
    },
    hide() {
      tip.hidden = true;
    },
  };
}

const ticks = (lo, hi, n) => {
  const step = Math.max(1, Math.ceil((hi - lo) / n));
  const out = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
};

// Stacked quad-class bars per period over the mean Goldstein line; hover shows the counts.
export function seriesChart(box, s) {
  const periods = [...new Set(s.rows.map((r) => r.period))];
  const dirs = [...new Set(s.rows.map((r) => r.direction))];
  const per = new Map(periods.map((p) => [p, { events: 0, mentions: 0, q: [0, 0, 0, 0], g: {} }]));
  for (const r of s.rows) {
    const p = per.get(r.period);
    p.events += r.events;
    p.mentions += r.mentions;
    QUADS.forEach(([, col], i) => (p.q[i] += r[col]));
    p.g[r.direction] = r.goldstein_mean;
  }
  const W = 900, H = 350, L = 44, R = 12, T = 22, BAR_H = 190, GAP = 34, LINE_H = 90;
  const n = Math.max(periods.length, 1);
  const bw = (W - L - R) / n;
  const maxN = Math.max(1, ...[...per.values()].map((p) => p.events));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img",
    "aria-label": `${s.a}–${s.b} events per ${s.freq} by quad class, and mean Goldstein score` });
  const y = (v) => T + BAR_H - (v / maxN) * BAR_H;
  for (const t of ticks(0, maxN, 4)) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }),
      svg("text", { x: L - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, String(t)));
  }
  const gTop = T + BAR_H + GAP;
  const gy = (v) => gTop + LINE_H / 2 - (v / 10) * (LINE_H / 2);
  for (const t of [-10, 0, 10]) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: gy(t), y2: gy(t), class: t ? "grid" : "zero" }),
      svg("text", { x: L - 6, y: gy(t) + 4, class: "axis", "text-anchor": "end" }, t > 0 ? `+${t}` : String(t)));
  }
  chart.append(svg("text", { x: L, y: T - 10, class: "axis" }, `events per ${s.freq}`),
    svg("text", { x: L, y: gTop - 12, class: "axis" }, "mean Goldstein score"));
  const tip = tooltip(box);
  periods.forEach((p, i) => {
    const d = per.get(p);
    let base = 0;
    const x = L + i * bw;
    d.q.forEach((count, k) => {
      if (!count) return;
      const w = Math.min(Math.max(bw * 0.8, 1), 48);
      chart.append(svg("rect", { x: x + (bw - w) / 2, width: w, y: y(base + count),
        height: y(base) - y(base + count), class: `bar ${QUADS[k][3]}` }));
      base += count;
    });
    const hit = svg("rect", { x, y: T, width: bw, height: H - T, class: "hit", "data-period": p },
      svg("title", {}, `${p}: ${d.events} events`));
    const lines = [`${p}: ${d.events} event${d.events === 1 ? "" : "s"}, ${d.mentions} mentions`,
      ...QUADS.map(([, , label], k) => `${label}: ${d.q[k]}`),
      ...Object.entries(d.g).map(([dir, g]) => `Goldstein mean${dir === "both" ? "" : ` ${dir}`}: ${fmt(g)}`)];
    hit.addEventListener("mousemove", (evt) => tip.show(evt, lines));
    hit.addEventListener("mouseleave", () => tip.hide());
    chart.append(hit);
    if (i % Math.ceil(n / 10) === 0) {
      chart.append(svg("text", { x: x + bw / 2, y: H - 2, class: "axis", "text-anchor": "middle" }, p));
    }
  });
  dirs.forEach((dir, k) => {
    const pts = periods.map((p, i) => [L + i * bw + bw / 2, per.get(p).g[dir]]).filter(([, g]) => g !== null && g !== undefined);
    if (!pts.length) return;
    chart.append(svg("polyline", { points: pts.map(([x, g]) => `${x},${gy(g)}`).join(" "), class: `gline d${k}` }));
    for (const [x, g] of pts) chart.append(svg("circle", { cx: x, cy: gy(g), r: 2.5, class: `gdot d${k}` }));
  });
  const legend = el("div", { class: "legend" },
    QUADS.map(([, , label, cls]) => el("span", {}, el("i", { class: cls }), label)),
    dirs.map((d, k) => el("span", {}, el("i", { class: `line d${k}` }), d === "both" ? "mean Goldstein" : `Goldstein ${d}`)));
  box.querySelectorAll("svg.chart, .legend").forEach((n) => n.remove());
  box.prepend(chart, legend);
  box.dataset.drawn = "series";
  performance.mark("dyad:first-chart");
  return chart;
}

// Country outlines (world-atlas, projected by the server) with event locations as circles.
export function worldMap(box, shapes, points, onPlace) {
  const W = shapes.width, H = shapes.height, k = W / 360;
  const proj = (lon, lat) => [(lon + 180) * k, (shapes.north - Math.max(Math.min(lat, shapes.north), shapes.south)) * k];
  const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "img", "aria-label": "World map of event locations" });
  map.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
  for (let lon = -180; lon <= 180; lon += 30) {
    const [x] = proj(lon, 0);
    map.append(svg("line", { x1: x, x2: x, y1: 0, y2: H, class: "graticule" }));
  }
  for (let lat = -60; lat <= 80; lat += 20) {
    const [, yy] = proj(0, lat);
    map.append(svg("line", { x1: 0, x2: W, y1: yy, y2: yy, class: "graticule" }));
  }
  for (const c of shapes.countries) {
    map.append(svg("path", { d: c.path, class: "country", "data-id": c.id || "" }, svg("title", {}, c.name || "")));
  }
  const tip = tooltip(box);
  const most = Math.max(1, ...points.map((p) => p.events));
  for (const p of [...points].sort((a, b) => b.events - a.events)) {
    const [x, yy] = proj(p.lon, p.lat);
    const dot = svg("circle", { cx: x, cy: yy, r: 3 + 9 * Math.sqrt(p.events / most), class: "place", tabindex: 0,
      "data-name": p.name }, svg("title", {}, `${p.name}: ${p.events} events`));
    dot.addEventListener("mousemove", (evt) => tip.show(evt, [`${p.name} (${p.country || "?"})`, `${p.events} event${p.events === 1 ? "" : "s"}`]));
    dot.addEventListener("mouseleave", () => tip.hide());
    dot.addEventListener("click", () => onPlace && onPlace(p));
    map.append(dot);
  }
  const note = shapes.source
    ? `Country shapes: ${shapes.source}. Circles: places where events happened, by number of events.`
    : `Graticule only: ${shapes.note}. Circles: places where events happened.`;
  box.replaceChildren(map, el("p", { class: "muted small" }, note));
  box.append(box.querySelector(".tip") || el("div", { class: "tip", hidden: true }));
  return map;
}

const PALETTE = ["#4575b4", "#d73027", "#1a9850", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#666666", "#17becf", "#bcbd22"];

// Each actor's position per EUM round on the issue's scale, with the weighted median dashed.
export function roundsChart(box, issue) {
  const rounds = issue.rounds;
  const names = Object.keys(rounds[0].positions);
  const W = 700, H = 280, L = 40, R = 190, T = 10, B = 26;
  const lo = issue.scale.low, hi = issue.scale.high;
  const x = (i) => L + (rounds.length > 1 ? (i / (rounds.length - 1)) * (W - L - R) : 0);
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo || 1));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart rounds", role: "img", "aria-label": `EUM positions by round: ${issue.name}` });
  for (const t of [lo, (lo + hi) / 2, hi]) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }),
      svg("text", { x: L - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, fmt(t, 0)));
  }
  rounds.forEach((r, i) => chart.append(svg("text", { x: x(i), y: H - 8, class: "axis", "text-anchor": "middle" }, String(r.round))));
  const labels = [];
  names.forEach((name, k) => {
    const colour = PALETTE[k % PALETTE.length];
    chart.append(svg("polyline", { points: rounds.map((r, i) => `${x(i)},${y(r.positions[name])}`).join(" "),
      stroke: colour, class: "pos" }, svg("title", {}, name)));
    labels.push({ name, colour, y: y(rounds[rounds.length - 1].positions[name]) + 4 });
  });
  labels.sort((a, b) => a.y - b.y); // end labels pushed apart so none covers another
  labels.forEach((l, i) => { if (i) l.y = Math.max(l.y, labels[i - 1].y + 12); });
  for (let i = labels.length - 1; i >= 0; i--) { // then back up from the bottom edge
    const l = labels[i];
    l.y = Math.min(l.y, i === labels.length - 1 ? H - B : labels[i + 1].y - 12);
  }
  for (const l of labels) {
    chart.append(svg("text", { x: W - R + 6, y: l.y, class: "label", fill: l.colour }, l.name));
  }
  chart.append(svg("polyline", { points: rounds.map((r, i) => `${x(i)},${y(r.median)}`).join(" "), class: "median" },
    svg("title", {}, "weighted median")));
  return chart;
}

// The Monte Carlo spread per model: the p10–p90 range as a bar, the median as a tick.
export function spreadChart(issueSpread, scale) {
  const models = Object.entries(issueSpread.forecasts);
  const W = 640, rowH = 26, L = 110, R = 20, H = models.length * rowH + 24;
  const x = (v) => L + ((v - scale.low) / (scale.high - scale.low || 1)) * (W - L - R);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart spread", role: "img", "aria-label": `Monte Carlo spread: ${issueSpread.name}` });
  models.forEach(([model, d], i) => {
    const yy = 8 + i * rowH;
    chart.append(svg("text", { x: L - 8, y: yy + 13, class: "axis", "text-anchor": "end" }, model),
      svg("rect", { x: x(d.p10), y: yy + 3, width: Math.max(2, x(d.p90) - x(d.p10)), height: 14, class: "range" },
        svg("title", {}, `${model}: p10 ${fmt(d.p10)}, median ${fmt(d.median)}, p90 ${fmt(d.p90)}`)),
      svg("line", { x1: x(d.median), x2: x(d.median), y1: yy, y2: yy + 20, class: "mid" }));
  });
  for (const t of [scale.low, (scale.low + scale.high) / 2, scale.high]) {
    chart.append(svg("text", { x: x(t), y: H - 2, class: "axis", "text-anchor": "middle" }, fmt(t, 0)));
  }
  return chart;
}
