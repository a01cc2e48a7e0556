"""The consent texts a guardian or young person reads before signing.

Each text has a version id ("<kind>-<year>-<month>"); a signature records the
version shown, so the exact words a person agreed to can always be found again.
A published version is never edited (tests/test_consent_signing.py pins each
text's hash): write a new version, add it to TEXTS and point CURRENT at it.

Plain language for families: short sentences, no abbreviations. Each text says
what the log is, who sees it, that consent can be withdrawn at any time, and how
long it lasts. Texts are not in the .po files on purpose: a translator must not
change what a signature refers to.
"""

from dataclasses import dataclass


LANGUAGES = ("nb", "nn", "en")
FALLBACK_LANGUAGE = "nb"


@dataclass(frozen=True)
class ConsentText:
    version: str
    kind: str
    paragraphs: dict[str, tuple[str, ...]]  # language -> paragraphs

    def in_language(self, language: str) -> tuple[str, ...]:
        return self.paragraphs.get(language) or self.paragraphs[FALLBACK_LANGUAGE]


CREATE_2026_11 = ConsentText(
    version="create-2026-11",
    kind="create",
    paragraphs={
        "nb": (
            "Jeg samtykker til at det blir opprettet en stafettlogg for barnet.",
            "Stafettloggen er en digital logg. Den samler mål, tiltak, møter og "
            "evalueringer for barnet på ett sted. Den skal hjelpe dem som jobber "
            "med barnet, å samarbeide med dere.",
            "Stafettholderen skriver i loggen. Stafettholderen jobber nær barnet, "
            "for eksempel i barnehagen eller på skolen.",
            "Bare de som har fått tilgang, kan se loggen: stafettholderen, "
            "foreldre med foreldreansvar og ungdommen selv når den er gammel nok "
            "til å samtykke. Andre tjenester får bare se loggen hvis dere "
            "samtykker til det. "
            "Alt som blir lest og skrevet i loggen, blir registrert.",
            "Samtykket gjelder så lenge barnet får hjelp gjennom loggen.",
            "Du kan trekke samtykket tilbake når som helst. Da blir loggen "
            "passiv, og ingen kan skrive mer i den. Det som allerede er skrevet, "
            "blir tatt vare på slik arkivloven krever.",
        ),
        "nn": (
            "Eg samtykkjer til at det blir oppretta ein stafettlogg for barnet.",
            "Stafettloggen er ein digital logg. Han samlar mål, tiltak, møte og "
            "evalueringar for barnet på ein stad. Han skal hjelpe dei som arbeider "
            "med barnet, å samarbeide med dykk.",
            "Stafetthaldaren skriv i loggen. Stafetthaldaren arbeider nær barnet, "
            "til dømes i barnehagen eller på skulen.",
            "Berre dei som har fått tilgang, kan sjå loggen: stafetthaldaren, "
            "foreldre med foreldreansvar og ungdomen sjølv når ungdomen er gammal "
            "nok til å samtykkje. Andre tenester får berre sjå loggen om de "
            "samtykkjer til det. "
            "Alt som blir lese og skrive i loggen, blir registrert.",
            "Samtykket gjeld så lenge barnet får hjelp gjennom loggen.",
            "Du kan trekkje samtykket tilbake når som helst. Då blir loggen "
            "passiv, og ingen kan skrive meir i han. Det som alt er skrive, blir "
            "teke vare på slik arkivlova krev.",
        ),
        "en": (
            "I consent to a relay log being created for the child.",
            "The relay log is a digital log. It keeps the child's goals, "
            "measures, meetings and evaluations in one place. It helps the people "
            "who work with the child to work together with you.",
            "The relay holder writes in the log. The relay holder works close to "
            "the child, for example in the kindergarten or at school.",
            "Only people who have been given access can see the log: the relay "
            "holder, parents with parental responsibility, and the young person "
            "when they are old enough to consent. Other services see the log "
            "only if you "
            "consent to it. Everything that is read and written in the log is "
            "recorded.",
            "The consent lasts as long as the child gets help through the log.",
            "You can withdraw the consent at any time. Then the log becomes "
            "passive, and nobody can write in it any more. What is already written "
            "is kept as the archive law requires.",
        ),
    },
)

COOPERATION_2026_11 = ConsentText(
    version="cooperation-2026-11",
    kind="cooperation",
    paragraphs={
        "nb": (
            "Jeg samtykker til at tjenestene som står nedenfor, samarbeider om "
            "barnet og er med i stafettloggen.",
            "Tjenestene kan dele det de trenger å vite for å hjelpe barnet. De "
            "deler ikke mer enn det som trengs.",
            "De som er med fra disse tjenestene, kan lese loggen og skrive om "
            "tiltakene de har ansvar for. Foreldre med foreldreansvar og ungdommen "
            "selv kan også se loggen.",
            "Samtykket gjelder i høyst to år. Etter det må dere samtykke på nytt hvis "
            "samarbeidet skal fortsette.",
            "Du kan trekke samtykket tilbake når som helst.",
        ),
        "nn": (
            "Eg samtykkjer til at tenestene som står nedanfor, samarbeider om "
            "barnet og er med i stafettloggen.",
            "Tenestene kan dele det dei treng å vite for å hjelpe barnet. Dei "
            "deler ikkje meir enn det som trengst.",
            "Dei som er med frå desse tenestene, kan lese loggen og skrive om "
            "tiltaka dei har ansvar for. Foreldre med foreldreansvar og ungdomen "
            "sjølv kan òg sjå loggen.",
            "Samtykket gjeld i høgst to år. Etter det må de samtykkje på nytt om "
            "samarbeidet skal halde fram.",
            "Du kan trekkje samtykket tilbake når som helst.",
        ),
        "en": (
            "I consent to the services listed below working together for the "
            "child and taking part in the relay log.",
            "The services may share what they need to know to help the child. "
            "They share no more than is needed.",
            "The people from these services can read the log and write about the "
            "measures they are responsible for. Parents with parental "
            "responsibility and the young person can also see the log.",
            "The consent lasts two years at most. After that you must consent again if "
            "the cooperation is to go on.",
            "You can withdraw the consent at any time.",
        ),
    },
)

ACCESS_2026_11 = ConsentText(
    version="access-2026-11",
    kind="access",
    paragraphs={
        "nb": (
            "Jeg samtykker til at tjenestene som står nedenfor, får lese "
            "stafettloggen til barnet.",
            "De får se det som allerede står i loggen, slik at de kan hjelpe "
            "barnet på en god måte. Alt de leser, blir registrert.",
            "Samtykket gjelder til datoen som står nedenfor. Står det ingen dato, "
            "gjelder det til du trekker det tilbake.",
            "Du kan trekke samtykket tilbake når som helst.",
        ),
        "nn": (
            "Eg samtykkjer til at tenestene som står nedanfor, får lese "
            "stafettloggen til barnet.",
            "Dei får sjå det som alt står i loggen, slik at dei kan hjelpe barnet "
            "på ein god måte. Alt dei les, blir registrert.",
            "Samtykket gjeld til datoen som står nedanfor. Står det ingen dato, "
            "gjeld det til du trekkjer det tilbake.",
            "Du kan trekkje samtykket tilbake når som helst.",
        ),
        "en": (
            "I consent to the services listed below reading the child's relay log.",
            "They can see what is already in the log, so that they can help the "
            "child well. Everything they read is recorded.",
            "The consent lasts until the date shown below. If no date is shown, "
            "it lasts until you withdraw it.",
            "You can withdraw the consent at any time.",
        ),
    },
)

TEXTS: dict[str, ConsentText] = {
    text.version: text for text in (CREATE_2026_11, COOPERATION_2026_11, ACCESS_2026_11)
}
# The version shown for each kind of consent today.
CURRENT: dict[str, str] = {
    "create": CREATE_2026_11.version,
    "cooperation": COOPERATION_2026_11.version,
    "access": ACCESS_2026_11.version,
}


def current(kind: str) -> ConsentText | None:
    version = CURRENT.get(kind)
    return TEXTS[version] if version else None


def by_version(version: str) -> ConsentText | None:
    return TEXTS.get(version)


def language_of(code: str | None) -> str:
    """nb, nn or en for a language code such as "nb", "nn-NO", "no" or "en-GB"."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    if base == "no":
        return "nb"
    return base if base in LANGUAGES else FALLBACK_LANGUAGE
