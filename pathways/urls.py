from django.urls import path

from . import views

app_name = "pathways"

# Included at /reports/ beside the reports app: every path here has its own first segment.
urlpatterns = [
    path("pathways/", views.index, name="index"),
    path("pathways/persons/", views.persons, name="persons"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/worklist/", views.worklist, name="worklist"),
    path("cycling/", views.cycling, name="cycling"),
    path("steps/", views.steps, name="steps"),
    path("steps/register/", views.steps_register, name="steps_register"),
    path("steps/register/<int:pk>/", views.measurement_new, name="measurement_new"),
    path("effects/", views.effects, name="effects"),
    path("coverage/", views.coverage, name="coverage"),
    path("implementation/", views.implementation, name="implementation"),
]
