from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("geography/", include("geography.urls")),
    path("programme/", include("programme.urls")),
    path("units/", include("registration.urls")),
    path("development/", include("development.urls")),
    path("committees/", include("committees.urls")),
    path("activities/", include("activities.urls")),
    path("certificates/", include("certification.urls")),
    path("assessment/", include("assessment.urls")),
    path("reports/", include("reports.urls")),
    path("register/", include("certified.urls")),
    path("public/", include("certified.public_urls")),
    path("", include("certification.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]


handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
