from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/<int:year_id>/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("photos/<int:pk>/edit/", views.photo_edit, name="photo_edit"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("photos/<int:pk>/<str:rendition>.jpg", views.photo_file, name="photo_file"),
    path("dossier/<int:year_id>/province.pdf", views.dossier, name="dossier_province"),
    path("dossier/<int:year_id>/<str:district_code>.pdf", views.dossier, name="dossier"),
]
