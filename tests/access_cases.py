"""The scene for the access matrix and no-leak tests, and the cases made from it.

A layer (ACCESS_SCENE) builds, once per test run: a unit, one user per role of
the permission matrix plus users the matrix never names (an unrelated staff
member, an editor, a site administrator), and seven logs, one per workflow
state, each reached by real transitions and holding a goal with an activity
and an evaluation, a message, a meeting, consents, a file and a picture, with
saved versions. A public page relates to every log and goal. Every field holds
a marker ("GOAL-SECRET-level2"), and every log a full name and national id of
its own, so any text that reaches the wrong person is found by searching the
response for it.

Expected access is computed from bti.portal.domain.permissions, never written
down here: a case asks the matrix whether the user's roles hold the path's
permissions in the log's state.
"""

from __future__ import annotations

from bti.portal.domain import permissions as p
from bti.portal.domain.levels import STATES
from bti.portal.relaylog import create
from bti.portal.relaylog.roles import set_role
from bti.portal.setuphandlers import COORDINATOR_GROUP
from bti.portal.setuphandlers import STAFF_GROUP
from bti.portal.testing import BTI_PORTAL_FIXTURE
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing.helpers import ploneSite
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.registry.interfaces import IRegistry
from plone.testing import Layer
from plone.testing import zodb
from tests.logs_fixture import valid_nid
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import io
import re


PASSWORD = "access-matrix-password"
ANONYMOUS = "anonymous"

# The child's surname part differs per state, so a leak names its log.
SURNAMES = {
    "draft": "Utkastsen",
    "level1": "Enersen",
    "level2": "Toersen",
    "level3": "Treersen",
    "individual_plan": "Planesen",
    "passive": "Passivsen",
    "closed": "Lukketsen",
}
# Born 15 March 2009: over the consent age, so the young person takes part.
BIRTH = "150309"
INDIVIDUAL = {state: 120 + 40 * number for number, state in enumerate(STATES)}
INITIALS = "K.H."
HOLDER_SERVICE = "school"
PARTICIPANT_SERVICE = "health_station"


@dataclass(frozen=True)
class Person:
    """A user of the scene. ``roles``: every role the user has on a log or the
    log folder (local, global and through groups), which the matrix is asked
    about."""

    user_id: str
    fullname: str
    roles: tuple[str, ...]
    groups: tuple[str, ...] = ()
    global_roles: tuple[str, ...] = ()

    @property
    def anonymous(self) -> bool:
        return self.user_id == ANONYMOUS


MEMBER = ("Member", "Authenticated")
PEOPLE = (
    Person(
        "holder", "Hanne Holder", (p.RELAY_HOLDER, *MEMBER, p.STAFF), (STAFF_GROUP,)
    ),
    Person(
        "participant",
        "Per Participant",
        (p.PARTICIPANT, *MEMBER, p.STAFF),
        (STAFF_GROUP,),
    ),
    # Named coordinator of an individual plan on every log: the role must grant
    # nothing before level 4 and only reading once the plan is passive or closed.
    Person(
        "plancoordinator",
        "Petra Plancoordinator",
        (p.PLAN_COORDINATOR, *MEMBER, p.STAFF),
        (STAFF_GROUP,),
    ),
    Person("guardian", "Gunn Guardian", (p.GUARDIAN, *MEMBER)),
    Person("youth", "Yngve Youth", (p.YOUTH, *MEMBER)),
    Person(
        "unitleader",
        "Liv Unitleader",
        (p.UNIT_LEADER, *MEMBER, p.STAFF),
        (STAFF_GROUP,),
    ),
    Person(
        "coordinator",
        "Kari Coordinator",
        (p.COORDINATOR, *MEMBER),
        (COORDINATOR_GROUP,),
    ),
    Person("stranger", "Stian Stranger", (*MEMBER, p.STAFF), (STAFF_GROUP,)),
    Person("editor", "Eva Editor", (*MEMBER, "Editor"), global_roles=("Editor",)),
    Person(
        "siteadmin",
        "Siri Siteadmin",
        (*MEMBER, "Site Administrator"),
        global_roles=("Site Administrator",),
    ),
    Person(ANONYMOUS, "", ("Anonymous",)),
)
PEOPLE_BY_ID = {person.user_id: person for person in PEOPLE}

# The items every log holds, by key.
ITEMS = (
    "goal",
    "activity",
    "evaluation",
    "message",
    "meeting",
    "consent",
    "cooperation",
    "file",
    "image",
)


def full_name(state: str) -> str:
    return f"Kari {SURNAMES[state]} Hemmelig"


def national_id(state: str) -> str:
    return valid_nid(BIRTH, str(INDIVIDUAL[state]))


def markers(state: str) -> dict[str, str]:
    """Marker text per field of the log of ``state``; each appears nowhere else."""
    return {
        name: f"{name.upper()}-SECRET-{state}"
        for name in (
            "strengths",
            "challenges",
            "reason",
            "old",
            "version",
            "transition",
            "goal",
            "criteria",
            "goalversion",
            "activity",
            "evaluation",
            "message",
            "place",
            "agenda",
            "consent",
            "effort",
            "file",
            "filedata",
            "image",
            "imagedata",
        )
    }


def personal(state: str) -> tuple[str, ...]:
    """Texts that identify the child of ``state``'s log."""
    nid = national_id(state)
    return (full_name(state), SURNAMES[state], nid, nid[:9])


def tiny_png(text: str) -> bytes:
    """A 2x2 PNG that carries ``text`` in a tEXt chunk (kept by @@images/image)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


@dataclass
class LogScene:
    """Plain data about one log: paths relative to the site, ids, UIDs."""

    state: str
    path: str
    uid: str
    items: dict[str, str] = field(default_factory=dict)  # key -> path
    uids: dict[str, str] = field(default_factory=dict)  # key -> UID
    scale: str = ""  # the image's unique scale URL, relative to the site
    versions: int = 0

    @property
    def ids(self) -> tuple[str, ...]:
        """Random ids and UIDs of the log and everything in it."""
        found = [self.path.rsplit("/", 1)[-1], self.uid]
        for key, path in self.items.items():
            found += [path.rsplit("/", 1)[-1], self.uids[key]]
        return tuple(found)


@dataclass
class Scene:
    portal_path: str
    unit_path: str
    other_unit_path: str
    document_path: str
    document_uid: str
    logs: dict[str, LogScene] = field(default_factory=dict)


# --- Building ---------------------------------------------------------------------


def add_people(portal) -> None:
    getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True  # local passwords
    for person in PEOPLE:
        if person.anonymous:
            continue
        api.user.create(
            email=f"{person.user_id}@example.org",
            username=person.user_id,
            password=PASSWORD,
            properties={"fullname": person.fullname},
        )
        for group in person.groups:
            api.group.add_user(groupname=group, username=person.user_id)
        if person.global_roles:
            api.user.grant_roles(
                username=person.user_id, roles=list(person.global_roles)
            )


def add_units(portal):
    with api.env.adopt_user(SITE_OWNER_NAME):
        unit = api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Solbakken skole",
            service=HOLDER_SERVICE,
            leaders=["unitleader"],
            staff=["holder"],
        )
        api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Helsestasjonen",
            service=PARTICIPANT_SERVICE,
            staff=["participant"],
        )
        other = api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Fjellet barnehage",
            service="kindergarten",
            staff=["stranger"],
        )
    return unit, other


def consent_fields(state: str, kind: str) -> dict:
    marks = markers(state)
    data = {
        "kind": kind,
        "signed": date.today() - timedelta(days=1),
        "signed_by": ["guardian"],
        "single_signature_reason": marks["consent"],
        "other_guardian_effort": marks["effort"],
    }
    if kind == "cooperation":
        data["services"] = [HOLDER_SERVICE, PARTICIPANT_SERVICE]
    return data


def add_log(portal, unit, state: str) -> LogScene:
    """A log held by ``holder``, filled while in draft, then moved to ``state``."""
    marks = markers(state)
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_user(username="holder"):
        log = create(
            portal["logs"],
            "RelayLog",
            title=INITIALS,
            full_name=full_name(state),
            national_id=national_id(state),
            unit=unit.UID(),
            guardians=["guardian", "father"],
            initiative_by="Solbakken skole",
            initiative_reason=marks["reason"],
            strengths=marks["old"],
            challenges=marks["challenges"],
        )
        items = {}
        items["goal"] = goal = create(
            log, "Goal", area="home", title=marks["goal"], criteria=marks["criteria"]
        )
        items["activity"] = activity = create(
            goal,
            "Activity",
            title=marks["activity"],
            responsible="holder",
            status="started",
        )
        items["evaluation"] = create(activity, "Evaluation", worked=marks["evaluation"])
        items["message"] = create(
            log, "LogMessage", kind="message", text=marks["message"]
        )
        start = datetime.now().replace(microsecond=0) + timedelta(days=7)
        items["meeting"] = create(
            log,
            "Meeting",
            start=start,
            end=start + timedelta(hours=1),
            place=marks["place"],
            agenda=marks["agenda"],
            invited=["holder"],
        )
        items["consent"] = create(log, "Consent", **consent_fields(state, "create"))
        items["cooperation"] = create(
            log, "Consent", **consent_fields(state, "cooperation")
        )
        items["file"] = create(
            log,
            "Attachment",
            title=marks["file"],
            file=NamedBlobFile(
                data=f"Notes: {marks['filedata']}".encode(),
                # People name files after the child; the name must not travel.
                filename=f"Notat {full_name(state)} {national_id(state)}.txt",
                contentType="text/plain",
            ),
        )
        items["image"] = create(
            log,
            "Attachment",
            title=marks["image"],
            image=NamedBlobImage(
                data=tiny_png(marks["imagedata"]), filename=f"{full_name(state)}.png"
            ),
        )
        # History: a first version, then an edit saved with a comment.
        repository.save(log, comment="first")
        log.strengths = marks["strengths"]
        log.reindexObject()
        repository.save(log, comment=marks["version"])
        goal.criteria = f"{marks['criteria']} (revised)"
        repository.save(goal, comment=marks["goalversion"])
        for user_id, role in (
            ("participant", p.PARTICIPANT),
            ("plancoordinator", p.PLAN_COORDINATOR),
            ("guardian", p.GUARDIAN),
            ("youth", p.YOUTH),
        ):
            set_role(log, user_id, role)
        move_to(log, state, marks["transition"])
    scene = LogScene(
        state=state,
        path=relative_path(portal, log),
        uid=log.UID(),
        items={key: relative_path(portal, obj) for key, obj in items.items()},
        uids={key: obj.UID() for key, obj in items.items()},
    )
    with api.env.adopt_user(SITE_OWNER_NAME):
        scene.versions = repository.getHistoryMetadata(log).getLength(countPurged=False)
        scale = (
            items["image"].restrictedTraverse("@@images").scale("image", scale="thumb")
        )
        scene.scale = f"{scene.items['image']}/@@images/{scale.url.rsplit('/', 1)[-1]}"
    return scene


def move_to(log, state: str, comment: str) -> None:
    """Real transitions, fired by the holder (the caller adopted them)."""
    if state == "draft":
        return
    api.content.transition(obj=log, transition="start", comment=comment)
    if state in ("level2", "level3"):
        api.content.transition(obj=log, transition=f"to_{state}", comment=comment)
    elif state == "individual_plan":
        # The holder keeps RelayHolder here (the plan's page would make them a
        # participant), so the matrix's RelayHolder row of the plan is tested too.
        api.content.transition(obj=log, transition="to_level3", comment=comment)
        api.content.transition(
            obj=log, transition="to_individual_plan", comment=comment
        )
    elif state == "passive":
        for item in log.objectValues():
            if item.portal_type == "Consent" and item.kind == "create":
                item.withdrawn = date.today()
        api.content.transition(obj=log, transition="withdraw_consent", comment=comment)
    elif state == "closed":
        log.close_reason = "goals_reached"
        api.content.transition(obj=log, transition="close", comment=comment)
    actual = api.content.get_state(log)
    if actual != state:
        raise AssertionError(f"log meant for {state} is {actual}")


def relative_path(portal, obj) -> str:
    site = "/".join(portal.getPhysicalPath())
    return "/".join(obj.getPhysicalPath())[len(site) + 1 :]


def add_related_document(portal, logs: dict[str, LogScene]):
    """A published page whose related items are every log and every goal."""
    intids = getUtility(IIntIds)
    targets = []
    for scene in logs.values():
        for path in (scene.path, scene.items["goal"]):
            targets.append(
                RelationValue(intids.getId(portal.unrestrictedTraverse(path)))
            )
    with api.env.adopt_user(SITE_OWNER_NAME):
        document = api.content.create(
            container=portal,
            type="Document",
            id="related-reading",
            title="Related reading",
            relatedItems=targets,
        )
        api.content.transition(obj=document, transition="publish")
    return document


def build_scene(portal) -> Scene:
    add_people(portal)
    unit, other = add_units(portal)
    logs = {state: add_log(portal, unit, state) for state in STATES}
    document = add_related_document(portal, logs)
    return Scene(
        portal_path="/".join(portal.getPhysicalPath()),
        unit_path=relative_path(portal, unit),
        other_unit_path=relative_path(portal, other),
        document_path=relative_path(portal, document),
        document_uid=document.UID(),
        logs=logs,
    )


class AccessScene(Layer):
    """The scene in its own DemoStorage on top of the product's site."""

    defaultBases = (BTI_PORTAL_FIXTURE,)

    def setUp(self):
        self["zodbDB"] = zodb.stackDemoStorage(
            self.get("zodbDB"), name="BTIAccessScene"
        )
        try:
            with ploneSite() as portal:
                self["scene"] = build_scene(portal)
        except BaseException:
            self["zodbDB"].close()
            del self["zodbDB"]
            raise

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]
        del self["scene"]


ACCESS_SCENE = AccessScene()


# --- Looking at responses ----------------------------------------------------------


LOGIN_REDIRECT = re.compile(r"/(require_login|login|acl_users/credentials_cookie_auth)")


def refused(response) -> bool:
    """Plone's ways of saying no: 401/403/404, or a redirect to the login."""
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302, 303, 307):
        return bool(LOGIN_REDIRECT.search(response.headers.get("Location", "")))
    return False


def found_in(response, texts) -> list[str]:
    """Which of ``texts`` the response carries (body or headers), case-insensitive."""
    haystack = "\n".join([
        response.content.decode("latin-1"),
        *(f"{k}: {v}" for k, v in response.headers.items()),
    ]).casefold()
    return [text for text in texts if text.casefold() in haystack]
