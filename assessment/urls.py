from django.urls import path

from assessment import summary_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.current_rounds, name="current"),
    path("years/<int:year_id>/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/schedule/", views.round_print, name="print"),
    path("rounds/<int:pk>/units/", views.round_add_units, name="add_units"),
    path("rounds/<int:pk>/schedule/set/", views.round_schedule, name="set_schedule"),
    path("rounds/<int:pk>/close/", views.round_close, name="close"),
    path("entries/<int:pk>/score/", views.entry_score, name="score"),
    path("entries/<int:pk>/result/", views.entry_result, name="result"),
    path("entries/<int:pk>/decide/", views.entry_decide, name="decide"),
    path("entries/<int:pk>/reopen/", views.entry_reopen, name="reopen"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="remove"),
]
urlpatterns += [  # the district's summary of recommendations to the province
    path("years/<int:year_id>/summary/", summary_views.summary_page, name="summary"),
    path("years/<int:year_id>/summary/send/", summary_views.summary_send, name="summary_send"),
    path(
        "years/<int:year_id>/summary/<str:district_code>.<str:fmt>",
        summary_views.summary_download,
        name="summary_download",
    ),
]
