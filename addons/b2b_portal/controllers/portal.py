from odoo import _
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request


class B2bCustomerPortal(CustomerPortal):
    """Base of the B2B cabinet's controllers: role checks and the refusal page.

    Feature controllers inherit this class and call `_b2b_check_right(area, write)` first.
    """

    def _b2b_check_right(self, area, write=False):
        """Return None when the current user may use the area, else a 403 response to return."""
        user = request.env.user
        if user._is_public():
            return request.redirect("/web/login?redirect=%s" % request.httprequest.full_path)
        if not user._b2b_client():
            return self._b2b_refuse(_("This page is for the staff of client companies of the B2B portal."))
        if not user._b2b_has_right(area, write=write):
            return self._b2b_refuse(
                _("Your role in your company's cabinet does not allow this. Ask your company's administrator.")
            )
        return None

    def _b2b_refuse(self, message, status=403):
        return request.render(
            "b2b_portal.portal_b2b_refused", {"message": message, "page_name": "b2b_refused"}, status=status
        )
