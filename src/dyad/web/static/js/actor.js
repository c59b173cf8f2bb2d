// Actor page: the knowledge base's dated roles, the actor's partners and adversaries, its events.
import { api, el, eventItem, fmt, link, query, showError, table } from "./lib.js";

const code = (query().get("code") || "").toUpperCase();
document.getElementById("title").textContent = code || "Actor";

function roles(entries) {
  const box = document.getElementById("roles");
  if (!entries.length) return box.replaceChildren(el("p", { class: "muted" }, "No knowledge-base entry holds this code."));
  const rows = [];
  for (const e of entries.slice(0, 40)) {
    for (const r of e.roles) {
      if (!r.code.startsWith(code.slice(0, 3))) continue;
      rows.push([e.names[0] || e.id, e.kind, link(`/actor?code=${r.code}`, r.code), r.start || "…", r.end || "…", r.title || ""]);
    }
  }
  box.replaceChildren(table(["entry", "kind", "code", "from", "until", "title"], rows));
}

function ties(id, list) {
  const box = document.getElementById(id);
  if (!list.length) return box.replaceChildren(el("p", { class: "muted" }, "None in the store."));
  box.replaceChildren(table(["actor", "name", "events", "Goldstein μ"], list.slice(0, 15).map((t) =>
    [link(`/dyad?a=${code}&b=${t.actor}&freq=month`, t.actor), t.name, t.events, fmt(t.goldstein_mean)])));
}

async function main() {
  if (!code) return showError(document.getElementById("roles"), new Error("give an actor code: /actor?code=SYR"));
  try {
    const a = await api(`/api/actors/${encodeURIComponent(code)}`);
    document.getElementById("title").textContent = a.name && a.name !== code ? `${code} · ${a.name}` : code;
    roles(a.entries);
    ties("partners", a.partners);
    ties("adversaries", a.adversaries);
    const page = await api("/api/events", { actor: code, limit: 20 }).catch(() => ({ events: [] }));
    document.getElementById("events").replaceChildren(...page.events.map((e) => eventItem(e)));
  } catch (err) {
    showError(document.getElementById("roles"), err);
  }
}
main();
