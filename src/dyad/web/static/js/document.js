// One document: its coded events in reading order, then its text.
import { api, el, eventItem, query, showError } from "./lib.js";

async function main() {
  const id = query().get("id");
  const list = document.getElementById("events");
  try {
    if (!id) throw new Error("give a document: /document?id=...");
    const d = await api(`/api/documents/${id.split("/").map(encodeURIComponent).join("/")}`);
    document.getElementById("title").textContent = d.title || d.doc_id;
    document.getElementById("meta").replaceChildren(`${d.date || "undated"} · ${d.events.length} coded event mention(s)`,
      d.url ? [" · ", el("a", { href: d.url, rel: "noreferrer" }, d.outlet || d.url)] : "", ` · id ${d.doc_id}`);
    list.replaceChildren(...d.events.map((e) => eventItem({ ...e, date: e.evidence.date, num_mentions: 1 })));
    document.getElementById("text").replaceChildren(...(d.text || "(text not stored: ingested as coded events)").split(/\n\s*\n/).map((p) => el("p", {}, p)));
  } catch (err) {
    showError(list, err);
  }
}
main();
