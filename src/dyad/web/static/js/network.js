// Network page: the signed, weighted graph; a click on a tie lists that dyad's events.
import { networkGraph } from "./graph.js";
import { api, el, eventItem, fillForm, fmt, formValues, link, query, setQuery, showError } from "./lib.js";

const form = document.getElementById("filters");
const graphBox = document.getElementById("graph");
const tieTitle = document.getElementById("tie-title");
const tieEvents = document.getElementById("tie-events");
let selected = null;

async function showTie(e, line) {
  if (selected) selected.classList.remove("selected");
  selected = line;
  if (line) line.classList.add("selected");
  const v = formValues(form);
  setQuery({ ...v, tie: `${e.source},${e.target}` });
  tieTitle.replaceChildren(link(`/dyad?a=${e.source}&b=${e.target}&freq=month`, `${e.source}–${e.target}`),
    ` · ${e.events} events, mean Goldstein ${fmt(e.goldstein_mean)}`);
  try {
    const page = await api("/api/events", { dyad: `${e.source},${e.target}`, since: v.since, until: v.until, limit: 25 });
    tieEvents.replaceChildren(...page.events.map((x) => eventItem(x)));
  } catch (err) {
    showError(tieEvents, err);
  }
}

async function show() {
  const v = formValues(form);
  const tie = query().get("tie");
  setQuery(tie ? { ...v, tie } : v);
  try {
    const [g, b] = await Promise.all([api("/api/network", v), api("/api/balance", v)]);
    if (!g.nodes.length) return graphBox.replaceChildren(el("p", { class: "muted" }, "No ties in this period."));
    networkGraph(graphBox, g, showTie);
    document.getElementById("balance").textContent = b.triads
      ? `Structural balance: ${b.balanced} of ${b.triads} signed triads balanced (${(100 * b.share_balanced).toFixed(0)}%).`
      : "No signed triads.";
    if (tie) {
      const [a, c] = tie.split(",");
      const e = g.edges.find((x) => (x.source === a && x.target === c) || (x.source === c && x.target === a));
      const line = graphBox.querySelector(`line[data-a="${e ? e.source : ""}"][data-b="${e ? e.target : ""}"]`);
      if (e) showTie(e, line);
    }
  } catch (err) {
    showError(graphBox, err);
  }
}

fillForm(form, query());
form.addEventListener("submit", (evt) => { evt.preventDefault(); show(); });
show();
