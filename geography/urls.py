from django.urls import path

from geography import views

app_name = "geography"
urlpatterns = [
    path("villages/", views.villages, name="villages"),
    path("zones/", views.zones, name="zones"),
]
