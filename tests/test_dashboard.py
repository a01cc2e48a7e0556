"""The oversight dashboard (@@dashboard, REST @dashboard), the status page of a
log for oversight roles (@@log-status) and the catalog-only log lists."""

from bti.portal.audit.store import store_for_site
from bti.portal.browser.dashboard import dashboard as dashboard_view
from bti.portal.content.relay_log import RelayLog
from bti.portal.domain import permissions
from bti.portal.indexers import dashboard as dashboard_indexers
from bti.portal.relaylog import create
from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard import totals
from bti.portal.relaylog.dashboard.scope import viewer_scope
from bti.portal.relaylog.overview import lists
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.upgrades import v1027_dashboard_lists
from DateTime import DateTime
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.indexing import getQueue
from tests.logs_fixture import add_log
from tests.logs_fixture import CHILD_NAME
from tests.test_logs_decisions import add_concern
from tests.test_views_logs import active_log
from tests.test_views_logs import add_consent
from tests.test_views_logs import set_up_people
from unittest import mock
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


class DashboardTestCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.school, self.health, _ppt = set_up_people(self.portal)
        # School: an active log with an overdue activity and a consent running out.
        self.log = active_log(self.portal, self.school, cooperation=())
        add_consent(
            self.log,
            "cooperation",
            services=("ppt",),
            valid_until=TODAY + timedelta(10),
        )
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="home", title="Sove godt")
            create(goal, "Activity", title="Leggerutine", deadline=ago(7))
            create(goal, "Activity", title="Senere", deadline=TODAY + timedelta(14))
        # School: a draft log where nothing happened for 90 days.
        self.idle = add_log(self.portal, self.school, "holder", title="L.M.")
        self.idle.setModificationDate(DateTime() - 90)
        self.idle.reindexObject(idxs=["bti_last_activity"])
        # Health: a log whose holder is not on the health station's list.
        self.other = active_log(self.portal, self.health, cooperation=())
        add_concern(self.portal, self.school, "holder", title="A.B.", noticed=ago(26))
        add_concern(self.portal, self.health, "nurse", title="C.D.", noticed=ago(40))
        transaction.commit()
        self.folder = self.portal["logs"]

    def board(self, user_id: str, unit: str = "") -> dict:
        with api.env.adopt_user(username=user_id):
            return queries.board(self.folder, viewer_scope(self.folder), unit)

    def by_sets(self, user_id: str, **window) -> dict:
        """The board worked out from the indexes' sets, not the kept lists."""
        with (
            mock.patch.object(queries, "site_lists", lambda *args: None),
            mock.patch.object(queries, "every_log_lists", lambda *args: None),
            api.env.adopt_user(username=user_id),
        ):
            return queries.board(self.folder, viewer_scope(self.folder), **window)

    def get(self, url: str, user: str | None, **options) -> requests.Response:
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(
            url, auth=auth, timeout=60, allow_redirects=False, **options
        )
        self.addCleanup(response.close)
        return response


class TestDashboardData(DashboardTestCase):
    def test_unit_leader_sees_their_unit(self):
        data = self.board("boss")
        self.assertEqual(data["counts"]["total"], 2)
        [overdue] = data["overdue_activities"]
        self.assertEqual(overdue["log"]["uid"], self.log.UID())
        self.assertEqual(overdue["deadline"], ago(7).isoformat())
        self.assertEqual(overdue["days_overdue"], 7)
        self.assertEqual(overdue["activities"], 1)
        [consent] = data["consents"]
        self.assertEqual(
            (consent["log"]["uid"], consent["flag"]), (self.log.UID(), "expiring")
        )
        self.assertEqual(
            [r["log"]["uid"] for r in data["idle_logs"]], [self.idle.UID()]
        )
        [concern] = data["concerns"]  # the health station's is not theirs
        self.assertEqual((concern["initials"], concern["flag"]), ("A.B.", "due_soon"))
        self.assertTrue(concern["@id"])  # their unit's leader may open it
        self.assertEqual(data["holders_missing"], [])
        self.assertNotIn(CHILD_NAME, repr(data))

    def test_a_second_holder_off_the_list_and_a_log_without_holder_are_flagged(self):
        """A log is flagged for each holder not on its unit's list, even
        beside one who is; and a log nobody holds."""
        self.log.manage_addLocalRoles("nurse", ["RelayHolder"])  # health staff
        self.idle.manage_delLocalRoles(["holder"])
        for log in (self.log, self.idle):
            log.reindexObject()
        transaction.commit()
        for small_scope in (queries.SMALL_SCOPE, 0):  # each log, then by sets
            with mock.patch.object(queries, "SMALL_SCOPE", small_scope):
                found = {
                    row["log"]["uid"]: (
                        row["reason"],
                        [h["id"] for h in row["holders"]],
                    )
                    for row in self.board("coord")["holders_missing"]
                }
                leader = self.board("boss")["holders_missing"]
            self.assertEqual(found[self.log.UID()], ("left_unit", ["nurse"]))
            self.assertEqual(found[self.idle.UID()], ("no_holder", []))
            self.assertEqual(len(found), 3)  # and the health station's, as before
            self.assertEqual(  # the school's leader: the school's two
                {row["log"]["uid"] for row in leader},
                {self.log.UID(), self.idle.UID()},
            )

    def test_a_small_scope_looks_its_logs_up_with_the_same_board(self):
        """Under SMALL_SCOPE active logs the board reads each log's own index
        values; above, the indexes' site-wide sets: the same board."""
        for user_id in ("coord", "boss"):
            looked_up = self.board(user_id)
            with mock.patch.object(queries, "SMALL_SCOPE", 0):
                by_sets = self.board(user_id)
            self.assertEqual(looked_up, by_sets)
            for name in ("overdue_activities", "consents", "idle_logs"):
                self.assertTrue(looked_up[name], (user_id, name))

    def from_lists(self, user_id: str, **window) -> dict:
        with api.env.adopt_user(username=user_id):
            scope = viewer_scope(self.folder)
            records = queries.Records(api.portal.get_tool("portal_catalog"))
            self.assertIsNotNone(queries.site_lists(records, scope, ""))
            return queries.board(self.folder, scope, **window)

    def assert_same_boards(self):
        for window in ({}, {"size": 1}, {"start": 1, "size": 1}, {"start": 9}):
            self.assertEqual(
                self.from_lists("coord", **window), self.by_sets("coord", **window)
            )

    def test_the_coordinators_board_comes_from_the_kept_lists(self):
        """Every log of the site: counts and pages from the lists the
        bti_dashboard_lists index keeps, the same board as from the sets,
        page by page; a unit leader's is not from them."""
        board = self.from_lists("coord")
        for name in ("overdue_activities", "consents", "idle_logs", "concerns"):
            self.assertTrue(board[name], name)
        self.assertEqual(board["counts"]["total"], 3)
        self.assert_same_boards()
        with api.env.adopt_user(username="boss"):
            scope = viewer_scope(self.folder)
            records = queries.Records(api.portal.get_tool("portal_catalog"))
            self.assertIsNone(queries.site_lists(records, scope, ""))

    def test_the_kept_lists_follow_every_change_and_match_a_rebuild(self):
        """Transitions, holders, activities, consents, concerns and deletes
        reach the lists through the catalog alone (partial reindexes
        included): the board stays the sets' board, and the lists are what a
        rebuild from scratch files."""
        catalog = api.portal.get_tool("portal_catalog")
        [activity] = [
            brain.getObject()
            for brain in catalog(
                portal_type="Activity", path="/".join(self.log.getPhysicalPath())
            )
            if brain.getObject().deadline < TODAY
        ]
        activity.status = "done"
        notify(ObjectModifiedEvent(activity))  # the log's dates: a partial reindex
        self.idle.manage_delLocalRoles(["holder"])
        self.idle.reindexObject(idxs=["bti_holder"])
        self.other.close_reason = "goals_reached"
        with api.env.adopt_user(username="holder"):
            api.content.transition(obj=self.other, transition="close")
        concern = catalog(portal_type="Concern", Title="C.D.")[0].getObject()
        api.content.delete(concern, check_linkintegrity=False)
        transaction.commit()
        self.assert_same_boards()
        index = catalog._catalog.getIndex(totals.INDEX)
        kept = dict(index._filed.items()), _counts(index)
        index.clear()
        for brain in catalog.unrestrictedSearchResults(
            portal_type=["RelayLog", "Concern"]
        ):
            catalog.catalog_object(
                brain.getObject(), brain.getPath(), idxs=[totals.INDEX]
            )
        totals.lists_of(catalog)  # filed before a read
        self.assertEqual(kept, (dict(index._filed.items()), _counts(index)))
        self.assertEqual(kept[1]["by_state"]["closed"], 1)
        self.assertEqual(kept[1]["by_unit"][self.health.UID()], 1)

    def test_upgrade_1027_files_the_logs_and_concerns_there(self):
        catalog = api.portal.get_tool("portal_catalog")
        kept = _counts(catalog._catalog.getIndex(totals.INDEX))
        catalog.delIndex(totals.INDEX)
        v1027_dashboard_lists.upgrade(api.portal.get_tool("portal_setup"))
        totals.lists_of(catalog)
        self.assertEqual(_counts(catalog._catalog.getIndex(totals.INDEX)), kept)
        self.assertEqual(sum(kept["by_state"].values()), 3)
        self.assertTrue(kept["concern"])

    def overseen_pages(self, exclude=()) -> tuple:
        with api.env.adopt_user(username="coord"):
            user = api.user.get_current()
            whole, total = lists.overseen(self.folder, user, exclude=exclude)
            pages = [
                lists.overseen(self.folder, user, exclude=exclude, start=n, size=1)[0]
                for n in range(total + 1)
            ]
        return whole, total, pages

    def test_overseen_logs_come_by_title_then_path_a_page_at_a_time(self):
        """A coordinator's are every log (lists.Every, counted by the kept
        lists); the same pages as from the set of their logs."""
        self.idle.title = "A.A."
        self.idle.reindexObject()
        transaction.commit()
        with api.env.adopt_user(username="coord"):
            user = api.user.get_current()
            records = queries.Records(api.portal.get_tool("portal_catalog"))
            everywhere = lists.oversight_roles(self.folder, user)[0]
            every = lists.overseen_rids(records, self.folder, user, (), everywhere)
        self.assertIsInstance(every, lists.Every)
        whole, total, pages = self.overseen_pages()
        with mock.patch.object(permissions, "EVERY_LOG_OVERSEEN", False):
            self.assertEqual(self.overseen_pages(), (whole, total, pages))
            mine = self.overseen_pages(exclude={self.log.UID()})
        self.assertEqual(self.overseen_pages(exclude={self.log.UID()}), mine)
        self.assertEqual(mine[1], 2)
        self.assertEqual(total, 3)
        shown = [(e["initials"].lower(), e["@id"]) for e in whole]
        self.assertEqual(shown, sorted(shown))
        self.assertEqual(whole[0]["uid"], self.idle.UID())
        self.assertEqual(
            [page[0]["uid"] for page in pages[:-1]], [e["uid"] for e in whole]
        )
        self.assertEqual(pages[-1], [])
        with mock.patch.object(queries.Records, "groups", side_effect=AssertionError):
            beyond = lists.overseen(self.folder, user, start=10_000_000, size=50)
        self.assertEqual(beyond, ([], 3))  # past the end: the index is not walked
        # A log the title index does not hold still counts, and comes last.
        catalog = api.portal.get_tool("portal_catalog")
        rid = catalog._catalog.uids["/".join(self.idle.getPhysicalPath())]
        catalog._catalog.getIndex("sortable_title").unindex_object(rid)
        for every_log in (True, False):
            with (
                mock.patch.object(permissions, "EVERY_LOG_OVERSEEN", every_log),
                api.env.adopt_user(username="coord"),
            ):
                last, total = lists.overseen(self.folder, api.user.get_current())
            self.assertEqual((last[-1]["uid"], total), (self.idle.UID(), 3))

    def test_coordinator_sees_every_unit_and_filters(self):
        data = self.board("coord")
        self.assertEqual(data["counts"]["total"], 3)
        self.assertEqual(
            [(c["initials"], c["flag"], c["@id"]) for c in data["concerns"]],
            [("C.D.", "overdue", None), ("A.B.", "due_soon", None)],
        )
        [missing] = data["holders_missing"]
        self.assertEqual(
            (missing["log"]["uid"], missing["reason"]), (self.other.UID(), "left_unit")
        )
        with api.env.adopt_user(username="coord"):
            scope = viewer_scope(self.folder)
            first = queries.board(self.folder, scope, size=1)
            second = queries.board(self.folder, scope, start=1, size=1)
        # Rows are made for the page only; the totals count them all.
        self.assertEqual(first["totals"]["concerns"], 2)
        self.assertEqual(
            first["concerns"] + second["concerns"], data["concerns"], "pages"
        )
        self.assertEqual(first["counts"], data["counts"])
        only = self.board("coord", self.health.UID())
        self.assertEqual(only["counts"]["total"], 1)
        self.assertEqual([c["initials"] for c in only["concerns"]], ["C.D."])

    def test_lists_are_catalog_only(self):
        """No log object is loaded for the dashboard or the log lists."""
        loads = []
        original = RelayLog.__setstate__

        def counting(obj, state):
            loads.append(obj)
            return original(obj, state)

        RelayLog.__setstate__ = counting
        self.addCleanup(delattr, RelayLog, "__setstate__")
        jar = self.folder._p_jar
        jar.cacheMinimize()
        self.folder.unrestrictedTraverse(self.log.getId()).Title()
        self.assertEqual(len(loads), 1)  # the probe sees a load
        for user_id in ("coord", "boss", "holder"):
            jar.cacheMinimize()
            loads.clear()
            with api.env.adopt_user(username=user_id):
                self.folder.restrictedTraverse(
                    "@@dashboard"
                )() if user_id != "holder" else None
                found = lists.lists(self.folder)
            self.assertEqual(loads, [], user_id)
        self.assertEqual(
            [r["id"] for r in found["my_logs"][0]["my_roles"]], ["RelayHolder"]
        )

    def test_last_activity_moves_with_a_new_item_without_waking_items(self):
        records = queries.Records(api.portal.get_tool("portal_catalog"))

        def last_activity():
            rid = records.rid_of("/".join(self.idle.getPhysicalPath()))
            return records.value(rid, "bti_last_activity")

        walked = []
        walk = dashboard_indexers._walked_day
        dashboard_indexers._walked_day = lambda *args: (
            walked.append(args) or walk(*args)
        )
        self.addCleanup(setattr, dashboard_indexers, "_walked_day", walk)
        self.assertEqual(last_activity(), ago(90))
        with api.env.adopt_user(username="holder"):
            create(self.idle, "Goal", area="home", title="Ny start")
        transaction.commit()  # the log's reindex sees the goal still queued
        self.assertEqual(last_activity(), TODAY)
        self.idle.setModificationDate(DateTime() - 90)
        self.idle.reindexObject(idxs=["bti_last_activity"])
        transaction.commit()  # now from the catalog's newest item
        self.assertEqual(last_activity(), TODAY)
        self.assertEqual(walked, [])  # no item woken at a commit
        api.portal.get_tool("portal_catalog").catalog_object(self.idle)
        self.assertTrue(walked)  # a direct catalog call reads the items
        self.assertEqual(last_activity(), TODAY)

    def test_an_item_on_a_day_the_catalog_knows_leaves_the_log_alone(self):
        path = "/".join(self.idle.getPhysicalPath())

        def log_queued():
            return any(
                "/".join(obj.getPhysicalPath()) == path
                for _op, obj, _attributes, _metadata in getQueue().getState()
            )

        with api.env.adopt_user(username="holder"):
            create(self.idle, "Goal", area="home", title="Ny start")
        self.assertTrue(log_queued())  # 90 days idle: today is news
        transaction.commit()
        with api.env.adopt_user(username="holder"):
            create(self.idle, "Goal", area="home", title="Leggetid")
        self.assertFalse(log_queued())  # today is known: no catalog record rebuilt
        transaction.commit()
        records = queries.Records(api.portal.get_tool("portal_catalog"))
        self.assertEqual(
            records.value(records.rid_of(path), "bti_last_activity"), TODAY
        )

    def test_an_item_edited_today_moves_an_old_last_activity(self):
        with api.env.adopt_user(username="holder"):
            goal = create(self.idle, "Goal", area="home", title="Ny start")
        goal.setModificationDate(DateTime() - 90)
        goal.reindexObject(idxs=["modified"])  # all indexes: modified is now
        self.idle.reindexObject(idxs=["bti_last_activity"])
        transaction.commit()
        records = queries.Records(api.portal.get_tool("portal_catalog"))
        rid = records.rid_of("/".join(self.idle.getPhysicalPath()))
        self.assertEqual(records.value(rid, "bti_last_activity"), ago(90))
        goal.title = "Ny start i barnehagen"
        notify(ObjectModifiedEvent(goal))  # an edit: the goal's date is today's
        transaction.commit()
        self.assertEqual(records.value(rid, "bti_last_activity"), TODAY)

    def test_the_queue_is_sorted_by_path_once_while_it_stays_the_same(self):
        path = "/".join(self.idle.getPhysicalPath())
        with api.env.adopt_user(username="holder"):
            create(self.idle, "Goal", area="home", title="Ny start")
        paths, _entries = dashboard_indexers._queue_by_path()
        self.assertIs(dashboard_indexers._queue_by_path()[0], paths)  # kept
        self.assertEqual(set(dashboard_indexers._pending_days(path)), {TODAY})
        self.assertEqual(list(dashboard_indexers._pending_days(path[:-1])), [])
        self.assertTrue(dashboard_indexers._queued(path))  # the goal queued it
        self.log.reindexObject(idxs=["bti_last_activity"])  # a new entry
        self.assertIsNot(dashboard_indexers._queue_by_path()[0], paths)
        self.assertTrue(
            dashboard_indexers._queued("/".join(self.log.getPhysicalPath()))
        )
        transaction.abort()
        self.assertEqual(dashboard_indexers._queue_by_path(), ([], []))

    def test_last_activity_in_a_rebuild_after_a_change_reads_the_items(self):
        with api.env.adopt_user(username="holder"):
            create(self.idle, "Goal", area="home", title="Ny start")
        transaction.commit()
        self.idle.setModificationDate(DateTime() - 90)
        self.idle.reindexObject(idxs=["bti_last_activity"])  # queued
        catalog = api.portal.get_tool("portal_catalog")
        catalog.manage_catalogClear()  # a rebuild: no item cataloged yet
        catalog.catalog_object(self.idle)  # directly, the log still queued
        records = queries.Records(catalog)
        rid = records.rid_of("/".join(self.idle.getPhysicalPath()))
        self.assertEqual(records.value(rid, "bti_last_activity"), TODAY)
        transaction.abort()

    def test_records_walk_in_index_order_and_window_bounds(self):
        records = queries.Records(api.portal.get_tool("portal_catalog"))
        logs = records.rids(portal_type="RelayLog")
        walked = list(records.walk("bti_last_activity", logs))
        days = [records.value(rid, "bti_last_activity") for rid in walked]
        self.assertEqual(days, sorted(days))
        dated = {r for r in logs if records.value(r, "bti_last_activity")}
        self.assertEqual(sorted(walked), sorted(dated))
        self.assertGreater(len(dated), 1)
        window = queries.Window(1, 2)
        self.assertEqual(window.bounds(10), (1, 3))
        self.assertEqual(window.bounds(2), (1, 2))
        self.assertEqual(window.bounds(0), (0, 0))
        self.assertEqual(queries.Window().bounds(5), (0, 5))

    def test_next_deadline_shows_the_overdue_activity(self):
        with api.env.adopt_user(username="boss"):
            overseen = lists.lists(self.folder)["overseen"]
        entry = next(e for e in overseen if e["uid"] == self.log.UID())
        self.assertEqual(entry["next_deadline"], ago(7).isoformat())
        self.assertTrue(entry["next_deadline_overdue"])
        self.assertTrue(entry["handover_url"])


def _counts(index) -> dict:
    """List -> key -> how many, without the empty keys."""
    return {name: dict(filed.counted()) for name, filed in index.lists.items()}


class TestDashboardHTTP(DashboardTestCase):
    def test_access(self):
        page = f"{self.folder.absolute_url()}/@@dashboard"
        rest = f"{self.folder.absolute_url()}/@dashboard"
        self.assertEqual(self.get(rest, None, headers=JSON).status_code, 401)
        anonymous = self.get(page, None)
        self.assertIn(anonymous.status_code, (302, 401))
        for user_id in ("stranger", "holder", "mor"):
            self.assertEqual(self.get(rest, user_id, headers=JSON).status_code, 403)
            self.assertIn(self.get(page, user_id).status_code, (302, 403))
        html = self.get(page, "boss")
        self.assertEqual(html.status_code, 200)
        self.assertIn("bti-dashboard-overdue", html.text)
        self.assertNotIn(CHILD_NAME, html.text)

    def test_report_page_toolbar_has_the_user_menu_only(self):
        """The folder's views and menus are not the report's (IProductPage)."""
        folder = self.get(self.folder.absolute_url() + "/folder_contents", "coord")
        self.assertIn("plone-toolbar-main", folder.text)
        page = self.get(f"{self.folder.absolute_url()}/@@dashboard", "coord")
        self.assertIn('id="edit-zone"', page.text)
        self.assertIn("personaltools-wrapper", page.text)
        self.assertNotIn("plone-toolbar-main", page.text)
        self.assertNotIn("plone-contentmenu", page.text)

    def test_rest_pages_and_refuses_bad_input(self):
        rest = f"{self.folder.absolute_url()}/@dashboard"
        data = self.get(f"{rest}?b_size=1", "coord", headers=JSON).json()
        self.assertEqual(data["concerns"]["items_total"], 2)
        self.assertEqual(len(data["concerns"]["items"]), 1)
        for query in (
            "b_size=0",
            "b_size=x",
            "b_start=-1",
            "b_start:float=inf",  # no OverflowError (a 500)
            "b_size:float=5.7",
            "b_size:boolean=1",
            "b_size:list=1",
            "unit=%3Cx%3E",
            "unit:list=a",
            f"unit={'f' * 32}",  # no such unit
        ):
            response = self.get(f"{rest}?{query}", "coord", headers=JSON)
            self.assertEqual(response.status_code, 400, query)
        # A unit leader may not filter on a unit that is not theirs.
        response = self.get(f"{rest}?unit={self.health.UID()}", "boss", headers=JSON)
        self.assertEqual(response.status_code, 400)

    def test_bad_input_says_what_was_wrong_in_the_readers_language(self):
        page = f"{self.folder.absolute_url()}/@@dashboard"
        html = {"Accept": "text/html", "Accept-Language": "nb"}
        bad = self.get(f"{page}?unit=x-y", "coord", headers=html)
        self.assertEqual(bad.status_code, 400)
        self.assertIn("Siden kan ikke bruke denne adressen", bad.text)
        self.assertIn("Enheten i adressen er ikke en enhet.", bad.text)
        self.assertNotIn("Prøv igjen", bad.text)
        theirs = f"{page}?unit={self.health.UID()}"
        other = self.get(theirs, "boss", headers={**html, "Accept-Language": "en"})
        self.assertEqual(other.status_code, 400)
        self.assertIn("The unit in the address is not one of yours.", other.text)
        rest = f"{self.folder.absolute_url()}/@dashboard"
        nn = {**JSON, "Cookie": "I18N_LANGUAGE=nn"}  # the staff's choice
        refused = self.get(f"{rest}?unit=x-y", "coord", headers=nn).json()["error"]
        self.assertEqual(refused["code"], "unit_invalid")
        self.assertIn("Eininga i adressa", refused["message"])
        stranger = self.get(rest, "stranger", headers=nn)
        self.assertEqual(stranger.status_code, 403)
        self.assertEqual(stranger.json()["error"]["code"], "dashboard_not_yours")

    def test_the_kept_lists_answer_no_search(self):
        """The dashboard's lists index in a search: a clear 400, for anyone."""
        search = f"{self.portal.absolute_url()}/@search"
        for user in (None, "holder", "coord"):
            for query in ("bti_dashboard_lists=x", "bti_dashboard_lists.query=1"):
                response = self.get(f"{search}?{query}", user, headers=JSON)
                self.assertEqual(response.status_code, 400, (user, query))
                self.assertIn("not a search index", response.text)

    def test_unit_leader_opens_a_log_and_sees_its_status(self):
        response = self.get(self.log.absolute_url(), "boss")
        self.assertEqual(response.status_code, 302)
        status_url = f"{self.log.absolute_url()}/@@log-status"
        self.assertEqual(response.headers["Location"], status_url)
        page = self.get(status_url, "boss")
        self.assertEqual(page.status_code, 200)
        self.assertIn("K.N.", page.text)
        self.assertIn("bti-status-overdue", page.text)
        # In the site's frame: menu and breadcrumbs (drawn on the log folder).
        self.assertIn('id="portal-globalnav"', page.text)
        self.assertIn('id="portal-breadcrumbs"', page.text)
        for secret in (CHILD_NAME, "Sove godt", "Leggerutine", self.log.national_id):
            self.assertNotIn(secret, page.text)
        self.assertIn(self.get(status_url, "stranger").status_code, (302, 401, 403))
        records = store_for_site(self.portal.getId()).for_log(self.log.UID())
        self.assertIn(
            ("boss", f"{'/'.join(self.log.getPhysicalPath())}/@@log-status", 200),
            [(r.user_id, r.path, r.status) for r in records],
        )

    def test_coordinator_concerns_page_lists_every_unit(self):
        page = self.get(f"{self.folder.absolute_url()}/@@concerns", "coord")
        self.assertEqual(page.status_code, 200)
        self.assertIn("A.B.", page.text)
        self.assertIn("C.D.", page.text)
        self.assertNotIn("Trøtt og lei", page.text)

    def test_show_all_is_capped(self):
        """?all=1 makes up to ALL_ROWS rows a list (not 30,000 on a site of
        100,000 logs) and says so, instead of offering "Show all" again."""
        url = f"{self.folder.absolute_url()}/@@dashboard"
        with (
            mock.patch.object(dashboard_view, "PAGE_ROWS", 0),
            mock.patch.object(dashboard_view, "ALL_ROWS", 0),
        ):
            first = self.get(url, "coord").text
            every = self.get(f"{url}?all=1", "coord").text
        self.assertIn("@@dashboard?all=1", first)
        self.assertNotIn("velg en enhet", first)
        self.assertNotIn("@@dashboard?all=1", every)
        self.assertIn("De første 0 vises; velg en enhet for å se resten.", every)
        # Every list says how many it leaves out, concerns and holders too.
        for section in ("concerns", "holders", "overdue", "consents", "idle"):
            part = first.split(f"bti-dashboard-{section} ")[1].split("</section>")[0]
            self.assertIn("bti-dashboard-more", part, section)
