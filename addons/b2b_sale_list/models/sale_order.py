from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _b2b_add_lines(self, lines):
        """Add [(product, quantity in the product's unit)] to this portal draft order, as many
        as the client may order today: products no longer in its catalog are left out, a
        quantity beyond what the client may order now (its visible stock, the order caps of
        `res.partner._b2b_order_limits`) is cut to it. Each line goes through
        `_b2b_add_product`, so today's client price and every check of a single addition apply.

        Returns {"added": [(product, qty)], "short": [(product, asked, added)],
        "unavailable": [(product, reason)]}."""
        self.ensure_one()
        self._b2b_check_editable()
        wanted = {}
        for product, quantity in lines:
            # sudo: portal users cannot read products; the catalog's filter decides below
            product = product.sudo()
            wanted[product] = wanted.get(product, 0.0) + quantity
        report = {"added": [], "short": [], "unavailable": []}
        if not wanted:
            return report
        order = self.sudo()  # lines, stock and prices are read by the system for the client
        client = order.partner_id.commercial_partner_id.with_company(order.company_id)
        products = self.env["product.product"].sudo().concat(*wanted).with_company(order.company_id)
        sellable = products.filtered_domain(client._b2b_catalog_product_domain())
        storable = sellable.filtered("is_storable")
        limits = client._b2b_order_limits(storable) if storable else {}
        room = {product.id: limits.get(product.id, 0.0) - qty for product, qty in order._b2b_product_totals().items()}
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for product, asked in wanted.items():
            if product not in sellable:
                report["unavailable"].append((product, "not_sold"))
                continue
            quantity = asked
            if product.is_storable:
                free = room.get(product.id, limits.get(product.id, 0.0))
                quantity = min(asked, float_round(max(free, 0.0), precision_digits=precision, rounding_method="DOWN"))
            if float_compare(quantity, 0.0, precision_digits=precision) <= 0:
                report["unavailable"].append((product, "no_stock"))
                continue
            try:
                self._b2b_add_product(product, quantity)
            except UserError as error:
                report["unavailable"].append((product, error.args[0]))
                continue
            room[product.id] = room.get(product.id, limits.get(product.id, 0.0)) - quantity
            if float_compare(quantity, asked, precision_digits=precision) < 0:
                report["short"].append((product, asked, quantity))
            else:
                report["added"].append((product, quantity))
        return report

    def _b2b_product_totals(self, lines=None):
        """{product: quantity in the product's unit} of `lines` (default: this order's goods)."""
        if lines is None:
            self.ensure_one()
            lines = self.sudo().order_line.filtered(lambda l: not l.display_type and l.product_id)
        totals = {}
        for line in lines:
            qty = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, raise_if_failure=False
            )
            totals[line.product_id] = totals.get(line.product_id, 0.0) + qty
        return totals

    def _b2b_repeat_lines(self):
        """[(product, quantity in the product's unit)] of this order, for «Repeat» (its goods,
        not down payments)."""
        self.ensure_one()
        order = self.sudo()  # portal users read the order, not its products
        lines = order.order_line.filtered(lambda l: not l.display_type and l.product_id and not l.is_downpayment)
        return list(self._b2b_product_totals(lines).items())
