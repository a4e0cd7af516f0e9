from audits.models.audit import Audit, ChannelAssessment, Criterion, CriterionScore, Finding
from audits.models.evaluation import PlatformEvaluation
from audits.models.peer import Peer, PeerMetric

__all__ = [
    "Audit",
    "ChannelAssessment",
    "Criterion",
    "CriterionScore",
    "Finding",
    "Peer",
    "PeerMetric",
    "PlatformEvaluation",
]
