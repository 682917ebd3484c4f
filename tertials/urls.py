from django.urls import path

from . import views

app_name = "tertials"

urlpatterns = [
    path("", views.index, name="index"),
    path("ar/", views.year_view, name="year"),
    path("<int:year>/<int:tertial>/pdf/", views.tertial_pdf, name="tertial_pdf"),
    path("<str:code>/<int:year>/<int:tertial>/", views.report_view, name="report"),
    path("<str:code>/<int:year>/<int:tertial>/status/", views.transition_view, name="transition"),
    path("<str:code>/<int:year>/<int:tertial>/pdf/", views.report_pdf, name="report_pdf"),
]
