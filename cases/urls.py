from django.urls import path

from . import report_views, todo_views, views

app_name = "cases"

# Included at the root: the case pages live beside the participations, the worklist on its own.
urlpatterns = [
    path("att-gora/", todo_views.worklist, name="worklist"),
    path("deltagare/arende/<int:pk>/", views.case, name="case"),
    path("deltagare/arende/<int:pk>/kontakt/", views.contact_form, name="contact_new"),
    path("deltagare/arende/<int:pk>/kontakt/<int:contact_pk>/", views.contact_form, name="contact_edit"),
    path("deltagare/arende/<int:pk>/plan/", views.plan_goals, name="plan_goals"),
    path("deltagare/arende/<int:pk>/plan/aktivitet/", views.activity_form, name="activity_new"),
    path("deltagare/arende/<int:pk>/plan/aktivitet/<int:activity_pk>/", views.activity_form, name="activity_edit"),
    path("deltagare/arende/<int:pk>/uppfoljning/<int:months>/", views.followup_form, name="followup"),
    path("deltagare/registerutdrag/<int:person_pk>/", views.registerutdrag, name="registerutdrag"),
    path("reports/lasting/", report_views.lasting, name="lasting"),
    path("reports/lasting/export/", report_views.followup_export, name="followup_export"),
]
