// The signed, weighted actor network as SVG: a small force layout (repulsion between nodes,
// springs along ties), wheel to zoom, drag the background to pan, drag a node to move it, click
// a tie to see its events.
import { svg } from "./lib.js";

function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  nodes.forEach((d, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    d.x = W / 2 + (W / 3) * Math.cos(a);
    d.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.6;
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
  for (let step = 0, t = W / 10; step < 300; step++, t *= 0.985) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ux = nodes[i].x - nodes[j].x, uy = nodes[i].y - nodes[j].y;
        const d2 = Math.max(ux * ux + uy * uy, 0.01), f = (k * k) / d2;
        dx[i] += ux * f; dy[i] += uy * f; dx[j] -= ux * f; dy[j] -= uy * f;
      }
    }
    for (const [i, j] of links) {
      const ux = nodes[i].x - nodes[j].x, uy = nodes[i].y - nodes[j].y;
      const d = Math.max(Math.hypot(ux, uy), 0.01), f = d / k;
      dx[i] -= ux * f; dy[i] -= uy * f; dx[j] += ux * f; dy[j] += uy * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (W / 2 - nodes[i].x) * 0.02; dy[i] += (H / 2 - nodes[i].y) * 0.02; // gravity
      const d = Math.max(Math.hypot(dx[i], dy[i]), 0.01);
      nodes[i].x += (dx[i] / d) * Math.min(d, t);
      nodes[i].y += (dy[i] / d) * Math.min(d, t);
    }
  }
  // fit the drawing into the frame, keeping its proportions
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y), m = 40;
  const x0 = Math.min(...xs), y0 = Math.min(...ys);
  const w = Math.max(Math.max(...xs) - x0, 1), h = Math.max(Math.max(...ys) - y0, 1);
  const f = Math.min((W - 2 * m) / w, (H - 2 * m) / h);
  const ox = (W - w * f) / 2, oy = (H - h * f) / 2; // centred
  for (const d of nodes) {
    d.x = ox + (d.x - x0) * f;
    d.y = oy + (d.y - y0) * f;
  }
}

export function networkGraph(box, data, onEdge, maxNodes = 60) {
  const W = 900, H = 560;
  const nodes = [...data.nodes].sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1)).slice(0, maxNodes).map((d) => ({ ...d }));
  const keep = new Set(nodes.map((d) => d.id));
  const edges = data.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  layout(nodes, edges, W, H);
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img", "aria-label": "Actor network" });
  const view = svg("g", { class: "view" });
  root.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "bg" }), view);
  let zoom = 1, panX = 0, panY = 0;
  const apply = () => view.setAttribute("transform", `translate(${panX},${panY}) scale(${zoom})`);
  const maxEvents = Math.max(1, ...edges.map((e) => e.events));
  const lines = edges.map((e) => {
    const line = svg("line", { class: `tie ${e.sign > 0 ? "coop" : e.sign < 0 ? "conf" : "neutral"}`,
      "stroke-width": 1.5 + 6 * Math.sqrt(e.events / maxEvents), "data-a": e.source, "data-b": e.target, tabindex: 0 },
    svg("title", {}, `${e.source}–${e.target}: ${e.events} events, mean Goldstein ${e.goldstein_mean.toFixed(2)}`));
    line.addEventListener("click", (evt) => { evt.stopPropagation(); onEdge(e, line); });
    line.addEventListener("keydown", (evt) => { if (evt.key === "Enter") onEdge(e, line); });
    view.append(line);
    return [line, e];
  });
  const maxNode = Math.max(1, ...nodes.map((d) => d.events));
  const circles = nodes.map((d) => {
    const g = svg("g", { class: "node", "data-id": d.id },
      svg("circle", { r: 9 + 14 * Math.sqrt(d.events / maxNode) }),
      svg("text", { "text-anchor": "middle", dy: 4 }, d.id),
      svg("title", {}, `${d.name} (${d.id}): ${d.events} events`));
    view.append(g);
    return [g, d];
  });
  const draw = () => {
    for (const [line, e] of lines) {
      const a = byId.get(e.source), b = byId.get(e.target);
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    }
    for (const [g, d] of circles) g.setAttribute("transform", `translate(${d.x},${d.y})`);
  };
  draw();
  const toLocal = (evt) => {
    const r = root.getBoundingClientRect();
    return [((evt.clientX - r.left) * (W / r.width) - panX) / zoom, ((evt.clientY - r.top) * (H / r.height) - panY) / zoom];
  };
  let drag = null;
  for (const [g, d] of circles) {
    g.addEventListener("pointerdown", (evt) => { evt.stopPropagation(); drag = { node: d }; g.setPointerCapture(evt.pointerId); });
    g.addEventListener("pointermove", (evt) => {
      if (drag && drag.node === d) { [d.x, d.y] = toLocal(evt); draw(); }
    });
    g.addEventListener("pointerup", () => { drag = null; });
  }
  root.addEventListener("pointerdown", (evt) => { drag = { pan: [evt.clientX, evt.clientY, panX, panY] }; });
  root.addEventListener("pointermove", (evt) => {
    if (!drag || !drag.pan) return;
    const r = root.getBoundingClientRect();
    panX = drag.pan[2] + (evt.clientX - drag.pan[0]) * (W / r.width);
    panY = drag.pan[3] + (evt.clientY - drag.pan[1]) * (H / r.height);
    apply();
  });
  root.addEventListener("pointerup", () => { drag = null; });
  root.addEventListener("wheel", (evt) => {
    evt.preventDefault();
    const r = root.getBoundingClientRect();
    const mx = (evt.clientX - r.left) * (W / r.width), my = (evt.clientY - r.top) * (H / r.height);
    const f = evt.deltaY < 0 ? 1.15 : 1 / 1.15;
    const next = Math.min(8, Math.max(0.3, zoom * f));
    panX = mx - ((mx - panX) * next) / zoom;
    panY = my - ((my - panY) * next) / zoom;
    zoom = next;
    apply();
  }, { passive: false });
  box.replaceChildren(root);
  box.dataset.drawn = "network";
  return root;
}
