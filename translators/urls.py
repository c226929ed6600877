from django.urls import path

from wagtail_localize.views import edit_translation

from translators.views import editions, localize, review
from translators.views.access import confined

app_name = "translators"
urlpatterns = [
    path("translations/<int:translation_id>/submit/", review.submit_for_review, name="submit_for_review"),
    path("translations/<int:translation_id>/review/", review.decide, name="review"),
    path("translations/<int:translation_id>/latin/", editions.keep_in_latin, name="keep_in_latin"),
]

# wagtail-localize's paths (under admin/localize/), answered by the hardened views. The admin
# registers these ahead of wagtail-localize's own (wagtail_hooks.py), so they take precedence;
# reverse() keeps using wagtail-localize's names.
localize_urlpatterns = [
    path("submit/page/<int:page_id>/", localize.SubmitPageView.as_view()),
    path("submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/", localize.SubmitSnippetView.as_view()),
    path("update/<int:translation_source_id>/", localize.UpdateTranslationsView.as_view()),
    path(
        "translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
        confined(edit_translation.edit_string_translation),
    ),
    path(
        "translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
        confined(edit_translation.edit_override),
    ),
    path("translate/<int:translation_id>/pofile/download/", confined(edit_translation.download_pofile)),
    path("translate/<int:translation_id>/pofile/upload/", localize.upload_pofile),
    path("translate/<int:translation_id>/machine_translate/", localize.machine_translate_view),
    path("translate/<int:translation_id>/preview/", confined(edit_translation.preview_translation)),
    path(
        "translate/<int:translation_id>/preview/<str:mode>/", confined(edit_translation.preview_translation)
    ),
    path("translate/<int:translation_id>/disable/", confined(edit_translation.stop_translation)),
    path("page/<int:page_id>/convert_to_alias/", localize.convert_to_alias),
]
