"""Cursor pagination on the screens' keyset (`core/pagination.py`): page 50,000 costs what
page 1 costs. `?apres=` / `?avant=` carry the sort key of the row before or after the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.pagination import AFTER, BEFORE, COUNT_LIMIT, keyset_page

SIZE_PARAM = "taille"


class KeysetPagination(BasePagination):
    page_size = 50
    max_page_size = 200

    def _size(self, request) -> int:
        try:
            wanted = int(request.query_params.get(SIZE_PARAM, self.page_size))
        except ValueError:
            return self.page_size
        return max(1, min(wanted, self.max_page_size))

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        ordering = getattr(view, "keyset_ordering", None)
        if queryset.query.order_by:
            ordering = None  # a sort chosen by the filters (?sort=…) wins
        self.page = keyset_page(request, queryset, self._size(request), ordering=ordering)
        return list(self.page)

    def _link(self, param: str, other: str, cursor: str) -> str | None:
        url = remove_query_param(self.request.build_absolute_uri(), other)
        return replace_query_param(url, param, cursor)

    def get_paginated_response(self, data) -> Response:
        page = self.page
        return Response(
            {
                "count": page.count,
                "count_capped": page.count_capped,
                "next": self._link(AFTER, BEFORE, page.next_cursor) if page.has_next else None,
                "previous": (
                    self._link(BEFORE, AFTER, page.previous_cursor) if page.has_previous else None
                ),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": str(
                        _("Nombre de résultats, compté jusqu'à %(limit)d.") % {"limit": COUNT_LIMIT}
                    ),
                },
                "count_capped": {
                    "type": "boolean",
                    "description": str(_("Vrai quand il y a plus de résultats que le compte.")),
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": str(_("Lien vers la page suivante.")),
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": str(_("Lien vers la page précédente.")),
                },
                "results": {**schema, "description": str(_("Les éléments de cette page."))},
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        cursor = {"type": "string"}
        return [
            {"name": AFTER, "in": "query", "required": False, "schema": cursor,
             "description": str(_("Curseur : la page qui suit ce lien « next »."))},
            {"name": BEFORE, "in": "query", "required": False, "schema": cursor,
             "description": str(_("Curseur : la page qui précède ce lien « previous »."))},
            {"name": SIZE_PARAM, "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
             "description": str(_("Résultats par page (50 par défaut)."))},
        ]  # fmt: skip
