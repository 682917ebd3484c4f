from django.urls import path

from . import publishing, views

app_name = "reports"

urlpatterns = [
    path("sus/", views.sus, name="sus"),
    path("sus/fil/<str:fmt>/", views.sus_download, name="sus_download"),
    path("publicera/<int:year>/", publishing.publish, name="publish"),
    path("sverige/", views.national, name="national"),
    path("sverige/<int:year>/", views.national, name="national_edit"),
]
