"""The colleague picker of a log's staff pages (@@handover, @@who-has-access):
the log's unit's people in a list, people on other units found by name
(``bti.portal.relaylog.colleagues``)."""

from bti.portal.relaylog import colleagues
from bti.portal.relaylog.errors import page_error
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class ColleaguePicker:
    """Mixin for a view on a log; ``exclude`` names who is not offered."""

    picker = ViewPageTemplateFile("templates/colleague_picker.pt")  # macros

    def exclude(self) -> set[str]:
        raise NotImplementedError

    def choose(self, query: str) -> colleagues.Colleagues:
        unit = getattr(self.context, "unit", None)
        return colleagues.choose(unit, self.exclude(), query)

    def picker_url(self) -> str:
        raise NotImplementedError

    _choice = None

    def choice(self) -> colleagues.Colleagues:
        """Worked out once per view."""
        if self._choice is None:
            try:
                query = colleagues.query_param(self.request.form)
            except colleagues.ColleagueQueryError as error:
                raise page_error(error) from None
            self._choice = self.choose(query)
        return self._choice
