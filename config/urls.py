from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from todo.views import start_page

urlpatterns = [
    path("", start_page, name="home"),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("geography/", include("geography.urls")),
    path("programme/", include("programme.urls")),
    path("units/", include("registration.urls")),
    path("development/", include("development.urls")),
    path("development/", include("frameworks.urls")),
    path("committees/", include("committees.urls")),
    path("activities/", include("activities.urls")),
    path("certificates/", include("certification.urls")),
    path("assessment/", include("assessment.urls")),
    path("assessment/", include("assessment.print_urls")),
    path("reports/", include("reports.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("notifications/", include("notifications.urls")),
    path("register/", include("certified.urls")),
    path("register/", include("certified.print_urls")),
    path("public/", include("certified.public_urls")),
    path("compliance/", include("compliance.urls")),
    path("", include("certification.public_urls")),
    path("privacy/", include("privacy.urls")),
    path("search/", include("search.urls")),
    path("insights/", include("insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico on their own; the icon itself is a static file.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.ico")),
]

if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.append(path("django-admin/", admin.site.urls))

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
