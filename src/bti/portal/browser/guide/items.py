"""Reader pages of the guide's items: tool, service, measure, annual task."""

from bti.portal.browser.guide import facts
from bti.portal.vocabularies import INTENSITIES
from bti.portal.vocabularies import MONTHS
from bti.portal.vocabularies import RISK_FACTORS
from bti.portal.vocabularies import TARGET_GROUPS
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class ItemView(BrowserView):
    """Shared by the item pages: body text, file, where the item is used."""

    guide_macros = ViewPageTemplateFile("templates/macros.pt")

    def text(self) -> str:
        return facts.rich(self.context)

    def download(self) -> dict | None:
        return facts.download(self.context)

    def used_in(self) -> list[dict]:
        return facts.used_in_steps(self.context)

    def parent(self) -> dict:
        """The folder the item sits in, to go back to the list."""
        parent = self.context.__parent__
        return {"title": parent.Title(), "url": parent.absolute_url()}


class ToolView(ItemView):
    def ages(self) -> str:
        return facts.age_words(self.context.age_from, self.context.age_to)

    def target_groups(self) -> list[str]:
        return facts.term_titles(TARGET_GROUPS, self.context.target_groups)

    def levels(self) -> list[dict]:
        return facts.level_links(self.context.levels)


class ServiceView(ItemView):
    def levels(self) -> list[dict]:
        return facts.level_links(self.context.levels)

    def measures(self) -> list[dict]:
        """The measures this service is responsible for."""
        measures = facts.visible(
            relation.from_object
            for relation in api.relation.get(target=self.context)
            if relation.from_attribute == "service"
        )
        return sorted(
            (
                {"title": m.Title(), "url": m.absolute_url(), "text": m.Description()}
                for m in measures
            ),
            key=lambda row: row["title"],
        )


class MeasureView(ItemView):
    def ages(self) -> str:
        return facts.age_words(self.context.age_from, self.context.age_to)

    def target_group(self) -> str:
        return ", ".join(facts.term_titles(TARGET_GROUPS, [self.context.target_group]))

    def risk_factor(self) -> str:
        return ", ".join(facts.term_titles(RISK_FACTORS, [self.context.risk_factor]))

    def intensity(self) -> str:
        return ", ".join(facts.term_titles(INTENSITIES, [self.context.intensity]))

    def service(self) -> dict | None:
        relation = self.context.service
        target = facts.visible([relation.to_object]) if relation else []
        if not target:
            return None
        service = target[0]
        return {
            "title": service.Title(),
            "url": service.absolute_url(),
            "phone": service.phone,
            "email": service.email,
        }


class AnnualTaskView(ItemView):
    def period(self) -> str:
        months = facts.term_titles(
            MONTHS, [self.context.month_from, self.context.month_to]
        )
        if len(months) == 2 and months[0] != months[1]:
            return f"{months[0]}–{months[1]}"
        return months[0] if months else ""
