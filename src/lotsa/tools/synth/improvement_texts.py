"""The words of the synthetic IPS units' improvement work, in the language of the unit's
country: the fidelity reviews' recommendations and the PDSA cycles that try them. (What the
staff write in their team-practice records and time logs is the demo's.)"""

from __future__ import annotations

# How the register names a recommendation taken in from a fidelity review.
ITEM = {"SE": "Trohetspunkt", "DK": "Fidelitetspunkt"}

RECOMMENDATIONS = {
    "SE": (
        "gör en plan för att nå nästa steg på skalan och följ upp den på enhetsmötet varje månad.",
        "gå igenom arbetssättet med teamet och pröva en ändring i liten skala.",
        "be det regionala IPS-nätverket om stöd och jämför med en enhet som når högre.",
    ),
    "DK": (
        "læg en plan for at nå næste trin på skalaen, og følg op på teammødet hver måned.",
        "gennemgå arbejdsgangen med teamet, og afprøv en ændring i lille skala.",
        "bed det regionale IPS-netværk om støtte, og sammenlign med en enhed, der scorer højere.",
    ),
}

# what we will try, what we expect, how we will know, the measure's result
CYCLES = {
    "SE": (
        ("Varje arbetsspecialist bokar två personliga arbetsgivarbesök i veckan.",
         "Minst sex arbetsgivarkontakter per specialist och vecka.",
         "Arbetsgivarkontakter per specialist och vecka",
         "4,5 kontakter per specialist och vecka i snitt."),
        ("Nya deltagare får sitt första arbetsgivarbesök inom en månad.",
         "Fyra av fem träffar en arbetsgivare inom 30 dagar.",
         "Andel med arbetsgivarkontakt inom 30 dagar",
         "Tre av fem inom 30 dagar, mot två av fem förut."),
        ("Arbetsspecialisten deltar i psykosmottagningens veckomöte.",
         "Fler remisser från mottagningen.", "Remisser per månad från behandlingsteamen",
         "Sex remisser på två månader, mot två förut."),
    ),
    "DK": (
        ("Hver jobkonsulent booker to personlige virksomhedsbesøg om ugen.",
         "Mindst seks virksomhedskontakter pr. konsulent om ugen.",
         "Virksomhedskontakter pr. konsulent om ugen",
         "4,5 kontakter pr. konsulent om ugen i gennemsnit."),
        ("Nye borgere får deres første virksomhedsbesøg inden for en måned.",
         "Fire ud af fem møder en virksomhed inden for 30 dage.",
         "Andel med virksomhedskontakt inden for 30 dage",
         "Tre ud af fem inden for 30 dage, mod to ud af fem før."),
        ("Jobkonsulenten deltager i distriktspsykiatriens ugentlige møde.",
         "Flere henvisninger fra distriktspsykiatrien.",
         "Henvisninger pr. måned fra behandlingsteamene",
         "Seks henvisninger på to måneder, mod to før."),
    ),
}  # fmt: skip
