from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

# Importing the sending engine's hooks registers its admin views, menu item and issue buttons.
import newsletter.engagement.hooks  # noqa: F401
import newsletter.sending.hooks  # noqa: F401
from newsletter.admin_views import AudiencePanel
from newsletter.models import Suppression
from newsletter.viewsets import AudienceViewSetGroup, SuppressionPermissionPolicy

register_permission_policy(Suppression, SuppressionPermissionPolicy(Suppression), exact_class=True)

# A group of plain viewsets that includes the MailingList snippet viewset: registering it
# through register_snippet also registers the model as a snippet (choosers, translation).
register_snippet(AudienceViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_audience_panel(request, panels):
    if request.user.has_perm("newsletter.view_subscriber"):
        panels.append(AudiencePanel())
