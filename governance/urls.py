from django.urls import path

from governance.views import grants, home, matrix, offboarding, people, requests

app_name = "governance"

urlpatterns = [
    path("", home.index, name="index"),
    path("channels/<int:pk>/grant/", grants.grant_create, name="grant_create"),
    path("grants/<int:pk>/revoke/", grants.grant_revoke, name="grant_revoke"),
    path("grants/<int:pk>/confirm/", grants.grant_confirm, name="grant_confirm"),
    path("grants/<int:pk>/role/", grants.grant_change_role, name="grant_role"),
    path("requests/", requests.request_inbox, name="requests"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/decide/", requests.request_decide, name="request_decide"),
    path("people/", people.person_list, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/offboard/", people.offboarding_start, name="offboarding_start"),
    path("offboardings/", offboarding.offboarding_list, name="offboardings"),
    path("offboardings/import/", offboarding.leavers_import, name="leavers_import"),
    path("offboardings/<int:pk>/", offboarding.offboarding_detail, name="offboarding"),
    path("tasks/<int:pk>/confirm/", offboarding.task_confirm, name="task_confirm"),
    path("matrix/", matrix.access_matrix, name="matrix"),
    path("matrix.csv", matrix.access_matrix_export, name="matrix_export"),
]
