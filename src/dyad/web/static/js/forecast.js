// Forecast page: a scenario in (pasted or opened), each model's forecast, the EUM's rounds, the
// Monte Carlo spread. The settings and the scenario itself live in the URL (the scenario in the
// fragment, never sent to a server by the browser), so a forecast has a permalink.
import { roundsChart, spreadChart } from "./charts.js";
import { api, el, fillForm, fmt, formValues, query, showError, table } from "./lib.js";

const form = document.getElementById("form");
const result = document.getElementById("result");
const text = form.elements.scenario;

const encode = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const decode = (s) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));

function render(data) {
  const parts = [];
  for (const issue of data.issues) {
    const models = Object.keys(issue.forecasts);
    const anchors = Object.entries(issue.scale.anchors || {});
    const near = (v) => (anchors.length ? anchors.reduce((a, b) => (Math.abs(b[0] - v) < Math.abs(a[0] - v) ? b : a))[1] : "");
    const section = el("section", { class: "issue", "data-issue": issue.name },
      el("h2", {}, issue.name),
      el("p", { class: "muted small" }, `scale ${issue.scale.low}–${issue.scale.high}${issue.status_quo !== null ? `, status quo ${issue.status_quo}` : ""}`),
      table(["model", "forecast", "nearest anchor"], models.map((m) => [m, fmt(issue.forecasts[m]), near(issue.forecasts[m])])));
    if (issue.rounds.length > 1) section.append(el("h3", {}, "EUM positions by round"), roundsChart(section, issue));
    const spread = data.sensitivity && data.sensitivity.issues.find((i) => i.name === issue.name);
    if (spread) {
      section.append(el("h3", {}, `Monte Carlo spread (${data.sensitivity.runs} runs, seed ${data.sensitivity.seed}): p10–p90, median`),
        spreadChart(spread, issue.scale));
    }
    parts.push(section);
  }
  result.replaceChildren(el("p", { class: "muted" }, `Scenario: ${data.scenario}`), ...parts);
  result.dataset.drawn = "forecast";
}

async function run() {
  const v = formValues(form);
  const { scenario, ...settings } = v;
  history.replaceState(null, "", `${location.pathname}?${new URLSearchParams(settings)}#s=${encode(scenario || "")}`);
  result.replaceChildren(el("p", { class: "muted" }, "Forecasting…"));
  try {
    const body = { scenario, model: settings.model || "all", runs: Number(settings.runs || 0), seed: Number(settings.seed || 0) };
    render(await api("/api/forecast", {}, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
  } catch (err) {
    showError(result, err);
  }
}

document.getElementById("file").addEventListener("change", async (evt) => {
  const file = evt.target.files[0];
  if (!file) return;
  text.value = await file.text();
  run();
});
form.addEventListener("submit", (evt) => { evt.preventDefault(); run(); });
fillForm(form, query());
const saved = new URLSearchParams(location.hash.slice(1)).get("s");
if (saved) {
  try { text.value = decode(saved); run(); } catch { /* a damaged link: start empty */ }
}
