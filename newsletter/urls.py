from django.urls import path

from newsletter import views

app_name = "newsletter"

# The links in emails: outside the language prefix, in the subscriber's own language.
urlpatterns = [
    path("form-tokens/", views.form_tokens, name="form_tokens"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/data/", views.personal_data, name="personal_data"),
    path("preferences/<str:token>/erase/", views.erase, name="erase"),
]

# Subscribing, on each language's pages: /<language>/newsletter/subscribe/.
subscribe_urlpatterns = (
    [
        path("subscribe/", views.subscribe, name="form"),
        path("subscribe/check-your-inbox/", views.subscribe_sent, name="sent"),
    ],
    "newsletter_subscribe",
)
