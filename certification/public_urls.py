"""Public addresses, short because they are printed: /verify/<code> is in every QR code."""

from django.urls import path

from certification import public_views

urlpatterns = [
    path("verify/", public_views.verify_form, name="verify_form"),
    path("verify/<str:code>", public_views.verify, name="verify"),
    path(
        "verify/<str:code>/credential.json",
        public_views.verify_credential,
        name="verify_credential",
    ),
    path("verify/<str:code>/status.json", public_views.verify_status, name="verify_status"),
    path("issuer/<str:province_code>", public_views.issuer, name="issuer"),
]
