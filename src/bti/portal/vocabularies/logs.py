"""Vocabularies of the Stafettlogg: fixed lists and the people and units of a site."""

from bti.portal import _
from bti.portal.users import fullname
from bti.portal.vocabularies import _factory
from bti.portal.vocabularies import _vocabulary
from plone import api
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


SERVICE_KINDS = _vocabulary([
    ("kindergarten", _("service_kindergarten", default="Kindergarten")),
    ("school", _("service_school", default="School")),
    (
        "health_station",
        _("service_health_station", default="Health station and school health service"),
    ),
    ("ppt", _("service_ppt", default="Educational-psychological service (PPT)")),
    ("child_welfare", _("service_child_welfare", default="Child welfare service")),
    ("mental_health", _("service_mental_health", default="Mental health service")),
    ("family_centre", _("service_family_centre", default="Family centre")),
    ("nav", _("service_nav", default="NAV")),
    ("leisure", _("service_leisure", default="Culture and leisure")),
    ("other", _("service_other", default="Other service")),
])

GOAL_AREAS = _vocabulary([
    ("home", _("area_home", default="Home and leisure")),
    ("school", _("area_school", default="Kindergarten or school")),
    ("partners", _("area_partners", default="Other partners")),
])

ACTIVITY_STATUSES = _vocabulary([
    ("planned", _("activity_planned", default="Planned")),
    ("started", _("activity_started", default="Started")),
    ("done", _("activity_done", default="Done")),
    ("stopped", _("activity_stopped", default="Stopped")),
])

MESSAGE_KINDS = _vocabulary([
    ("message", _("message_kind_message", default="Message")),
    ("invitation", _("message_kind_invitation", default="Invitation")),
    ("minutes", _("message_kind_minutes", default="Minutes")),
])

CONSENT_KINDS = _vocabulary([
    ("create", _("consent_kind_create", default="Consent to create the log")),
    (
        "cooperation",
        _(
            "consent_kind_cooperation",
            default="Consent to cooperate with named services",
        ),
    ),
    ("access", _("consent_kind_access", default="Consent to access an existing log")),
])

CLOSE_REASONS = _vocabulary([
    ("goals_reached", _("goals_reached", default="The goals are reached.")),
    (
        "individual_plan",
        _("individual_plan", default="An individual plan (IP) takes over."),
    ),
    ("consent_withdrawn", _("consent_withdrawn", default="The consent was withdrawn.")),
    ("moved", _("moved", default="The child moved.")),
])

CONCERN_DECISIONS = _vocabulary([
    ("close", _("decision_close", default="Close: no further action")),
    ("watch", _("decision_watch", default="Keep watching")),
    ("start_log", _("decision_start_log", default="Start a Stafettlogg")),
    (
        "child_welfare",
        _("decision_child_welfare", default="Report to the child welfare service"),
    ),
])

service_kinds = _factory(SERVICE_KINDS)
goal_areas = _factory(GOAL_AREAS)
activity_statuses = _factory(ACTIVITY_STATUSES)
message_kinds = _factory(MESSAGE_KINDS)
consent_kinds = _factory(CONSENT_KINDS)
close_reasons = _factory(CLOSE_REASONS)
concern_decisions = _factory(CONCERN_DECISIONS)


@provider(IVocabularyFactory)
def units(context):
    """The site's units (UID -> title), from the catalog."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    )
    return SimpleVocabulary([SimpleTerm(b.UID, b.UID, b.Title) for b in brains])


@provider(IVocabularyFactory)
def staff(context):
    """People listed on any unit (leaders, resource persons, staff), by user id."""
    catalog = api.portal.get_tool("portal_catalog")
    ids: set[str] = set()
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit"):
        ids.update(brain.bti_people or ())
    return people_vocabulary(sorted(ids))


def people_vocabulary(user_ids):
    terms = []
    for user_id in user_ids:
        terms.append(SimpleTerm(user_id, user_id, fullname(user_id)))
    return SimpleVocabulary(terms)
