"""The admin dashboard panel that shows translators what waits for their languages."""

from wagtail.admin.ui.components import Component

from translators.teams import translator_teams
from translators.workload import workload


class TranslatorWorkloadPanel(Component):
    """One section per language the user translates: new, outdated and unfinished work, deadlines."""

    name = "translator_workload"
    template_name = "translators/dashboard/workload.html"
    # Above Wagtail's own panels: for a translator this is the reason to open the admin.
    order = 50

    class Media:
        css = {"all": ["translators/css/dashboard.css"]}

    def __init__(self, teams):
        self.teams = teams

    @classmethod
    def for_user(cls, user):
        """Return the panel for user, or None if user translates no language."""
        teams = list(translator_teams(user))
        return cls(teams) if teams else None

    def get_context_data(self, parent_context):
        return {"workloads": [workload(team.locale) for team in self.teams]}
