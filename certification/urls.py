from django.urls import path

from certification import views

app_name = "certification"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("year/<int:year_id>/settings/", views.settings_edit, name="settings"),
    path("year/<int:year_id>/issue-all/", views.batch_start, name="batch_start"),
    path("year/<int:year_id>/batches/<int:pk>/", views.batch_progress, name="batch"),
    path(
        "year/<int:year_id>/batches/<int:pk>/certificates.pdf",
        views.batch_combined,
        name="batch_combined",
    ),
    path("year/<int:year_id>/announcement/", views.announcement_page, name="announcement"),
    path(
        "announcements/<int:pk>/announcement.pdf",
        views.announcement_file,
        {"fmt": "pdf"},
        name="announcement_pdf",
    ),
    path(
        "announcements/<int:pk>/announcement.docx",
        views.announcement_file,
        {"fmt": "docx"},
        name="announcement_docx",
    ),
    path("units/<int:unit_id>/issue/", views.certificate_issue, name="issue"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("<int:pk>/certificate.pdf", views.certificate_pdf, name="pdf"),
    path("<int:pk>/credential.json", views.certificate_credential, name="credential"),
]
