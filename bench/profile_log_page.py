"""Where the time of the log's page goes: a log with many messages and history
entries, rendered as its holder, against a plain Plone page on the same site.

Run: .venv/bin/python bench/profile_log_page.py [MESSAGES] [HISTORY] [--profile]
Prints the median time per render of both pages and their ratio; with
--profile also cProfile's top of one log page render (PROFILE_OUT: the stats
file). Also a guide level page with 5 steps against a Document with the same
text, both anonymous (the target: the level page within 0.9x).
Nothing is asserted; numbers go into README ("Performance").
"""

from contextlib import suppress
from statistics import median

import os
import sys
import time


os.environ.setdefault("zope_i18n_compile_mo_files", "true")


def build_site():
    from bti.portal.testing import BTI_PORTAL_FIXTURE
    from plone.testing import zca
    from plone.testing import zope

    for layer in (zca.LAYER_CLEANUP, zope.STARTUP, BTI_PORTAL_FIXTURE):
        layer.setUp()
    return BTI_PORTAL_FIXTURE


def add_people(portal):
    from bti.portal.setuphandlers import STAFF_GROUP
    from plone import api
    from plone.dexterity.utils import createContentInContainer

    for user_id, name in (("holder", "Hanne Holder"), ("nurse", "Nora Helse")):
        api.user.create(
            email=f"{user_id}@example.org",
            username=user_id,
            password="secret-" + user_id,
            properties={"fullname": name},
        )
        api.group.add_user(groupname=STAFF_GROUP, username=user_id)
    for user_id in ("mor", "far"):
        api.user.create(email=f"{user_id}@example.org", username=user_id)
    return createContentInContainer(
        portal["logs"],
        "Unit",
        title="Solsida skule",
        service="school",
        leaders=[],
        staff=["holder"],
    )


def add_log(portal, unit, messages: int, history: int):
    from bti.portal.domain.national_id import check_digits
    from bti.portal.relaylog import create
    from DateTime import DateTime
    from datetime import date
    from datetime import timedelta
    from plone import api

    first = "010315512"
    with api.env.adopt_user(username="holder"):
        log = create(
            portal["logs"],
            "RelayLog",
            title="K.N.",
            full_name="Kari Nordmann",
            national_id=first + check_digits(first),
            unit=unit.UID(),
            guardians=["mor", "far"],
        )
        create(
            log,
            "Consent",
            kind="create",
            services=[],
            signed=date.today(),
            signed_by=["mor", "far"],
        )
        api.content.transition(obj=log, transition="start")
        goal = create(log, "Goal", title="Goal", area="school")
        for number in range(5):
            create(
                goal,
                "Activity",
                title=f"Activity {number}",
                responsible="holder",
                deadline=date.today() + timedelta(days=number * 7),
                status="planned",
            )
        for number in range(messages):
            create(
                log,
                "LogMessage",
                kind="message",
                text=f"Message {number}: " + "words " * 40,
            )
    wftool = api.portal.get_tool("portal_workflow")
    (chain,) = wftool.getChainFor(log)
    entries = list(log.workflow_history[chain])
    last = entries[-1]
    for number in range(history):
        entries.append({
            **last,
            "action": "start",
            "time": DateTime() - (history - number) / 24,
            "comments": f"Note {number}",
        })
    log.workflow_history[chain] = tuple(entries)
    return log


def add_guide(portal):
    """A published guide level with five steps, and a Document with its text."""
    from plone import api
    from plone.app.textfield.value import RichTextValue

    text = RichTextValue("<p>" + "Slik gjer vi det. " * 60 + "</p>", "text/html")
    guide = api.content.create(portal, "Guide", title="Rettleiar")
    level = api.content.create(guide, "GuideLevel", title="Nivå 1", level=1, text=text)
    for number in range(1, 6):
        api.content.create(level, "GuideStep", title=f"Steg {number}", number=number)
    api.content.create(guide, "GuideLevel", title="Nivå 2", level=2)
    document = api.content.create(portal, "Document", title="Nivå 1", text=text)
    for obj in (guide, *guide.objectValues(), *level.objectValues(), document):
        if api.content.get_state(obj, default=None) not in (None, "published"):
            with suppress(Exception):  # some types have no such transition
                api.content.transition(obj=obj, to_state="published")
    return level, document


def timed(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return median(samples)


def main(messages: int, history: int, profile: bool, rounds: int = 15) -> None:
    from AccessControl.SecurityManagement import newSecurityManager
    from bti.portal.interfaces import IBTIPortalLayer
    from plone import api
    from plone.app.testing import SITE_OWNER_NAME
    from plone.testing import zope
    from zope.component.hooks import setSite
    from zope.event import notify
    from zope.globalrequest import setRequest
    from zope.interface import alsoProvides
    from zope.traversing.interfaces import BeforeTraverseEvent

    import transaction

    fixture = build_site()
    with zope.zopeApp() as app:
        portal = app["plone"]
        setSite(portal)
        request = app.REQUEST
        setRequest(request)
        notify(BeforeTraverseEvent(portal, request))  # the site's browser layers
        alsoProvides(request, IBTIPortalLayer)
        newSecurityManager(
            None, app.acl_users.getUser(SITE_OWNER_NAME).__of__(app.acl_users)
        )
        unit = add_people(portal)
        log = add_log(portal, unit, messages, history)
        level, document = add_guide(portal)
        page = api.content.create(
            portal, "Document", id="plain", title="Plain page", text=None
        )
        transaction.commit()

        def render(context, name, anonymous=False):
            def run():
                request.form.clear()
                for key in [k for k in request.other if k.startswith("plone.")]:
                    del request.other[key]
                if anonymous:
                    from AccessControl.SecurityManagement import noSecurityManager

                    noSecurityManager()
                    return context.restrictedTraverse(name)()
                with api.env.adopt_user(username="holder"):
                    html = context.restrictedTraverse(name)()
                return html

            return run

        log_page = render(log, "@@log-view")
        plain_page = render(page, "@@document_view")
        api.content.transition(obj=page, transition="publish")
        size = len(log_page())
        log_time = timed(log_page, rounds)
        plain_time = timed(plain_page, rounds)
        level_time = timed(render(level, "@@level-view", anonymous=True), rounds)
        document_time = timed(render(document, "@@document_view", True), rounds)
        newSecurityManager(
            None, app.acl_users.getUser(SITE_OWNER_NAME).__of__(app.acl_users)
        )
        if profile:
            try:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
                log_page()
                profiler.stop()
                print(profiler.output_text(unicode=True, color=False, show_all=False))
            except ImportError:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(log_page)
                profiler.dump_stats(os.environ.get("PROFILE_OUT", "log_page.prof"))
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    fixture.tearDown()
    print(f"log: {messages} messages, {history} extra history entries ({size} chars)")
    print(f"  log page as holder: {log_time * 1000:8.1f} ms (median of {rounds})")
    print(f"  plain Plone page:   {plain_time * 1000:8.1f} ms")
    print(f"  ratio log / plain:  {log_time / plain_time:.1f}x")
    print("guide level page, anonymous (5 steps):")
    print(f"  level page:         {level_time * 1000:8.1f} ms")
    print(f"  Document, same text: {document_time * 1000:7.1f} ms")
    print(f"  Document / level:   {document_time / level_time:.2f}x")


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    main(
        numbers[0] if numbers else 300,
        numbers[1] if len(numbers) > 1 else 50,
        "--profile" in sys.argv,
    )
