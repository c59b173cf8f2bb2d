"""The news lexicon: common diplomatic and conflict verbs and nominalisations, one sentence each.

Facts (which verb in which frame maps to which CAMEO code) were checked against the Phoenix
CAMEO.2.0 verb dictionary, PLOVER and the ICEWS CAMEO mapping; every sentence is written for this
table (South American countries, which no suite in ../shared is about). An event is
``SOURCE TARGET CODE``; any field may hold shell wildcards. A negative row guards a word that is
ambiguous: the reading the entry must not give.
"""

from __future__ import annotations

import pytest

from event_table import assert_codes

# (batch, sentence, events that must be coded, events that must not)
CASES = [
    # batch 1: consult, agreed-to complements, rejection, naming
    ("b1", "Peru and Chile agreed to exchange 1,000 prisoners.", ["PER CHL 0841"], []),
    ("b1", "Peru exchanged prisoners with Chile.", ["PER CHL 0841"], []),
    ("b1", "Peruvian and Chilean troops exchanged fire across the border.", ["PERMIL CHLMIL 193"], []),
    ("b1", "Peru and Chile swapped prisoners on Tuesday.", ["PER CHL 0841"], []),
    ("b1", "Peru and Chile agreed to pause the war.", ["PER CHL 0871"], []),
    ("b1", "Peru halted its offensive against Chile.", ["PER CHL 0871"], ["PER CHL 19*"]),
    ("b1", "Peru and Chile ceased hostilities on Monday.", ["PER CHL 0871"], []),
    ("b1", "Peru paused aid to Bolivia.", ["PER BOL 162"], ["* * 0871"]),
    ("b1", "Peru suspended flights to Chile.", ["PER CHL 160"], ["* * 0871"]),
    ("b1", "The Bolivian president called Peru a hostile force.", ["BOLGOV PER 111"], []),
    ("b1", "The Peruvian president called his Chilean counterpart to discuss the threat of floods.", [],
     ["* * 111"]),
    ("b1", "Bolivia described Peru as an aggressor.", ["BOL PER 111"], []),
    ("b1", "Bolivia described the meeting with Peru as productive.", [], ["* * 111"]),
    ("b1", "Chile pushed back against the Peruvian proposal.", ["CHL PER 127"], []),
    ("b1", "Chile pushed back on Peru's demands.", ["CHL PER 124"], []),
    ("b1", "Chile pushed for a ceasefire in Bolivia.", ["CHL BOL 0256"], []),
    ("b1", "Chile turned down the Peruvian offer.", ["CHL PER 127"], []),
    ("b1", "Peru is ready to continue contacts with Chile.", ["PER CHL 03*"], []),
    ("b1", "Peru and Chile discussed the border dispute.", ["PER CHL 040"], []),
    ("b1", "The Chilean president discussed the crisis with Peru by phone.", ["CHLGOV PER 041"], []),
    ("b1", "The Chilean president spoke with the Peruvian president on Monday.", ["CHLGOV PERGOV 040"], []),
    ("b1", "The Chilean foreign minister spoke to reporters in Lima.", [], ["* PER* *"]),
    ("b1", "Peru contacted Chile about the missing ship.", ["PER CHL 040"], []),
    ("b1", "Peru reaffirmed its support for Bolivia.", ["PER BOL 051"], []),
    ("b1", "Peru spoke out against Chile's decision.", ["PER CHL 111"], []),
    # batch 2: sanctions, protests lodged, leaving bodies, deployments, transfers, expulsions, fighting
    ("b2", "The European Union adopted a new package of sanctions against Russia.", ["IGOEU* RUS 163"], []),
    ("b2", "Peru adopted a new constitution.", [], ["* * 163"]),
    ("b2", "The European Union approved new sanctions against Russia.", ["IGOEU* RUS 163"], []),
    ("b2", "Washington slapped sanctions on Caracas.", ["USA VEN 163"], []),
    ("b2", "Britain unveiled new sanctions on Venezuela.", ["GBR VEN 163"], []),
    ("b2", "Brazil filed a formal protest with Argentina.", ["BRA ARG 114"], []),
    ("b2", "Brazil registered a protest with Argentina over the incident.", ["BRA ARG 114"], []),
    ("b2", "Venezuela withdrew from the Organization of American States.", ["VEN IGOOAS 161"], []),
    ("b2", "Venezuela quit the Organization of American States.", ["VEN IGOOAS 161"], []),
    ("b2", "Venezuela left the Organization of American States.", ["VEN IGOOAS 161"], []),
    ("b2", "The Venezuelan president left Caracas for Lima.", ["VENGOV PER 042"], ["* * 161"]),
    ("b2", "Peru dispatched troops to the border with Chile.", ["PER CHL 154"], ["* * 07*"]),
    ("b2", "Peru dispatched an envoy to Bolivia.", ["PER BOL 036"], ["* * 154"]),
    ("b2", "Peru stationed troops along the border with Bolivia.", ["PER BOL 154"], []),
    ("b2", "Peru deployed peacekeepers to Bolivia.", ["PER BOL 074"], []),
    ("b2", "Peru transferred missiles to Bolivia.", ["PER BOL 072"], []),
    ("b2", "Peru sold fighter jets to Bolivia.", ["PER BOL 062"], []),
    ("b2", "Peru handed over the suspect to Chile.", ["PER CHL 063"], []),
    ("b2", "Peru intercepted a Chilean vessel.", ["PER CHL 1711"], []),
    ("b2", "Bolivia kicked out Peruvian troops.", ["BOL PERMIL 166"], []),
    ("b2", "Peru expelled Chilean troops.", ["PER CHLMIL 166"], []),
    ("b2", "The Peruvian army vacated the Chilean town.", ["PERMIL CHL 0874"], []),
    ("b2", "Chilean forces are waging an offensive against Bolivia.", ["CHLMIL BOL 190"], []),
    ("b2", "The clashes pitted Peruvian troops against Bolivian soldiers.", ["PERMIL BOLMIL 190"], []),
    ("b2", "Chilean rebels inflicted heavy casualties on Peruvian troops.", ["CHLREB PERMIL 190"], []),
    ("b2", "Peru imposed tariffs on Chile.", ["PER CHL 163"], []),
    # batch 3: criticism, deals sealed, walking out, threats of force, expulsion by declaration
    ("b3", "Peru lashed out at Chile.", ["PER CHL 111"], []),
    ("b3", "Peru nationalized Chilean companies.", ["PER CHL* 171"], []),
    ("b3", "Peru and Chile clinched a trade deal.", ["PER CHL 057"], []),
    ("b3", "Peru inked a deal with Chile.", ["PER CHL 057"], []),
    ("b3", "Peru sealed a deal with Chile.", ["PER CHL 057"], ["* * 172"]),
    ("b3", "Peru sealed its border with Chile.", ["PER CHL 172"], ["* * 057"]),
    ("b3", "Peru walked out of talks with Chile.", ["PER CHL 164"], []),
    ("b3", "Peru backed out of the deal with Chile.", ["PER CHL 160"], ["* * 051"]),
    ("b3", "Peru pulled out of the talks with Chile.", ["PER CHL 164"], ["* * 0874"]),
    ("b3", "Peru pulled out of Bolivia.", ["PER BOL 0874"], []),
    ("b3", "Peru vowed revenge against Chile.", ["PER CHL 138"], []),
    ("b3", "Peru threatened retaliation against Chile.", ["PER CHL 138"], []),
    ("b3", "Peru declared the Chilean ambassador persona non grata.", ["PER CHLGOV 161"], []),
    ("b3", "Peru declared war on Chile.", ["PER CHL 138"], ["* * 161"]),
    ("b3", "Peru extended an invitation to Chile.", ["PER CHL 020"], []),
    ("b3", "Peru extended sanctions on Chile.", ["PER CHL 163"], ["* * 020"]),
]


@pytest.mark.parametrize("batch, text, must, must_not", CASES, ids=[c[1][:40] for c in CASES])
def test_sentence(coder, batch, text, must, must_not):
    assert_codes(coder, batch, text, must, must_not, statuses=("asserted",))
