"""BTI portal: action guide and Stafettlogg for Norwegian municipalities."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "bti.portal"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
