"""Relations in REST: only targets the reader may View.

plone.restapi serializes every related item of a page (relatedItems and other
relation fields) as a summary with its URL, title and state, whether or not the
reader may see the target. A public page related to a Stafettlogg would then
tell anyone the log's address and its goals' texts. These serializers drop the
relations whose target the current user cannot View (the classic related-items
viewlet filters the same way, through the catalog).
"""

from AccessControl import getSecurityManager
from bti.portal.interfaces import IBTIPortalLayer
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.serializer.relationfield import RelationChoiceFieldSerializer
from plone.restapi.serializer.relationfield import RelationListFieldSerializer
from z3c.relationfield.interfaces import IRelationChoice
from z3c.relationfield.interfaces import IRelationList
from zope.component import adapter
from zope.interface import implementer


def may_view(relation) -> bool:
    target = relation.to_object if relation is not None else None
    return bool(target) and bool(getSecurityManager().checkPermission("View", target))


@adapter(IRelationList, IDexterityContent, IBTIPortalLayer)
@implementer(IFieldSerializer)
class ViewableRelationListSerializer(RelationListFieldSerializer):
    def get_value(self, default=None):
        return [
            relation
            for relation in super().get_value(default) or []
            if may_view(relation)
        ]


@adapter(IRelationChoice, IDexterityContent, IBTIPortalLayer)
@implementer(IFieldSerializer)
class ViewableRelationChoiceSerializer(RelationChoiceFieldSerializer):
    def get_value(self, default=None):
        relation = super().get_value(default)
        return relation if may_view(relation) else None
