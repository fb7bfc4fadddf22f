from odoo.tests import new_test_user


class B2bTestCommon:
    """Fixtures shared by the b2b tests: a client company with one user per role, another
    client company with an admin, and a couple of storable products in stock.
    Mix into a TransactionCase or HttpCase and call `_b2b_setup()` from setUpClass."""

    ROLES = ("admin", "buyer", "accountant", "viewer")

    @classmethod
    def _b2b_make_client(cls, name, inn, prefix, roles=ROLES):
        client = cls.env["res.partner"].create(
            {"name": name, "is_company": True, "b2b_is_client": True, "vat": inn, "lang": "en_US"}
        )
        users = {}
        for role in roles:
            user = new_test_user(
                cls.env, f"{prefix}_{role}", groups="base.group_portal", email=f"{prefix}.{role}@example.com"
            )
            user.partner_id.write({"parent_id": client.id, "b2b_role": role})
            users[role] = user
        return client, users

    @classmethod
    def _b2b_setup(cls):
        cls.client, cls.client_users = cls._b2b_make_client("ООО «Альфа»", "7707083893", "alfa")
        cls.other_client, cls.other_users = cls._b2b_make_client("ООО «Бета»", "7736207543", "beta", roles=("admin",))
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.stock_location = warehouse.lot_stock_id
        cls.product_a = cls.env["product.product"].create(
            {
                "name": "Блок календарный A5",
                "default_code": "T-A5",
                "is_storable": True,
                "list_price": 100.0,
                "weight": 0.2,
                "volume": 0.0005,
            }
        )
        cls.product_b = cls.env["product.product"].create(
            {
                "name": "Пружина 6,4 мм",
                "default_code": "T-SP6",
                "is_storable": True,
                "list_price": 2.5,
                "weight": 0.004,
                "volume": 0.00001,
            }
        )
        for product, qty in ((cls.product_a, 100), (cls.product_b, 1000)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, qty)
