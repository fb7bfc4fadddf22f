import re

from odoo import _, http
from odoo.addons.b2b_portal.controllers.portal import b2b_portal_route
from odoo.addons.b2b_sale.controllers.orders import B2bOrderPortal
from odoo.exceptions import UserError
from odoo.http import request

from ..models.sale_order import B2B_DROPSHIP_LIMITS

# the form's field names (short, as the page posts them) → the order's fields
B2B_DROPSHIP_FORM = {
    "recipient_name": "b2b_recipient_name",
    "recipient_phone": "b2b_recipient_phone",
    "recipient_address": "b2b_recipient_address",
    "cod_amount": "b2b_cod_amount",
    "packing_note": "b2b_packing_note",
}


class B2bDropshipPortal(B2bOrderPortal):
    """Drop-ship details on the current order, «send to assembly» and the packing slip."""

    # ------------------------------------------------------------------ page values

    def _prepare_b2b_order_values(self, order):
        values = super()._prepare_b2b_order_values(order)
        # what the user typed before a refusal, given back without NUL and cut to the limits
        values["b2b_dropship_post"] = request.session.pop("b2b_dropship_post", None)
        return values

    def _b2b_dropship_visible(self, order_sudo):
        """The drop-ship block shows to the users of the order's own client only, never to a
        holder of the order's link from outside the company."""
        client = request.env.user._b2b_client()
        return bool(client) and order_sudo.partner_id.commercial_partner_id == client

    def _prepare_b2b_order_page_values(self, order_sudo):
        values = super()._prepare_b2b_order_page_values(order_sudo)
        visible = self._b2b_dropship_visible(order_sudo)
        values.update(
            {
                "b2b_dropship_visible": visible,
                "b2b_can_send_to_assembly": visible
                and values.get("b2b_can_edit")
                and order_sudo._b2b_may_send_to_assembly(),
                "b2b_has_packing_slip": visible and bool(order_sudo._b2b_deliveries()),
            }
        )
        return values

    # ------------------------------------------------------------------ drop-ship details

    def _b2b_dropship_form_values(self, post):
        return {field: post.get(key) for key, field in B2B_DROPSHIP_FORM.items()}

    def _b2b_keep_dropship_post(self, post):
        kept = {}
        for key, field in B2B_DROPSHIP_FORM.items():
            text = str(post.get(key) or "").replace("\x00", "")
            kept[key] = text[: B2B_DROPSHIP_LIMITS.get(field, 32)]
        request.session["b2b_dropship_post"] = kept

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/dropship", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_dropship(self, order_id=None, version=None, clear=None, **post):
        """Save (or, with `clear`, remove) the one-off recipient, cash on delivery and packing
        note of a draft order. Kept on the order only: no contact is created."""
        order_sudo = self._b2b_client_document("sale.order", order_id, raise_if_not_found=False)
        if not order_sudo:
            return self._b2b_order_not_found()
        values = {} if clear else self._b2b_dropship_form_values(post)
        try:
            order_sudo._b2b_set_dropship(values, version=version)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            if not clear:
                self._b2b_keep_dropship_post(post)
            return self._b2b_order_redirect()
        if clear:
            self._b2b_notify(_("The delivery to your customer is removed from the order."))
        else:
            self._b2b_notify(_("The delivery details are saved."))
        return self._b2b_order_redirect()

    # ------------------------------------------------------------------ send to assembly

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/<int:order_id>/assembly", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_assembly(self, order_id, **kw):
        order_sudo = self._b2b_client_document("sale.order", order_id, raise_if_not_found=False)
        if not order_sudo:
            return self._b2b_order_not_found()
        try:
            sent = order_sudo._b2b_send_to_assembly(request.env.user)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
        else:
            if sent:
                self._b2b_notify(_("The order is sent to assembly. The warehouse will pick and pack the goods."))
            else:
                self._b2b_notify(_("This order has already been sent to assembly."), "warning")
        return request.redirect(order_sudo.get_portal_url())

    # ------------------------------------------------------------------ packing slip

    @b2b_portal_route("orders")
    @http.route("/my/b2b/order/<int:order_id>/packing-slip", type="http", auth="user", website=True)
    def b2b_packing_slip(self, order_id, download=False, **kw):
        """The packing slip (PDF, no prices) of the order's deliveries, for its own client only."""
        order_sudo = self._b2b_client_document("sale.order", order_id)
        deliveries = order_sudo._b2b_deliveries()
        if not deliveries:
            return self._b2b_refuse(_("The packing slip is ready once the order is reserved."), status=404)
        response = self._show_report(
            model=deliveries,
            report_type="pdf",
            report_ref="b2b_dropship.action_report_b2b_packing_slip",
            download=download,
        )
        if response.headers.get("Content-Type") == "application/pdf":
            filename = "Packing_slip_%s.pdf" % re.sub(r"[^\w-]", "_", order_sudo.name)
            response.headers["Content-Disposition"] = http.content_disposition(
                filename, disposition_type="attachment" if download else "inline"
            )
        return response
