"""What the demo's staff write in their team-practice records and time logs, in the language of
the unit's country. Invented: no team, clinic or person named here exists."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa.core.choices import Country
from lotsa.teamwork.models import SupervisionElement, TeamKind


@dataclass(frozen=True)
class PracticeTexts:
    clinic: str
    contact: str
    # (name, kind): the treatment teams a unit may work with.
    teams: tuple[tuple[str, str], ...]
    decisions: tuple[str, ...]
    discussions: tuple[str, ...]
    unit_notes: tuple[str, ...]
    # Employers a coach heard of that are not (yet) in the employer register.
    unlisted_employers: tuple[str, ...]
    supervision: dict[str, tuple[str, ...]]
    # By the reflection's prompts; an empty string is a prompt left unanswered.
    reflections: dict[str, tuple[str, ...]]


SWEDISH = PracticeTexts(
    clinic="Vuxenpsykiatrin",
    contact="Mottagningens samordnare via växeln",
    teams=(
        ("Allmänpsykiatriska mottagningen Centrum", TeamKind.PSYCHIATRIC_OUTPATIENT),
        ("Psykosmottagningen Väster", TeamKind.PSYCHOSIS),
        ("Öppenvårdsmottagningen Söder", TeamKind.PSYCHIATRIC_OUTPATIENT),
        ("Affektiva mottagningen", TeamKind.PSYCHIATRIC_OUTPATIENT),
        ("Neuropsykiatriska mottagningen", TeamKind.PSYCHIATRIC_OUTPATIENT),
    ),
    decisions=(
        "Två nya remisser till IPS; arbetscoachen träffar båda inom en vecka.",
        "Behandlarna frågar alla patienter om arbete vid nästa besök.",
        "Arbetscoachen deltar i vårdplaneringen för dem som söker arbete.",
        "Läkarintyg och arbetsförmåga inför kontakt med Försäkringskassan.",
        "Mottagningen berättar om IPS på nästa patientträff.",
    ),
    discussions=(
        "Vill börja söka arbete; behandlaren stöttar och träffar arbetscoachen nästa vecka.",
        "Ny medicinering: arbetsgivarbesöken väntar två veckor, sedan stämmer vi av igen.",
        "Har fått arbete; kontaktpersonen vet om det och stödet fortsätter på arbetsplatsen.",
        "Oro för sömnen inför första arbetsdagen; tas upp vid nästa läkarbesök.",
        "Vill byta inriktning mot lagerarbete; profilen uppdateras.",
    ),
    unit_notes=(
        "Genomgång av veckans arbetsgivarbesök och nya jobbtips.",
        "Ärendedragning: två deltagare som väntat länge på en arbetsgivarkontakt.",
        "Planering av semestertäckning och veckans jobbtips.",
    ),
    unlisted_employers=(
        "Bageriet Solrosen",
        "Norrby Städservice AB",
        "Mälarby Bilverkstad",
        "Kvarnens second hand",
    ),
    supervision={
        SupervisionElement.GROUP: (
            "Ärendedragning: strategier för deltagare som tackat nej till arbetsgivarbesök.",
            "Jobbtips delades; vi övade på att presentera en deltagare för en arbetsgivare.",
            "Nya remisser fördelades.",
        ),
        SupervisionElement.INDIVIDUAL: (
            "Ärendelistan: två ärenden i jobbsökning längre än tre månader.",
            "Planering av veckans arbetsgivarkontakter.",
            "Uppföljning av stödet efter anställning.",
        ),
        SupervisionElement.FIELD_MENTORING: (
            "Följde med på arbetsgivarbesök och gav återkoppling på presentationen.",
            "Observerade ett första möte med en arbetsgivare; vi övade på att fråga om behov.",
        ),
        SupervisionElement.OUTCOME_REVIEW: (
            "Kvartalets resultat: andel i arbete och arbetsgivarkontakter per vecka; nya mål.",
            "Utfall mot målen; fokus på snabbare första arbetsgivarkontakt.",
        ),
        SupervisionElement.DIFFICULT_CASE: (
            "Ett ärende där deltagaren avbrutit två anställningar.",
            "Ett ärende med skulder och oro för försörjningen.",
            "Behandlaren avråder från arbete; plan för ett samtal med läkaren.",
        ),
    },
    reflections={
        "went_well": (
            "Två nya arbetsgivare ville träffa deltagare.",
            "En deltagare började sitt nya arbete och första veckan gick bra.",
            "Bra samarbete med behandlingsteamet kring en ny remiss.",
            "Hann med alla planerade möten ute hos deltagarna.",
        ),
        "to_change": (
            "Boka arbetsgivarbesöken tidigare i veckan.",
            "Dokumentera direkt efter mötena i stället för i slutet av dagen.",
            "Förbereda mötena med behandlingsteamet bättre.",
            "",
        ),
        "employer_contacts": (
            "Sex kontakter, målet nått.",
            "Fyra kontakter: två besök ställdes in.",
            "Sju kontakter, varav tre personliga besök.",
            "Fem kontakter; resten av veckan gick till nya remisser.",
        ),
        "support_wanted": (
            "",
            "",
            "Vill ta upp ett svårt ärende på nästa handledning.",
            "Vill följa med en kollega på arbetsgivarbesök.",
        ),
    },
)

DANISH = PracticeTexts(
    clinic="Psykiatrien",
    contact="Teamets koordinator via hovednummeret",
    teams=(
        ("Distriktspsykiatrien Nord", TeamKind.PSYCHIATRIC_OUTPATIENT),
        ("Distriktspsykiatrien Syd", TeamKind.PSYCHIATRIC_OUTPATIENT),
        ("Ambulant psykoseteam Vest", TeamKind.PSYCHOSIS),
        ("Ambulatoriet for angst og depression", TeamKind.PSYCHIATRIC_OUTPATIENT),
    ),
    decisions=(
        "To nye henvisninger til IPS; jobkonsulenten ser begge inden for en uge.",
        "Behandlerne spørger alle patienter om arbejde ved næste samtale.",
        "Jobkonsulenten deltager i behandlingsplanen for dem, der søger job.",
        "Lægeerklæringer og arbejdsevne før kontakt med jobcentret.",
    ),
    discussions=(
        "Vil gerne søge job; behandleren bakker op og mødes med jobkonsulenten i næste uge.",
        "Ny medicin: virksomhedsbesøgene venter to uger, så følger vi op.",
        "Har fået job; kontaktpersonen er orienteret, og støtten fortsætter på arbejdspladsen.",
        "Bekymret for søvnen før første arbejdsdag; tages op ved næste lægesamtale.",
    ),
    unit_notes=(
        "Gennemgang af ugens virksomhedsbesøg og nye jobtips.",
        "Sagsdrøftelse: to deltagere, der har ventet længe på en virksomhedskontakt.",
        "Planlægning af ferieafløsning og ugens jobtips.",
    ),
    unlisted_employers=("Bageriet Solsikken", "Nordby Rengøring ApS", "Vestby Autoværksted"),
    supervision={
        SupervisionElement.GROUP: (
            "Sagsdrøftelse: strategier for deltagere, der har sagt nej til virksomhedsbesøg.",
            "Jobtips blev delt; vi øvede at præsentere en deltager for en arbejdsgiver.",
            "Nye henvisninger blev fordelt.",
        ),
        SupervisionElement.INDIVIDUAL: (
            "Sagslisten: to sager i jobsøgning i mere end tre måneder.",
            "Planlægning af ugens virksomhedskontakter.",
            "Opfølgning på støtten efter ansættelse.",
        ),
        SupervisionElement.FIELD_MENTORING: (
            "Deltog i et virksomhedsbesøg og gav feedback på præsentationen.",
            "Observerede et første møde med en arbejdsgiver; vi øvede at spørge ind til behov.",
        ),
        SupervisionElement.OUTCOME_REVIEW: (
            "Kvartalets resultater: andel i job og virksomhedskontakter pr. uge; nye mål.",
            "Resultater mod målene; fokus på hurtigere første virksomhedskontakt.",
        ),
        SupervisionElement.DIFFICULT_CASE: (
            "En sag, hvor deltageren har afbrudt to ansættelser.",
            "En sag med gæld og bekymring for forsørgelsen.",
            "Behandleren fraråder job; plan for en samtale med lægen.",
        ),
    },
    reflections={
        "went_well": (
            "To nye arbejdsgivere ville møde deltagere.",
            "En deltager startede i nyt job, og første uge gik godt.",
            "Godt samarbejde med behandlingsteamet om en ny henvisning.",
            "Nåede alle planlagte møder ude hos deltagerne.",
        ),
        "to_change": (
            "Booke virksomhedsbesøg tidligere på ugen.",
            "Dokumentere lige efter møderne i stedet for sidst på dagen.",
            "Forberede møderne med behandlingsteamet bedre.",
            "",
        ),
        "employer_contacts": (
            "Seks kontakter, målet er nået.",
            "Fire kontakter: to besøg blev aflyst.",
            "Syv kontakter, heraf tre personlige besøg.",
            "Fem kontakter; resten af ugen gik til nye henvisninger.",
        ),
        "support_wanted": (
            "",
            "",
            "Vil gerne tage en svær sag op ved næste supervision.",
            "Vil gerne med en kollega på virksomhedsbesøg.",
        ),
    },
)

TEXTS: dict[str, PracticeTexts] = {Country.SWEDEN: SWEDISH, Country.DENMARK: DANISH}
