"""Mounted under /development/ (config/urls.py), where these pages were before the frameworks had
their own app, so the addresses stay the same."""

from django.urls import path

from frameworks import editor_views, views

app_name = "frameworks"
urlpatterns = [
    path("years/<int:year_id>/frameworks/", views.framework_list, name="frameworks"),
    path("years/<int:year_id>/frameworks/copy/", views.framework_copy, name="framework_copy"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("frameworks/<int:pk>/approve/", views.framework_approve, name="framework_approve"),
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
