"""Admin pages kept for superusers: what the mail server and its DNS say is the operators' business."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.menu import MenuItem


class SuperuserRequiredMixin:
    """Refuse a view to anyone but a superuser."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SuperuserMenuItem(MenuItem):
    """A menu item shown to superusers only."""

    def is_shown(self, request):
        return request.user.is_superuser
