"""OpenID Connect login at ID-porten level on top of pas.plugins.oidc."""

from bti.portal.oidc import logguard


logguard.install()
