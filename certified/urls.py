from django.urls import path

from certified import print_views, views

app_name = "certified"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("units/<int:unit_id>/profile/", views.profile_edit, name="profile"),
    path("units/<int:unit_id>/profile/photos/", views.profile_photos, name="profile_photos"),
    path("outstanding/", views.outstanding_latest, name="outstanding_latest"),
    path("outstanding/<int:year_id>/", views.outstanding, name="outstanding"),
    path("outstanding/<int:year_id>/select/", views.outstanding_select, name="outstanding_select"),
    path("outstanding/<int:year_id>/print/", views.outstanding_print, name="outstanding_print"),
    path(
        "outstanding/<int:year_id>/outstanding.xlsx",
        print_views.outstanding_xlsx,
        name="outstanding_xlsx",
    ),
]
