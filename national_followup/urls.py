from django.urls import path

from . import views

app_name = "national_followup"

urlpatterns = [
    path("", views.page, name="page"),
    path("<int:year>/ekonomi/", views.edit_economy, name="economy"),
]
