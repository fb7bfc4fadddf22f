from datetime import timedelta

from odoo import Command, fields
from odoo.addons.b2b_portal.tests.common import B2bTestCommon, xlsx_cells

__all__ = ["B2bActCommon", "xlsx_cells"]


class B2bActCommon(B2bTestCommon):
    """Books of a client with a legal entity of the distributor: invoices, credit notes, partial
    payments, vendor bills, and entries that must stay out (other period, entity, client, draft)."""

    @classmethod
    def _b2b_setup_books(cls):
        env = cls.env
        cls.rub = env.ref("base.RUB")
        cls.rub.active = True
        cls.today = fields.Date.context_today(env["b2b.reconciliation.act"])
        cls.entity = cls._b2b_make_entity("ООО «Поставщик-Тест»")
        cls.entity_2 = cls._b2b_make_entity("ООО «Второе юрлицо»")
        cls.client = cls._b2b_make_client("ООО «Клиент-Тест»")
        cls.client_contact = env["res.partner"].create({"name": "Иванова Анна", "parent_id": cls.client.id})
        cls.other_client = cls._b2b_make_client("ООО «Чужой клиент»")
        d = cls.today
        cls.date_from = d - timedelta(days=120)
        cls.date_to = d - timedelta(days=30)
        inv = cls._b2b_invoice
        # before the period: the opening balance is 1000 - 200 = 800
        cls.inv_old = inv("out_invoice", 1000, d - timedelta(days=150))
        cls.bill_old = inv("in_invoice", 200, d - timedelta(days=140))
        # in the period
        cls.inv_1 = inv("out_invoice", 5000, d - timedelta(days=100))
        cls.refund_1 = inv("out_refund", 500, d - timedelta(days=90))
        cls.pay_partial = cls._b2b_pay(cls.inv_1, 2000, d - timedelta(days=80))
        cls.pay_old = cls._b2b_pay(cls.inv_old, 1000, d - timedelta(days=70))
        cls.bill_1 = inv("in_invoice", 300, d - timedelta(days=60))
        cls.inv_2 = inv("out_invoice", 1200, d - timedelta(days=50))
        cls.inv_contact = inv("out_invoice", 100, d - timedelta(days=40), partner=cls.client_contact)
        # never in the act
        cls.inv_draft = inv("out_invoice", 999, d - timedelta(days=45), post=False)
        cls.inv_entity_2 = inv("out_invoice", 7777, d - timedelta(days=60), company=cls.entity_2)
        cls.inv_other = inv("out_invoice", 4444, d - timedelta(days=60), partner=cls.other_client)
        # after the period
        cls.inv_after = inv("out_invoice", 250, d - timedelta(days=10))
        cls.expected = {"opening": 800.0, "debit": 6300.0, "credit": 3800.0, "closing": 3300.0}

    @classmethod
    def _b2b_invoice(cls, move_type, amount, date, partner=None, company=None, post=True):
        move = (
            cls.env["account.move"]
            .with_company(company or cls.entity)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": (partner or cls.client).id,
                    "invoice_date": date,
                    "date": date,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Календарные блоки", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _b2b_pay(cls, invoice, amount, date):
        wizard = (
            cls.env["account.payment.register"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": date})
        )
        return wizard._create_payments()

    @classmethod
    def _b2b_portal_users(cls):
        cls.users = cls._b2b_make_team(cls.client, lang="ru_RU")
        cls.outsider = cls._b2b_make_user(cls.other_client, "admin", lang="ru_RU")

    def _b2b_ledger_balance(self, date_to):
        """The books: Odoo's own grouping of the client's receivable and payable items."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "child_of", self.client.id),
                ("company_id", "=", self.entity.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "in", ("asset_receivable", "liability_payable")),
                ("date", "<=", date_to),
            ],
            [],
            ["balance:sum"],
        )
        return groups[0][0]

    def _b2b_act(self, **vals):
        return self.env["b2b.reconciliation.act"].create(
            {
                "partner_id": self.client.id,
                "company_id": self.entity.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                **vals,
            }
        )
