from django.urls import path

from roadmap.views import feeds, objectives, plans

app_name = "roadmap"

urlpatterns = [
    path("", objectives.index, name="index"),
    path("objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective"),
    path("objectives/<int:pk>/edit/", objectives.objective_edit, name="objective_edit"),
    path(
        "objectives/<int:pk>/readings/import/",
        objectives.readings_import,
        name="readings_import",
    ),
    path(
        "objectives/<int:pk>/primary/",
        objectives.objective_action,
        {"action": "primary"},
        name="objective_primary",
    ),
    path(
        "objectives/<int:pk>/achieved/",
        objectives.objective_action,
        {"action": "achieved"},
        name="objective_achieved",
    ),
    path(
        "objectives/<int:pk>/dropped/",
        objectives.objective_action,
        {"action": "dropped"},
        name="objective_dropped",
    ),
    path("new/", plans.roadmap_create, name="create"),
    path("<int:pk>/", plans.roadmap_detail, name="detail"),
    path("<int:pk>/phases/new/", plans.phase_edit, name="phase_create"),
    path("<int:pk>/phases/<int:phase_pk>/", plans.phase_edit, name="phase"),
    path("<int:pk>/milestones/new/", plans.milestone_edit, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_pk>/", plans.milestone_edit, name="milestone"),
    path("milestones/<int:pk>/status/", plans.milestone_status, name="milestone_status"),
    path("phases/<int:phase_pk>/sourcing/new/", plans.sourcing_add, name="sourcing_add"),
    path("sourcing/<int:pk>/choose/", plans.sourcing_choose, name="sourcing_choose"),
    path("findings/<int:pk>/milestone/", plans.finding_to_milestone, name="finding_milestone"),
    path("calendar/", feeds.feeds, name="feeds"),
    path("calendar/new/", feeds.feed_issue, name="feed_issue"),
    path("calendar/<int:pk>/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", feeds.feed, name="feed"),
]
