from django.urls import path

from programme import views

app_name = "programme"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("defaults/", views.calendar_defaults, name="defaults"),
    path("<int:pk>/", views.year_status, name="status"),
    path("<int:pk>/edit/", views.year_edit, name="edit"),
]
