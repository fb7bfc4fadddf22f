from odoo import models
from odoo.http import Response, request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        # a route stating a B2B right (`b2b_portal_route`): the right comes from the routing Odoo
        # merged along the controller's inheritance, and is checked before the endpoint runs, so
        # a subclass overriding the route keeps it
        right = endpoint.routing.get("b2b_right")
        if right:
            # the controller instance Odoo built for the route (`Dispatcher.pre_dispatch` uses it too)
            refusal = endpoint.func.__self__._b2b_guard(right)
            if refusal is not None:
                if isinstance(refusal, Response) and refusal.is_qweb:
                    refusal.flatten()  # as the endpoint's own page would be
                return refusal
        return super()._dispatch(endpoint)

    @classmethod
    def _serve_fallback(cls):
        # A path with NUL (".../acts%00") cannot be an attachment's or a page's URL, and the
        # lookups behind an unknown path (attachments by URL, website pages, redirects) would
        # send it to PostgreSQL, which refuses NUL in a query: not found, not a server error.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
