from django.urls import path

from development import editor_views, report_views, views

app_name = "development"
urlpatterns = [
    path("years/<int:year_id>/frameworks/", views.framework_list, name="frameworks"),
    path("years/<int:year_id>/frameworks/copy/", views.framework_copy, name="framework_copy"),
    path("years/<int:year_id>/progress/", views.progress, name="progress"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("frameworks/<int:pk>/approve/", views.framework_approve, name="framework_approve"),
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
urlpatterns += [  # the framework editor, Excel export/import, copying from earlier years
    path("frameworks/<int:pk>/edit/", editor_views.framework_edit, name="framework_edit"),
    path("frameworks/<int:pk>/export.xlsx", editor_views.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/import/", editor_views.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/components/add/", editor_views.component_add, name="component_add"),
    path(
        "frameworks/<int:pk>/components/<int:component_id>/edit/",
        editor_views.component_edit,
        name="component_edit",
    ),
    path(
        "frameworks/<int:pk>/components/<int:component_id>/delete/",
        editor_views.component_delete,
        name="component_delete",
    ),
    path(
        "frameworks/<int:pk>/components/<int:component_id>/move/",
        editor_views.component_move,
        name="component_move",
    ),
    path(
        "frameworks/<int:pk>/components/<int:component_id>/indicators/add/",
        editor_views.indicator_add,
        name="indicator_add",
    ),
    path(
        "frameworks/<int:pk>/indicators/<int:indicator_id>/edit/",
        editor_views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "frameworks/<int:pk>/indicators/<int:indicator_id>/delete/",
        editor_views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "frameworks/<int:pk>/indicators/<int:indicator_id>/move/",
        editor_views.indicator_move,
        name="indicator_move",
    ),
    path(
        "years/<int:year_id>/frameworks/copy/<str:unit_type>/",
        editor_views.framework_copy_choices,
        name="framework_copy_choices",
    ),
]
