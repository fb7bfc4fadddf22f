import uuid

from odoo import _, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal, b2b_portal_route
from odoo.addons.b2b_portal.tools.inputs import InvalidInput, parse_int_id
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import UserError
from odoo.http import request

# every waybill route: who may issue waybills, in a client with a consignment contract in force
waybill_route = b2b_portal_route("waybills", write=True, check="_b2b_waybill_check_contract")


class B2bWaybillPortal(B2bCustomerPortal):
    """`/my/b2b/waybills`: consignment clients issue waybills for their reserved goods."""

    _b2b_waybills_per_page = 30

    # --- guards and lookups -------------------------------------------------------

    def _b2b_waybill_check_contract(self):
        """None for a client with a consignment contract in force, else the refusal to return
        (the further check of every waybill route, after the role's)."""
        if not request.env.user._b2b_client()._b2b_consignment_contract():
            return self._b2b_refuse(
                _(
                    "Self-service waybills are for clients with a consignment contract in force. "
                    "Ask your manager at the distributor to collect your goods."
                )
            )
        return None

    def _b2b_waybill_orders(self, client):
        """The client's confirmed orders, with the quantity a new waybill may take per order."""
        # under the user's record rules, as the waybill form opens an order (`_b2b_client_document`):
        # with b2b_sale, a buyer who sees his own orders is not offered those a colleague built
        orders = (
            request.env["sale.order"]
            .search(
                [("partner_id.commercial_partner_id", "=", client.id), ("state", "=", "sale")], order="date_order desc"
            )
            .sudo()
        )
        available = orders._b2b_waybill_available_by_order()
        return orders.filtered(lambda o: available.get(o.id)), available

    # --- home counter ---------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_waybill_count" in counters:
            # 1 shows the entry to who may issue waybills (the page's script hides a 0)
            user = request.env.user
            allowed = user._b2b_has_right("waybills", write=True) and user._b2b_client()._b2b_consignment_contract()
            values["b2b_waybill_count"] = 1 if allowed else 0
        return values

    def _prepare_b2b_dashboard_cards(self):
        cards = super()._prepare_b2b_dashboard_cards()
        user = request.env.user
        client = user._b2b_client()
        if client and user._b2b_has_right("waybills", write=True) and client._b2b_consignment_contract():
            # one count: waybills issued and not yet collected at the warehouse
            count = request.env["b2b.waybill"].search_count([("partner_id", "=", client.id), ("state", "=", "issued")])
            cards.append(
                {
                    "key": "waybills",
                    "sequence": 60,
                    "title": _("Waybills for pickup"),
                    "value": str(count),
                    "text": _("issued, waiting for you at the warehouse") if count else _("None open"),
                    "url": "/my/b2b/waybills",
                    "tone": "info" if count else None,
                }
            )
        return cards

    # --- page values ------------------------------------------------------------

    def _prepare_b2b_waybill_layout_values(self):
        """What every waybill page shows: the portal layout and the state labels."""
        values = self._prepare_portal_layout_values()
        # the state labels once per page, in the user's language (not once per row)
        values["state_labels"] = dict(request.env["b2b.waybill"]._fields["state"]._description_selection(request.env))
        return values

    def _prepare_b2b_waybills_values(self, page=1):
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
        values = self._prepare_b2b_waybill_layout_values()
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
        return values

    def _prepare_b2b_waybill_new_values(self, order_sudo, error=None, quantities=None):
        available = order_sudo._b2b_waybill_available_quantities()
        lines = order_sudo.order_line.filtered(lambda ln: ln.id in available and available[ln.id] > 0)
        values = self._prepare_b2b_waybill_layout_values()
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

    def _prepare_b2b_waybill_values(self, waybill_sudo, message=None):
        values = self._prepare_b2b_waybill_layout_values()
        values.update(
            {
                "page_name": "b2b_waybill",
                "waybill": waybill_sudo,
                "message": message,
                "expired": waybill_sudo._b2b_is_expired(),
            }
        )
        return values

    # --- pages ------------------------------------------------------------------

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

    @waybill_route
    @http.route(["/my/b2b/waybills", "/my/b2b/waybills/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_b2b_waybills(self, page=1, **kw):
        return request.render("b2b_waybill.portal_my_b2b_waybills", self._prepare_b2b_waybills_values(page))

    @waybill_route
    @http.route("/my/b2b/waybills/new/<int:order_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_new(self, order_id, **kw):
        order_sudo = self._b2b_client_document("sale.order", order_id)
        return request.render("b2b_waybill.portal_b2b_waybill_new", self._prepare_b2b_waybill_new_values(order_sudo))

    @waybill_route
    @http.route("/my/b2b/waybills/new/<int:order_id>", type="http", auth="user", website=True, methods=["POST"])
    def portal_b2b_waybill_issue(self, order_id, request_token=None, **post):
        order_sudo = self._b2b_client_document("sale.order", order_id)
        try:
            quantities = self._b2b_waybill_form_quantities(order_sudo, post)
        except UserError as error:
            return request.render(
                "b2b_waybill.portal_b2b_waybill_new",
                self._prepare_b2b_waybill_new_values(order_sudo, error=error.args[0]),
            )
        try:
            # issuing checks the contract, the order and the quantities itself, under the order's lock;
            # the waybill is created as the distributor's document for this client
            waybill = order_sudo._b2b_issue_waybill(quantities, user=request.env.user, request_token=request_token)
        except UserError as error:
            return request.render(
                "b2b_waybill.portal_b2b_waybill_new",
                self._prepare_b2b_waybill_new_values(order_sudo, error=error.args[0], quantities=quantities),
            )
        return request.redirect(f"/my/b2b/waybills/{waybill.id}?access_token={waybill.access_token}")

    @waybill_route
    @http.route("/my/b2b/waybills/<int:waybill_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill(self, waybill_id, access_token=None, message=None, **kw):
        waybill_sudo = self._b2b_client_document("b2b.waybill", waybill_id, access_token)
        return request.render("b2b_waybill.portal_b2b_waybill", self._prepare_b2b_waybill_values(waybill_sudo, message))

    @waybill_route
    @http.route("/my/b2b/waybills/<int:waybill_id>/cancel", type="http", auth="user", website=True, methods=["POST"])
    def portal_b2b_waybill_cancel(self, waybill_id, access_token=None, **kw):
        waybill_sudo = self._b2b_client_document("b2b.waybill", waybill_id, access_token)
        try:
            waybill_sudo.action_cancel()
        except UserError as error:
            return self._b2b_refuse(error.args[0], status=409)
        return request.redirect(f"/my/b2b/waybills/{waybill_sudo.id}?access_token={waybill_sudo.access_token}")

    @waybill_route
    @http.route("/my/b2b/waybills/<int:waybill_id>/pdf", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_pdf(self, waybill_id, access_token=None, download=False, **kw):
        waybill_sudo = self._b2b_client_document("b2b.waybill", waybill_id, access_token, require_token=True)
        return self._show_report(
            model=waybill_sudo,
            report_type="pdf",
            report_ref="b2b_waybill.action_report_b2b_waybill",
            download=download,
        )

    @waybill_route
    @http.route("/my/b2b/waybills/<int:waybill_id>/torg12", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_waybill_torg12(self, waybill_id, access_token=None, download=False, **kw):
        waybill_sudo = self._b2b_client_document("b2b.waybill", waybill_id, access_token, require_token=True)
        if waybill_sudo.state != "collected" or not waybill_sudo.picking_ids:
            return self._b2b_refuse(_("The TORG-12 note is issued once the goods are handed over."), status=404)
        return self._show_report(
            model=waybill_sudo.picking_ids,
            report_type="pdf",
            report_ref="b2b_waybill.action_report_torg12",
            download=download,
        )
