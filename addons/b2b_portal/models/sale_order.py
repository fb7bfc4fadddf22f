from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.inputs import InvalidInput, parse_quantity


class SaleOrder(models.Model):
    """What every B2B document of an order shares: the row lock and the invoice-form data.

    The ordering itself (draft order, reservation, payment state) lives in `b2b_sale`; the
    public demo invoice in `b2b_demo_invoice`. Both print through `_b2b_invoice_document_data`
    and the `b2b_portal.report_b2b_invoice_document` template."""

    _inherit = "sale.order"

    def _b2b_amount_not_invoiced(self):
        """The order's total (taxes included) for the ordered quantities not yet on a posted
        customer invoice, whatever the products' invoicing policy."""
        self.ensure_one()
        amount = 0.0
        for line in self.order_line.filtered(lambda l: not l.display_type and l.product_uom_qty > 0):
            share = max(0.0, line.product_uom_qty - line.qty_invoiced_posted) / line.product_uom_qty
            amount += line.price_total * share
        return self.currency_id.round(amount)

    def _b2b_lock(self, nowait=False, touch=False):
        """Lock the orders' rows until the end of the transaction and re-read their fields.

        Waiting by default; with `nowait` a row locked by another transaction raises
        psycopg2's LockNotAvailable at once (the caller answers «try again», Odoo retries a web
        request). With `touch` the rows are rewritten too, so that a transaction whose snapshot
        is older than a committed change guarded by this lock fails to serialize instead of
        reading stale figures (under REPEATABLE READ, locking alone does not show it the change)."""
        if not self.ids:
            return
        ids = tuple(self.ids)
        query = SQL(
            "SELECT id FROM sale_order WHERE id IN %s ORDER BY id FOR NO KEY UPDATE%s",
            ids,
            SQL(" NOWAIT") if nowait else SQL(),
        )
        self.env.cr.execute(query, log_exceptions=not nowait)
        if touch:
            self.env.cr.execute(SQL("UPDATE sale_order SET write_date = write_date WHERE id IN %s", ids))
        self.invalidate_recordset()

    @api.model
    def _b2b_parse_quantity(self, quantity, allow_zero=False):
        """The quantity as a float (see ``tools.inputs.parse_quantity``); UserError with a
        message for the client, in the user's language, when it is not one."""
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        try:
            return parse_quantity(quantity, precision, allow_zero=allow_zero)
        except InvalidInput as error:
            raise UserError(error.translated(self.env.lang)) from None

    def _b2b_invoice_document_lines(self):
        """Hook: {sale.order.line: quantity} printed on the invoice form (all goods lines)."""
        return {line: line.product_uom_qty for line in self.order_line if not line.display_type}

    def _b2b_invoice_document_data(self, demo=False):
        """Everything the Russian invoice form («Счёт на оплату») shows, for the PDF and tests.

        The parties' requisites, the units and the amount in words come from the shared document
        layer (`res.partner._b2b_requisites`, `uom.uom._b2b_okei`, `res.currency._b2b_amount_in_words`).
        """
        self.ensure_one()
        currency = self.currency_id
        supplier = self.company_id.partner_id
        buyer = self.partner_invoice_id.commercial_partner_id
        quantities = {line: qty for line, qty in self._b2b_invoice_document_lines().items() if qty}
        units = self.order_line.product_uom._b2b_okei()
        lines = []
        for line, qty in quantities.items():
            ratio = qty / line.product_uom_qty if line.product_uom_qty else 0.0
            code = line.product_id.default_code or ""
            name = line.name or line.product_id.display_name
            if code and name.startswith(f"[{code}] "):
                name = name[len(code) + 3 :]  # the code has a column of its own
            lines.append(
                {
                    "index": len(lines) + 1,
                    "code": code,
                    "name": name,
                    "qty": qty,
                    "uom": units[line.product_uom.id][0],
                    "price": line.price_total / line.product_uom_qty if line.product_uom_qty else 0.0,
                    "total": currency.round(line.price_total * ratio),
                    "tax": currency.round(line.price_tax * ratio),
                }
            )
        total = currency.round(sum(item["total"] for item in lines))
        return {
            "number": self.name,
            "date": self.date_order,
            "supplier": supplier,
            "buyer": buyer,
            # for b2b_portal.b2b_bank_block and b2b_portal.b2b_requisites_block
            "requisites": {"supplier": supplier._b2b_requisites(), "buyer": buyer._b2b_requisites()},
            "reference": self.client_order_ref or "",
            "lines": lines,
            "total": total,
            "tax": currency.round(sum(item["tax"] for item in lines)),
            "words": currency._b2b_amount_in_words(total),
            "currency": currency,
            "currency_short": currency._b2b_short_name(),
            "demo": demo,
        }
