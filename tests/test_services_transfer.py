"""REST over real HTTP: @transfer to another unit, @export from BTI i BYN and
@import-log into BTI i Inderøy (JSON and multipart), with their refusals."""

from base64 import b64encode
from bti.portal.audit.store import store_for_site
from bti.portal.relaylog.transfer import seal as package_seal
from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from zope.component.hooks import site as site_hook

import requests
import unittest


JSON = {"Accept": "application/json", "Content-Type": "application/json"}
PASSWORD = "bti-demo"
PASSPHRASE = "tre ord og en lang elv"


class TransferServicesCase(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.base = f"http://127.0.0.1:{self.layer['port']}"
        with site_hook(self.layer["app"]["byn"]):
            catalog = api.portal.get_tool("portal_catalog")
            (brain,) = catalog.unrestrictedSearchResults(
                portal_type="RelayLog", Title="M.E."
            )
            self.log_id, self.log_uid = brain.getId, brain.UID
            self.byn_units = self.units()
        with site_hook(self.layer["app"]["inderoy"]):
            self.inderoy_units = self.units()
        self.log_url = f"{self.base}/byn/logs/{self.log_id}"

    def units(self) -> dict:
        catalog = api.portal.get_tool("portal_catalog")
        return {
            brain._unrestrictedGetObject().service: brain.UID
            for brain in catalog.unrestrictedSearchResults(portal_type="Unit")
        }

    def call(self, method, url, user, **options):
        headers = options.pop("headers", JSON)
        response = requests.request(
            method,
            url,
            auth=(user, PASSWORD) if user else None,
            headers=headers,
            timeout=120,
            **options,
        )
        self.addCleanup(response.close)
        return response

    def export(self, user="ansatt", **data):
        body = {"service": "health_station", "passphrase": PASSPHRASE, **data}
        return self.call("POST", f"{self.log_url}/@export", user, json=body)


class TestTransferService(TransferServicesCase):
    def test_move_then_the_new_holder_accepts(self):
        response = self.call(
            "POST",
            f"{self.log_url}/@transfer",
            "ansatt",
            json={
                "unit": self.byn_units["health_station"],
                "holder": "helsesykepleier",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual(answer["unit"]["uid"], self.byn_units["health_station"])
        self.assertEqual(answer["offer"]["to"]["id"], "helsesykepleier")
        self.assertTrue(answer["message"])
        accepted = self.call(
            "POST",
            f"{self.log_url}/@handover",
            "helsesykepleier",
            json={"action": "accept"},
        )
        self.assertEqual(accepted.status_code, 200, accepted.text)
        self.assertEqual(accepted.json()["previous_holders"], ["ansatt"])

    def test_refusals(self):
        url = f"{self.log_url}/@transfer"
        ppt = {"unit": self.byn_units["ppt"], "holder": "ansatt"}
        response = self.call("POST", url, "ansatt", json=ppt)  # no consent for PPT
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(
            "samtykke", response.json()["message"].lower()
        )  # site language nb
        health = {"unit": self.byn_units["health_station"], "holder": "deltaker"}
        response = self.call("POST", url, "ansatt", json=health)  # not on that unit
        self.assertEqual(response.status_code, 400, response.text)
        response = self.call("POST", url, "ansatt", data="not json")
        self.assertEqual(response.status_code, 400, response.text)
        for user in ("vikar", "helsesykepleier", None):  # no "Hand over log"
            response = self.call(
                "POST", url, user, json={**health, "holder": "helsesykepleier"}
            )
            self.assertIn(response.status_code, (401, 403), (user, response.text))


class TestExportAndImportServices(TransferServicesCase):
    def test_round_trip_between_two_sites(self):
        response = self.export()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/octet-stream")
        self.assertEqual(
            response.headers["Content-Disposition"],
            f'attachment; filename="{self.log_id}.btilog"',
        )
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertIn("private", response.headers["Cache-Control"])
        sealed = response.content
        self.assertTrue(sealed.startswith(package_seal.MAGIC))
        # The audit recorded the export request.
        with site_hook(self.layer["app"]["byn"]):
            records = store_for_site("byn").for_log(self.log_uid)
        self.assertTrue(
            any(r.path.endswith("/@export") and r.method == "POST" for r in records)
        )

        body = {
            "data": b64encode(sealed).decode("ascii"),
            "passphrase": PASSPHRASE,
            "unit": self.inderoy_units["health_station"],
            "holder": "helsesykepleier",
        }
        response = self.call(
            "POST", f"{self.base}/inderoy/logs/@import-log", "koordinator", json=body
        )
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        self.assertEqual(answer["initials"], "M.E.")
        self.assertEqual(answer["review_state"], "level2")
        self.assertEqual(answer["holders"], ["koordinator"])
        self.assertEqual(answer["offer"]["to"]["id"], "helsesykepleier")
        self.assertEqual(answer["origin"]["site"], "BTI i BYN")
        self.assertNotEqual(answer["id"], self.log_id)
        self.assertTrue(answer["@id"].startswith(f"{self.base}/inderoy/logs/"))
        # The importer reads the log with its content.
        seen = self.call("GET", answer["@id"], "koordinator")
        self.assertEqual(seen.status_code, 200, seen.text)
        self.assertEqual(
            len(seen.json()["items"]), 2 + 4 + 2 + 2
        )  # goals, messages, meetings, consents
        # The colleague accepts and holds it.
        accepted = self.call(
            "POST",
            f"{answer['@id']}/@handover",
            "helsesykepleier",
            json={"action": "accept"},
        )
        self.assertEqual(accepted.status_code, 200, accepted.text)

    def test_multipart_import_and_its_refusals(self):
        sealed = self.export().content
        url = f"{self.base}/inderoy/logs/@import-log"
        form = {
            "passphrase": "wrong passphrase here",
            "unit": self.inderoy_units["health_station"],
        }
        files = {"file": ("x.btilog", sealed, "application/octet-stream")}
        response = self.call(
            "POST",
            url,
            "koordinator",
            headers={"Accept": "application/json"},
            data=form,
            files=files,
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(
            "passordfrasen", response.json()["message"].lower()
        )  # site language nb
        form["passphrase"] = PASSPHRASE
        response = self.call(
            "POST",
            url,
            "koordinator",
            headers={"Accept": "application/json"},
            data=form,
            files=files,
        )
        self.assertEqual(response.status_code, 201, response.text)
        # Staff, the unit leader and the site administrator do not import.
        for user in ("ansatt", "leder", "sideadmin"):
            response = self.call(
                "POST",
                url,
                user,
                headers={"Accept": "application/json"},
                data=form,
                files=files,
            )
            self.assertIn(response.status_code, (401, 403), (user, response.text))

    def test_export_refusals(self):
        # The unit leader may hand over for an absent holder, but not export.
        response = self.export(user="leder")
        self.assertEqual(response.status_code, 403, response.text)
        self.assertTrue(response.json()["message"])
        for user in (
            "helsesykepleier",
            "vikar",
        ):  # a participant; someone not on the log
            response = self.export(user=user)
            self.assertIn(response.status_code, (401, 403), (user, response.text))
        response = self.export(service="ppt")  # no consent for cooperation with PPT
        self.assertEqual(response.status_code, 400, response.text)
        response = self.export(passphrase="short")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("12", response.json()["message"])
