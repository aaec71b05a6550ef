from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    # The department's national report: ?fiscal_year=2570, and &format=pdf|docx|xlsx to download.
    path("national/", views.national_year_end, name="national_year_end"),
    path("years/<int:year_id>/year-end/", views.year_end, name="year_end"),
    path("years/<int:year_id>/year-end/send/", views.year_end_send, name="year_end_send"),
    # Before the district's pattern, which would otherwise read "province" as a district code.
    path(
        "years/<int:year_id>/year-end/province.<str:fmt>",
        views.year_end_download,
        name="year_end_province_download",
    ),
    path(
        "years/<int:year_id>/year-end/<str:district_code>/",
        views.year_end,
        name="year_end_district",
    ),
    path(
        "years/<int:year_id>/year-end/<str:district_code>.<str:fmt>",
        views.year_end_download,
        name="year_end_download",
    ),
]
