from django.urls import path

from governance.policies.views import documents as policies
from governance.policies.views import roster as crisis

app_name = "policies"

urlpatterns = [
    path("", policies.policy_list, name="index"),
    path("new/", policies.policy_create, name="create"),
    path("<int:pk>/", policies.policy_detail, name="detail"),
    path("<int:pk>/settings/", policies.policy_edit, name="edit"),
    path("<int:pk>/archive/", policies.policy_archive, name="archive"),
    path("<int:pk>/accept/", policies.policy_accept, name="accept"),
    path("<int:pk>/accept-for/<int:person_pk>/", policies.policy_accept_for, name="accept_for"),
    path("<int:pk>/compare/", policies.policy_compare, name="compare"),
    path("<int:pk>/acknowledgements.csv", policies.acknowledgements_csv, name="evidence_csv"),
    path("<int:pk>/versions/new/", policies.version_create, name="version_create"),
    path("<int:pk>/versions/<int:number>/", policies.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/edit/", policies.version_edit, name="version_edit"),
    path(
        "<int:pk>/versions/<int:number>/publish/",
        policies.version_publish,
        name="version_publish",
    ),
    path("<int:pk>/roster/", policies.crisis_roster, name="roster"),
    path("<int:pk>/roster/new/", crisis.contact_add, name="contact_add"),
    path("contacts/<int:pk>/", crisis.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/retire/", crisis.contact_retire, name="contact_retire"),
]
