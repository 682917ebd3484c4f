from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobb/", views.job_list, name="jobs"),
    path("jobb/<int:pk>/", views.job_detail, name="job"),
    path("jobb/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobb/<int:pk>/spara/", views.job_confirm, name="job_confirm"),
    path("jobb/<int:pk>/avbryt/", views.job_cancel, name="job_cancel"),
    path("export/", views.export, name="export"),
]
