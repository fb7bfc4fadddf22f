from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestContract(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create({"name": "ООО «Клиент»", "is_company": True, "b2b_is_client": True})
        cls.other_company = cls.env["res.company"].create({"name": "ООО «Второе юрлицо»"})

    def _contract(self, **values):
        return self.env["b2b.contract"].create({"name": "Д-1", "partner_id": self.client.id, **values})

    def test_one_active_contract_per_client_and_legal_entity(self):
        self._contract().action_activate()
        second = self._contract(name="Д-2")
        with self.assertRaises(ValidationError):
            second.action_activate()
        # another legal entity of the distributor may have its own active contract
        third = self._contract(name="Д-3", company_id=self.other_company.id)
        third.action_activate()
        self.assertEqual(third.state, "active")

    def test_database_refuses_two_active_contracts(self):
        # an external system writing through SQL-level paths still cannot break the rule
        first = self._contract()
        first.action_activate()
        second = self._contract(name="Д-2")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE b2b_contract SET state = 'active' WHERE id = %s", [second.id])

    def test_terms_are_checked(self):
        for values in (
            {"discount_percent": -1},
            {"discount_percent": 100},
            {"installment_days": -5},
            {"date_start": "2026-05-01", "date_end": "2026-04-30"},
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self._contract(**values).flush_recordset()
