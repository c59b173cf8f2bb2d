"""The coder's behaviour, one sentence each: the events that must be coded and those that must not.

Every sentence is written for this table (countries of South America, which no suite in ../shared
is about). An event is ``SOURCE TARGET CODE [STATUS]``; ``-`` is no target; any field may hold
shell wildcards (``19*`` is any code of root 19, ``*`` anything). A row says which stage of
``dyad.coder.stages`` it is about. Forbidden events guard against the reading the rule exists to
avoid: the negated attack coded as asserted, the permitted act coded as done, the venue as a party.
"""

from __future__ import annotations

import pytest

from event_table import assert_codes

# (stage, sentence, events that must be coded, events that must not)
CASES = [
    ("slots", "Peru attacked Chile.", ["PER CHL 190 asserted"], ["CHL PER *"]),
    ("slots", "Chile was attacked by Peru.", ["PER CHL 190"], ["CHL PER *"]),
    ("slots", "Peru and Bolivia signed a trade agreement with Chile.", ["PER CHL 057", "BOL CHL 057"], ["PER BOL *"]),
    ("actors", "The Peruvian foreign minister visited Santiago on Tuesday.", ["PERGOV CHL 042"], []),
    ("pairs", "The Peruvian foreign minister visited Santiago on Tuesday.", [], ["CHL PERGOV 043"]),
    ("pairs", "The Chilean president received the Peruvian foreign minister in Santiago.", ["CHLGOV PERGOV 043",
     "PERGOV CHLGOV 042"], []),
    ("slots", "Peruvian troops shelled Arica.", ["PERMIL CHL 194"], []),
    ("actors", "The Kremlin condemned Peru.", ["RUSGOV PER 111"], []),
    ("actors", "The Bolivian president arrived in Lima on Monday. He met the Peruvian president.",
     ["BOLGOV PERGOV 040"], []),
    ("actors", "Non-Peruvian fighters attacked Chilean troops.", [], ["PER* * *"]),
    ("victims", "Peru and Chile held talks in Quito.", ["PER CHL 046"], ["* ECU *"]),
    ("pairs", "Peru and Chile held talks in Quito.", ["PER CHL 046"], ["CHL PER *"]),
    ("pairs", "Peruvian troops clashed with Bolivian soldiers near the border.", ["PERMIL BOLMIL 19*"], ["BOL* PER* *"]),
    ("modality", "Peru did not attack Chile.", ["PER CHL 190 negated"], ["PER CHL 190 asserted"]),
    ("modality", "The Bolivian president will visit Lima next week.", ["BOLGOV PER 042 planned"], ["* * * asserted"]),
    ("modality", "Evo Morales is slated to meet the Chilean president in Lima.", ["BOLELI CHLGOV 040 planned"], []),
    ("modality", "Talks between Peru and Chile collapsed.", ["PER CHL 046 negated"], ["* * 046 asserted"]),
    ("modality", "Peru pledged to expel the Chilean ambassador.", ["PER CHLGOV 1313"], ["PER CHLGOV 161*"]),
    ("modality", "Bolivia urged Peru to withdraw its troops from the border.", ["BOL PER 0256"], ["PER * 087*"]),
    ("modality", "Chile demanded that Peru withdraw its troops from the border.", ["CHL PER 1056"], ["PER * 087*"]),
    ("modality", "Peru refused to sign the border agreement with Chile.", ["PER CHL 127"], ["PER CHL 057"]),
    ("modality", "Peru will not lift the sanctions on Chile until it pays a fine.", ["PER CHL 1244 asserted"],
     ["PER CHL 085 *"]),
    ("modality", "Peru threatened to attack Chile.", ["PER CHL 138"], ["PER CHL 190 *"]),
    ("modality", "Peru said it would retaliate against Chile.", ["PER CHL 138"], ["PER CHL 19* *"]),
    ("modality", "The Chilean foreign ministry did not comment on the Peruvian proposal.", ["CHLGOV PER 011 asserted"],
     ["* * 010 *"]),
    ("dyadic", "Unidentified gunmen shelled a village overnight.", [], ["* * *"]),
    ("dyadic", "Unidentified gunmen attacked Chilean soldiers near the Peruvian border.", [], ["* CHL* *"]),
    ("dyadic", "Rebel fighters attacked government forces near Arica.", ["CHLREB CHLMIL 19*"], []),
    ("dyadic", "Bolivian police said the army had arrested dozens of protesters.", ["BOLMIL BOL* 173"], []),
    ("dyadic", "The Chilean government criticized the army.", [], ["CHLGOV CHLMIL *"]),
    ("speech", "State television reported that Peruvian warplanes struck Arica.", ["PERMIL CHL 195"], ["* * 112"]),
    ("speech", "Chile said a rocket was fired at it from Peru.", ["PER CHL 19*"], ["CHL PER 112"]),
    ("speech", "Chile alleged that Peru had fired a rocket at its border post.", ["CHL PER 112"], ["PER CHL 19*"]),
    ("speech", "Peru denied that it had shelled the Chilean port.", ["PER CHL 016"], ["PER CHL 19*"]),
    ("reports", "The Chilean government declared that Peru must lower its tariffs.", ["CHLGOV PER 100"], []),
    ("govern", "The lifting of Canadian sanctions on Peru pleased traders.", ["CAN PER 085"], ["CAN PER 163"]),
    ("recode", "Protesters smashed the windows of the Chilean embassy in Lima.", ["PEROPP CHLGOV 145"],
     ["* * 171*"]),
    ("recode", "Police opened fire on protesters in Lima.", ["PERCOP PEROPP 175"], ["* * 193"]),
    ("recode", "Peruvian warplanes struck Arica.", ["PERMIL CHL 195"], ["* * 190"]),
    ("recode", "Peruvian drones hit a truck near Arica.", ["PERMIL CHL 1952"], []),
    ("victims", "Four civilians were killed in Peruvian shelling in Arica.", ["PER CHLCVL 190"], ["* ---CVL *"]),
    ("victims", "Dozens were killed and wounded in an attack by Peruvian troops on Arica.", ["PERMIL CHL* 19*"],
     ["* ---* *"]),
    ("filters", "Peru bombarded Arica, killing eight.", ["PER CHL 194"], ["PER * 190"]),
    ("filters", "Chile issued a statement condemning the Peruvian raid.", ["CHL PER 111"], ["CHL * 010"]),
    ("filters", "Chile gave permission to Bolivia to attack Peru.", ["CHL BOL 086"], ["BOL PER *"]),
    ("filters", "Chile urged Bolivia to help end the dispute with Peru.", ["CHL BOL 020"], ["BOL PER *"]),
    ("slots", "Bolivia's actions against the Peruvian embassy were condemned by Chile, as well as Argentina and "
     "the Organization of American States.", ["CHL BOL 111", "ARG BOL 111", "IGOOAS BOL 111"], ["* PER* *"]),
    ("slots", "Chile condemned Bolivia's raid on the Peruvian embassy.", ["CHL BOL 111"], ["CHL PER* *"]),
    ("slots", "Chile welcomed Bolivia's foreign minister.", ["CHL BOLGOV *"], []),
    ("actors", "LIMA, Peru (AP) — Chile shelled a Bolivian border post on Monday.", ["CHL BOL* 19*"], ["PER * *"]),
    ("actors", "LIMA (Reuters) – Chile shelled a Bolivian border post on Monday.", ["CHL BOL* 19*"], ["PER * *"]),
    ("victims", "Chilean drones hit a market in the north, killing three people, Bolivian officials said.",
     ["CHL* BOL* 19*"], ["* CHLCVL *"]),
    ("slots", "Peru closed its border with Chile, a decision welcomed by Bolivia.", ["BOL PER 05*"], ["BOL CHL *"]),
    ("slots", "Chile expelled Bolivia's ambassador and lodged a formal protest.", ["CHL BOL* 11*"], []),
    ("slots", "Bolivian rebels captured the border town after a week of fighting.", ["BOLREB BOL 19*"], []),
    ("slots", "Chilean troops fired on positions used by Bolivian soldiers.", ["CHLMIL BOLMIL 19*"], []),
    ("slots", "Chile condemned the raid, questioning Bolivia's respect for the treaty.", ["CHL BOL 111"], []),
    ("victims", "The presidents of Peru and Chile met on the sidelines of a Mercosur summit.", ["PERGOV CHLGOV 04*"],
     ["* IGO* *"]),
    ("victims", "Peruvian police raided the offices of a newspaper in Lima.", [], ["PERCOP PER *"]),
    ("modality", "The Chilean army announced that a Bolivian rebel commander was killed in a strike.",
     ["CHLMIL BOL* 1*"], []),
    ("modality", "The Chilean army announced that two Chilean soldiers were killed in a strike.", [], ["CHLMIL * *"]),
    ("slots", "Bolivia appealed for Peru's support in the dispute.", ["BOL PER 02*"], []),
    ("slots", "Peru proposed a ceasefire, which Chile rejected.", ["CHL PER 12*"], []),
    ("match", "Peru proposed a peace plan, which Chile accepted.", ["CHL PER 057"], []),
    ("match", "Peru offered a truce, which Chile accepted.", ["CHL PER 0871"], ["CHL PER 057"]),
    ("slots", "Bolivia condemned the air strikes on Chilean border posts.", [], ["BOL CHL* *"]),
    ("slots", "Bolivia condemned the shelling of Arica by Peruvian troops.", ["BOL PERMIL 111"], ["BOL CHL* *"]),
    ("slots", "Chile condemned the raid as a violation of Bolivia's sovereignty.", [], ["CHL BOL* *"]),
    ("match", "Brazil said it was ready to help Bolivia rebuild its roads.", ["BRA BOL 033"], []),
    ("match", "Peru ended its military cooperation agreement with Chile.", ["PER CHL 160"], []),
    ("match", "The Chilean navy, which is waging a campaign against Peruvian smugglers, made no comment.",
     ["CHLMIL PER* 190"], []),
    ("match", "The clashes pitted Peruvian troops against Chilean border guards.", ["PERMIL CHLMIL 190"], []),
    ("match", "The football final pitted Peru against Chile.", [], ["* * *"]),
    ("match", "Peru expelled two Chilean diplomats.", ["PER CHLGOV 161"], []),
    ("match", "Peru imposed new sanctions on Chile.", ["PER CHL 163"], []),
    ("match", "Peru sent humanitarian aid to Bolivia.", ["PER BOL 070"], ["PER BOL 072"]),
    ("match", "Bolivia hosted a summit with Peru and Chile in La Paz.", ["BOL PER 043", "BOL CHL 043"], []),
    ("match", "Chile arrested several Peruvian fishermen.", ["CHL PER 173"], []),
    ("match", "Peru recalled its ambassador from Chile.", ["PER CHL 161"], []),
    ("match", "Chile accused Peru of violating the ceasefire.", ["CHL PER 112"], ["PER * *"]),
    ("match", "Peru praised Chile for its role in the prisoner exchange.", ["PER CHL 051"], []),
    ("match", "The sailing regatta off Lima was won by a Chilean crew.", [], ["* * *"]),
]


@pytest.mark.parametrize("stage, text, must, must_not", CASES, ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_sentence(coder, stage, text, must, must_not):
    assert_codes(coder, stage, text, must, must_not)


def test_the_table_covers_every_stage_that_decides_an_event():
    from dyad.coder.conventions import STAGES

    covered = {stage for stage, *_ in CASES}
    assert set(STAGES) - covered <= {"dedupe"}, set(STAGES) - covered
