from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("requests/", views.request_list, name="list"),
    path("requests/<int:pk>/", views.request_detail, name="detail"),
    path("requests/<int:pk>/access.zip", views.access_download, name="access_zip"),
    path("requests/<int:pk>/erase/", views.erase, name="erase"),
    path("retention/", views.policy, name="policy"),
]
