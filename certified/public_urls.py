"""Public addresses (no login): the register of certified units and their profiles."""

from django.urls import path

from certified import open_data, public_views

app_name = "certified_public"
urlpatterns = [
    path("certified/", public_views.register, name="register"),
    path("certified/open-data.csv", open_data.register_csv, name="open_data_csv"),
    path("certified/open-data.json", open_data.register_json, name="open_data_json"),
    path("certified/open-data.schema.json", open_data.schema, name="open_data_schema"),
    path("certified/<int:unit_id>/", public_views.profile, name="profile"),
    path(
        "certified/<int:unit_id>/photos/<int:pk>/<str:rendition>.jpg",
        public_views.photo,
        name="photo",
    ),
]
