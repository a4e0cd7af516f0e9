"""The reconciliation's URLs, joined to the governance namespace by governance/urls.py."""

from django.urls import path

from governance.reconciliation import views

urlpatterns = [
    path(
        "channels/<int:pk>/observations/import/",
        views.observation_import,
        name="observation_import",
    ),
    *(
        path(
            f"findings/<int:pk>/{remedy}/",
            views.finding_remedy,
            {"remedy": remedy},
            name=f"finding_{remedy}",
        )
        for remedy in views.REMEDIES
    ),
    path("channels/<int:pk>/sync-now/", views.channel_sync_now, name="channel_sync_now"),
    path("observed-holders/<int:pk>/match/", views.holder_match, name="holder_match"),
]
