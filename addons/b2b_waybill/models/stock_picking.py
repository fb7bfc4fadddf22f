from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("TORG-12 %s", self.name)

    def _b2b_waybill_validate(self):
        """Validate the deliveries as prepared by a waybill's collection; refuse if anything asks the user."""
        result = self.button_validate()
        if isinstance(result, dict) and result.get("res_model") or any(p.state != "done" for p in self):
            raise UserError(
                _("The delivery %s needs more information before validation: process it in Inventory.", self[:1].name)
            )
        return result

    def _b2b_torg12_data(self):
        """Everything the unified form TORG-12 shows for this done delivery, in one structure.

        Quantities are in the sale line's unit; prices and sums come from the sale order line
        (after discount), VAT from its taxes.
        """
        self.ensure_one()
        order = self.sale_id
        company = self.company_id
        currency = order.currency_id or company.currency_id
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.quantity)
        units = (moves.sale_line_id.product_uom | moves.product_uom)._b2b_okei()
        lines = []
        totals = dict.fromkeys(("quantity", "weight", "amount_untaxed", "vat", "amount_total"), 0.0)
        for move in moves:
            sale_line = move.sale_line_id
            uom = sale_line.product_uom or move.product_uom
            qty = move.product_uom._compute_quantity(move.quantity, uom)
            product = move.product_id
            if sale_line:
                price = sale_line.price_unit * (1 - (sale_line.discount or 0.0) / 100.0)
                taxes = sale_line.tax_id.compute_all(price, currency, qty, product=product, partner=order.partner_id)
                untaxed, total = taxes["total_excluded"], taxes["total_included"]
                rates = sale_line.tax_id.filtered(lambda t: t.amount_type == "percent").mapped("amount")
                vat_rate = ", ".join(f"{rate:g}%" for rate in rates) if rates else _("without VAT")
            else:
                untaxed = total = 0.0
                vat_rate = _("without VAT")
            weight = product.weight * move.product_uom._compute_quantity(move.quantity, product.uom_id)
            line = {
                "index": len(lines) + 1,
                "code": product.default_code or "",
                "name": product.display_name if not product.default_code else product.name,
                "uom": units[uom.id][0],
                "okei": units[uom.id][1],
                "quantity": qty,
                "weight": float_round(weight, precision_digits=3),
                "price": currency.round(untaxed / qty) if qty else 0.0,
                "amount_untaxed": currency.round(untaxed),
                "vat_rate": vat_rate,
                "vat": currency.round(total - untaxed),
                "amount_total": currency.round(total),
            }
            lines.append(line)
            for key in totals:
                totals[key] += line[key]
        supplier = company.partner_id
        consignee = self.partner_id
        payer = (order.partner_invoice_id or self.partner_id).commercial_partner_id
        return {
            "number": self.name,
            "date": (self.date_done or fields.Datetime.now()).date(),
            "supplier": supplier,
            "shipper": supplier,
            "consignee": consignee,
            "payer": payer,
            # the parties' requisites for b2b_portal.b2b_requisites_block; the shipper is the supplier
            "requisites": {
                "supplier": supplier._b2b_requisites(),
                "consignee": consignee._b2b_requisites(),
                "payer": payer._b2b_requisites(),
            },
            "basis": order.client_order_ref or order.name,
            "order": order,
            "currency": currency,
            "lines": lines,
            "totals": totals,
            "amount_total_words": currency._b2b_amount_in_words(totals["amount_total"]),
            "company": company,
        }
