import csv
import io
import logging
import re
import zipfile
from xml.etree import ElementTree

from odoo import _, http
from odoo.addons.b2b_portal.controllers.catalog import B2bCatalogPortal
from odoo.addons.sale.controllers.portal import CustomerPortal as SaleCustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

_logger = logging.getLogger(__name__)

B2B_IMPORT_MAX_ROWS = 500
B2B_IMPORT_MAX_BYTES = 2 * 1024 * 1024
_XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _read_xlsx_rows(data):
    """Rows of the first sheet of an XLSX file as lists of strings (no formulas, no styles)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            for item in root.findall("m:si", _XLSX_NS):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{_XLSX_NS['m']}}}t")))
        sheet = sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[:1]
        if not sheet:
            return []
        root = ElementTree.fromstring(archive.read(sheet[0]))
    rows = []
    for row in root.iter(f"{{{_XLSX_NS['m']}}}row"):
        cells = {}
        for cell in row.findall("m:c", _XLSX_NS):
            column = re.match(r"[A-Z]+", cell.get("r", "A"))
            index = 0
            for char in column.group(0) if column else "A":
                index = index * 26 + ord(char) - 64
            kind = cell.get("t")
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{_XLSX_NS['m']}}}t"))
            else:
                value = cell.find("m:v", _XLSX_NS)
                text = value.text if value is not None and value.text else ""
                if kind == "s" and text:
                    text = shared[int(text)] if int(text) < len(shared) else ""
            cells[index - 1] = text
        if cells:
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows


def _read_text_rows(text):
    """Rows of pasted text or a CSV file: SKU and quantity separated by tab, ';', ',' or spaces."""
    rows = []
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    delimiter = None
    for candidate in ("\t", ";"):
        if candidate in sample:
            delimiter = candidate
            break
    if delimiter:
        rows = list(csv.reader(lines, delimiter=delimiter))
    else:
        for line in lines:
            if "," in line and len(line.split(",")) == 2 and not re.search(r"\d,\d+\s*$", line):
                rows.append(line.split(","))
            else:
                rows.append(line.rsplit(None, 1) if line.strip() else [])
    return rows


class B2bOrderPortal(B2bCatalogPortal, SaleCustomerPortal):
    def _b2b_catalog_can_order(self):
        return request.env.user._b2b_has_right("orders", write=True)

    # ------------------------------------------------------------------ Odoo's order list/page

    def _prepare_orders_domain(self, partner):
        # orders sent from the B2B portal are quotations until the stock side confirms them:
        # show the pending and refused ones in the order list too
        domain = super()._prepare_orders_domain(partner)
        if not request.env.user._b2b_client():
            return domain
        sent = [
            ("message_partner_ids", "child_of", [partner.commercial_partner_id.id]),
            ("state", "=", "draft"),
            ("b2b_reservation_state", "in", ("pending", "refused")),
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

    @http.route("/my/b2b/order/add", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_add(self, product_id=None, quantity=None, redirect=None, **kw):
        """Add a product to the user's open draft order (the catalog's quantity box posts here)."""
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
        back = redirect if redirect and redirect.startswith("/my/") and "//" not in redirect else "/my/b2b/catalog"
        try:
            product_id = int(product_id)
        except (TypeError, ValueError):
            product_id = 0
        # sudo: portal users have no read access to products; only the catalog's own checks
        # (active, sellable) are applied to the record before it goes on the order
        product = request.env["product.product"].sudo().browse(product_id).exists()
        try:
            if not product:
                raise UserError(_("This product is not available for ordering."))
            order = request.env["sale.order"]._b2b_draft_for_user(request.env.user, create=True)
            line = order._b2b_add_product(product, quantity)
        except UserError as error:
            _logger.info("B2B: %s could not add product %s: %s", request.env.user.login, product_id, error)
            self._b2b_notify(error.args[0], "danger")
            return request.redirect(back)
        self._b2b_notify(
            _("%(product)s: %(quantity)s added to your order.", product=line.product_id.display_name, quantity=quantity)
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
        return values

    @http.route("/my/b2b/order", type="http", auth="user", website=True)
    def b2b_order_page(self, **kw):
        refused = self._b2b_check_right("orders")
        if refused:
            return refused
        order = request.env["sale.order"]._b2b_draft_for_user(request.env.user)
        return request.render("b2b_sale.portal_b2b_order", self._prepare_b2b_order_values(order))

    @http.route("/my/b2b/order/update", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_update(self, reference=None, **kw):
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
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

    @http.route("/my/b2b/order/import", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_import(self, lines_text=None, lines_file=None, **kw):
        """Add a pasted or uploaded (CSV/XLSX) list of SKU and quantity to the draft order.
        Lines that cannot be added are listed and put back in the paste box."""
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
        try:
            rows = self._b2b_import_rows(lines_text, lines_file)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            request.session["b2b_order_paste"] = lines_text or ""
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
        """[(row number, sku, quantity text)] from the paste box or the file."""
        rows = []
        if lines_file and getattr(lines_file, "filename", None):
            data = lines_file.read(B2B_IMPORT_MAX_BYTES + 1)
            if len(data) > B2B_IMPORT_MAX_BYTES:
                raise UserError(_("The file is too large (at most 2 MB)."))
            if lines_file.filename.lower().endswith(".xlsx") or data[:2] == b"PK":
                try:
                    raw = _read_xlsx_rows(data)
                except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
                    raise UserError(_("This file cannot be read as an XLSX table.")) from None
            else:
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = data.decode("cp1251", errors="replace")
                raw = _read_text_rows(text)
        else:
            raw = _read_text_rows(lines_text or "")
        for number, row in enumerate(raw, start=1):
            cells = [str(cell).strip() for cell in row if str(cell).strip()]
            if not cells:
                continue
            rows.append((number, cells[0], cells[1] if len(cells) > 1 else ""))
        if len(rows) > B2B_IMPORT_MAX_ROWS:
            raise UserError(_("At most %(max)s lines can be added at once.", max=B2B_IMPORT_MAX_ROWS))
        return rows

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
        added, errors, leftover = 0, [], []
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
            try:
                order._b2b_add_product(product, quantity)
            except UserError as error:
                errors.append(_("Line %(line)s (%(sku)s): %(error)s", line=number, sku=sku, error=error.args[0]))
                leftover.append(f"{sku}\t{qty_text}")
                continue
            added += 1
        return added, errors, leftover

    @http.route("/my/b2b/order/submit", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_submit(self, order_id=None, **kw):
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
        order = self._b2b_company_order(order_id)
        if not order:
            self._b2b_notify(_("This order cannot be found."), "danger")
            return self._b2b_order_redirect()
        try:
            sent = order._b2b_submit()
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            return self._b2b_order_redirect()
        if sent:
            self._b2b_notify(_("Your order is sent for reservation. We will e-mail you the result."))
        else:
            self._b2b_notify(_("This order has already been sent."), "warning")
        return request.redirect(order.get_portal_url())

    def _b2b_company_order(self, order_id):
        """An order of the current user's client company, or an empty recordset."""
        try:
            order_id = int(order_id)
        except (TypeError, ValueError):
            return request.env["sale.order"]
        order = request.env["sale.order"].browse(order_id)
        try:
            order.check_access("read")
        except (AccessError, MissingError):
            return request.env["sale.order"]
        if not order.exists():
            return order.browse()
        # sudo: the owner of the order is checked, beyond the follower-based record rule
        if order.sudo().partner_id.commercial_partner_id != request.env.user._b2b_client():
            return order.browse()
        return order

    @http.route("/my/b2b/order/<int:order_id>/resend", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_resend(self, order_id, **kw):
        return self.b2b_order_submit(order_id=order_id)

    @http.route("/my/b2b/order/<int:order_id>/cancel", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_cancel(self, order_id, **kw):
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
        order = self._b2b_company_order(order_id)
        if not order:
            self._b2b_notify(_("This order cannot be found."), "danger")
            return self._b2b_order_redirect()
        if order._b2b_cancel_refused():
            self._b2b_notify(_("The order is cancelled."))
        else:
            self._b2b_notify(_("Only an order that could not be reserved can be cancelled here."), "warning")
        return request.redirect(order.get_portal_url())

    # ------------------------------------------------------------------ «Счёт на оплату»

    @http.route("/my/b2b/order/<int:order_id>/payment-invoice", type="http", auth="public", website=True)
    def b2b_payment_invoice(self, order_id, access_token=None, **kw):
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        if not order_sudo._b2b_can_print_payment_invoice():
            raise request.not_found()
        report = request.env["ir.actions.report"].sudo()
        pdf, __ = report._render_qweb_pdf("b2b_sale.action_report_b2b_payment_invoice", [order_sudo.id])
        filename = "Schet_%s.pdf" % re.sub(r"[^\w-]", "_", order_sudo.name)
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", http.content_disposition(filename)),
        ]
        return request.make_response(pdf, headers=headers)
