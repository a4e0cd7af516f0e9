"""The REST API's router (/api/v1/): each feature's endpoints come from its own `api.py`; this
composition root only names where they are mounted. Its schema (OpenAPI 3) and documentation
page are served beside it."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from audits import api as audits_api
from channels_registry import api as channels_api
from governance.access import api as access_api
from governance.offboarding import api as offboarding_api
from governance.policies import api as policies_api
from governance.reminders import api as reminders_api
from governance.reviews import api as reviews_api
from roadmap import api as roadmap_api

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # one URL per resource: /channels/, not channels.json
router.register("platforms", channels_api.PlatformViewSet, basename="platform")
router.register("channels", channels_api.ChannelViewSet, basename="channel")
router.register("people", accounts_api.PersonViewSet, basename="person")
router.register("teams", accounts_api.TeamViewSet, basename="team")
router.register("partners", accounts_api.PartnerViewSet, basename="partner")
router.register("grants", access_api.GrantViewSet, basename="grant")
router.register("requests", access_api.RequestViewSet, basename="request")
router.register("offboardings", offboarding_api.OffboardingViewSet, basename="offboarding")
router.register(
    "offboarding-tasks", offboarding_api.OffboardingTaskViewSet, basename="offboarding-task"
)
router.register("reviews", reviews_api.ReviewViewSet, basename="review")
router.register("review-items", reviews_api.ReviewItemViewSet, basename="review-item")
router.register("policies", policies_api.PolicyViewSet, basename="policy")
router.register("acknowledgements", policies_api.AcknowledgementViewSet, basename="acknowledgement")
router.register("my-tasks", reminders_api.MyTasksViewSet, basename="my-tasks")
router.register("audits", audits_api.AuditViewSet, basename="audit")
router.register(
    "platform-evaluations", audits_api.PlatformEvaluationViewSet, basename="platform-evaluation"
)
router.register("objectives", roadmap_api.ObjectiveViewSet, basename="objective")
router.register("kpi-readings", roadmap_api.KpiReadingViewSet, basename="kpi-reading")
router.register("history", accounts_api.HistoryViewSet, basename="history")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
