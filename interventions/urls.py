from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/beskrivning/", views.edit_description, name="description"),
    path("<str:code>/personal/", views.staff, name="staff"),
]
