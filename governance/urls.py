from django.urls import path

from governance.access.views import grants, home, matrix, people, requests
from governance.actions import views as actions
from governance.chat import views as teams
from governance.offboarding import views as offboarding
from governance.reconciliation import urls as reconciliation
from governance.reminders import views as tasks
from governance.reviews import views as reviews

app_name = "governance"

urlpatterns = [
    path("", home.index, name="index"),
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
    path("my-tasks/preferences/", tasks.reminder_preferences, name="reminder_preferences"),
    path("my-tasks/preferences/chat/remove/", tasks.chat_remove, name="chat_remove"),
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
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/<int:pk>/chat/remove/", teams.team_chat_remove, name="team_chat_remove"),
    path("offboardings/", offboarding.offboarding_list, name="offboardings"),
    path("offboardings/import/", offboarding.leavers_import, name="leavers_import"),
    path("offboardings/<int:pk>/", offboarding.offboarding_detail, name="offboarding"),
    path("tasks/<int:pk>/confirm/", actions.task_confirm, name="task_confirm"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/mine/", reviews.my_items, name="my_review_items"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path(
        "reviews/<int:pk>/open/", reviews.review_transition, {"action": "open"}, name="review_open"
    ),
    path(
        "reviews/<int:pk>/close/",
        reviews.review_transition,
        {"action": "close"},
        name="review_close",
    ),
    path("reviews/<int:pk>/evidence/", reviews.review_evidence, name="review_evidence"),
    path("reviews/<int:pk>/evidence.csv", reviews.review_evidence_csv, name="review_evidence_csv"),
    path("review-items/<int:pk>/decide/", reviews.item_decide, name="review_item_decide"),
    path("review-items/<int:pk>/reassign/", reviews.item_reassign, name="review_item_reassign"),
    path("matrix/", matrix.access_matrix, name="matrix"),
    path("matrix.csv", matrix.access_matrix_export, name="matrix_export"),
    *reconciliation.urlpatterns,
]
