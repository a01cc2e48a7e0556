"""The dashboard's units a page at a time: the board names the first
UNITS_LISTED (relaylog/dashboard/units.py), @dashboard-units and
@@dashboard-units page through them and find one by name; logs per state
for the whole site from the kept ``by_state`` list (upgrade 1028)."""

from bti.portal.browser.dashboard import dashboard as dashboard_view
from bti.portal.browser.dashboard import units as units_view
from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard import totals
from bti.portal.relaylog.dashboard.scope import viewer_scope
from bti.portal.relaylog.overview import lists
from bti.portal.upgrades import v1028_dashboard_units
from plone import api
from tests.logs_fixture import CHILD_NAME
from tests.test_dashboard import DashboardTestCase
from tests.test_dashboard import JSON
from unittest import mock

import re
import transaction


NEW_LISTS = ("by_state", "by_unit")


def _as_1027_left_it(index) -> None:
    """The index without the lists of 1028."""
    for name in NEW_LISTS:
        del index.lists[name]
    for rid, filed in list(index._filed.items()):
        index._filed[rid] = tuple(entry for entry in filed if entry[0] not in NEW_LISTS)


class TestUnitsOfTheBoard(DashboardTestCase):
    def units_of(self, user_id: str, **options) -> tuple:
        with api.env.adopt_user(username=user_id):
            scope = viewer_scope(self.folder)
            return queries.units_page(self.folder, scope, **options)

    def test_the_board_names_its_units_with_their_logs(self):
        coordinator = self.board("coord")["units"]
        self.assertEqual(coordinator["items_total"], 3)
        self.assertEqual(
            [(u["title"], u["total"]) for u in coordinator["items"]],
            [("Helsestasjonen", 1), ("PPT", 0), ("Solsida skole", 2)],
        )
        leader = self.board("boss")["units"]
        self.assertEqual(
            [(u["title"], u["total"]) for u in leader["items"]], [("Solsida skole", 2)]
        )
        # A unit filter narrows the lists, not the units' totals.
        only = self.board("coord", self.health.UID())
        self.assertEqual(only["units"], coordinator)
        self.assertEqual(only["unit_title"], "Helsestasjonen")

    def test_the_first_units_only_and_how_many(self):
        with mock.patch.object(queries, "UNITS_LISTED", 1):
            data = self.board("coord")["units"]
        self.assertEqual(data["items_total"], 3)
        self.assertEqual([u["title"] for u in data["items"]], ["Helsestasjonen"])

    def test_found_by_words_of_the_name_a_page_at_a_time(self):
        rows, total = self.units_of("coord", query="  SKO  ")
        self.assertEqual(([r["title"] for r in rows], total), (["Solsida skole"], 1))
        rows, total = self.units_of("coord", query="skolen ppt")
        self.assertEqual((rows, total), ([], 0))
        second, total = self.units_of("coord", start=1, size=1)
        self.assertEqual(([r["title"] for r in second], total), (["PPT"], 3))
        rows, total = self.units_of("boss", query="helse")
        self.assertEqual((rows, total), ([], 0))  # not the leader's unit

    def test_totals_from_the_kept_lists_are_the_sets_totals(self):
        self.other.close_reason = "goals_reached"
        with api.env.adopt_user(username="holder"):
            api.content.transition(obj=self.other, transition="close")
        transaction.commit()
        from_lists = self.board("coord")
        self.assertEqual(from_lists, self.by_sets("coord"))
        by_state = {row["id"]: row["count"] for row in from_lists["counts"]["by_state"]}
        self.assertEqual((by_state["closed"], from_lists["counts"]["total"]), (1, 3))

    def test_before_upgrade_1028_the_boards_come_from_the_sets(self):
        """Deployed, not yet upgraded: no list is read that is not there."""
        catalog = api.portal.get_tool("portal_catalog")
        expected = self.by_sets("coord")
        _as_1027_left_it(catalog._catalog.getIndex(totals.INDEX))
        self.assertIsNone(totals.lists_of(catalog))
        self.assertEqual(self.board("coord"), expected)
        self.assertEqual(self.board("coord", self.health.UID())["counts"]["total"], 1)
        with api.env.adopt_user(username="coord"):
            found = lists.lists(self.folder, 0, 10)
        self.assertEqual(found["overseen_total"], 3)

    def test_upgrade_1028_files_every_log_by_state_and_unit(self):
        catalog = api.portal.get_tool("portal_catalog")
        index = catalog._catalog.getIndex(totals.INDEX)
        kept = {name: dict(index.lists[name].counted()) for name in NEW_LISTS}
        _as_1027_left_it(index)
        # A log changed before the upgrade: no half-filed list appears.
        self.idle.reindexObject()
        totals.lists_of(catalog)
        self.assertFalse(set(NEW_LISTS) & set(index.lists))
        v1028_dashboard_units.upgrade(api.portal.get_tool("portal_setup"))
        totals.lists_of(catalog)
        for name in NEW_LISTS:
            self.assertEqual(dict(index.lists[name].counted()), kept[name], name)
        self.assertEqual(sum(kept["by_state"].values()), 3)
        self.assertEqual(kept["by_unit"][self.school.UID()], 2)
        self.assertEqual(totals.add_lists(catalog), [])  # once


class TestUnitsHTTP(DashboardTestCase):
    def test_rest_units_for_the_dashboards_people_only(self):
        rest = f"{self.folder.absolute_url()}/@dashboard-units"
        self.assertEqual(self.get(rest, None, headers=JSON).status_code, 401)
        for user_id in ("stranger", "holder", "mor"):
            self.assertEqual(self.get(rest, user_id, headers=JSON).status_code, 403)
        data = self.get(f"{rest}?q=helse&b_size=5", "coord", headers=JSON).json()
        [unit] = data["items"]
        self.assertEqual((unit["title"], unit["total"]), ("Helsestasjonen", 1))
        self.assertTrue(unit["@id"].endswith(f"@dashboard?unit={unit['uid']}"))
        self.assertEqual((data["items_total"], data["q"]), (1, "helse"))
        leader = self.get(rest, "boss", headers=JSON).json()
        self.assertEqual([u["title"] for u in leader["items"]], ["Solsida skole"])
        board = self.get(
            f"{self.folder.absolute_url()}/@dashboard", "coord", headers=JSON
        ).json()
        self.assertEqual(board["units"]["@id"], rest)
        self.assertEqual(board["units"]["items_total"], 3)
        self.assertNotIn("by_unit", board["counts"])

    def test_rest_refuses_bad_input_clearly(self):
        rest = f"{self.folder.absolute_url()}/@dashboard-units"
        for query in (
            f"q={'x' * 101}",
            "q:list=a&q:list=b",
            "q.x:record=1",
            "b_size=0",
            "b_size=101",
            "b_start=-1",
            "b_start:float=inf",
            "b_start=1_0",  # int() would take these
            "b_start=%D9%A1",
            "b_start=+1",
            "q=%FF",  # not UTF-8
        ):
            response = self.get(f"{rest}?{query}", "coord", headers=JSON)
            self.assertEqual(response.status_code, 400, query)
            self.assertTrue(response.json()["error"]["message"], query)
        long = self.get(f"{rest}?q={'x' * 101}", "coord", headers=JSON).json()
        self.assertEqual(long["error"]["code"], "unit_query_invalid")
        self.assertIn("100", long["error"]["message"])
        found = self.get(f"{rest}?q=%3Cscript%3E", "coord", headers=JSON)
        self.assertEqual((found.status_code, found.json()["items"]), (200, []))

    def test_the_page_lists_finds_and_pages_units(self):
        page = f"{self.folder.absolute_url()}/@@dashboard-units"
        self.assertIn(self.get(page, None).status_code, (302, 401))
        for user_id in ("stranger", "holder", "mor"):
            self.assertIn(self.get(page, user_id).status_code, (302, 403))
        html = self.get(page, "coord").text
        for title in ("Helsestasjonen", "PPT", "Solsida skole"):
            self.assertIn(f">{title}</a>", html)
        self.assertIn(f"@@dashboard?unit={self.health.UID()}", html)
        self.assertNotIn(CHILD_NAME, html)
        with mock.patch.object(units_view, "PAGE_UNITS", 1):
            first = self.get(f"{page}?q=e", "coord").text
            second = self.get(f"{page}?q=e&b_start=1", "coord").text
        self.assertIn(">Helsestasjonen</a>", first)
        self.assertIn("q=e&amp;b_start=1", first)  # next, with the words
        self.assertIn(">Solsida skole</a>", second)
        self.assertNotIn(">Helsestasjonen</a>", second)
        empty = self.get(f"{page}?q=%3Cb%3Ezzz", "coord")
        self.assertEqual(empty.status_code, 200)
        self.assertIn("&lt;b&gt;zzz", empty.text)
        self.assertNotIn("<b>zzz", empty.text)
        self.assertIn("bti-empty", empty.text)
        past = self.get(f"{page}?b_start=1000", "coord").text
        self.assertIn("Denne siden er forbi den siste enheten.", past)
        self.assertNotIn("Du har ingen enheter", past)
        for query in (f"q={'x' * 101}", "q:list=a", "b_start=x", "b_start=1_0"):
            self.assertEqual(self.get(f"{page}?{query}", "coord").status_code, 400)

    def test_many_units_the_dashboard_offers_a_search_instead(self):
        url = f"{self.folder.absolute_url()}/@@dashboard"
        few = self.get(url, "coord").text
        self.assertIn('id="bti-dashboard-unit"', few)  # the choice of three
        self.assertIn("bti-dashboard-by-unit", few)
        with mock.patch.object(dashboard_view, "UNITS_LISTED", 2):
            many = self.get(url, "coord").text
            chosen = self.get(f"{url}?unit={self.health.UID()}", "coord").text
        self.assertNotIn('id="bti-dashboard-unit"', many)
        self.assertNotIn("bti-dashboard-by-unit", many)
        self.assertIn('id="bti-dashboard-find-unit"', many)
        self.assertIn("@@dashboard-units", many)
        self.assertIn("Helsestasjonen</strong>", chosen)
        for html in (few, many):  # searches: no token to land in the address
            for form in re.findall(r'<form[^>]*method="get".*?</form>', html, re.S):
                tokens = re.findall(r"<input[^>]*_authenticator[^>]*>", form)
                self.assertEqual(len(tokens), 1, form)
                self.assertIn("disabled", tokens[0])


class TestEveryUnitReadOnce(DashboardTestCase):
    """Every unit's row is read once per unit change (lists.unit_rows), keyed
    by the serial of the kept lists' ``units_changed``."""

    def rows(self) -> dict:
        return {uid: (title, people) for uid, title, people in lists.unit_rows()}

    def test_read_again_only_after_a_unit_changed(self):
        with mock.patch.object(lists, "_read_units", wraps=lists._read_units) as read:
            first = lists.unit_rows()
            self.assertIs(lists.unit_rows(), first)
            self.assertEqual(read.call_count, 1)
            self.health.title = "Helsestasjon sentrum"
            self.health.staff = ["nurse", "holder"]
            self.health.reindexObject()
            # Changed in this transaction: read, not kept.
            self.assertEqual(self.rows()[self.health.UID()][0], "Helsestasjon sentrum")
            transaction.commit()
            self.assertEqual(
                self.rows()[self.health.UID()],
                ("Helsestasjon sentrum", ("holder", "nurse")),
            )
            calls = read.call_count
            lists.unit_rows()
            self.assertEqual(read.call_count, calls)
        # The holder is now on the health station's list: no longer flagged.
        self.assertEqual(self.board("coord")["holders_missing"], [])
        titles = [u["title"] for u in self.board("coord")["units"]["items"]]
        self.assertIn("Helsestasjon sentrum", titles)

    def test_a_staff_list_changed_alone_is_read_again(self):
        """The unit lists' page changes ``bti_people`` alone (a partial
        reindex): the units' serial changes too."""
        from bti.portal.relaylog.rounds import staff

        before = self.rows()[self.health.UID()][1]
        staff.add(self.health, "holder")
        catalog = api.portal.get_tool("portal_catalog")
        self.assertIsNone(totals.units_stamp(catalog))  # changed, not committed
        transaction.commit()
        after = self.rows()[self.health.UID()][1]
        self.assertEqual((before, after), (("nurse",), ("holder", "nurse")))
        self.assertEqual(self.board("coord")["holders_missing"], [])

    def test_a_unit_gone_is_gone(self):
        lists.unit_rows()
        [ppt] = api.content.find(portal_type="Unit", Title="PPT")
        api.content.delete(ppt.getObject(), check_linkintegrity=False)
        transaction.commit()
        titles = [title for _uid, title, _people in lists.unit_rows()]
        self.assertEqual(sorted(titles), ["Helsestasjonen", "Solsida skole"])

    def test_upgrade_1028_notes_the_units_there(self):
        catalog = api.portal.get_tool("portal_catalog")
        index = catalog._catalog.getIndex(totals.INDEX)
        units = set(index.units)
        self.assertEqual(len(units), 3)
        del index.units, index.units_changed  # as 1027 left it
        self.assertIsNone(totals.units_stamp(catalog))
        self.assertEqual(totals.add_lists(catalog), ["units"])
        totals.lists_of(catalog)
        self.assertEqual(set(index.units), units)
        self.assertIsNone(totals.units_stamp(catalog))  # changed, not committed
        transaction.commit()
        self.assertIsNotNone(totals.units_stamp(catalog))
