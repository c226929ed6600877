from django.core.management.base import BaseCommand

from translators.teams import setup_translators


class Command(BaseCommand):
    help = (
        "Give every content language its translators' and reviewers' groups and its review workflow. "
        "Safe to run again; run it after adding a language to CONTENT_LANGUAGES."
    )

    def handle(self, *args, **options):
        for team in setup_translators():
            groups = ", ".join(group.name for group in (team.translators, team.reviewers) if group)
            workflow = (
                team.workflow.name if team.workflow else "no workflow yet: the language has no home page"
            )
            self.stdout.write(f"{team.locale.language_code}: {groups}; {workflow}")
