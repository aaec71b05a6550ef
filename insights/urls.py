from django.urls import path

from insights import views

app_name = "insights"
urlpatterns = [
    path("<int:year_id>/gaps/", views.gaps, name="gaps"),
    path("<int:year_id>/gaps/activity/", views.gap_activity, name="gap_activity"),
    path("<int:year_id>/changes/", views.changes, name="changes"),
]
