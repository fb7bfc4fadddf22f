from odoo import Command
from odoo.tests import new_test_user

ROLES = ("admin", "buyer", "accountant", "viewer")


class WaybillFixture:
    """Builds a consignment client with its staff, products in stock and confirmed orders.

    A plain helper (not a test case) so that the concurrency test can build the same world on
    committed cursors.
    """

    def __init__(self, env, key="wb"):
        self.env = env
        self.key = key
        self.company = env.company
        self.warehouse = env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self.stock_location = self.warehouse.lot_stock_id
        self.client = self.make_client(f"ООО «Консигнант {key}»", "consignment")
        self.users = {role: self.make_user(self.client, f"{key}_{role}_user", role) for role in ROLES}
        self.other_client = self.make_client(f"ООО «Чужой {key}»", "consignment")
        self.other_admin = self.make_user(self.other_client, f"{key}_other_admin", "admin")
        self.tax = env["account.tax"].create(
            {"name": f"НДС 20% {key}", "amount": 20, "amount_type": "percent", "type_tax_use": "sale"}
        )

    def make_client(self, name, contract_type):
        client = self.env["res.partner"].create({"name": name, "is_company": True, "b2b_is_client": True})
        contract = self.env["b2b.contract"].create(
            {
                "name": f"Д-{client.id}",
                "partner_id": client.id,
                "company_id": self.company.id,
                "contract_type": contract_type,
            }
        )
        contract.action_activate()
        return client

    def make_user(self, client, login, role):
        user = new_test_user(self.env, login, groups="base.group_portal", email=f"{login}@example.com")
        user.partner_id.write({"parent_id": client.id, "b2b_role": role})
        return user

    def make_product(self, name, qty_in_stock, weight=0.5, price=100.0, code=None):
        product = self.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "is_storable": True,
                "weight": weight,
                "list_price": price,
                "taxes_id": [Command.set(self.tax.ids)],
            }
        )
        if qty_in_stock:
            self.env["stock.quant"]._update_available_quantity(product, self.stock_location, qty_in_stock)
        return product

    def make_order(self, lines, client=None, confirm=True):
        client = client or self.client
        order = self.env["sale.order"].create(
            {
                "partner_id": client.id,
                "company_id": self.company.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": product.list_price})
                    for product, qty in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order
