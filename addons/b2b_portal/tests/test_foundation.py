import ast

from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import B2bTestCommon


@tagged("post_install", "-at_install")
class TestFoundation(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._b2b_make_staff("manager")
        cls.storekeeper = cls._b2b_make_staff("storekeeper")
        cls.clerk = cls._b2b_make_staff("clerk")

    def _menu_ids(self, user):
        return {m["id"] for m in self.env["ir.ui.menu"].with_user(user).load_menus(debug=False).values() if "id" in m}

    def test_groups_imply_what_the_job_needs(self):
        self.assertTrue(self.manager.has_group("b2b_portal.group_b2b_storekeeper"))
        self.assertTrue(self.manager.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.storekeeper.has_group("stock.group_stock_user"))
        self.assertFalse(self.storekeeper.has_group("b2b_portal.group_b2b_manager"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("b2b_portal.group_b2b_manager"))

    def test_b2b_menu_only_for_b2b_staff(self):
        root = self.env.ref("b2b_portal.b2b_menu_root").id
        clients = self.env.ref("b2b_portal.res_partner_menu_b2b_client").id
        self.assertIn(root, self._menu_ids(self.manager))
        self.assertIn(clients, self._menu_ids(self.manager))
        self.assertIn(root, self._menu_ids(self.storekeeper))
        self.assertNotIn(clients, self._menu_ids(self.storekeeper))
        self.assertNotIn(root, self._menu_ids(self.clerk))

    def test_client_fields_and_action(self):
        client = self._b2b_make_client("ООО «Тест»")
        contact = self.env["res.partner"].create({"name": "Тестов", "parent_id": client.id, "b2b_role": "buyer"})
        action = self.env.ref("b2b_portal.res_partner_action_b2b_client")
        found = self.env["res.partner"].search(ast.literal_eval(action.domain))
        self.assertIn(client, found)
        self.assertNotIn(contact, found)
        self.assertEqual(contact.commercial_partner_id, client)

    def test_product_b2b_fields(self):
        product = self.env["product.template"].create(
            {
                "name": "Блок A5",
                "b2b_pack_qty": 50,
                "b2b_characteristic_ids": [(0, 0, {"name": "Формат", "value": "A5"})],
            }
        )
        self.assertEqual(product.b2b_characteristic_ids.mapped("value"), ["A5"])
        copy = product.copy()
        self.assertEqual(copy.b2b_characteristic_ids.mapped("name"), ["Формат"])
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            product.write({"b2b_pack_qty": 0})
            product.flush_recordset()


@tagged("post_install", "-at_install")
class TestRoles(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._b2b_make_client("ООО «Роли»")
        cls.users = cls._b2b_make_team(cls.client)
        cls.outsider = new_test_user(cls.env, "b2b_outsider", groups="base.group_portal")

    def test_rights_table(self):
        expected = {
            # area: roles that may write, roles that may read
            "catalog": ({"admin", "buyer"}, {"admin", "buyer", "accountant", "viewer"}),
            "orders": ({"admin", "buyer"}, {"admin", "buyer", "accountant", "viewer"}),
            "waybills": ({"admin", "buyer"}, {"admin", "buyer", "viewer"}),
            "invoices": ({"admin", "accountant"}, {"admin", "buyer", "accountant", "viewer"}),
            "acts": ({"admin", "accountant"}, {"admin", "accountant", "viewer"}),
            "team": ({"admin"}, {"admin"}),
        }
        for area, (writers, readers) in expected.items():
            for role, user in self.users.items():
                with self.subTest(area=area, role=role):
                    self.assertEqual(user._b2b_has_right(area, write=True), role in writers)
                    self.assertEqual(user._b2b_has_right(area), role in readers)
                    self.assertFalse(self.outsider._b2b_has_right(area))
        with self.assertRaises(ValueError):
            self.users["admin"]._b2b_has_right("nonsense")

    def test_client_of_user(self):
        self.assertEqual(self.users["buyer"]._b2b_client(), self.client)
        self.assertFalse(self.outsider._b2b_client())
        self.client.b2b_is_client = False
        self.assertFalse(self.users["admin"]._b2b_has_right("catalog"))
