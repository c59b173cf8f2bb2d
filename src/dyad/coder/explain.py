"""Human-readable traces: each sentence with source, target and trigger marked, the pattern that
fired and the stages that produced and changed the event, so that every coded event can be
checked against its evidence and the rule answerable for it found (``--explain``)."""

from __future__ import annotations

from collections.abc import Iterable

from dyad.model import Event


def mark(sentence: str, ev: Event) -> str:
    """The sentence with [source]S, [target]T and [trigger]V marked by their evidence offsets."""
    spans = []
    for key, tag in (("source", "S"), ("target", "T"), ("trigger", "V")):
        sp = ev.evidence.get(key) if ev.evidence else None
        if sp is not None:
            spans.append((sp[0], sp[1], tag))
    spans.sort(key=lambda s: s[0])
    out, pos = [], 0
    for start, end, tag in spans:
        if start < pos:  # overlapping spans (a pronoun inside its own trigger phrase): skip
            continue
        out.append(sentence[pos:start])
        out.append(f"[{sentence[start:end]}]{tag}")
        pos = end
    out.append(sentence[pos:])
    return "".join(out)


def render_explain(traces: Iterable) -> str:
    """Text for ``dyad code --explain``: per sentence, each event and why, or why none."""
    lines: list[str] = []
    for tr in traces:
        lines.append(f"#{tr.sentence_index}: {tr.sentence.strip()}")
        if not tr.events:
            reason = "; ".join(tr.notes) if tr.notes else "no verb or noun with a pattern"
            lines.append(f"    (no event: {reason})")
        trails = getattr(tr, "stages", None) or [()] * len(tr.events)
        for ev, trail in zip(tr.events, trails):
            tgt = ev.target or "-"
            stages = f"  stages={'>'.join(trail)}" if trail else ""
            lines.append(
                f"    {ev.source} -> {tgt}  {ev.code} ({ev.status})  pattern={ev.pattern}{stages}  date={ev.date}"
            )
            lines.append(f"      {mark(tr.sentence, ev)}")
        for note in tr.notes if tr.events else ():
            lines.append(f"      note: {note}")
        lines.append("")
    return "\n".join(lines)
