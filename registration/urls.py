from django.urls import path

from registration import views

app_name = "registration"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/<str:unit_type>/", views.unit_create, name="create"),
    path("carry-over/", views.carry_over, name="carry_over"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/submit/", views.unit_submit, name="submit"),
    path("<int:pk>/withdraw/", views.unit_withdraw, name="withdraw"),
    path("<int:pk>/reinstate/", views.unit_reinstate, name="reinstate"),
    path("<int:pk>/documents/", views.document_upload, name="upload"),
    path("<int:pk>/application-form.pdf", views.application_form_pdf, name="application_form"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/preview/", views.document_preview, name="document_preview"),
    path("documents/<int:pk>/verify/", views.document_verify, name="verify"),
    path("documents/<int:pk>/return/", views.document_return, name="return"),
    path(
        "applicant-list/<int:year_id>/send/", views.applicant_list_send, name="applicant_list_send"
    ),
    path(
        "applicant-list/<int:year_id>/province.<str:fmt>",
        views.applicant_list,
        name="applicant_list_province",
    ),
    path(
        "applicant-list/<int:year_id>/<str:district_code>.<str:fmt>",
        views.applicant_list,
        name="applicant_list",
    ),
]
