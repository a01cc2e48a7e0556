"""Fixed vocabularies of the action guide, with labels in the i18n catalogs."""

from bti.portal import _
from bti.portal.domain import guide_levels
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _vocabulary(items):
    return SimpleVocabulary([
        SimpleTerm(value, str(value), title) for value, title in items
    ])


# The level names come from the domain's level facts (one source everywhere).
LEVELS = _vocabulary([
    (level.number, _(level.title_msgid, default=level.title))
    for level in guide_levels.LEVELS
])


def level_title(number: int | None):
    """The level's full name as a message, or "" for no level."""
    return LEVELS.getTerm(number).title if number in LEVELS else ""


def level_short(number: int | None):
    """The level's short name ("Level 1", "Individual plan") as a message."""
    fact = guide_levels.level(number)
    return _(fact.short) if fact is not None else ""


TARGET_GROUPS = _vocabulary([
    ("child", _("target_child", default="Child or young person")),
    ("parents", _("target_parents", default="Parents")),
    ("staff", _("target_staff", default="Staff")),
])

RISK_FACTORS = _vocabulary([
    ("health", _("risk_health", default="Health and development")),
    ("mental_health", _("risk_mental_health", default="Mental health")),
    ("learning", _("risk_learning", default="Learning and school")),
    ("social", _("risk_social", default="Friends and social life")),
    ("family", _("risk_family", default="Family and parenting")),
    ("substances", _("risk_substances", default="Alcohol and drugs")),
    ("violence", _("risk_violence", default="Violence and abuse")),
    ("economy", _("risk_economy", default="Housing and economy")),
])

INTENSITIES = _vocabulary([
    ("universal", _("intensity_universal", default="For everyone")),
    ("selective", _("intensity_selective", default="For some")),
    ("indicated", _("intensity_indicated", default="For a few, intensive")),
])

MONTHS = _vocabulary([
    (1, _("month_1", default="January")),
    (2, _("month_2", default="February")),
    (3, _("month_3", default="March")),
    (4, _("month_4", default="April")),
    (5, _("month_5", default="May")),
    (6, _("month_6", default="June")),
    (7, _("month_7", default="July")),
    (8, _("month_8", default="August")),
    (9, _("month_9", default="September")),
    (10, _("month_10", default="October")),
    (11, _("month_11", default="November")),
    (12, _("month_12", default="December")),
])


def _factory(vocabulary: SimpleVocabulary):
    """A named-utility factory that returns the same fixed vocabulary."""
    return provider(IVocabularyFactory)(lambda context: vocabulary)


levels = _factory(LEVELS)
target_groups = _factory(TARGET_GROUPS)
risk_factors = _factory(RISK_FACTORS)
intensities = _factory(INTENSITIES)
months = _factory(MONTHS)
