"""plone.restapi serializers of the product."""
