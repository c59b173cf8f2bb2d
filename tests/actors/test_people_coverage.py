"""The people data covers what the issue asks: for the G20, the Middle East and North Africa,
Russia and Ukraine, on dates across 2020-2025, someone holds the top office, the foreign
ministry and the defence ministry. Known gaps are listed (and in the report) rather than hidden.
"""

from __future__ import annotations

import re
from datetime import date

from dyad.actors import ActorBase

COUNTRIES = (
    "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA "
    "SYR ISR IRN IRQ LBN JOR EGY ARE QAT KWT BHR OMN YEM LBY TUN DZA MAR PSE UKR"
).split()
DAYS = [date(2020, 6, 1), date(2021, 6, 1), date(2022, 6, 1), date(2023, 6, 1), date(2024, 6, 1), date(2025, 10, 15)]
OFFICES = {
    "head": re.compile(r"President|Prime Minister|King|Emir|Sultan|Chancellor|Supreme Leader|Chairman of the Presidential|Premier|General Secretary|Queen"),
    "foreign": re.compile(r"Foreign|External Affairs|Secretary of State"),
    "defence": re.compile(r"Defen[cs]e|Secretary of War"),
}
# Not recorded (yet): defence ministers of these countries; Libya's foreign minister after 2023;
# Tunisia's before 2020-09; Iraq's ministers before the Kadhimi cabinet of 2020-06-06. The
# Palestinian Authority has no defence ministry.
GAPS = {
    ("IRQ", "foreign", 2020), ("IRQ", "defence", 2020), ("TUN", "foreign", 2020),
    ("LBY", "foreign", 2024), ("LBY", "foreign", 2025), ("LBY", "defence", 2020),
    *((c, "defence", y) for c in ("KWT", "BHR", "OMN", "YEM", "PSE") for y in range(2020, 2026)),
    *(("TUN", "defence", y) for y in range(2020, 2026)),
}


def test_top_foreign_and_defence_offices_are_filled() -> None:
    people = [e for e in ActorBase.default().entries() if e.kind == "person"]
    missing = []
    for country in COUNTRIES:
        for day in DAYS:
            titles = [r.title or "" for e in people for r in e.codes if r.code.startswith(country) and r.valid_on(day)]
            for office, pattern in OFFICES.items():
                if (country, office, day.year) not in GAPS and not any(pattern.search(t) for t in titles):
                    missing.append(f"{country} {office} {day}")
    assert missing == []


def test_single_holder_offices_never_overlap() -> None:
    """Two people never hold one single-holder office for more than the hand-over day."""
    offices = [
        "President of the United States", "President of Russia", "Prime Minister of Israel",
        "Prime Minister of the United Kingdom", "Prime Minister of France", "Chancellor of Germany",
        "Prime Minister of Japan", "President of Syria", "Foreign Minister of Turkey",
        "Foreign Minister of Iran", "Defence Minister of Ukraine", "Defence Minister of China",
        "Foreign Minister of Israel", "Defence Minister of Israel", "Secretary of State", "Prime Minister of Lebanon",
        "President of Iran", "Prime Minister of Iraq", "Foreign Minister of Syria", "Defence Minister of Russia",
    ]
    people = [e for e in ActorBase.default().entries() if e.kind == "person"]
    clashes = []
    for office in offices:
        spans = [
            (e.id, r.start or date.min, r.end or date.max)
            for e in people for r in e.codes
            if r.title and re.fullmatch(rf"(\d+(st|nd|rd|th) )?{office}( \(.*\))?", r.title)
        ]
        assert spans, office  # the title spelling matches the data: the check is live
        for i, (a, s1, e1) in enumerate(spans):
            for b, s2, e2 in spans[i + 1 :]:
                overlap = (min(e1, e2).toordinal() - max(s1, s2).toordinal()) if a != b else -1
                if overlap >= 1:
                    clashes.append(f"{office}: {a} and {b} overlap {overlap + 1} days")
    assert clashes == []
