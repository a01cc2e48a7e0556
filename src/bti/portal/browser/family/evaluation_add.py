"""++add++Evaluation on an activity: the family rule before the form.

A guardian or young person may comment only on an activity they are
responsible for (bti.portal.relaylog.family.rules). Anyone else is sent back to
the log's page with a message saying why, rather than an error page.
"""

from bti.portal.browser.logitems.forms import LogItemAddForm
from bti.portal.relaylog import find_log
from bti.portal.relaylog.family import rules as family_rules
from plone import api
from plone.dexterity.browser.add import DefaultAddView


class EvaluationAddView(DefaultAddView):
    form = LogItemAddForm

    def __call__(self):
        user = api.user.get_current()
        problem = family_rules.family_problem(self.context, user)
        if problem:
            api.portal.show_message(
                family_rules.message(problem, self.request),
                request=self.request,
                type="error",
            )
            log = find_log(self.context)
            self.request.response.redirect((log or self.context).absolute_url())
            return ""
        return super().__call__()
