"""The Stafettlogg's domain rules as plain Python.

Pure functions and dataclasses with plain inputs and outputs: no Plone, no Zope, no
ZODB, no site settings lookups (settings such as the consent age or the level-0 days are
passed in as parameters). The Plone layer (types, workflow, views, REST) builds
on these.

- national_id: fødselsnummer / D-number validation, birth date, age, masking
- consent: consent kinds, who may sign, validity, renewal, problems
- levels: RelayLog states, transitions and their guards
- deadlines: level-0 concern deadline, due/overdue flags, invitation expiry
- permissions: the permission matrix (role x state x permission), the single source

Failures are reported as machine codes (short strings such as "consent_missing"); each
module has a MESSAGES dict with the default English text per code. Translations
belong to the i18n catalog of the Plone layer, with the code as msgid.
"""
