from django.urls import path

from development import report_views, views

app_name = "development"
urlpatterns = [
    path("years/<int:year_id>/progress/", views.progress, name="progress"),
    path("units/<int:unit_pk>/assessment/<str:phase>/", views.assessment_form, name="assessment"),
    path("units/<int:unit_pk>/result/", views.assessment_result_view, name="result"),
    path("units/<int:unit_pk>/plan/", views.plan_view, name="plan"),
    path("units/<int:unit_pk>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("units/<int:unit_pk>/plan/review/", views.plan_review, name="plan_review"),
    path("plan-items/<int:pk>/remove/", views.plan_item_remove, name="plan_item_remove"),
    path("plan-items/<int:pk>/progress/", views.plan_item_progress, name="plan_item_progress"),
    path("units/<int:unit_pk>/criteria/", views.unit_criteria, name="criteria"),
    path("units/<int:unit_pk>/evidence/", views.evidence_list, name="evidence"),
    path("units/<int:unit_pk>/record.pdf", views.development_record_pdf, name="record"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_file"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path(
        "years/<int:year_id>/plans-report/send/",
        report_views.plans_report_send,
        name="plans_report_send",
    ),
    path(
        "years/<int:year_id>/plans-report/province.<str:fmt>",
        report_views.plans_report,
        name="plans_report_province",
    ),
    path(
        "years/<int:year_id>/plans-report/<str:district_code>.<str:fmt>",
        report_views.plans_report,
        name="plans_report",
    ),
]
