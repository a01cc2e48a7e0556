"""Interfaces and the registry schema of the product."""

from bti.portal import _
from bti.portal.validators import is_email
from bti.portal.validators import is_hex_colour
from bti.portal.validators import is_round_day
from bti.portal.validators import is_site_id
from bti.portal.validators import municipality_names
from zope import schema
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


CONSENT_AGES = SimpleVocabulary([
    SimpleTerm(
        age, str(age), _("label_years", default="${age} years", mapping={"age": age})
    )
    for age in (15, 16)
])


class IBTIPortalLayer(IDefaultBrowserLayer):
    """Marker for the browser layer of the product."""


class IProductPage(Interface):
    """A page the product lays out with its own actions, or none (the log
    page, the dashboard, statistics, a log's status, the work page): the
    toolbar shows no views, content menu or workflow menu of the context
    there, only the user menu."""


class IBTISettings(Interface):
    """Municipality settings, stored in the registry (prefix bti.portal).

    Site id, title and default language are Plone's own records
    (plone.site_title, plone.default_language); these are the BTI ones.
    """

    municipalities = schema.List(
        title=_("label_municipalities", default="Municipalities served"),
        description=_(
            "help_municipalities",
            default="One name per line. A region lists each municipality it serves.",
        ),
        value_type=schema.TextLine(),
        min_length=1,
        constraint=municipality_names,
        required=True,
    )

    consent_age = schema.Choice(
        title=_("label_consent_age", default="Consent age for young people"),
        description=_(
            "help_consent_age",
            default="From this age a young person consents for themselves.",
        ),
        vocabulary=CONSENT_AGES,
        required=True,
        default=16,
    )

    level0_deadline_days = schema.Int(
        title=_("label_level0_deadline_days", default="Level 0 deadline (days)"),
        description=_(
            "help_level0_deadline_days",
            default="Days from a concern is noted until the decision at level 0.",
        ),
        min=1,
        max=90,
        required=True,
        default=28,
    )

    idle_log_days = schema.Int(
        title=_("label_idle_log_days", default="Days before a log counts as idle"),
        description=_(
            "help_idle_log_days",
            default="The dashboard lists active logs where nothing was added or "
            "changed for this many days.",
        ),
        min=1,
        max=365,
        required=True,
        default=60,
    )

    control_round_days = schema.List(
        title=_("label_control_round_days", default="Control rounds"),
        description=_(
            "help_control_round_days",
            default="The days unit leaders check their unit's active logs, as "
            "day-month, one per line (three a year, for example 15-02, 15-06, "
            "15-10).",
        ),
        value_type=schema.TextLine(constraint=is_round_day),
        required=False,
        default=["15-02", "15-06", "15-10"],
        max_length=12,
    )

    theme_colour = schema.TextLine(
        title=_("label_theme_colour", default="Theme colour"),
        description=_(
            "help_theme_colour",
            default="The site's main colour as #rrggbb, used in the header and links.",
        ),
        constraint=is_hex_colour,
        required=True,
        default="#1d5d7a",
    )

    forms_email = schema.TextLine(
        title=_("label_forms_email", default="E-mail address for forms"),
        description=_(
            "help_forms_email",
            default="Where the guide's forms send what people fill in. Empty: the "
            "site's sender address.",
        ),
        constraint=is_email,
        required=False,
    )

    demo_content = schema.Bool(
        title=_("label_demo_content", default="Site has demo content"),
        description=_(
            "help_demo_content",
            default="Set when the site was created with demo content and demo users.",
        ),
        required=False,
        default=False,
    )

    baseline_site = schema.TextLine(
        title=_("label_baseline_site", default="Baseline guide"),
        description=_(
            "help_baseline_site",
            default="The id of the site whose guide this site follows (a region's "
            "or county's baseline guide, in the same database). Editors then see "
            "its changes under 'Changes in the baseline guide'. Empty: none.",
        ),
        constraint=is_site_id,
        required=False,
    )
