from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("country/", views.country, name="country"),
    path("province/<str:province_code>/", views.province, name="province"),
    path("district/<str:district_code>/", views.district, name="district"),
    path("unit/<int:unit_pk>/", views.unit, name="unit"),
]
