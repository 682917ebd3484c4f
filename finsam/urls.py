from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "FINSAM i Malmö – registret"
admin.site.site_title = "FINSAM-registret"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
]
