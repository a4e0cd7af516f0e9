"""Every list pages by cursor: constant queries whatever the page, stable while rows are added."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    """Ordered by id (a view may say `-pk`): unique and unchanging, as a cursor needs."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return (getattr(view, "ordering", self.ordering),)

    def decode_cursor(self, request):
        # A cursor the client mangled is a bad request (400), not a missing resource (DRF: 404).
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [_("Invalid cursor.")]}) from None
