import csv
import io
import re

from odoo import _, fields, http
from odoo.addons.b2b_portal.controllers.portal import b2b_portal_route
from odoo.addons.b2b_portal.tools import spreadsheet
from odoo.addons.b2b_portal.tools.inputs import parse_int_id, safe_local_path
from odoo.addons.b2b_sale.controllers.orders import B2B_IMPORT_MAX_ROWS, B2bOrderPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date

B2B_LISTS_PER_PAGE = 20


class B2bSaleListPortal(B2bOrderPortal):
    """/my/b2b/lists: the client company's saved order lists. Every user with the «orders» area
    reads them; who may order (admin, buyer) changes them. The pages work as the user: the
    record rules of b2b.sale.list keep each company to its own lists."""

    # ------------------------------------------------------------------ hooks of other pages

    def _prepare_b2b_home_values(self):
        values = super()._prepare_b2b_home_values()
        values["b2b_lists_access"] = request.env.user._b2b_has_right("orders")
        return values

    def _b2b_lists(self):
        """The lists of the user's company, as the user."""
        return request.env["b2b.sale.list"].search([])

    def _prepare_b2b_catalog_values(self, *args, **kw):
        values = super()._prepare_b2b_catalog_values(*args, **kw)
        values["b2b_lists"] = self._b2b_lists() if values.get("can_order") else []
        return values

    def _prepare_b2b_product_values(self, product):
        values = super()._prepare_b2b_product_values(product)
        values["b2b_lists"] = self._b2b_lists() if values.get("can_order") else []
        return values

    def _prepare_b2b_order_values(self, order):
        values = super()._prepare_b2b_order_values(order)
        values["b2b_lists_can_save"] = values["can_edit"]
        return values

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order":
            values["b2b_can_repeat"] = self._b2b_can_repeat(document)
            if "b2b_notices" not in values:  # b2b_sale shows them on the orders built in the portal
                values["b2b_notices"] = self._b2b_pop_notices()
        return values

    def _b2b_can_repeat(self, order_sudo):
        """«Repeat» on Odoo's order page: for who may order, on an order of the own company
        that is not the user's current draft."""
        user = request.env.user
        building = order_sudo.state == "draft" and order_sudo.b2b_reservation_state == "draft"
        return (
            user._b2b_has_right("orders", write=True)
            and order_sudo.partner_id.commercial_partner_id == user._b2b_client()
            and not (building and order_sudo.b2b_portal_user_id == user)
        )

    # ------------------------------------------------------------------ helpers

    def _b2b_list(self, list_id):
        """The list with this id if the user may read it (the record rules), else 404."""
        list_id = parse_int_id(list_id, default=0)
        sale_list = request.env["b2b.sale.list"].search([("id", "=", list_id)]) if list_id else None
        if not sale_list:
            raise request.not_found()
        return sale_list

    def _b2b_list_redirect(self, sale_list=None):
        return request.redirect(f"/my/b2b/lists/{sale_list.id}" if sale_list else "/my/b2b/lists")

    def _b2b_report_added(self, report, what):
        """Notices after adding a list or a past order to the current order."""
        added = len(report["added"]) + len(report["short"])
        if added:
            self._b2b_notify(_("%(count)s lines of %(what)s added to your order.", count=added, what=what))
        for product, asked, quantity in report["short"]:
            self._b2b_notify(
                _(
                    "%(product)s: only %(quantity)s of %(asked)s could be added (what you may order now).",
                    product=product.display_name,
                    quantity=self._b2b_qty_text(quantity),
                    asked=self._b2b_qty_text(asked),
                ),
                "warning",
            )
        reasons = {"not_sold": _("no longer sold"), "no_stock": _("out of stock now")}
        missing = [
            _("%(product)s (%(reason)s)", product=product.display_name, reason=reasons.get(reason, reason))
            for product, reason in report["unavailable"]
        ]
        if missing:
            self._b2b_notify(_("Not added: %(lines)s.", lines="; ".join(missing)), "danger")
        if not added and not missing:
            self._b2b_notify(_("There is nothing to add."), "warning")

    def _b2b_qty_text(self, quantity):
        return ("%.3f" % quantity).rstrip("0").rstrip(".")

    # ------------------------------------------------------------------ the lists

    @b2b_portal_route("orders")
    @http.route(
        ["/my/b2b/lists", "/my/b2b/lists/page/<int:page>"], type="http", auth="user", website=True, methods=["GET"]
    )
    def b2b_lists(self, page=1, **kw):
        SaleList = request.env["b2b.sale.list"]
        page = parse_int_id(page, default=1)
        pager = portal_pager(url="/my/b2b/lists", total=SaleList.search_count([]), page=page, step=B2B_LISTS_PER_PAGE)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_lists",
                "lists": SaleList.search([], limit=B2B_LISTS_PER_PAGE, offset=pager["offset"]),
                "pager": pager,
                "can_edit": request.env.user._b2b_has_right("orders", write=True),
                "b2b_notices": self._b2b_pop_notices(),
            }
        )
        return request.render("b2b_sale_list.portal_b2b_lists", values)

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/create", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_create(self, name=None, from_order=None, **kw):
        """A new list: empty, or with the lines of the user's current order (`from_order`)."""
        lines = []
        if from_order:
            order = request.env["sale.order"]._b2b_draft_for_user(request.env.user)
            lines = order._b2b_repeat_lines() if order else []
            if not lines:
                self._b2b_notify(_("Your order is empty: there is nothing to save."), "warning")
                return self._b2b_order_redirect()
        try:
            sale_list = request.env["b2b.sale.list"]._b2b_create_for(request.env.user, name, lines)
        except (UserError, ValidationError) as error:
            self._b2b_notify(error.args[0], "danger")
            return self._b2b_order_redirect() if from_order else self._b2b_list_redirect()
        self._b2b_notify(_("The list «%(name)s» is saved.", name=sale_list.name))
        return self._b2b_list_redirect(sale_list)

    def _prepare_b2b_list_values(self, sale_list):
        # sudo: portal users cannot read products, prices or stock; they are those of the list's
        # own lines, for the user's own client company (as in the catalog)
        client = self._b2b_catalog_client()
        lines = sale_list.line_ids
        products = lines.product_id.sudo().with_company(client.env.company)
        sellable = products.filtered_domain(client._b2b_catalog_product_domain())
        prices = client._b2b_get_catalog_prices(sellable)
        stock = client._b2b_get_visible_stock(sellable)
        rows = [
            {
                "line": line,
                "product": line.product_id.sudo(),
                "sold": line.product_id in sellable,
                "price": prices.get(line.product_id.id),
                "stock": stock.get(line.product_id.id),
            }
            for line in lines
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_list",
                "sale_list": sale_list,
                "rows": rows,
                "currency": client._b2b_catalog_currency(),
                "can_edit": request.env.user._b2b_has_right("orders", write=True),
                "b2b_notices": self._b2b_pop_notices(),
                "b2b_paste": request.session.pop("b2b_list_paste", ""),
                "b2b_import_errors": request.session.pop("b2b_list_import_errors", []),
                "b2b_import_max_rows": B2B_IMPORT_MAX_ROWS,
            }
        )
        return values

    @b2b_portal_route("orders")
    @http.route("/my/b2b/lists/<int:list_id>", type="http", auth="user", website=True, methods=["GET"])
    def b2b_list_page(self, list_id, **kw):
        sale_list = self._b2b_list(list_id)
        return request.render("b2b_sale_list.portal_b2b_list", self._prepare_b2b_list_values(sale_list))

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/<int:list_id>/update", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_update(self, list_id, name=None, **kw):
        """Rename the list, change quantities (0 or «Remove» takes a line off)."""
        sale_list = self._b2b_list(list_id)
        SaleOrder = request.env["sale.order"]
        changes, removed = {}, set()
        try:
            for key, value in kw.items():
                if match := re.fullmatch(r"qty_(\d+)", key):
                    changes[int(match.group(1))] = SaleOrder._b2b_parse_quantity(value, allow_zero=True)
                elif match := re.fullmatch(r"remove_(\d+)", key):
                    removed.add(int(match.group(1)))
            new_name = sale_list._b2b_check_name(name) if name is not None else None
            lines = {line.id: line for line in sale_list.line_ids}
            if set(changes) - set(lines) or removed - set(lines):
                raise UserError(_("This line is not on the list any more; reload the page."))
            with request.env.cr.savepoint():
                for line_id, quantity in changes.items():
                    if line_id in removed or not quantity:
                        lines[line_id].unlink()
                    elif quantity != lines[line_id].quantity:
                        lines[line_id].quantity = quantity
                for line_id in removed - set(changes):
                    lines[line_id].unlink()
                if new_name and new_name != sale_list.name:
                    sale_list.name = new_name
        except (UserError, ValidationError, AccessError) as error:
            self._b2b_notify(error.args[0], "danger")
        else:
            self._b2b_notify(_("The list is saved."))
        return self._b2b_list_redirect(sale_list)

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/<int:list_id>/delete", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_delete(self, list_id, **kw):
        sale_list = self._b2b_list(list_id)
        name = sale_list.name
        sale_list.unlink()
        self._b2b_notify(_("The list «%(name)s» is deleted.", name=name))
        return self._b2b_list_redirect()

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/<int:list_id>/import", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_import(self, list_id, lines_text=None, lines_file=None, **kw):
        """Add a pasted or uploaded list of SKU and quantity (the order upload's format)."""
        sale_list = self._b2b_list(list_id)
        try:
            rows = self._b2b_import_rows(lines_text, lines_file)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            return self._b2b_list_redirect(sale_list)
        if not rows:
            self._b2b_notify(_("Paste or upload a list of SKUs and quantities first."), "warning")
            return self._b2b_list_redirect(sale_list)
        good, errors, leftover = self._b2b_list_import_check(rows)
        if good:
            sale_list._b2b_merge_lines(good)
            self._b2b_notify(_("%(count)s lines added to the list.", count=len(good)))
        if errors:
            self._b2b_notify(_("%(count)s lines were not added; see the list below.", count=len(errors)), "warning")
        request.session["b2b_list_import_errors"] = errors
        request.session["b2b_list_paste"] = "\n".join(leftover)
        return self._b2b_list_redirect(sale_list)

    def _b2b_list_import_check(self, rows):
        """([(product, quantity)] of the good rows, error messages, rows to give back)."""
        client = self._b2b_catalog_client()
        Product = self._b2b_catalog_env_products()
        skus = list({sku for __, sku, __ in rows})
        products = Product.search([("default_code", "in", skus), *client._b2b_catalog_product_domain()])
        by_sku = {product.default_code: product for product in products}
        good, errors, leftover = self._b2b_import_match(rows, by_sku)
        return [pair for pair, _row in good], errors, leftover

    @b2b_portal_route("orders")
    @http.route(
        "/my/b2b/lists/<int:list_id>/export.<string:fmt>", type="http", auth="user", website=True, methods=["GET"]
    )
    def b2b_list_export(self, list_id, fmt, **kw):
        """The list as CSV (SKU;quantity, the order upload's format) or XLSX."""
        if fmt not in ("csv", "xlsx"):
            raise request.not_found()
        sale_list = self._b2b_list(list_id)
        rows = sale_list._b2b_export_rows()
        header = (_("SKU"), _("Quantity"))
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
            writer.writerow(spreadsheet.csv_safe_row(header))
            for sku, quantity in rows:
                writer.writerow(spreadsheet.csv_safe_row([sku, self._b2b_qty_text(quantity)]))
            content = buffer.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM
            mimetype = "text/csv; charset=utf-8"
        else:
            stream = io.BytesIO()
            workbook = spreadsheet.new_workbook(stream)
            sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\']", "_", sale_list.name)[:31])
            safe = spreadsheet.SafeSheet(workbook, sheet)
            safe.write_row(0, 0, [str(text) for text in header])
            for index, (sku, quantity) in enumerate(rows, start=1):
                safe.write_row(index, 0, [sku, quantity])
            sheet.set_column(0, 0, 18)
            workbook.close()
            content = stream.getvalue()
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = "%s.%s" % (re.sub(r"[^\w-]", "_", sale_list.name)[:60] or "list", fmt)
        return request.make_response(
            content, headers=[("Content-Type", mimetype), ("Content-Disposition", http.content_disposition(filename))]
        )

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/<int:list_id>/add-to-order", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_add_to_order(self, list_id, **kw):
        sale_list = self._b2b_list(list_id)
        order = request.env["sale.order"]._b2b_draft_for_user(request.env.user, create=True)
        try:
            report = sale_list._b2b_add_to_order(order)
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            return self._b2b_list_redirect(sale_list)
        self._b2b_report_added(report, _("the list «%(name)s»", name=sale_list.name))
        return self._b2b_order_redirect()

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/lists/add-product", type="http", auth="user", website=True, methods=["POST"])
    def b2b_list_add_product(self, product_id=None, quantity=None, list_id=None, redirect=None, add=None, **kw):
        """The catalog's «add to list»: to the chosen list, or to a new one. The product card
        posts `product_id` and `quantity`; the catalog's one form posts `add=<id>` (the row's
        button) with the row's box `qty_<id>`."""
        if add is not None:
            product_id = add
            quantity = kw.get(f"qty_{add}") if isinstance(add, str) and add.isdigit() else None
        back = safe_local_path(redirect, default="/my/b2b/catalog")
        if not back.startswith("/my/"):  # back to a page of the cabinet only
            back = "/my/b2b/catalog"
        product = self._b2b_catalog_product(product_id)
        try:
            if not product:
                raise UserError(_("This product is not in the catalog."))
            quantity = request.env["sale.order"]._b2b_parse_quantity(quantity)
            if list_id:
                sale_list = self._b2b_list(list_id)
                sale_list._b2b_merge_lines([(product, quantity)])
            else:
                name = _("List of %(date)s", date=format_date(request.env, fields.Date.context_today(request.env.user)))
                sale_list = request.env["b2b.sale.list"]._b2b_create_for(request.env.user, name, [(product, quantity)])
        except (UserError, ValidationError) as error:
            self._b2b_notify(error.args[0], "danger")
            return request.redirect(back)
        self._b2b_notify(
            _(
                "%(product)s: %(quantity)s added to the list «%(name)s».",
                product=product.display_name,
                quantity=self._b2b_qty_text(quantity),
                name=sale_list.name,
            )
        )
        return request.redirect(back)

    # ------------------------------------------------------------------ «Repeat» a past order

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/order/<int:order_id>/repeat", type="http", auth="user", website=True, methods=["POST"])
    def b2b_order_repeat(self, order_id, **kw):
        """Add the goods of one of the client's orders (as the record rules let the user see it)
        to the current order, at today's prices and within today's stock."""
        order_sudo = self._b2b_client_document("sale.order", order_id, raise_if_not_found=False)
        if not order_sudo:
            return self._b2b_order_not_found()
        draft = request.env["sale.order"]._b2b_draft_for_user(request.env.user, create=True)
        if draft.id == order_sudo.id:
            self._b2b_notify(_("This is your current order."), "warning")
            return self._b2b_order_redirect()
        try:
            report = draft._b2b_add_lines(order_sudo._b2b_repeat_lines())
        except UserError as error:
            self._b2b_notify(error.args[0], "danger")
            return request.redirect(order_sudo.get_portal_url())
        self._b2b_report_added(report, _("the order %(name)s", name=order_sudo.name))
        return self._b2b_order_redirect()
