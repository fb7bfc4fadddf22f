from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import RECIPIENT, B2bDropshipCommon


@tagged("post_install", "-at_install")
class TestDropship(B2bDropshipCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_dropship_setup()

    # ------------------------------------------------------------------ details

    def test_details_stay_on_the_order_and_its_delivery(self):
        partners = self._partner_count()
        client_contacts = self.client.with_context(active_test=False).child_ids
        order = self._reserved_dropship_order()
        self.assertTrue(order.b2b_dropship)
        self.assertEqual(order.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertEqual(order.b2b_recipient_address, "620014, г. Екатеринбург,\nул. Малышева, д. 5, кв. 12")
        self.assertEqual(order.b2b_cod_amount, 1500.5)
        self.assertTrue(order._b2b_send_to_assembly(self.buyer))
        # nothing went into an address book: no partner at all, the delivery still goes to the
        # client's own contact and carries the recipient as text
        self.assertEqual(self._partner_count(), partners)
        self.assertEqual(self.client.with_context(active_test=False).child_ids, client_contacts)
        delivery = order._b2b_deliveries()
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.partner_id, self.buyer.partner_id)
        self.assertEqual(delivery.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertEqual(delivery.b2b_recipient_phone, "+7 912 345-67-89")
        self.assertEqual(delivery.b2b_cod_amount, 1500.5)
        self.assertEqual(delivery.b2b_packing_note, "Подарочная упаковка, без чека")

    def test_cleaning(self):
        order = self._order([(self.product_a, 1)]).sudo()
        order._b2b_set_dropship(
            {
                "b2b_recipient_name": "  Пётр \t Сидоров\n ",
                "b2b_recipient_phone": " 8 (343) 123-45-67 ",
                "b2b_recipient_address": " г. Пермь \r\n ул. Ленина, 1 ",
                "b2b_cod_amount": "",
                "b2b_packing_note": "",
            },
            version=0,
        )
        self.assertEqual(order.b2b_recipient_name, "Пётр Сидоров")
        self.assertEqual(order.b2b_recipient_phone, "8 (343) 123-45-67")
        self.assertEqual(order.b2b_recipient_address, "г. Пермь\nул. Ленина, 1")
        self.assertEqual(order.b2b_cod_amount, 0)
        self.assertFalse(order.b2b_packing_note)
        # a note alone: the client receives the goods itself
        order._b2b_set_dropship({"b2b_packing_note": "Позвонить за час"}, version=1)
        self.assertFalse(order.b2b_dropship)
        self.assertEqual(order.b2b_packing_note, "Позвонить за час")
        self.assertEqual(order.b2b_dropship_version, 2)

    def test_bad_input_changes_nothing(self):
        order = self._dropship_order()
        before = self._dropship_snapshot(order)
        self.env["ir.config_parameter"].set_param("b2b_dropship.cod_max", "100000")
        bad = {
            "NUL in the name": {"b2b_recipient_name": "Иванова\x00"},
            "control character": {"b2b_packing_note": "a\x1bb"},
            "huge address": {"b2b_recipient_address": "д" * 10**6},
            "long name": {"b2b_recipient_name": "И" * 129},
            "letters for a phone": {"b2b_recipient_phone": "позвонить"},
            "too short a phone": {"b2b_recipient_phone": "12"},
            "no address": {"b2b_recipient_address": ""},
            "cod without a recipient": {
                "b2b_recipient_name": "",
                "b2b_recipient_phone": "",
                "b2b_recipient_address": "",
            },
            "NaN": {"b2b_cod_amount": "nan"},
            "infinity": {"b2b_cod_amount": "inf"},
            "exponent": {"b2b_cod_amount": "1e5"},
            "negative": {"b2b_cod_amount": "-100"},
            "three decimals": {"b2b_cod_amount": "10,005"},
            "above the bound": {"b2b_cod_amount": "100000,01"},
            "a million digits": {"b2b_cod_amount": "9" * 10**6},
            "NUL in the amount": {"b2b_cod_amount": "1\x0000"},
            "words": {"b2b_cod_amount": "тысяча"},
        }
        for label, change in bad.items():
            with self.subTest(label), self.assertRaises(UserError):
                order._b2b_set_dropship({**RECIPIENT, **change}, version=before["b2b_dropship_version"])
            self.assertEqual(self._dropship_snapshot(order), before, label)
        # the bound itself is allowed
        order._b2b_set_dropship({**RECIPIENT, "b2b_cod_amount": "100 000"}, version=1)
        self.assertEqual(order.b2b_cod_amount, 100000)
        # the back office is held to the same range
        for amount in (-1, 100000.01):
            with self.subTest(amount=amount), self.assertRaises(ValidationError), self.cr.savepoint():
                order.b2b_cod_amount = amount
                order.flush_recordset()

    def test_replayed_or_old_form_changes_nothing(self):
        order = self._dropship_order()  # saved from the form of revision 0
        self.assertEqual(order.b2b_dropship_version, 1)
        before = self._dropship_snapshot(order)
        for version in ("0", "2", "-1", "abc", "9" * 40, "1\x00"):
            with self.subTest(version=version), self.assertRaises(UserError):
                order._b2b_set_dropship({**RECIPIENT, "b2b_recipient_name": "Другой"}, version=version)
            self.assertEqual(self._dropship_snapshot(order), before)

    def test_details_frozen_once_sent(self):
        order = self._dropship_order()
        self.assertTrue(order._b2b_submit())
        before = self._dropship_snapshot(order)
        with self.assertRaises(UserError):
            order._b2b_set_dropship({**RECIPIENT, "b2b_recipient_name": "Другой"}, version=1)
        self.assertEqual(self._dropship_snapshot(order), before)

    # ------------------------------------------------------------------ send to assembly

    def test_send_to_assembly_only_after_reservation_and_once(self):
        order = self._dropship_order()
        with self.assertRaises(UserError):
            order._b2b_send_to_assembly(self.buyer)  # a draft
        order._b2b_submit()
        with self.assertRaises(UserError):
            order._b2b_send_to_assembly(self.buyer)  # pending
        self.assertFalse(order.b2b_assembly_date)
        self._run_job()
        self.assertEqual(order.b2b_assembly_state, "none")
        self.assertTrue(order._b2b_may_send_to_assembly())
        self.assertTrue(order._b2b_send_to_assembly(self.buyer))
        delivery = order._b2b_deliveries()
        self.assertTrue(delivery.b2b_assembly_requested)
        self.assertEqual(delivery.priority, "1")
        self.assertEqual(order.b2b_assembly_user_id, self.buyer)
        self.assertEqual(order.b2b_assembly_state, "assembly")
        # in the storekeepers' filtered list
        action = self.env.ref("b2b_dropship.stock_picking_action_b2b_assembly")
        self.assertIn("search_default_b2b_assembly", action.context)
        to_assemble = self.env["stock.picking"].search(
            [("b2b_assembly_requested", "=", True), ("state", "not in", ("done", "cancel"))]
        )
        self.assertIn(delivery, to_assemble)
        # once only: a second click or a replayed request changes nothing
        sent_on, messages = order.b2b_assembly_date, len(delivery.message_ids)
        self.assertFalse(order._b2b_send_to_assembly(self.client_users["admin"]))
        self.assertFalse(order._b2b_may_send_to_assembly())
        self.assertEqual(order.b2b_assembly_date, sent_on)
        self.assertEqual(order.b2b_assembly_user_id, self.buyer)
        self.assertEqual(len(delivery.message_ids), messages)

    def test_refused_order_cannot_go_to_assembly(self):
        order = self._sent_short([(self.product_none, 5)])  # none left when the job runs
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "refused")
        self.assertFalse(order._b2b_may_send_to_assembly())
        with self.assertRaises(UserError):
            order._b2b_send_to_assembly(self.buyer)

    def test_partial_order_goes_to_assembly(self):
        order = self._sent_short([(self.product_gift, 60)])  # 50 in stock
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "partial")
        self.assertTrue(order._b2b_send_to_assembly(self.buyer))
        data = order._b2b_deliveries()._b2b_packing_slip_data()
        self.assertEqual([line["quantity"] for line in data["lines"]], [50])  # what goes in the parcel

    def test_states_packed_tracking_shipped(self):
        order = self._reserved_dropship_order()
        order._b2b_send_to_assembly(self.buyer)
        delivery = order._b2b_deliveries()
        storekeeper = self._b2b_make_staff("storekeeper")
        delivery = delivery.with_user(storekeeper)
        delivery.action_b2b_mark_packed()
        delivery.b2b_tracking_ref = "RA123456789RU"
        order.invalidate_recordset()
        self.assertEqual(order.b2b_assembly_state, "packed")
        self.assertEqual(order.b2b_tracking_ref, "RA123456789RU")
        for move in delivery.sudo().move_ids:
            move.quantity = move.product_uom_qty
        delivery.sudo().button_validate()
        self.assertEqual(delivery.state, "done")
        order.invalidate_recordset()
        self.assertEqual(order.b2b_assembly_state, "shipped")
        with self.assertRaises(UserError):
            delivery.action_b2b_mark_packed()

    # ------------------------------------------------------------------ packing slip

    def test_packing_slip_data_has_no_prices(self):
        order = self._reserved_dropship_order()
        data = order._b2b_deliveries()._b2b_packing_slip_data()
        self.assertEqual(data["recipient"]["name"], "Иванова Мария Петровна")
        self.assertEqual(data["cod_amount"], 1500.5)
        self.assertEqual(data["client_ref"], "SHOP-77")
        self.assertEqual([(line["code"], line["quantity"]) for line in data["lines"]], [("T-GIFT", 2), ("T-SP6", 10)])
        self.assertFalse(
            {key for line in data["lines"] for key in line} & {"price", "price_unit", "amount", "subtotal"}
        )
        # without a recipient the slip goes to the client's own address
        plain = self._sent([(self.product_a, 1)], user=self.client_users["admin"])
        self._run_job()
        data = plain._b2b_deliveries()._b2b_packing_slip_data()
        self.assertEqual(data["recipient"]["name"], self.client.name)
        self.assertEqual(data["cod_amount"], 0)

    # ------------------------------------------------------------------ rights (ORM as the user)

    def test_rights_through_the_orm(self):
        order = self._reserved_dropship_order()
        delivery = order._b2b_deliveries()
        stranger = self.other_users["admin"]
        with self.assertRaises(AccessError):
            order.with_user(stranger).read(["b2b_recipient_name"])
        self.assertFalse(self.env["stock.picking"].with_user(stranger).search([("id", "=", delivery.id)]))
        # the buyer reads its own order, but no portal user writes it or the delivery
        self.assertEqual(order.with_user(self.buyer).b2b_recipient_name, "Иванова Мария Петровна")
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    order.with_user(user).write({"b2b_recipient_name": "Взлом"})
                with self.assertRaises(AccessError):
                    delivery.with_user(user).write({"b2b_tracking_ref": "X"})
                with self.assertRaises(AccessError):
                    delivery.with_user(user).action_b2b_mark_packed()
        self.assertEqual(order.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertFalse(delivery.b2b_packed_date)
