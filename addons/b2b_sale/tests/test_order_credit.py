import re
from datetime import timedelta

from lxml import html

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import format_amount

from .test_order_reservation import B2bOrderCommon

OVER_LIMIT = (
    "This order (%(amount)s) would take your company over its credit limit of %(limit)s: "
    "debt and orders not yet invoiced come to %(used)s, %(available)s is available. Pay "
    "your invoices, make the order smaller, or ask your manager to let it through."
)
OVERDUE = (
    "Your company has invoices overdue by more than %(days)s days (%(amount)s): pay them "
    "first, or ask your manager to let this order through."
)


class B2bCreditCommon(B2bOrderCommon):
    @classmethod
    def _b2b_credit_setup(cls):
        cls._b2b_order_setup()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _terms(cls, client=None, limit=0.0, block=False, days=0):
        (client or cls.client).with_company(cls.company).write(
            {"credit_limit": limit, "b2b_overdue_block": block, "b2b_overdue_days": days}
        )

    @classmethod
    def _invoice(cls, amount, due_days_ago, client=None):
        """A posted customer invoice of `amount` (no taxes) due `due_days_ago` days ago
        (negative: due in the future)."""
        due = cls.today - timedelta(days=due_days_ago)
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (client or cls.client).id,
                "invoice_date": min(due, cls.today),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create({"name": "Поставка", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.invoice_date_due = due
        invoice.action_post()
        return invoice

    def _money(self, amount):
        return format_amount(self.env(context=dict(self.env.context, lang="ru_RU")), amount, self.currency)

    def _over_limit(self, order, limit, used):
        amount = order.sudo().amount_total
        return self._t(
            OVER_LIMIT,
            module="b2b_portal",
            amount=self._money(amount),
            limit=self._money(limit),
            used=self._money(used),
            available=self._money(max(0.0, limit - used)),
        )


@tagged("post_install", "-at_install")
class TestOrderCredit(B2bCreditCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_credit_setup()
        cls.manager = cls._b2b_make_staff("manager")

    def test_over_the_limit_is_refused_exactly_at_it_is_sent(self):
        self._invoice(1000.0, due_days_ago=-10)  # debt, not yet due
        order = self._order([(self.product_a, 3)])
        total = order.sudo().amount_total
        self._terms(limit=1000.0 + total - 0.01)
        refusal = self._over_limit(order, 1000.0 + total - 0.01, 1000.0)
        with self.assertRaises(UserError) as caught:
            order._b2b_submit()
        self.assertEqual(caught.exception.args[0], refusal)
        self.assertIn("превысит кредитный лимит", refusal)  # the client reads it in Russian
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")
        self._terms(limit=1000.0 + total)  # to the cent
        self.assertTrue(order._b2b_submit())
        self.assertEqual(order.sudo().b2b_reservation_state, "pending")

    def test_no_limit_and_no_block_let_everything_through(self):
        self._invoice(100000.0, due_days_ago=400)
        order = self._order([(self.product_a, 3)])
        self.assertEqual(order._b2b_credit_refusal(), "")
        self.assertTrue(order._b2b_submit())

    def test_orders_sent_and_confirmed_hold_credit(self):
        first = self._order([(self.product_a, 2)])
        total = first.sudo().amount_total
        self._terms(limit=2 * total - 0.01)
        self.assertTrue(first._b2b_submit())
        # the first is pending: a second order of the same size from a colleague does not fit
        second = self._order([(self.product_a, 2)], user=self.client_users["admin"])
        with self.assertRaisesRegex(UserError, re.escape(self._over_limit(second, 2 * total - 0.01, total))):
            second._b2b_submit()
        self._run_job()
        self.assertEqual(first.sudo().state, "sale")
        figures = self.client.with_company(self.company)._b2b_credit_figures()
        self.assertAlmostEqual(figures["committed"], total, places=2)
        with self.assertRaises(UserError):
            second._b2b_submit()  # confirmed and not invoiced: still held
        self.assertEqual(second.sudo().b2b_reservation_state, "draft")
        # another client's orders never count
        self._terms(client=self.other_client, limit=0.01)
        self.assertEqual(self.other_client.with_company(self.company)._b2b_credit_figures()["committed"], 0.0)

    def test_reserved_goods_hold_credit_until_invoiced_and_never_twice(self):
        self.product_a.invoice_policy = "delivery"  # Odoo's own figure would be 0 until shipped
        order = self._sent([(self.product_a, 2), (self.product_b, 4)])
        self._run_job()
        self.assertEqual(order.state, "sale")
        client = self.client.with_company(self.company)
        self.assertAlmostEqual(client._b2b_credit_figures()["committed"], order.amount_total, places=2)
        # the goods on order are invoiced (product_b): that part moves from the orders to the debt
        order._create_invoices().action_post()
        figures = client._b2b_credit_figures()
        self.assertAlmostEqual(figures["committed"] + figures["debt"], order.amount_total, places=2)
        self.assertGreater(figures["debt"], 0.0)
        self.assertGreater(figures["committed"], 0.0)

    def test_overdue_beyond_the_allowed_days_blocks(self):
        self._terms(block=True, days=30)
        invoice = self._invoice(500.0, due_days_ago=30)  # 30 days late: still allowed
        order = self._order([(self.product_a, 1)])
        self.assertEqual(order._b2b_credit_refusal(), "")
        late = self._invoice(700.0, due_days_ago=31)
        with self.assertRaisesRegex(
            UserError, re.escape(self._t(OVERDUE, module="b2b_portal", days=30, amount=self._money(700.0)))
        ):
            order._b2b_submit()
        figures = self.client.with_company(self.company)._b2b_credit_figures()
        self.assertAlmostEqual(figures["debt"], 1200.0, places=2)
        self.assertAlmostEqual(figures["overdue"], 1200.0, places=2)
        self.assertAlmostEqual(figures["overdue_blocking"], 700.0, places=2)
        # without the block the same invoices let the order through
        self._terms(block=False, days=30)
        self.assertEqual(order._b2b_credit_refusal(), "")
        self._terms(block=True, days=30)
        # paying the late invoice lifts the block
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=late.ids).create(
            {"amount": 700.0}
        )._create_payments()
        self.assertEqual(order._b2b_credit_refusal(), "")
        self.assertTrue(order._b2b_submit())
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_manager_lets_one_order_through(self):
        self._terms(limit=1.0)
        order = self._order([(self.product_a, 2)])
        other = self._order([(self.product_a, 1)], user=self.client_users["admin"])
        # the client, a salesman or the client's RPC cannot let it through
        salesman = new_test_user(self.env, "credit-salesman", groups="sales_team.group_sale_salesman_all_leads")
        for user in (self.buyer, salesman):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                order.with_user(user).action_b2b_credit_allow()
        with self.assertRaises(AccessError):
            order.sudo().with_user(salesman).write({"b2b_credit_allowed_amount": 1e9})
        self.assertFalse(order.sudo().b2b_credit_allowed_amount)
        order.sudo().with_user(self.manager).action_b2b_credit_allow()
        self.assertEqual(order.sudo().b2b_credit_allowed_amount, order.sudo().amount_total)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the chatter's tracking
        tracked = order.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "b2b_credit_allowed_amount"
        )
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)
        # a bigger order than the manager saw is refused again
        order._b2b_set_line_quantities({order.sudo().order_line.id: 3})
        with self.assertRaises(UserError):
            order._b2b_submit()
        order._b2b_set_line_quantities({order.sudo().order_line.id: 2})
        self.assertTrue(order._b2b_submit())
        # one order only: the colleague's is still refused
        with self.assertRaises(UserError):
            other._b2b_submit()
        # the job lets the order through too
        self._run_job()
        self.assertEqual(order.sudo().b2b_reservation_state, "reserved")
        copy = order.sudo().copy()
        self.assertFalse(copy.b2b_credit_allowed_amount)

    def test_reservation_job_checks_again(self):
        self._terms(block=True, days=5)
        order = self._sent([(self.product_a, 2)])
        # between sending and the job: an invoice falls overdue beyond the allowed days
        self._invoice(300.0, due_days_ago=6)
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "refused")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        amount = self._money(300.0)
        note = order.message_ids.filtered(lambda m: amount in html.fromstring(m.body or "<p/>").text_content())
        self.assertTrue(note, "the reason is in the chatter")
        self.assertTrue(self._mails(order, "b2b_sale.mail_template_b2b_reservation"))
        # the manager lets it through; sent again, the job reserves it
        order.with_user(self.manager).action_b2b_credit_allow()
        self.assertTrue(order.with_user(self.buyer)._b2b_submit())
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "reserved")

    def test_reservation_job_counts_orders_confirmed_before(self):
        first = self._order([(self.product_a, 2)])
        total = first.sudo().amount_total
        self._terms(limit=total * 2)
        self.assertTrue(first._b2b_submit())
        second = self._sent([(self.product_a, 2)], user=self.client_users["admin"])
        # the limit falls before the job: the first still fits, the second no longer
        self._terms(limit=total * 1.5)
        self._run_job()
        self.assertEqual(first.sudo().b2b_reservation_state, "reserved")
        self.assertEqual(second.b2b_reservation_state, "refused")

    def test_external_master_orders_stay_with_it(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.external_accounting_master", "1")
        order = self._sent([(self.product_a, 1)])
        self._terms(limit=0.01)
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "pending")  # the job leaves them alone

    def test_terms_validation(self):
        with self.assertRaises(ValidationError):
            self._terms(block=True, days=-1)


@tagged("post_install", "-at_install")
class TestOrderCreditPortal(B2bCreditCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_credit_setup()
        cls._terms(limit=5000.0, block=True, days=3)
        cls._invoice(1000.0, due_days_ago=10)
        cls._invoice(500.0, due_days_ago=-20)
        # the other client: its own debt and limit, which nobody of «Альфа» may see
        cls._terms(client=cls.other_client, limit=777777.0)
        cls._invoice(123456.0, due_days_ago=1, client=cls.other_client)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _figures(self, page):
        """{class suffix: digits} of the credit block of a page, or None without one."""
        tree = html.fromstring(page)
        blocks = tree.xpath("//div[contains(concat(' ', @class, ' '), ' o_b2b_credit ')]")
        if not blocks:
            return None
        self.assertEqual(len(blocks), 1)
        result = {}
        for name in ("debt", "overdue", "limit", "available"):
            (cell,) = blocks[0].xpath(f".//div[contains(@class, 'o_b2b_credit_{name}')]")
            result[name] = re.sub(r"\D", "", cell.text_content())
        return result

    def _digits(self, amount):
        return re.sub(r"\D", "", "%.2f" % amount)

    def test_figures_by_role(self):
        expected = {
            "debt": self._digits(1500.0),
            "overdue": self._digits(1000.0),
            "limit": self._digits(5000.0),
            "available": self._digits(3500.0),
        }
        self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True)._b2b_add_product(self.product_a, 1)
        for role in ("admin", "buyer", "accountant", "viewer"):
            with self.subTest(role=role):
                self._login(self.client_users[role])
                home = self.url_open("/my").text
                order_page = self.url_open("/my/b2b/order").text
                for page in (home, order_page):
                    if role == "viewer":
                        self.assertIsNone(self._figures(page))
                    else:
                        self.assertEqual(self._figures(page), expected)
        # the overdue invoice blocks: the buyer's order page says so before sending
        self._login(self.buyer)
        page = self.url_open("/my/b2b/order").text
        self.assertIn(
            self._t(OVERDUE, module="b2b_portal", days=3, amount=self._money(1000.0)),
            html.fromstring(page).text_content(),
        )
        response = self.url_open(
            "/my/b2b/order/submit",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "order_id": self.env["sale.order"]._b2b_draft_for_user(self.buyer).id,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.env["sale.order"]._b2b_draft_for_user(self.buyer).sudo().b2b_reservation_state, "draft")
        self.assertIn(
            self._t(OVERDUE, module="b2b_portal", days=3, amount=self._money(1000.0)),
            html.fromstring(self.url_open("/my/b2b/order").text).text_content(),
        )

    def test_other_client_sees_its_own_figures_only(self):
        self._login(self.other_users["admin"])
        figures = self._figures(self.url_open("/my").text)
        self.assertEqual(figures["debt"], self._digits(123456.0))
        self.assertEqual(figures["limit"], self._digits(777777.0))

    def test_rpc_gives_no_figures(self):
        self._login(self.client_users["admin"])
        draft = self.env["sale.order"]._b2b_draft_for_user(self.client_users["admin"], create=True)
        calls = (
            ("res.partner", "_b2b_credit_figures", [[self.client.id]]),
            ("res.partner", "read", [[self.client.id], ["credit_limit"]]),
            ("res.partner", "read", [[self.client.id], ["b2b_overdue_days"]]),
            ("sale.order", "action_b2b_credit_allow", [draft.ids]),
        )
        for model, method, args in calls:
            with self.subTest(method=method, args=args), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw", {"model": model, "method": method, "args": args, "kwargs": {}}
                )
