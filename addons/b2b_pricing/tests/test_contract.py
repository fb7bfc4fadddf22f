from psycopg2 import IntegrityError

from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestContract(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._b2b_make_client()
        cls.other_company = cls._b2b_make_entity("ООО «Второе юрлицо»", chart=False)

    def _contract(self, **values):
        return self._b2b_make_contract(self.client, activate=False, **{"name": "Д-1", **values})

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
