"""Reader pages of the action guide: the navigator, levels, steps, tools,
services, measures, annual tasks and the site's front page.

Every page shows what a reader needs and nothing of the CMS (no field
lists, identifiers, settings or byline); editors keep Plone's toolbar and
edit forms. Level names come from one source, the domain's level facts
(bti.portal.domain.guide_levels) through the Levels vocabulary.
"""
