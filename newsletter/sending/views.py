"""Admin views: preview and test an issue, send it, watch and steer the send."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.languages import content_language_codes, language_name
from newsletter.models import NewsletterIssuePage, Send
from newsletter.sending import conf, control, planning, rates, recipients
from newsletter.sending.forms import SendForm, TestSendForm
from newsletter.sending.headers import Mailbox
from newsletter.sending.preview import NotSent, preview, send_test
from newsletter.sending.progress import STATUS_ORDER, progress


def require(user, permission):
    if not user.has_perm(f"newsletter.{permission}"):
        raise PermissionDenied


class IssueView(WagtailAdminTemplateMixin, TemplateView):
    """A view of one issue, for users who may edit it."""

    header_icon = "mail"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
        if not self.issue.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.issue.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailadmin_pages:edit", args=[self.issue.pk]), "label": self.issue.title},
            {"url": "", "label": self.get_page_title()},
        ]


class PreviewView(IssueView):
    page_title = gettext_lazy("Email preview")
    template_name = "newsletter/sending/preview.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(test_form=TestSendForm(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        require(request.user, "add_send")
        form = TestSendForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(test_form=form))
        language, address = form.cleaned_data["language"], form.cleaned_data["address"]
        try:
            send_test(self.issue, language, address)
        except NotSent as error:
            messages.error(
                request,
                _("The test could not be sent to %(address)s: %(reason)s")
                % {"address": address, "reason": error},
            )
        else:
            messages.success(
                request,
                _("A test of the %(language)s version went to %(address)s.")
                % {"language": language_name(language), "address": address},
            )
        return redirect(f"{request.path}?language={form.cleaned_data['language']}")

    def initial(self):
        return {"language": self.language(), "address": self.request.user.email}

    def language(self):
        language = self.request.GET.get("language") or self.issue.locale.language_code
        if language not in content_language_codes():
            raise Http404
        return language

    def get_context_data(self, **kwargs):
        statuses = recipients.translation_status(self.issue)
        user = self.request.user
        return super().get_context_data(
            issue=self.issue,
            preview=preview(self.issue, self.language(), Mailbox(user.get_full_name(), user.email)),
            languages=[
                (code, language_name(code), recipients.TRANSLATION_STATUS_LABELS[statuses[code]])
                for code in content_language_codes()
            ],
            **kwargs,
        )


class SendView(IssueView):
    page_title = gettext_lazy("Send")
    template_name = "newsletter/sending/send.html"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "add_send")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = SendForm(request.GET or None)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = SendForm(request.POST)
        if not self.issue.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        if form.is_valid():
            total = sum(row.subscribers for row in self.summary(form) if row.receives)
            if total > conf.confirm_send_above() and form.cleaned_data["confirmed_recipients"] != total:
                return self.confirm(form, total)
            try:
                send = planning.create_send(
                    self.issue,
                    form.cleaned_data["mailing_lists"],
                    languages=form.cleaned_data["languages"],
                    scheduled_at=form.cleaned_data["scheduled_at"],
                    user=request.user,
                    track_opens=form.cleaned_data["track_opens"],
                )
            except planning.NobodyToSend:
                form.add_error(
                    None,
                    _(
                        "Nobody would receive this issue: no subscriber of these lists has a "
                        "language with a published translation."
                    ),
                )
            else:
                if send.scheduled_at:
                    messages.success(request, _("The issue is scheduled."))
                else:
                    messages.success(request, _("Sending has started."))
                return redirect("newsletter_sending:progress", send.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def confirm(self, form, total):
        """Ask again before a send reaches more than a handful of people, showing whom it reaches."""
        confirmed = form.cleaned_data["confirmed_recipients"]
        return self.response_class(
            request=self.request,
            template="newsletter/sending/confirm_send.html",
            context=self.get_context_data(form=form, recipients=total, previously_confirmed=confirmed),
        )

    def summary(self, form):
        return recipients.summary(
            self.issue, form.cleaned_data["mailing_lists"], form.cleaned_data["languages"]
        )

    def get_context_data(self, form, **kwargs):
        # The numbers show as soon as the lists are valid, whatever else the form still lacks.
        valid_lists = form.is_bound and (form.is_valid() or "mailing_lists" in form.cleaned_data)
        rows = self.summary(form) if valid_lists else None
        statuses = recipients.translation_status(self.issue)
        return super().get_context_data(
            issue=self.issue,
            form=form,
            rows=rows
            and [
                (row, language_name(row.language), row.receives and language_name(row.receives))
                for row in rows
            ],
            total=rows and sum(row.subscribers for row in rows if row.receives),
            unreachable=rows and sum(row.subscribers for row in rows if not row.receives),
            fallbacks=rows and sum(row.subscribers for row in rows if row.falls_back),
            translations=[
                (code, language_name(code), recipients.TRANSLATION_STATUS_LABELS[statuses[code]])
                for code in content_language_codes()
            ],
            earlier_sends=Send.objects.filter(issue__translation_key=self.issue.translation_key)[:5],
            **kwargs,
        )


class SendIndexView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Newsletter sends")
    header_icon = "mail"
    template_name = "newsletter/sending/index.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "view_send")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sends = Send.objects.select_related("issue", "created_by").prefetch_related("mailing_lists")
        page = Paginator(sends, self.paginate_by).get_page(self.request.GET.get("p"))
        return super().get_context_data(sends=page, **kwargs)


class SendProgressView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Newsletter send")
    header_icon = "mail"
    template_name = "newsletter/sending/progress.html"

    def dispatch(self, request, pk, *args, **kwargs):
        require(request.user, "view_send")
        self.send = get_object_or_404(Send.objects.select_related("issue"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            return JsonResponse(progress(self.send).as_json())
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.send.issue.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("newsletter_sending:index"), "label": SendIndexView.page_title},
            {"url": "", "label": self.send.issue.title},
        ]

    def get_context_data(self, **kwargs):
        state = progress(self.send)
        return super().get_context_data(
            send=self.send,
            progress=state,
            statuses=[(status, status.label, state.counts.get(status, 0)) for status in STATUS_ORDER],
            languages=[
                (language_name(code), [counts.get(status, 0) for status in STATUS_ORDER])
                for code, counts in state.languages.items()
            ],
            reception=[
                *((language_name(code), value) for code, value in state.rates_by_language.items()),
                (_("All"), state.rates),
            ],
            rate_limits={
                "hard_bounces": rates.percent(settings.NEWSLETTER_HARD_BOUNCE_RATE_LIMIT),
                "complaints": rates.percent(settings.NEWSLETTER_COMPLAINT_RATE_LIMIT),
                "sample": settings.NEWSLETTER_RATES_MIN_SAMPLE,
            },
            can_steer=self.request.user.has_perm("newsletter.change_send"),
            **kwargs,
        )


class SteerView(View):
    """Pause, resume or cancel a send (POST)."""

    done = {
        "pause": gettext_lazy("The send is paused."),
        "resume": gettext_lazy("The send carries on."),
        "cancel": gettext_lazy("The send is cancelled; nobody else will receive it."),
    }

    def post(self, request, pk, action):
        require(request.user, "change_send")
        send = get_object_or_404(Send, pk=pk)
        steps = {
            "pause": lambda: control.pause(
                send, _("Paused by %(user)s.") % {"user": request.user.get_username()}
            ),
            "resume": lambda: control.resume(send),
            "cancel": lambda: control.cancel(send),
        }
        if action not in steps:
            raise Http404
        try:
            steps[action]()
        except control.CannotChange:
            messages.error(
                request,
                _("This cannot be done to a send that is “%(status)s”.")
                % {"status": send.get_status_display()},
            )
        else:
            messages.success(request, self.done[action])
        return redirect("newsletter_sending:progress", send.pk)
