// Dyad page: the series chart of two actors and their events, every setting in the URL.
import { seriesChart } from "./charts.js";
import { api, el, eventItem, fillForm, formValues, query, setQuery, showError } from "./lib.js";

const form = document.getElementById("filters");
const list = document.getElementById("events");
const more = document.getElementById("more");
const chartBox = document.getElementById("chart");
let next = null;
let filter = {};

async function loadEvents(reset) {
  if (reset) { list.replaceChildren(); next = null; }
  try {
    const page = await api("/api/events", { ...filter, after: next, limit: 50, count: reset });
    if (reset) document.getElementById("count").textContent = `(${page.total.toLocaleString()} matching, newest first)`;
    list.append(...page.events.map((e) => eventItem(e)));
    next = page.next;
    more.hidden = !next;
  } catch (err) {
    showError(list, err);
  }
}

async function show() {
  const v = formValues(form);
  setQuery(v);
  if (!v.a || !v.b) return;
  document.getElementById("title").textContent = `${v.a.toUpperCase()} – ${v.b.toUpperCase()}`;
  document.title = `${v.a.toUpperCase()}–${v.b.toUpperCase()} · dyad`;
  const period = { since: v.since, until: v.until };
  filter = { dyad: `${v.a},${v.b}`, ...period, quad: v.quad };
  const chart = api("/api/series", { a: v.a, b: v.b, freq: v.freq || "month", directed: v.directed, ...period })
    .then((s) => (s.rows.length ? seriesChart(chartBox, s) : chartBox.replaceChildren(el("p", { class: "muted" }, "No events between them in this period."))))
    .catch((err) => showError(chartBox, err));
  await Promise.all([chart, loadEvents(true)]);
}

fillForm(form, query());
form.addEventListener("submit", (evt) => { evt.preventDefault(); show(); });
more.addEventListener("click", () => loadEvents(false));
show();
