"""The send report's admin URL."""

from django.urls import include, path

from wagtail import hooks

from newsletter.engagement import admin_views


@hooks.register("register_admin_urls")
def register_report_urls():
    urlpatterns = [path("sends/<int:pk>/report/", admin_views.SendReportView.as_view(), name="send")]
    return [path("newsletter/reports/", include((urlpatterns, "newsletter_reports")))]
