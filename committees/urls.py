from django.urls import path

from committees import views

app_name = "committees"
urlpatterns = [
    path("years/<int:year_id>/", views.committee_list, name="list"),
    path("<int:pk>/", views.committee_detail, name="detail"),
    path("<int:pk>/edit/", views.committee_edit, name="edit"),
    path("<int:pk>/delete/", views.committee_delete, name="delete"),
    path("<int:pk>/order.<str:fmt>", views.order_document, name="order"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/duties/add/", views.duty_add, name="duty_add"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views.row_remove, {"row": "member"}, name="member_remove"),
    path("members/<int:pk>/move/", views.row_move, {"row": "member"}, name="member_move"),
    path("members/<int:pk>/account/", views.member_account, name="member_account"),
    path(
        "members/<int:pk>/account/active/",
        views.member_account_active,
        name="member_account_active",
    ),
    path("duties/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("duties/<int:pk>/remove/", views.row_remove, {"row": "duty"}, name="duty_remove"),
    path("duties/<int:pk>/move/", views.row_move, {"row": "duty"}, name="duty_move"),
]
