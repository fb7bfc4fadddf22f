from psycopg2 import IntegrityError

from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestContractCredit(B2bTestCommon, TransactionCase):
    """An active contract's credit terms replace the partner's, with that legal entity only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._b2b_make_client()
        cls.other_company = cls._b2b_make_entity("ООО «Второе юрлицо»", chart=False)
        cls.client.with_company(cls.env.company).write(
            {"credit_limit": 1000.0, "b2b_overdue_block": False, "b2b_overdue_days": 0}
        )

    def _terms(self, company=None):
        return self.client.with_company(company or self.env.company)._b2b_credit_terms()

    def test_contract_terms_replace_the_partner_terms(self):
        self.assertEqual(self._terms(), {"limit": 1000.0, "overdue_block": False, "overdue_days": 0})
        contract = self._b2b_make_contract(self.client, credit_limit=5000.0, overdue_block=True, overdue_days=15)
        self.assertEqual(self._terms(), {"limit": 5000.0, "overdue_block": True, "overdue_days": 15})
        figures = self.client.with_company(self.env.company)._b2b_credit_figures()
        self.assertEqual((figures["limit"], figures["available"]), (5000.0, 5000.0))
        # a contract without a limit: no limit, whatever the partner's says
        contract.credit_limit = 0.0
        self.assertEqual(self._terms()["limit"], 0.0)
        self.assertIsNone(self.client.with_company(self.env.company)._b2b_credit_figures()["available"])
        # the other legal entity has no contract: the partner's terms there (none set)
        self.assertEqual(self._terms(self.other_company)["limit"], 0.0)
        contract.action_cancel()
        self.assertEqual(self._terms()["limit"], 1000.0)

    def test_terms_cannot_be_negative(self):
        contract = self._b2b_make_contract(self.client)
        for field in ("credit_limit", "overdue_days"):
            with (
                self.subTest(field=field),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                contract.write({field: -1})
                contract.flush_recordset()
