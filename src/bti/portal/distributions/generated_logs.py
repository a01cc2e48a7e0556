"""Generated Stafettlogg data for load tests (``make demo-data LOGS=N``).

Pure Python: specs in the format of content/<language>/logs.json, which
``bti.portal.distributions.demo_logs`` turns into units, concerns and logs the
way people make them. Log number ``n`` always gives the same spec (seeded by
``n``), so a second run adds logs n+1... without repeating any.

Children are pseudonyms ("Barn 00042", initials as title); national identity
numbers are made up with valid check digits (the field requires them); families
are "Foresatt 00042 A" or, for one log in five, a generated family login.
"""

from bti.portal.domain.national_id import check_digits

import random


LOGS_PER_UNIT = 250
STAFF_PER_UNIT = 4
SERVICES = ("kindergarten", "school", "health_station")
UNIT_NAMES = {
    "kindergarten": "Testbarnehage",
    "school": "Testskole",
    "health_station": "Testhelsestasjon",
}
# Where a log ends up, in percent (the demo data has each state once).
STATES = (
    ("draft", 10),
    ("level1", 40),
    ("level2", 25),
    ("level3", 10),
    ("passive", 5),
    ("closed", 10),
)
TRANSITIONS = {
    "draft": [],
    "level1": ["start"],
    "level2": ["start", "to_level2"],
    "level3": ["start", "to_level2", "to_level3"],
    "passive": ["start", "to_level2", "withdraw_consent"],
    "closed": ["start", "close"],
}
GOALS = (
    ("home", "Faste rutiner for legging", "Sovner før klokka ni fem dager i uka."),
    ("school", "Trives i friminuttene", "Leker med andre i minst ett friminutt."),
    ("school", "Møter presis om morgenen", "Fraværet er halvert på to måneder."),
    ("partners", "Aktivitet etter skoletid", "Deltar fast i en fritidsaktivitet."),
    ("home", "Felles måltid hver dag", "Familien spiser middag sammen."),
)
ACTIVITIES = (
    "Samtale annenhver uke",
    "Fast voksen ved levering",
    "Kartlegging med observasjonsskjema",
    "Hjemmebesøk",
    "Avtale med fritidsklubben",
)
MESSAGES = (
    "Takk for møtet i dag. Vi prøver det vi ble enige om.",
    "Uka har gått bedre enn forrige.",
    "Kan vi flytte neste møte en time?",
    "Jeg har lagt inn en ny aktivitet under målet.",
    "Vi ser fram til evalueringen.",
)
CONCERN_TEXTS = (
    "Barnet trekker seg unna i lek og sier lite.",
    "Mye fravær fra første time den siste måneden.",
    "Virker slitent og sulten flere morgener.",
)


def unit_key(number: int) -> str:
    return f"g{number // LOGS_PER_UNIT:03d}"


def unit_spec(index: int) -> dict:
    """Generated unit ``index``: its service, leader and staff logins."""
    service = SERVICES[index % len(SERVICES)]
    key = f"g{index:03d}"
    return {
        "key": key,
        "title": f"{UNIT_NAMES[service]} {index:03d}",
        "service": service,
        "leaders": [f"{key}-leder"],
        "staff": [f"{key}-ansatt{k}" for k in range(1, STAFF_PER_UNIT + 1)],
    }


def national_id(rng: random.Random) -> str:
    """Made-up, born 2012-2024 (individual number 500-999), valid check digits."""
    while True:
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        first_nine = f"{day:02d}{month:02d}{rng.randint(12, 24):02d}"
        first_nine += f"{rng.randint(500, 999):03d}"
        digits = check_digits(first_nine)
        if digits is not None:
            return first_nine + digits


def initials(rng: random.Random) -> str:
    letters = "ABDEFGHIJKLMNOPRSTUV"
    return f"{rng.choice(letters)}.{rng.choice(letters)}."


def pick_state(rng: random.Random) -> str:
    roll, total = rng.randrange(100), 0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return "level1"


def other_units(index: int, count: int) -> list[int]:
    """Units of other services near ``index`` (the participants' services)."""
    found, step = [], 1
    while len(found) < count:
        for other in (index + step, index - step):
            service = other % len(SERVICES)
            taken = {f % len(SERVICES) for f in found} | {index % len(SERVICES)}
            if other >= 0 and service not in taken:
                found.append(other)
        step += 1
    return found[:count]


def log_spec(number: int, family_login_every: int = 5) -> dict:
    """The spec of generated log ``number`` (logs.json format, dates in days)."""
    rng = random.Random(number)  # noqa: S311 - made-up data, not secrets
    index = number // LOGS_PER_UNIT
    unit = unit_spec(index)
    holder = rng.choice(unit["staff"])
    state = pick_state(rng)
    if number % family_login_every == 0:
        guardians = [f"gf{number:05d}"]
    else:
        guardians = [f"Foresatt {number:05d} A", f"Foresatt {number:05d} B"]
    age = rng.randint(30, 400)  # days since the log was set up
    spec = {
        "key": f"gen{number}",
        "title": initials(rng),
        "full_name": f"Barn {number:05d}",
        "national_id": national_id(rng),
        "unit": unit["key"],
        "holder": holder,
        "guardians": guardians,
        "initiative_by": "Barnehagen" if index % 3 == 0 else "Foreldrene",
        "initiative_reason": rng.choice(CONCERN_TEXTS),
        "transitions": TRANSITIONS[state],
    }
    signed = None if state == "draft" else -age
    consents = [{"kind": "create", "signed": signed, "signed_by": guardians}]
    if rng.randrange(4) == 0 and signed is not None:
        consents[0]["valid_until"] = rng.randint(3, 30)  # some run out soon
    participants = []
    if state in ("level2", "level3", "passive"):
        others = [
            unit_spec(i) for i in other_units(index, 2 if state == "level3" else 1)
        ]
        participants = [rng.choice(other["staff"]) for other in others]
        consents.append({
            "kind": "cooperation",
            "services": [other["service"] for other in others],
            "signed": -age // 2,
            "signed_by": guardians,
        })
    spec["consents"] = consents
    spec["participants"] = participants
    if state == "passive":
        spec["withdrawn"] = -rng.randint(1, 20)
    if state == "closed":
        spec["close_reason"] = "goals_reached"
    if state != "draft":
        spec["goals"] = goals(rng, holder, participants, age)
        spec["messages"] = messages(rng, holder, participants, age)
    return spec


def goals(rng: random.Random, holder: str, participants: list, age: int) -> list:
    found = []
    for area, title, criteria in rng.sample(GOALS, rng.randint(1, 3)):
        activities = [
            {
                "title": rng.choice(ACTIVITIES),
                "responsible": rng.choice([holder, *participants]),
                "deadline": rng.randint(-30, 60),  # about a third overdue
                "status": rng.choice(("planned", "started", "started", "done")),
                "created": -rng.randint(1, age),
            }
            for _ in range(rng.randint(1, 3))
        ]
        found.append({
            "area": area,
            "title": title,
            "criteria": criteria,
            "created": -age + 1,
            "activities": activities,
        })
    return found


def messages(rng: random.Random, holder: str, participants: list, age: int) -> list:
    return [
        {
            "by": rng.choice([holder, *participants]),
            "text": rng.choice(MESSAGES),
            "created": -rng.randint(0, age),
        }
        for _ in range(rng.randint(0, 4))
    ]


def concern_spec(number: int) -> dict:
    """A concern noted in the unit of log ``number``; some decided, some open."""
    rng = random.Random(-number - 1)  # noqa: S311 - made-up data
    unit = unit_spec(number // LOGS_PER_UNIT)
    spec = {
        "title": initials(rng),
        "unit": unit["key"],
        "by": rng.choice(unit["staff"]),
        "noticed": -rng.randint(5, 60),
        "what_noticed": rng.choice(CONCERN_TEXTS),
    }
    roll = rng.randrange(3)
    if roll:
        decision = "watch" if roll == 1 else "close"
        spec["decisions"] = [
            {
                "decision": decision,
                "reason": "Vurdert i ledermøtet.",
                "by": unit["leaders"][0],
                "on": spec["noticed"] + 3,
            }
        ]
    return spec
