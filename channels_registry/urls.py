from django.urls import path

from channels_registry import views

app_name = "channels_registry"

urlpatterns = [
    path("", views.channel_list, name="index"),
    path("export.csv", views.channel_export, name="export"),
    path("new/", views.channel_create, name="create"),
    path("import/", views.channel_import, name="import"),
    path("platforms/", views.platform_list, name="platforms"),
    path("<int:pk>/", views.channel_detail, name="detail"),
    path("<int:pk>/edit/", views.channel_edit, name="edit"),
    path("<int:pk>/archive/", views.channel_archive, name="archive"),
    path("<int:pk>/<slug:tab>/", views.channel_detail, name="tab"),
]
