"""/scim/v2/: the discovery endpoints, Users and Groups, and a SCIM 404 for anything else."""

from django.urls import path, re_path

from governance.provisioning import views

app_name = "scim"

users, user, user_search = views.USER_VIEWS
groups, group, group_search = views.GROUP_VIEWS

urlpatterns = [
    path("", views.UnknownView.as_view(), name="root"),
    path("ServiceProviderConfig", views.ServiceProviderConfigView.as_view(), name="config"),
    path("ResourceTypes", views.ResourceTypesView.as_view(), name="resource_types"),
    path("ResourceTypes/<str:pk>", views.ResourceTypesView.as_view(), name="resource_type"),
    path("Schemas", views.SchemasView.as_view(), name="schemas"),
    path("Schemas/<str:pk>", views.SchemasView.as_view(), name="schema"),
    path("Users", users, name="users"),
    path("Users/.search", user_search, name="user_search"),
    path("Users/<str:pk>", user, name="user"),
    path("Groups", groups, name="groups"),
    path("Groups/.search", group_search, name="group_search"),
    path("Groups/<str:pk>", group, name="group"),
    path(".search", views.RootSearchView.as_view(), name="search"),
    re_path(r"^(?P<rest>.+)$", views.UnknownView.as_view(), name="unknown"),
]
