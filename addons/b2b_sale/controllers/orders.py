import logging
import re

from odoo import _, http
from odoo.addons.b2b_portal.controllers.catalog import B2bCatalogPortal
from odoo.addons.b2b_portal.controllers.portal import b2b_portal_route, b2b_record_id
from odoo.addons.b2b_portal.tools import table_io
from odoo.addons.b2b_portal.tools.inputs import InvalidInput, parse_int_id, safe_local_path
from odoo.addons.sale.controllers.portal import CustomerPortal as SaleCustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

_logger = logging.getLogger(__name__)

B2B_IMPORT_MAX_ROWS = table_io.MAX_ROWS


class B2bOrderPortal(B2bCatalogPortal, SaleCustomerPortal):
    def _b2b_catalog_can_order(self):
        return request.env.user._b2b_has_right("orders", write=True)

    def _prepare_b2b_home_values(self):
        values = super()._prepare_b2b_home_values()
        # the «Current order» tile, as the navigation and the dashboard: for who may order
        values["b2b_order_access"] = request.env.user._b2b_has_right("orders", write=True)
        return values

    # ------------------------------------------------------------------ Odoo's order list/page

    def _b2b_entity_domain(self, domain):
        """Odoo's lists take the orders the user's own contact's company follows: a client's
        user sees those of its current legal entity instead (`res.users._b2b_client`), by the
        order's customer, as the record rule does."""
        client = request.env.user._b2b_client()
        if not client:
            return domain
        return [
            ("partner_id", "child_of", client.ids)
            if isinstance(leaf, (list, tuple)) and leaf[0] == "message_partner_ids"
            else leaf
            for leaf in domain
        ]

    def _prepare_quotations_domain(self, partner):
        return self._b2b_entity_domain(super()._prepare_quotations_domain(partner))

    def _prepare_orders_domain(self, partner):
        # orders sent from the B2B portal are quotations until the stock side confirms them:
        # show the pending and refused ones in the order list too, and the ones an external
        # accounting system reserved in its own books (they stay quotations in Odoo)
        domain = self._b2b_entity_domain(super()._prepare_orders_domain(partner))
        client = request.env.user._b2b_client()
        if not client:
            return domain
        sent = [
            ("partner_id", "child_of", client.ids),
            ("state", "=", "draft"),
            ("b2b_reservation_state", "in", ("pending", "refused", "reserved", "partial")),
        ]
        return expression.OR([domain, sent])

    # ------------------------------------------------------------------ Odoo's accept / decline

    def _b2b_may_answer_quotation(self):
        """A client company's user accepts or declines quotations only with a role that may
        order (admin, buyer); others (and token holders outside the cabinet) as Odoo decides."""
        user = request.env.user
        return not user._b2b_client() or user._b2b_has_right("orders", write=True)

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        if not self._b2b_may_answer_quotation():
            return {"error": _("Your role in your company's cabinet does not allow accepting quotations.")}
        return super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)

    @http.route()
    def portal_quote_decline(self, order_id, access_token=None, decline_message=None, **kwargs):
        if not self._b2b_may_answer_quotation():
            self._b2b_notify(_("Your role in your company's cabinet does not allow declining quotations."), "danger")
            return request.redirect("/my/orders")
        return super().portal_quote_decline(
            order_id, access_token=access_token, decline_message=decline_message, **kwargs
        )

    # ------------------------------------------------------------------ the draft order page

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/add", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_add(self, product_id=None, quantity=None, redirect=None, add=None, **kw):
        """Add a product to the user's open draft order. The product card posts `product_id` and
        `quantity`; the catalog's one form for the page posts `add=<id>` (the row's button) with
        the row's box `qty_<id>`. The client is sent back to the page it came from, at the row
        of that product, where the confirmation (or the reason of a refusal) is shown."""
        back = safe_local_path(redirect, default="/my/b2b/catalog")
        if not back.startswith("/my/"):  # back to a page of the cabinet only
            back = "/my/b2b/catalog"
        back = back.split("#", 1)[0]
        if add is not None:
            product_id = add
            quantity = kw.get(f"qty_{add}") if isinstance(add, str) and add.isdigit() else None
        try:
            product_id = parse_int_id(product_id)
        except InvalidInput:
            product_id = 0  # no such product: the message below
        # sudo: portal users have no read access to products; only the catalog's own checks
        # (active, sellable) are applied to the record before it goes on the order
        product = request.env["product.product"].sudo().browse(product_id).exists()
        if product and re.match(r"/my/b2b/catalog(?:/page/\d+)?(?:\?|$)", back):
            back = f"{back}#b2b-product-{product.id}"  # the row the client clicked
        try:
            if not product:
                raise UserError(_("This product is not available for ordering."))
            order = request.env["sale.order"]._b2b_draft_for_user(request.env.user, create=True)
            order._b2b_add_product(product, quantity)
        except UserError as error:
            _logger.info("B2B: %s could not add product %s: %s", request.env.user.login, product_id, error)
            self._b2b_notify(error.args[0], "danger", product_id=product.id or None)
            return request.redirect(back)
        added = order._b2b_parse_quantity(quantity)
        self._b2b_notify(
            # the product as the catalog checked it (sudo): a portal user cannot read products,
            # and the line's product, when the line was already there, is not in the cache
            _(
                "Added: %(product)s × %(quantity)s %(unit)s",
                product=product.display_name,
                quantity=product.uom_id._b2b_format_quantity(added),
                unit=order._b2b_unit_label(product.uom_id),
            ),
            product_id=product.id,
        )
        return request.redirect(back)

    def _b2b_order_redirect(self):
        return request.redirect("/my/b2b/order")

    def _prepare_b2b_order_values(self, order):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_order",
                "order": order,
                # sudo: lines, prices and products of the user's own draft are displayed
                "order_sudo": order.sudo(),
                "b2b_notices": self._b2b_pop_notices(),
                "b2b_paste": request.session.pop("b2b_order_paste", ""),
                "b2b_import_errors": request.session.pop("b2b_import_errors", []),
                "can_edit": request.env.user._b2b_has_right("orders", write=True),
                "b2b_import_max_rows": B2B_IMPORT_MAX_ROWS,
            }
        )
        values.update(self._prepare_b2b_order_credit_values(order))
        return values

    def _prepare_b2b_order_credit_values(self, order):
        """The client's credit figures, and why its credit terms would refuse the order now, for
        the roles that may see them."""
        credit = self._b2b_credit_values()
        refusal = ""
        if credit is not None and order and order.sudo().order_line:
            refusal = order._b2b_credit_refusal()
        return {"b2b_credit": credit, "b2b_credit_refusal": refusal}

    @b2b_portal_route("orders")
    @http.route("/my/b2b/order", type="http", auth="user", website=True)
    def b2b_order_page(self, **kw):
        order = request.env["sale.order"]._b2b_draft_for_user(request.env.user)
        return request.render("b2b_sale.portal_b2b_order", self._prepare_b2b_order_values(order))

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/update", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_update(self, reference=None, **kw):
        order = request.env["sale.order"]._b2b_draft_for_user(request.env.user)
        if not order:
            self._b2b_notify(_("Your order has already been sent; start a new one from the catalog."), "warning")
            return self._b2b_order_redirect()
        quantities = {}
        for key, value in kw.items():
            match = re.fullmatch(r"qty_(\d+)", key)
            if match:
                quantities[int(match.group(1))] = value
        for key in kw:
            match = re.fullmatch(r"remove_(\d+)", key)
            if match:
                quantities[int(match.group(1))] = 0
        try:
            order._b2b_set_line_quantities(quantities, reference=reference)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
        else:
            self._b2b_notify(_("Your order is updated."))
        return self._b2b_order_redirect()

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/import", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_import(self, lines_text=None, lines_file=None, **kw):
        """Add a pasted or uploaded (CSV/XLSX) list of SKU and quantity to the draft order.
        Lines that cannot be added are listed and put back in the paste box."""
        try:
            rows = self._b2b_import_rows(lines_text, lines_file)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            # given back to the paste box without what made it unusable (NUL, beyond the cap)
            request.session["b2b_order_paste"] = (lines_text or "").replace("\x00", "")[: table_io.MAX_TEXT_CHARS]
            return self._b2b_order_redirect()
        if not rows:
            self._b2b_notify(_("Paste or upload a list of SKUs and quantities first."), "warning")
            return self._b2b_order_redirect()
        added, errors, leftover = self._b2b_import_apply(rows)
        if added:
            self._b2b_notify(_("%(count)s lines added to your order.", count=added))
        if errors:
            self._b2b_notify(_("%(count)s lines were not added; see the list below.", count=len(errors)), "warning")
        request.session["b2b_import_errors"] = errors
        request.session["b2b_order_paste"] = "\n".join(leftover)
        return self._b2b_order_redirect()

    def _b2b_import_rows(self, lines_text, lines_file):
        """[(row number, sku, quantity text)] from the paste box or the file (CSV or XLSX),
        read with the limits of ``b2b_portal.tools.table_io``; UserError with its message."""
        data = filename = None
        if lines_file and getattr(lines_file, "filename", None):
            data, filename = lines_file.read(table_io.MAX_FILE_BYTES + 1), lines_file.filename
        try:
            rows = table_io.read_table(text=lines_text, data=data, filename=filename, max_rows=B2B_IMPORT_MAX_ROWS)
        except InvalidInput as error:
            raise UserError(str(error)) from None
        return table_io.code_quantity_rows(rows)

    def _b2b_import_apply(self, rows):
        """Add the good rows; return (added count, error messages, rows to give back)."""
        SaleOrder = request.env["sale.order"]
        skus = {sku for __, sku, __ in rows}
        # sudo: portal users cannot read products; only sellable active products are matched
        products = (
            request.env["product.product"].sudo().search([("default_code", "in", list(skus)), ("sale_ok", "=", True)])
        )
        by_sku = {product.default_code: product for product in products}
        order = SaleOrder._b2b_draft_for_user(request.env.user, create=True)
        good, errors, leftover = self._b2b_import_match(rows, by_sku)
        added = 0
        for (product, quantity), (number, sku, qty_text) in good:
            try:
                order._b2b_add_product(product, quantity)
            except UserError as error:
                errors.append(_("Line %(line)s (%(sku)s): %(error)s", line=number, sku=sku, error=error.args[0]))
                leftover.append(f"{sku}\t{qty_text}")
                continue
            added += 1
        return added, errors, leftover

    def _b2b_import_match(self, rows, by_sku):
        """Rows of an upload matched to products: ([((product, quantity), row)], error messages,
        rows to give back). A first row that is neither a product nor a quantity is a header."""
        SaleOrder = request.env["sale.order"]
        good, errors, leftover = [], [], []
        for index, (number, sku, qty_text) in enumerate(rows):
            product = by_sku.get(sku)
            try:
                quantity = SaleOrder._b2b_parse_quantity(qty_text)
            except UserError as error:
                if index == 0 and not product:
                    continue  # a header row
                errors.append(_("Line %(line)s (%(sku)s): %(error)s", line=number, sku=sku, error=error.args[0]))
                leftover.append(f"{sku}\t{qty_text}")
                continue
            if not product:
                errors.append(_("Line %(line)s: SKU «%(sku)s» is not in the catalog.", line=number, sku=sku))
                leftover.append(f"{sku}\t{qty_text}")
                continue
            good.append(((product, quantity), (number, sku, qty_text)))
        return good, errors, leftover

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/submit", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_submit(self, order_id=None, **kw):
        order_sudo = self._b2b_client_document("sale.order", order_id, raise_if_not_found=False)
        if not order_sudo:
            return self._b2b_order_not_found()
        try:
            sent = order_sudo._b2b_submit()
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            return self._b2b_order_redirect()
        if sent:
            self._b2b_notify(_("Your order is sent for reservation. We will e-mail you the result."))
        else:
            self._b2b_notify(_("This order has already been sent."), "warning")
        return request.redirect(order_sudo.get_portal_url())

    def _b2b_order_not_found(self):
        # a form's order id that is not one of this client's orders: a notice, not an error page
        self._b2b_notify(_("This order cannot be found."), "danger")
        return self._b2b_order_redirect()

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/<int:order_id>/resend", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_resend(self, order_id, **kw):
        return self.b2b_order_submit(order_id=order_id)

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/<int:order_id>/cancel", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_cancel(self, order_id, **kw):
        order_sudo = self._b2b_client_document("sale.order", order_id, raise_if_not_found=False)
        if not order_sudo:
            return self._b2b_order_not_found()
        if order_sudo._b2b_cancel_refused():
            self._b2b_notify(_("The order is cancelled."))
        else:
            self._b2b_notify(_("Only an order that could not be reserved can be cancelled here."), "warning")
        return request.redirect(order_sudo.get_portal_url())

    # ------------------------------------------------------------------ «Счёт на оплату»

    @http.route("/my/b2b/order/<int:order_id>/payment-invoice", type="http", auth="public", website=True)
    def b2b_payment_invoice(self, order_id, access_token=None, **kw):
        """The «Счёт на оплату» PDF: for who may read the order in the portal, or holds its link."""
        if b2b_record_id(order_id) is None:
            raise request.not_found()
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        client = request.env.user._b2b_client()
        if client and order_sudo.partner_id.commercial_partner_id != client:
            # a client's user works for its own company: another client's link opens nothing
            raise request.not_found()
        if not order_sudo._b2b_can_print_payment_invoice():
            raise request.not_found()
        response = self._show_report(
            model=order_sudo,
            report_type="pdf",
            report_ref="b2b_sale.action_report_b2b_payment_invoice",
            download=True,
        )
        # the invoice's own file name, not the order's that `_show_report` gives
        filename = "Schet_%s.pdf" % re.sub(r"[^\w-]", "_", order_sudo.name)
        response.headers["Content-Disposition"] = http.content_disposition(filename)
        return response

    # ------------------------------------------------------------------ Odoo's order page

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order" and document.b2b_portal_user_id:
            values.update(self._prepare_b2b_order_page_values(document))
        return values

    def _prepare_b2b_order_page_values(self, order_sudo):
        """What the B2B block of Odoo's order page (/my/orders/<id>) shows beyond the order."""
        return {
            "b2b_notices": self._b2b_pop_notices(),
            "b2b_can_edit": request.env.user._b2b_has_right("orders", write=True),
        }
