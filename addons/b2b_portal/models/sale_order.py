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

    def _b2b_lock(self, nowait=False):
        """Lock the orders' rows until the end of the transaction and re-read their state.

        Waiting by default; with `nowait` a row locked by another transaction raises
        psycopg2's LockNotAvailable at once (the caller answers «try again»)."""
        if not self.ids:
            return
        query = SQL(
            "SELECT id FROM sale_order WHERE id IN %s ORDER BY id FOR NO KEY UPDATE%s",
            tuple(self.ids),
            SQL(" NOWAIT") if nowait else SQL(),
        )
        self.env.cr.execute(query, log_exceptions=not nowait)
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
        """Everything the Russian invoice form («Счёт на оплату») shows, for the PDF and tests."""
        self.ensure_one()
        from num2words import num2words

        supplier = self.company_id.partner_id
        bank = supplier.bank_ids[:1]
        buyer = self.partner_invoice_id.commercial_partner_id
        lines = []
        for line, qty in self._b2b_invoice_document_lines().items():
            if not qty:
                continue
            ratio = qty / line.product_uom_qty if line.product_uom_qty else 0.0
            lines.append(
                {
                    "index": len(lines) + 1,
                    "code": line.product_id.default_code or "",
                    "name": line.name,
                    "qty": qty,
                    "uom": line.product_uom.name,
                    "price": line.price_total / line.product_uom_qty if line.product_uom_qty else 0.0,
                    "total": self.currency_id.round(line.price_total * ratio),
                    "tax": self.currency_id.round(line.price_tax * ratio),
                }
            )
        total = sum(item["total"] for item in lines)
        tax = sum(item["tax"] for item in lines)
        rubles = int(total)
        kopecks = round((total - rubles) * 100)
        words = num2words(total, lang="ru", to="currency", currency="RUB")
        return {
            "number": self.name,
            "date": self.date_order,
            "supplier": supplier,
            "supplier_inn": supplier.vat or "",
            "supplier_kpp": supplier.b2b_kpp or "",
            "bank_name": supplier.b2b_bank_name or (bank.bank_id.name if bank else ""),
            "bank_bik": supplier.b2b_bank_bik or (bank.bank_id.bic if bank else ""),
            "bank_account": supplier.b2b_bank_account or (bank.acc_number if bank else ""),
            "bank_corr_account": supplier.b2b_bank_corr_account or "",
            "buyer": buyer,
            "buyer_inn": buyer.vat or "",
            "buyer_kpp": buyer.b2b_kpp or "",
            "reference": self.client_order_ref or "",
            "lines": lines,
            "total": total,
            "tax": tax,
            "rubles": rubles,
            "kopecks": kopecks,
            "words": words[:1].upper() + words[1:],
            "currency": self.currency_id,
            "demo": demo,
        }
