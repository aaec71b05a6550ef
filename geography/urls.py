from django.urls import path

from geography import views

app_name = "geography"
urlpatterns = [
    path("villages/", views.villages, name="villages"),
    path("zones/", views.zones, name="zones"),
    path("emblem/", views.emblem, name="emblem"),
    path("emblem/remove/", views.emblem_remove, name="emblem_remove"),
    path("emblem/image/", views.emblem_image, name="emblem_image"),
]
