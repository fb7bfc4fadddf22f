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

    def _b2b_notify(self, text, kind="success"):
        """Queue a one-time notice (kind: success, warning, danger) for the next B2B page."""
        notices = request.session.get("b2b_notices", [])
        request.session["b2b_notices"] = [*notices, {"kind": kind, "text": str(text)}][-5:]

    def _b2b_pop_notices(self):
        """Notices queued by `_b2b_notify`, removed from the session. Render them with the
        `b2b_portal.b2b_notices` template (`b2b_notices` in the values)."""
        return request.session.pop("b2b_notices", [])

    def _b2b_refuse(self, message, status=403):
        values = self._prepare_portal_layout_values()
        values.update({"message": message, "page_name": "b2b_refused"})
        return request.render("b2b_portal.portal_b2b_refused", values, status=status)
