"""The list pages' sorting reads in the reader's language, the descending choices included."""

from django.utils import translation

from channels_registry.filters import ChannelFilter


def _labels() -> list[str]:
    return [str(label) for _, label in ChannelFilter.base_filters["sort"].extra["choices"]][:2]


def test_sort_labels_follow_the_language_they_are_shown_in():
    with translation.override("fr"):
        assert _labels() == ["Nom", "Nom (décroissant)"]
    with translation.override("en"):
        assert _labels() == ["Name", "Name (descending)"]
