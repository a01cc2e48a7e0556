"""The log's own page, closing and reopening, the state menu, and the log folder's
overview (my logs, offered to me, logs I oversee)."""

from AccessControl import Unauthorized
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import facts
from bti.portal.relaylog import of_type
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.people import ROLE_TITLES
from bti.portal.relaylog.reasons import message
from bti.portal.setuphandlers import COORDINATOR_GROUP
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from Products.ZCatalog.Catalog import Catalog
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from unittest import mock
from zope.annotation.interfaces import IAnnotations

import re
import requests
import transaction
import unittest


def t(msgid) -> str:
    """A message in the site's language (the test site speaks bokmål)."""
    return api.portal.translate(msgid)


def set_up_people(portal):
    """Units and staff of a small municipality; returns (school, health, ppt)."""
    for user_id, name in (
        ("holder", "Hanne Holder"),
        ("next", "Nils Neste"),
        ("boss", "Berit Leder"),
        ("nurse", "Nora Helsesøster"),
        ("psych", "Per PPT"),
        ("coord", "Cora Koordinator"),
    ):
        add_user(user_id, name)
    add_user("mor", "Mona Mor", staff=False)
    add_user("stranger", "Sven Fremmed")
    api.group.add_user(groupname=COORDINATOR_GROUP, username="coord")
    school = add_unit(
        portal, "Solsida skole", "school", leaders=["boss"], staff=["holder", "next"]
    )
    health = add_unit(portal, "Helsestasjonen", "health_station", staff=["nurse"])
    ppt = add_unit(portal, "PPT", "ppt", staff=["psych"])
    return school, health, ppt


def add_consent(log, kind="create", services=(), signed=None, **fields):
    with api.env.adopt_user(username="holder"):
        return create(
            log,
            "Consent",
            kind=kind,
            services=list(services),
            signed=signed or date.today(),
            signed_by=["mor", "far"],
            **fields,
        )


def active_log(portal, unit, cooperation=("health_station",)):
    """A log at level 1, consent to create it, and cooperation with ``cooperation``."""
    log = add_log(portal, unit, "holder")
    add_consent(log)
    if cooperation:
        add_consent(log, "cooperation", services=cooperation)
    with api.env.adopt_user(username="holder"):
        api.content.transition(obj=log, transition="start")
    return log


class LogViewTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.school, self.health, self.ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, self.school)

    def render(self, user_id: str, name: str = "log-view", context=None) -> str:
        context = context or self.log
        with api.env.adopt_user(username=user_id):
            return context.restrictedTraverse(f"@@{name}")()


class TestLogView(LogViewTestCase):
    def test_is_the_default_view(self):
        fti = api.portal.get_tool("portal_types")["RelayLog"]
        self.assertEqual(fti.default_view, "log-view")
        self.assertEqual(
            api.portal.get_tool("portal_types")["LogFolder"].default_view,
            "logs-overview",
        )

    def test_header_shows_masked_national_id_not_the_full_one(self):
        html = self.render("holder")
        self.assertIn(self.log.national_id[:6] + "*****", html)
        self.assertNotIn(self.log.national_id, html)
        self.assertIn(CHILD_NAME, html)
        self.assertIn("Hanne Holder", html)  # holder
        self.assertIn("Solsida skole", html)  # unit
        self.assertIn("K.N.", html)

    def test_participant_sees_the_sections_with_empty_states(self):
        give(self.log, "nurse", p.PARTICIPANT)
        html = self.render("nurse")
        for marker in (
            "bti-log-header",
            "bti-log-me",
            "bti-log-goals",
            "bti-log-meetings",
            "bti-log-messages",
            "bti-log-consents",
            "bti-log-files",
            "bti-log-history",
        ):
            self.assertIn(marker, html)
        for empty in ("goals", "messages", "meetings", "files", "me"):
            self.assertIn(f"bti-empty-{empty}", html)
        self.assertIn("bti-no-next-meeting", html)
        # Consents are listed with their status, not as empty.
        self.assertIn('data-status="valid"', html)
        # Participants add goals and messages, not consents; no level changes.
        self.assertIn("++add++Goal", html)
        self.assertIn("++add++LogMessage", html)
        self.assertNotIn("++add++Consent", html)
        self.assertNotIn("bti-log-levels", html)

    def test_goals_activities_evaluations_messages_and_next_meeting(self):
        give(self.log, "nurse", p.PARTICIPANT)
        with api.env.adopt_user(username="holder"):
            goal = create(
                self.log, "Goal", area="school", title="Trives i friminuttene"
            )
            late = create(
                goal,
                "Activity",
                title="Samtale hver uke",
                responsible="nurse",
                deadline=date.today() - timedelta(days=3),
                status="started",
            )
            create(
                goal,
                "Activity",
                title="Lekegruppe",
                responsible="holder",
                deadline=date.today() + timedelta(days=30),
            )
            create(late, "Evaluation", worked="Gode samtaler", why="Trygg voksen")
            create(self.log, "LogMessage", kind="message", text="Første melding")
            create(self.log, "LogMessage", kind="minutes", text="Andre melding")
            create(
                self.log,
                "Meeting",
                start=datetime.now() + timedelta(days=7),
                place="Rom 2",
            )
        html = self.render("nurse")
        self.assertIn("Trives i friminuttene", html)
        self.assertIn("Nora Helsesøster", html)  # responsible
        self.assertEqual(html.count("bti-overdue"), 1)
        self.assertIn("Gode samtaler", html)
        self.assertLess(
            html.index("Andre melding"), html.index("Første melding")
        )  # newest first
        self.assertIn("Rom 2", html)
        self.assertNotIn("bti-no-next-meeting", html)

    def add_goal(self, activities: int = 2) -> None:
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="school", title="Mål")
            for number in range(activities):
                activity = create(
                    goal, "Activity", title=f"Tiltak {number}", responsible="holder"
                )
                create(activity, "Evaluation", worked="Bra")

    def searches(self) -> int:
        """Catalog searches while the holder's page is drawn."""
        with mock.patch.object(
            Catalog, "searchResults", autospec=True, side_effect=Catalog.searchResults
        ) as search:
            self.render("holder")
        return search.call_count

    def test_the_items_of_a_page_in_one_search(self):
        """Within the page (facts.remembered) a log's goals, activities and
        evaluations are the lists of_type finds, from one catalog search: a
        log with more goals and activities asks the catalog no more often."""
        self.add_goal()
        with facts.remembered():
            for goal in of_type(self.log, "Goal"):
                self.assertEqual(
                    facts.items(goal, "Activity"), of_type(goal, "Activity")
                )
                for activity in of_type(goal, "Activity"):
                    self.assertEqual(
                        facts.items(activity, "Evaluation"),
                        of_type(activity, "Evaluation"),
                    )
            for type_name in ("Goal", "Consent", "Meeting", "LogMessage"):
                self.assertEqual(
                    facts.items(self.log, type_name), of_type(self.log, type_name)
                )
        self.render("holder")  # the guide's and menus' caches
        first = self.searches()
        self.add_goal(activities=3)
        self.add_goal(activities=1)
        self.render("holder")
        self.assertEqual(self.searches(), first)

    def test_expiring_and_withdrawn_consents_are_flagged(self):
        add_consent(
            self.log,
            "access",
            services=["ppt"],
            valid_until=date.today() + timedelta(days=5),
        )
        add_consent(self.log, "access", services=["nav"], withdrawn=date.today())
        html = self.render("holder")
        self.assertIn(t(message("consent_expiring")), html)
        self.assertIn('data-status="withdrawn"', html)

    def test_holder_sees_available_and_blocked_level_changes_with_reasons(self):
        # Level 2 is possible (the health station is covered); level 3 as well.
        html = self.render("holder")
        self.assertIn('data-transition="to_level2"', html)
        self.assertIn("@@close-log", html)
        # Without cooperation consent, level 2 is blocked with its reason.
        other = active_log(self.portal, self.school, cooperation=())
        html = self.render("holder", context=other)
        self.assertIn("bti-blocked-transitions", html)
        self.assertIn(t(message("cooperation_consent_missing")), html)

    def test_unit_leader_is_sent_to_the_status_page(self):
        self.render("boss")  # "View log overview", no View: no content rendered
        self.assertEqual(
            self.request.response.getHeader("Location"),
            f"{self.log.absolute_url()}/@@log-status",
        )
        with self.assertRaises(Unauthorized):
            self.render("stranger")

    def test_history_lists_who_and_what(self):
        html = self.render("holder")
        from bti.portal.relaylog.workflow.transitions import transition_title

        self.assertIn('data-action="start"', html)
        self.assertIn(transition_title("start"), html)
        self.assertIn("Hanne Holder", html)


class TestCloseAndReopen(LogViewTestCase):
    def post(self, user_id: str, name: str, context=None, **form):
        context = context or self.log
        self.request.form.clear()
        self.request.form.update(form)
        self.request.method = "POST"
        self.request["REQUEST_METHOD"] = "POST"
        with api.env.adopt_user(username=user_id):
            self.request.form["_authenticator"] = createToken()
            view = context.restrictedTraverse(f"@@{name}")
            return view()

    def messages(self):
        from Products.statusmessages.interfaces import IStatusMessage

        return " ".join(m.message for m in IStatusMessage(self.request).show())

    def test_close_needs_a_reason(self):
        html = self.post("holder", "close-log", **{"form.buttons.close": "1"})
        self.assertEqual(api.content.get_state(self.log), "level1")
        self.assertIn(t(message("close_reason_missing")), html)

    def test_close_with_reason_then_coordinator_reopens(self):
        self.post(
            "holder",
            "close-log",
            close_reason="goals_reached",
            **{"form.buttons.close": "1"},
        )
        self.assertEqual(api.content.get_state(self.log), "closed")
        self.assertEqual(self.log.close_reason, "goals_reached")
        history = api.portal.get_tool("portal_workflow").getInfoFor(
            self.log, "review_history"
        )
        self.assertEqual(
            (history[-1]["action"], history[-1]["actor"]), ("close", "holder")
        )
        self.assertEqual(
            history[-1]["comments"], "Målene er nådd."
        )  # the site's language
        # The holder may not reopen; the coordinator may, without seeing content.
        with api.env.adopt_user(username="holder"), self.assertRaises(Unauthorized):
            self.log.restrictedTraverse("@@reopen-log")
        html = self.render("coord", "reopen-log")
        self.assertNotIn(CHILD_NAME, html)
        self.assertNotIn(self.log.national_id[:6], html)
        self.post("coord", "reopen-log", **{"form.buttons.reopen": "1"})
        self.assertEqual(api.content.get_state(self.log), "level1")
        self.assertIsNone(self.log.close_reason)
        history = api.portal.get_tool("portal_workflow").getInfoFor(
            self.log, "review_history"
        )
        self.assertEqual(
            (history[-1]["action"], history[-1]["actor"]), ("reopen", "coord")
        )

    def test_refused_change_in_the_state_menu_says_why(self):
        other = active_log(self.portal, self.school, cooperation=())
        self.post(
            "holder",
            "content_status_modify",
            context=other,
            workflow_action="to_level2",
        )
        self.assertEqual(api.content.get_state(other), "level1")
        self.assertIn(t(message("cooperation_consent_missing")), self.messages())

    def test_allowed_change_in_the_state_menu(self):
        self.post("holder", "content_status_modify", workflow_action="to_level2")
        self.assertEqual(api.content.get_state(self.log), "level2")


class TestLogsOverview(LogViewTestCase):
    def overview(self, user_id):
        from bti.portal.relaylog.overview import lists as overview

        with api.env.adopt_user(username=user_id):
            return overview.lists(self.portal["logs"])

    def test_my_logs_with_my_role(self):
        give(self.log, "nurse", p.PARTICIPANT)
        lists = self.overview("nurse")
        [entry] = lists["my_logs"]
        self.assertEqual(entry["initials"], "K.N.")
        self.assertEqual(entry["review_state"], "level1")
        self.assertEqual([r["id"] for r in entry["my_roles"]], [p.PARTICIPANT])
        self.assertEqual(
            entry["holders"], [{"id": "holder", "fullname": "Hanne Holder"}]
        )
        self.assertEqual(lists["overseen"], [])
        html = self.render("nurse", "logs-overview", self.portal["logs"])
        self.assertIn("bti-my-log", html)
        self.assertIn(t(ROLE_TITLES[p.PARTICIPANT]), html)

    def test_unit_leader_oversees_without_content(self):
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="home", title="Sove godt")
            create(
                goal,
                "Activity",
                title="Leggerutine",
                responsible="holder",
                deadline=date.today() + timedelta(days=10),
            )
        lists = self.overview("boss")
        self.assertEqual(lists["my_logs"], [])
        [entry] = lists["overseen"]
        self.assertEqual(entry["uid"], self.log.UID())
        self.assertEqual(
            entry["next_deadline"], (date.today() + timedelta(days=10)).isoformat()
        )
        self.assertTrue(entry["handover_url"].endswith("/@@handover"))
        html = self.render("boss", "logs-overview", self.portal["logs"])
        self.assertIn("bti-overseen-log", html)
        self.assertIn("bti-empty-my-logs", html)
        for secret in (
            "Sove godt",
            "Leggerutine",
            CHILD_NAME,
            self.log.national_id[:6],
        ):
            self.assertNotIn(secret, html)

    def test_coordinator_oversees_every_log(self):
        lists = self.overview("coord")
        self.assertEqual([e["uid"] for e in lists["overseen"]], [self.log.UID()])
        self.assertIsNone(
            lists["overseen"][0]["handover_url"]
        )  # active: the unit leader's job

    def test_offered_to_me_shows_initials_and_unit_only(self):
        handover.offer(self.log, "next", by_user="holder")
        lists = self.overview("next")
        self.assertEqual(lists["my_logs"], [])
        [entry] = lists["offered_to_me"]
        self.assertEqual(set(entry), {"@id", "uid", "initials", "unit", "accept_url"})
        self.assertEqual(entry["unit"]["title"], "Solsida skole")
        html = self.render("next", "logs-overview", self.portal["logs"])
        self.assertIn("@@accept-handover", html)

    def test_empty_for_a_stranger(self):
        html = self.render("stranger", "logs-overview", self.portal["logs"])
        self.assertIn("bti-empty-my-logs", html)
        self.assertNotIn("bti-overseen", html)
        self.assertNotIn("bti-offered", html)


class TestHandoverPages(LogViewTestCase):
    def test_offered_colleague_sees_initials_and_unit_only(self):
        handover.offer(self.log, "next", by_user="holder")
        html = self.render("next", "accept-handover")
        self.assertIn("K.N.", html)
        self.assertIn("Solsida skole", html)
        self.assertNotIn(CHILD_NAME, html)
        self.assertNotIn(self.log.national_id[:6], html)

    def test_someone_else_is_sent_away(self):
        handover.offer(self.log, "next", by_user="holder")
        # Only the offered colleague holds "Answer handover offer" (RelayOffered).
        with self.assertRaises(Unauthorized):
            self.render("stranger", "accept-handover")
        self.assertIn(handover.KEY, IAnnotations(self.log))

    def test_unit_leader_opens_the_handover_page(self):
        html = self.render("boss", "handover")
        self.assertIn('value="next"', html)
        self.assertNotIn('value="holder"', html)  # the present holder is not offered
        self.assertNotIn(CHILD_NAME, html)


class TestPagesOverHttp(unittest.TestCase):
    """Real publishing: public pages on a log the user has no role on render
    without content, and refusals are pages, not tracebacks."""

    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school)
        give(self.log, "mor", p.GUARDIAN)
        handover.offer(self.log, "next", by_user="holder")
        transaction.commit()
        self.url = self.log.absolute_url()

    def get(self, url, user, **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(
            url, auth=auth, timeout=60, allow_redirects=False, **options
        )
        self.addCleanup(response.close)
        return response

    def test_public_title_and_description_say_nothing_of_a_log(self):
        """@@title and @@description are public (as Plone's own): a log's
        initials only for those who may view it."""
        title = self.log.Title()
        for user in (None, "boss"):
            for name in ("title", "description"):
                page = self.get(f"{self.url}/@@{name}", user)
                self.assertIn(page.status_code, (302, 401, 403), (user, name))
                self.assertNotIn(title, page.text, (user, name))
        self.assertIn(title, self.get(f"{self.url}/@@title", "holder").text)

    def test_log_view_for_the_holder_and_not_for_the_unit_leader(self):
        page = self.get(self.url, "holder")
        self.assertEqual(page.status_code, 200)
        self.assertIn("bti-log-header", page.text)
        self.assertNotIn(self.log.national_id, page.text)
        refused = self.get(self.url, "boss")
        self.assertIn(refused.status_code, (302, 401, 403))
        self.assertNotIn(CHILD_NAME, refused.text)

    def test_accept_page_for_the_offered_colleague(self):
        page = self.get(f"{self.url}/@@accept-handover", "next")
        self.assertEqual(page.status_code, 200, page.text[:500])
        self.assertIn("form.buttons.accept", page.text)
        self.assertIn("Solsida skole", page.text)
        self.assertNotIn(CHILD_NAME, page.text)
        self.assertNotIn(self.log.national_id[:6], page.text)
        other = self.get(f"{self.url}/@@accept-handover", "stranger")
        self.assertEqual(other.status_code, 302)
        self.assertNotIn("form.buttons.accept", other.text)

    def test_accept_and_decline_by_form(self):
        session = requests.Session()
        session.auth = ("next", "secret-next")
        self.addCleanup(session.close)
        page = session.get(f"{self.url}/@@accept-handover", timeout=60)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        done = session.post(
            f"{self.url}/@@accept-handover",
            data={"_authenticator": token, "form.buttons.accept": "1"},
            timeout=60,
        )
        self.assertEqual(done.status_code, 200)
        self.assertEqual(done.url, self.url)  # now the holder reads the log
        self.assertIn("bti-log-header", done.text)
        self.log._p_jar.sync()
        self.assertEqual(
            set(self.log.get_local_roles_for_userid("next")), {p.RELAY_HOLDER}
        )

    def test_overview_for_family_and_unit_leader(self):
        folder = self.portal["logs"].absolute_url()
        page = self.get(folder, "mor")  # families have their own page
        self.assertEqual(page.status_code, 302)
        self.assertTrue(page.headers["Location"].endswith("/@@my-logs"))
        page = self.get(folder, "boss")
        self.assertEqual(page.status_code, 200)
        self.assertIn("bti-overseen-log", page.text)
        self.assertNotIn(CHILD_NAME, page.text)
        page = self.get(folder, "next")
        self.assertIn("@@accept-handover", page.text)

    def test_handover_page_for_the_unit_leader(self):
        page = self.get(f"{self.url}/@@handover", "boss")
        self.assertEqual(page.status_code, 200, page.text[:500])
        self.assertIn("bti-open-offer", page.text)
        self.assertNotIn(CHILD_NAME, page.text)

    def test_reopen_page_for_the_coordinator(self):
        self.log.close_reason = "moved"
        api.content.transition(obj=self.log, transition="close")
        transaction.commit()
        page = self.get(f"{self.url}/@@reopen-log", "coord")
        self.assertEqual(page.status_code, 200, page.text[:500])
        self.assertIn("form.buttons.reopen", page.text)
        self.assertNotIn(CHILD_NAME, page.text)
        self.assertIn(
            "@@reopen-log", self.get(self.portal["logs"].absolute_url(), "coord").text
        )

    def test_sharing_page_refusal_is_a_message(self):
        session = requests.Session()
        session.auth = ("holder", "secret-holder")
        self.addCleanup(session.close)
        page = session.get(f"{self.url}/@@sharing", timeout=60)
        self.assertEqual(page.status_code, 200)
        token = re.search(r'data-token="([^"]+)"', page.text).group(1)  # protect.js
        answer = session.post(
            f"{self.url}/@@sharing",
            data={
                "_authenticator": token,
                "form.submitted": "1",
                "form.button.Save": "Save",
                "entries.id:records": "psych",
                "entries.type:records": "user",
                "entries.role_Participant:records": "True",
            },
            timeout=60,
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn(t(message("service_not_covered")), answer.text)
        self.log._p_jar.sync()
        self.assertEqual(self.log.get_local_roles_for_userid("psych"), ())
