// One event: its facts, how the coder found it, and every mention of it.
import { actorLink, api, el, fmt, link, markSentence, query, quadBadge, showError, table } from "./lib.js";

async function main() {
  const key = query().get("key");
  const facts = document.getElementById("facts");
  try {
    if (!key) throw new Error("give an event: /event?key=123");
    const e = await api(`/api/events/${encodeURIComponent(key)}`);
    const code = await api(`/api/codebook/${e.code}`).catch(() => null);
    document.getElementById("title").textContent = `${e.source} → ${e.target || "–"}: ${code ? code.name : e.code} (${e.date || "undated"})`;
    facts.replaceChildren(table(["", ""], [
      ["source", actorLink(e.source, e.source_name)], ["target", actorLink(e.target, e.target_name)],
      ["CAMEO code", `${e.code}${code ? ` ${code.name}` : ""} (root ${e.root_code})`], ["quad class", quadBadge(e.quad_class)],
      ["Goldstein", fmt(e.goldstein, 1)], ["PLOVER", e.plover || "–"], ["status", e.status],
      ["dates", e.last_date && e.last_date !== e.date ? `${e.date} – ${e.last_date}` : e.date || "undated"],
      ["mentions", `${e.num_mentions} in ${e.num_articles} article(s) from ${e.num_sources} source(s)`],
    ]));
    document.getElementById("explain").textContent = e.explain || "(no sentence stored)";
    document.getElementById("mentions").replaceChildren(...e.mentions.map((m) => el("li", { class: "event" },
      el("div", { class: "evidence" }, markSentence(m.sentence, m.spans)),
      el("div", { class: "source muted" }, link(`/document?id=${encodeURIComponent(m.doc_id)}`, m.document.title || m.doc_id, { class: "doc" }),
        ` · sentence ${m.sentence_index + 1} · pattern ${m.pattern || "–"}`, m.location ? ` · ${m.location.name}` : ""))));
  } catch (err) {
    showError(facts, err);
  }
}
main();
