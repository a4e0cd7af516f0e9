from django.urls import path

from audits.views import assessments, audits, criteria, evaluations, findings, peers

app_name = "audits"

urlpatterns = [
    path("", audits.audit_list, name="index"),
    path("new/", audits.audit_create, name="create"),
    path("<int:pk>/", audits.audit_detail, name="detail"),
    path("<int:pk>/edit/", audits.audit_edit, name="edit"),
    path("<int:pk>/start/", audits.audit_transition, {"action": "start"}, name="start"),
    path("<int:pk>/complete/", audits.audit_transition, {"action": "complete"}, name="complete"),
    path("<int:pk>/export.csv", audits.audit_export, name="export"),
    path("<int:pk>/metrics.csv", audits.metrics_template, name="metrics_template"),
    path("<int:pk>/metrics/import/", audits.metrics_import, name="metrics_import"),
    path("<int:pk>/findings/new/", findings.finding_create, name="finding_create"),
    path("assessments/<int:pk>/", assessments.assessment_edit, name="assessment"),
    path("findings/<int:pk>/", findings.finding_edit, name="finding"),
    path("criteria/", criteria.criterion_list, name="criteria"),
    path("criteria/new/", criteria.criterion_edit, name="criterion_create"),
    path("criteria/<int:pk>/", criteria.criterion_edit, name="criterion"),
    path("peers/", peers.peer_list, name="peers"),
    path("peers/new/", peers.peer_create, name="peer_create"),
    path("peers/<int:pk>/metrics/new/", peers.peer_metric_add, name="peer_metric_add"),
    path("platforms/", evaluations.platform_list, name="platforms"),
    path("platforms/<slug:slug>/", evaluations.platform_detail, name="platform"),
    path("platforms/<slug:slug>/evaluate/", evaluations.evaluation_create, name="evaluate"),
]
