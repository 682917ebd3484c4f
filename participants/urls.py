from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.participation_list, name="list"),
    path("ny/", views.register, name="register"),
    path("person/<int:pk>/", views.person, name="person"),
    path("deltagande/<int:pk>/", views.edit, name="edit"),
    path("deltagande/<int:pk>/avsluta/", views.end, name="end"),
    path("anonyma/", views.anonymous_list, name="anonymous_list"),
    path("anonyma/ny/", views.anonymous_create, name="anonymous_create"),
    path("anonyma/<int:pk>/", views.anonymous_edit, name="anonymous_edit"),
    path("volym/", views.volume_list, name="volume_list"),
    path("volym/ny/", views.volume_create, name="volume_create"),
    path("volym/<int:pk>/", views.volume_edit, name="volume_edit"),
]
