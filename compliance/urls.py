from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("access/", views.grants, name="grants"),
    path("access/unit/<int:unit_pk>/", views.access_request, name="access_request"),
    path("processing/", views.processing_record, name="processing"),
    path("breaches/", views.breaches, name="breaches"),
    path("breaches/new/", views.breach_create, name="breach_create"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach"),
]
