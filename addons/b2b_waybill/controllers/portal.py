import uuid

from odoo import _, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal
from odoo.addons.b2b_portal.tools.inputs import InvalidInput, parse_int_id
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq


class B2bWaybillPortal(B2bCustomerPortal):
    """`/my/b2b/waybills`: consignment clients issue waybills for their reserved goods."""

    _b2b_waybills_per_page = 30

    # --- guards -------------------------------------------------------------

    def _b2b_waybill_check_access(self):
        """None when the user may issue waybills, else the refusal to return."""
        refusal = self._b2b_check_right("waybills", write=True)
        if refusal:
            return refusal
        if not request.env.user._b2b_client()._b2b_consignment_contract():
            return self._b2b_refuse(
                _(
                    "Self-service waybills are for clients with a consignment contract in force. "
                    "Ask your manager at the distributor to collect your goods."
                )
            )
        return None

    def _b2b_waybill_get(self, waybill_id, access_token=None, require_token=False):
        """The client's waybill (sudo), or None when it is not this client's or the token is wrong."""
        try:
            waybill_sudo = self._document_check_access("b2b.waybill", waybill_id, access_token)
        except (AccessError, MissingError):
            return None
        if waybill_sudo.partner_id != request.env.user._b2b_client():
            # a valid token of another client's document is not enough for a user of this client
            return None
        if require_token and not (
            access_token and waybill_sudo.access_token and consteq(waybill_sudo.access_token, access_token)
        ):
            return None
        return waybill_sudo

    def _b2b_waybill_layout_values(self):
        values = self._prepare_portal_layout_values()
        # the state labels once per page, in the user's language (not once per row)
        values["state_labels"] = dict(request.env["b2b.waybill"]._fields["state"]._description_selection(request.env))
        return values

    def _b2b_waybill_not_found(self):
        return self._b2b_refuse(_("This waybill does not exist or is not yours."), status=404)

    def _b2b_waybill_orders(self, client):
        """The client's confirmed orders, with the quantity a new waybill may take per order."""
        # the client company's staff share its orders, whoever placed them (B2B cabinet)
        orders = (
            request.env["sale.order"]
            .sudo()
            .search(
                [("partner_id.commercial_partner_id", "=", client.id), ("state", "=", "sale")], order="date_order desc"
            )
        )
        available = orders._b2b_waybill_available_by_order()
        return orders.filtered(lambda o: available.get(o.id)), available

    # --- home counter ---------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_waybill_count" in counters:
            user = request.env.user
            client = user._b2b_client()
            allowed = bool(client) and user._b2b_has_right("waybills", write=True)
            values["b2b_waybill_count"] = 1 if allowed and client._b2b_consignment_contract() else 0
        return values

    # --- pages ------------------------------------------------------------------

    @http.route(["/my/b2b/waybills", "/my/b2b/waybills/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_b2b_waybills(self, page=1, **kw):
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return refusal
        client = request.env.user._b2b_client()
        Waybill = request.env["b2b.waybill"]
        domain = [("partner_id", "=", client.id), ("state", "!=", "draft")]
        pager = portal_pager(
            url="/my/b2b/waybills",
            total=Waybill.search_count(domain),
            page=page,
            step=self._b2b_waybills_per_page,
        )
        waybills = Waybill.search(domain, limit=self._b2b_waybills_per_page, offset=pager["offset"])
        orders, available = self._b2b_waybill_orders(client)
        values = self._b2b_waybill_layout_values()
        values.update(
            {
                "page_name": "b2b_waybills",
                "waybills": waybills,
                "orders": orders,
                "available": available,
                "pager": pager,
                "default_url": "/my/b2b/waybills",
            }
        )
        return request.render("b2b_waybill.portal_my_b2b_waybills", values)

    def _b2b_waybill_new_values(self, order_sudo, error=None, quantities=None):
        available = order_sudo._b2b_waybill_available_quantities()
        lines = order_sudo.order_line.filtered(lambda ln: ln.id in available and available[ln.id] > 0)
        values = self._b2b_waybill_layout_values()
        values.update(
            {
                "page_name": "b2b_waybill_new",
                "order": order_sudo,
                "lines": lines,
                "available": available,
                "quantities": quantities or {},
                "error": error,
                "request_token": uuid.uuid4().hex,
            }
        )
        return values

    def _b2b_waybill_form_quantities(self, order_sudo, post):
        """{order line id: quantity} from the form's ``qty_<line id>`` fields, parsed by the one
        quantity parser; UserError naming the product when one is not a quantity."""
        lines = {line.id: line for line in order_sudo.order_line}
        quantities = {}
        for key, value in post.items():
            if not key.startswith("qty_") or not str(value).strip():
                continue
            try:
                line_id = parse_int_id(key[4:])
            except InvalidInput:
                raise UserError(_("Order %s has no such line.", order_sudo.name)) from None
            try:
                quantities[line_id] = order_sudo._b2b_parse_quantity(value, allow_zero=True)
            except UserError as error:
                line = lines.get(line_id)
                if not line:
                    raise
                raise UserError(
                    _("%(product)s: %(error)s", product=line.product_id.display_name, error=error.args[0])
                ) from None
        return quantities

    def _b2b_waybill_order(self, order_id):
        client = request.env.user._b2b_client()
        # orders of the client company are read as the company's cabinet, after the check below
        order_sudo = request.env["sale.order"].sudo().browse(order_id).exists()
        if not order_sudo or order_sudo.partner_id.commercial_partner_id != client:
            return None
        return order_sudo

    @http.route("/my/b2b/waybills/new/<int:order_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_new(self, order_id, **kw):
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return refusal
        order_sudo = self._b2b_waybill_order(order_id)
        if not order_sudo:
            return self._b2b_refuse(_("This order does not exist or is not your company's."), status=404)
        return request.render("b2b_waybill.portal_b2b_waybill_new", self._b2b_waybill_new_values(order_sudo))

    @http.route("/my/b2b/waybills/new/<int:order_id>", type="http", auth="user", website=True, methods=["POST"])
    def portal_b2b_waybill_issue(self, order_id, request_token=None, **post):
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return refusal
        order_sudo = self._b2b_waybill_order(order_id)
        if not order_sudo:
            return self._b2b_refuse(_("This order does not exist or is not your company's."), status=404)
        try:
            quantities = self._b2b_waybill_form_quantities(order_sudo, post)
        except UserError as error:
            return request.render(
                "b2b_waybill.portal_b2b_waybill_new", self._b2b_waybill_new_values(order_sudo, error=error.args[0])
            )
        try:
            # issuing checks the contract, the order and the quantities itself, under the order's lock;
            # the waybill is created as the distributor's document for this client
            waybill = order_sudo._b2b_issue_waybill(quantities, user=request.env.user, request_token=request_token)
        except UserError as error:
            return request.render(
                "b2b_waybill.portal_b2b_waybill_new",
                self._b2b_waybill_new_values(order_sudo, error=error.args[0], quantities=quantities),
            )
        return request.redirect(f"/my/b2b/waybills/{waybill.id}?access_token={waybill.access_token}")

    @http.route("/my/b2b/waybills/<int:waybill_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill(self, waybill_id, access_token=None, message=None, **kw):
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return refusal
        waybill_sudo = self._b2b_waybill_get(waybill_id, access_token)
        if not waybill_sudo:
            return self._b2b_waybill_not_found()
        values = self._b2b_waybill_layout_values()
        values.update(
            {
                "page_name": "b2b_waybill",
                "waybill": waybill_sudo,
                "message": message,
                "expired": waybill_sudo._b2b_is_expired(),
            }
        )
        return request.render("b2b_waybill.portal_b2b_waybill", values)

    @http.route("/my/b2b/waybills/<int:waybill_id>/cancel", type="http", auth="user", website=True, methods=["POST"])
    def portal_b2b_waybill_cancel(self, waybill_id, access_token=None, **kw):
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return refusal
        waybill_sudo = self._b2b_waybill_get(waybill_id, access_token)
        if not waybill_sudo:
            return self._b2b_waybill_not_found()
        try:
            waybill_sudo.action_cancel()
        except UserError as error:
            return self._b2b_refuse(error.args[0], status=409)
        return request.redirect(f"/my/b2b/waybills/{waybill_sudo.id}?access_token={waybill_sudo.access_token}")

    def _b2b_waybill_for_download(self, waybill_id, access_token):
        """(waybill as superuser, None) for a download the user may make, else (None, response):
        the role and contract check, then the client's own waybill with its token."""
        refusal = self._b2b_waybill_check_access()
        if refusal:
            return None, refusal
        waybill_sudo = self._b2b_waybill_get(waybill_id, access_token, require_token=True)
        if not waybill_sudo:
            return None, self._b2b_waybill_not_found()
        return waybill_sudo, None

    @http.route("/my/b2b/waybills/<int:waybill_id>/pdf", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_pdf(self, waybill_id, access_token=None, download=False, **kw):
        waybill_sudo, refusal = self._b2b_waybill_for_download(waybill_id, access_token)
        if refusal:
            return refusal
        return self._show_report(
            model=waybill_sudo,
            report_type="pdf",
            report_ref="b2b_waybill.action_report_b2b_waybill",
            download=download,
        )

    @http.route("/my/b2b/waybills/<int:waybill_id>/torg12", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_torg12(self, waybill_id, access_token=None, download=False, **kw):
        waybill_sudo, refusal = self._b2b_waybill_for_download(waybill_id, access_token)
        if refusal:
            return refusal
        if waybill_sudo.state != "collected" or not waybill_sudo.picking_ids:
            return self._b2b_refuse(_("The TORG-12 note is issued once the goods are handed over."), status=404)
        return self._show_report(
            model=waybill_sudo.picking_ids,
            report_type="pdf",
            report_ref="b2b_waybill.action_report_torg12",
            download=download,
        )
