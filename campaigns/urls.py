from django.urls import path

from campaigns import views

app_name = "campaigns"

# Outside the language prefix: the campaign page's language is the form's (campaigns.views.sign).
urlpatterns = [
    path("<int:page_id>/sign/", views.sign, name="sign"),
]
