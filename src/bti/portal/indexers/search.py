"""Indexers for the staff search (bti.portal.search).

Like the indexers in ``__init__``, every one is registered for a guide
interface only: nothing from any other type (a Stafettlogg least of all) is
indexed through them.

- ``bti_levels`` for GuideLevel (its level) and GuideStep (its level's);
  Tool and Service are fed in ``__init__``.
- ``bti_target_groups`` for Measure (its one target group); Tool in ``__init__``.
- ``bti_service_uid`` for Service: its own UID, so the service facet shows a
  service together with its measures.
- ``bti_step_number`` for GuideStep (metadata only): shown with search hits.
- ``SearchableText`` for every guide type: title, description, text and the
  type's own text fields (the types have no text indexer behavior); the
  annual wheel, family pages and forms (prologue, epilogue, field labels) too.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal.content.annual_wheel import IAnnualTask
from bti.portal.content.annual_wheel import IAnnualWheel
from bti.portal.content.family_page import IFamilyPage
from bti.portal.content.guide import IGuide
from bti.portal.content.guide_level import IGuideLevel
from bti.portal.content.guide_step import IGuideStep
from bti.portal.content.measure import IMeasure
from bti.portal.content.routine import IRoutine
from bti.portal.content.service import IService
from bti.portal.content.tool import ITool
from collective.easyform.interfaces import IEasyForm
from plone.app.contenttypes.indexers import SearchableText as base_searchable_text
from plone.app.textfield.value import IRichTextValue
from plone.base.utils import safe_text
from plone.indexer import indexer
from Products.CMFCore.utils import getToolByName

import re


FIELD_LABEL = re.compile(r"<(title|description)>([^<]*)</\1>")


@indexer(IGuideLevel)
def level_levels(obj):
    if obj.level is None:
        raise AttributeError("bti_levels")
    return [obj.level]


@indexer(IGuideStep)
def step_levels(obj):
    parent = aq_parent(aq_inner(obj))
    level = getattr(parent, "level", None) if IGuideLevel.providedBy(parent) else None
    if level is None:
        raise AttributeError("bti_levels")
    return [level]


@indexer(IGuideStep)
def step_number(obj):
    """``bti_step_number`` metadata: where a hit sits in its level ("step 2")."""
    if obj.number is None:
        raise AttributeError("bti_step_number")
    return obj.number


@indexer(IMeasure)
def measure_target_groups(obj):
    if not obj.target_group:
        raise AttributeError("bti_target_groups")
    return [obj.target_group]


@indexer(IService)
def service_own_uid(obj):
    return obj.UID()


def _plain(obj, value) -> str:
    """Text of a field value: rich text as plain text, lists joined."""
    if value is None:
        return ""
    if IRichTextValue.providedBy(value):
        transforms = getToolByName(obj, "portal_transforms")
        data = transforms.convertTo(
            "text/plain", safe_text(value.raw), mimetype=value.mimeType
        )
        return safe_text(data.getData()).strip() if data is not None else ""
    if isinstance(value, (list, tuple, set)):
        return " ".join(_plain(obj, v) for v in value)
    filename = getattr(value, "filename", None)  # a file: its name
    if filename is not None:
        return safe_text(filename)
    return safe_text(value) if isinstance(value, (str, bytes)) else ""


def _searchable(*fields):
    def text(obj):
        parts = [base_searchable_text(obj)]
        parts.extend(_plain(obj, getattr(obj, name, None)) for name in fields)
        return " ".join(p for p in parts if p)

    return text


guide_text = indexer(IGuide)(_searchable())
level_text = indexer(IGuideLevel)(_searchable("purpose", "participants"))
step_text = indexer(IGuideStep)(
    _searchable("what_to_do", "responsible", "deadline_hint")
)
tool_text = indexer(ITool)(_searchable("file"))
routine_text = indexer(IRoutine)(
    _searchable(
        "document_number",
        "changed_by",
        "approved_by",
        "revision_owner",
        "legal_references",
        "file",
    )
)
service_text = indexer(IService)(_searchable("offers", "address", "opening_hours"))
measure_text = indexer(IMeasure)(_searchable())
annual_task_text = indexer(IAnnualTask)(_searchable("owner_role", "audience"))
annual_wheel_text = indexer(IAnnualWheel)(_searchable())
family_page_text = indexer(IFamilyPage)(_searchable())


@indexer(IEasyForm)
def form_text(obj):
    """A form: title, description, prologue and epilogue, and its fields' labels."""
    text = _searchable("formPrologue", "formEpilogue")(obj)
    labels = " ".join(m.group(2) for m in FIELD_LABEL.finditer(obj.fields_model or ""))
    return f"{text} {labels}".strip()
