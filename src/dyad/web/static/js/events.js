// Event explorer: the filters of /api/events as a form, results with evidence and explanation.
import { api, eventItem, fillForm, formValues, query, setQuery, showError } from "./lib.js";

const form = document.getElementById("filters");
const list = document.getElementById("events");
const more = document.getElementById("more");
const count = document.getElementById("count");
let next = null;
let values = {};

async function load(reset) {
  if (reset) { list.replaceChildren(); next = null; count.textContent = "Searching…"; }
  try {
    const page = await api("/api/events", { ...values, after: next, count: reset });
    if (reset) count.textContent = `${page.total.toLocaleString()} event${page.total === 1 ? "" : "s"} match.`;
    list.append(...page.events.map((e) => eventItem(e, { explain: !!values.explain })));
    next = page.next;
    more.hidden = !next;
  } catch (err) {
    count.textContent = "";
    showError(list, err);
  }
}

function search() {
  values = formValues(form);
  setQuery(values);
  const exportUrl = new URL("/api/export", location.origin);
  for (const [k, v] of Object.entries(values)) if (!["sort", "limit", "explain"].includes(k)) exportUrl.searchParams.set(k, v);
  document.getElementById("export").href = exportUrl.pathname + exportUrl.search;
  return load(true);
}

fillForm(form, query());
form.addEventListener("submit", (evt) => { evt.preventDefault(); search(); });
more.addEventListener("click", () => load(false));
search();
