// What every page shares: the API call, the URL as the page's state (so every view has a
// permalink), small DOM builders, and an event drawn with its evidence marked.

export const QUADS = [
  [1, "verbal_coop", "Verbal cooperation", "q1"],
  [2, "material_coop", "Material cooperation", "q2"],
  [3, "verbal_conflict", "Verbal conflict", "q3"],
  [4, "material_conflict", "Material conflict", "q4"],
];

export async function api(path, params = {}, init = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "" || v === false) continue;
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  const res = await fetch(url, init);
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

export function query() {
  return new URLSearchParams(location.search);
}

// Put the view's settings in the address bar without reloading: the URL is the permalink.
export function setQuery(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === "" || v === false) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  history.replaceState(null, "", s ? `${location.pathname}?${s}` : location.pathname);
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const SVGNS = "http://www.w3.org/2000/svg";
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
}

export function link(href, text, attrs = {}) {
  return el("a", { href, ...attrs }, text);
}

export function fmt(x, digits = 2) {
  if (x === null || x === undefined) return "–";
  return typeof x === "number" && !Number.isInteger(x) ? x.toFixed(digits) : String(x);
}

export function showError(where, err) {
  where.replaceChildren(el("p", { class: "error", role: "alert" }, String(err.message || err)));
}

export function actorLink(code, name) {
  if (!code) return el("span", { class: "muted" }, "–");
  return link(`/actor?code=${encodeURIComponent(code)}`, code, { class: "code", title: name || code });
}

// The sentence with source, target and trigger marked by the coder's character offsets.
export function markSentence(sentence, spans = {}) {
  const out = el("span", { class: "sentence" });
  if (!sentence) return out;
  const marks = [["source", "s"], ["target", "t"], ["trigger", "v"]]
    .filter(([k]) => spans[k])
    .map(([k, cls]) => [spans[k][0], spans[k][1], cls, k])
    .sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [start, end, cls, k] of marks) {
    if (start < pos) continue; // overlapping spans: keep the first
    out.append(sentence.slice(pos, start), el("mark", { class: cls, title: k }, sentence.slice(start, end)));
    pos = end;
  }
  out.append(sentence.slice(pos));
  return out;
}

export function quadBadge(quad) {
  const q = QUADS[quad - 1];
  return el("span", { class: `badge ${q ? q[3] : ""}`, title: q ? q[2] : "" }, q ? q[2] : "?");
}

// One event as a list item: who did what to whom, when, and the sentence it was coded from.
export function eventItem(e, { explain = false } = {}) {
  const ev = e.evidence || {};
  const doc = ev.document || {};
  const docLink = ev.doc_id
    ? link(`/document?id=${encodeURIComponent(ev.doc_id)}`, doc.title || ev.doc_id, { class: "doc" })
    : null;
  return el(
    "li",
    { class: "event", "data-key": e.event_key },
    el(
      "div",
      { class: "event-head" },
      link(`/event?key=${e.event_key}`, e.date || "undated", { class: "when" }),
      " ",
      actorLink(e.source, e.source_name),
      " → ",
      actorLink(e.target, e.target_name),
      " ",
      el("span", { class: "code", title: "CAMEO code" }, e.code),
      " ",
      quadBadge(e.quad_class),
      " ",
      el("span", { class: "gold", title: "Goldstein score" }, `${e.goldstein > 0 ? "+" : ""}${fmt(e.goldstein, 1)}`),
      e.status !== "asserted" ? el("span", { class: "badge status" }, e.status) : null,
      el("span", { class: "muted", title: "mentions / articles" }, ` ${e.num_mentions} mention${e.num_mentions === 1 ? "" : "s"}`),
    ),
    el("div", { class: "evidence" }, markSentence(ev.sentence, ev.spans)),
    el("div", { class: "source muted" }, docLink, ev.pattern ? ` · pattern ${ev.pattern}` : "",
      doc.url ? [" · ", el("a", { href: doc.url, rel: "noreferrer" }, "original")] : null),
    explain && e.explain ? el("pre", { class: "explain" }, e.explain) : null,
  );
}

export function table(columns, rows) {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((v) => el("td", {}, v instanceof Node ? v : fmt(v)))))),
  );
}

export function formValues(form) {
  const out = {};
  for (const [k, v] of new FormData(form)) {
    if (v === "") continue;
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

export function fillForm(form, q) {
  for (const input of form.elements) {
    if (!input.name) continue;
    const values = q.getAll(input.name);
    if (input.type === "checkbox") input.checked = values.includes(input.value) || (input.value === "on" && values.length > 0);
    else if (values.length) input.value = values[0];
  }
}
