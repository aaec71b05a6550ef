"""Public addresses (no login): the register of certified units and their profiles."""

from django.urls import path

from certified import public_views

app_name = "certified_public"
urlpatterns = [
    path("certified/", public_views.register, name="register"),
    path("certified/<int:unit_id>/", public_views.profile, name="profile"),
    path(
        "certified/<int:unit_id>/photos/<int:pk>/<str:rendition>.jpg",
        public_views.photo,
        name="photo",
    ),
]
