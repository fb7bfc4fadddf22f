# pylint: disable=consider-merging-classes-inherited
# (in its own file: the client's credit terms and figures; res_partner.py holds the base fields)
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_amount

# Who may read a partner's credit terms in the back office: as Odoo's own `credit_limit`.
CREDIT_GROUPS = "account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    b2b_overdue_block = fields.Boolean(
        string="Refuse orders when overdue",
        company_dependent=True,
        groups=CREDIT_GROUPS,
        help="Orders of this client cannot be sent for reservation while one of its invoices is "
        "overdue by more than the allowed days. An active contract's terms replace these.",
    )
    b2b_overdue_days = fields.Integer(
        string="Allowed overdue, days",
        company_dependent=True,
        groups=CREDIT_GROUPS,
        help="How many days after its due date an unpaid invoice still lets the client order.",
    )

    @api.constrains("b2b_overdue_days")
    def _check_b2b_overdue_days(self):
        for partner in self.sudo():
            if partner.b2b_overdue_days < 0:
                raise ValidationError(_("Allowed overdue days cannot be negative."))

    # Credit hooks. Call them on the client company (the commercial partner), in the environment
    # of the distributor's legal entity (`with_company`). b2b_pricing takes the terms from the
    # active contract; b2b_sale adds the orders sent for reservation to what is committed.

    def _b2b_credit_terms(self):
        """Hook: {'limit': amount in the company currency (0 = none), 'overdue_block': bool,
        'overdue_days': int} of this client with the current company: the partner's own
        (Odoo's credit limit and the two B2B fields); b2b_pricing uses the active contract's."""
        self.ensure_one()
        # sudo: the terms are read for the client's own checks and figures, whoever asks
        partner = self.commercial_partner_id.sudo()
        return {
            "limit": partner.credit_limit or 0.0,
            "overdue_block": bool(partner.b2b_overdue_block),
            "overdue_days": partner.b2b_overdue_days or 0,
        }

    def _b2b_credit_order_domain(self):
        """Sale orders of this client with the current company."""
        return [
            ("company_id", "=", self.env.company.id),
            ("partner_id", "child_of", self.commercial_partner_id.id),
        ]

    def _b2b_credit_committed(self, exclude_orders=None):
        """Hook: what the client's orders not yet invoiced hold of its credit, in the company
        currency: confirmed orders, for the ordered quantities not yet on a posted invoice,
        taxes included. Unlike Odoo's own `amount_to_invoice`, goods invoiced on delivery count
        from the confirmation: they are reserved for the client already."""
        self.ensure_one()
        company = self.env.company
        # sudo: the client's orders are summed for its own figures, whoever asks
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(self._b2b_credit_order_domain() + [("state", "=", "sale"), ("invoice_status", "!=", "invoiced")])
        )
        if exclude_orders:
            orders -= exclude_orders.sudo()
        # the invoiced quantities of every line in one go, not order by order
        orders.order_line.invoice_lines.move_id.mapped("state")
        orders.order_line.mapped("qty_invoiced_posted")
        today = fields.Date.context_today(self)
        return sum(
            order.currency_id._convert(order._b2b_amount_not_invoiced(), company.currency_id, company, today)
            for order in orders
        )

    def _b2b_credit_ledger(self, overdue_days=0):
        """(debt, overdue, overdue beyond `overdue_days`) from the client's open receivable
        items with the current company, in its currency. Unmatched payments and credit notes
        count against the oldest items first."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        # sudo: portal users cannot read journal items; only the client's own sums are returned
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.env.company.id),
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                groupby=["date_maturity:day"],
                aggregates=["amount_residual:sum"],
            )
        )
        unapplied = sum(amount for __, amount in groups if amount < 0)

        def due_before(day):
            due = sum(amount for maturity, amount in groups if amount > 0 and maturity and maturity < day)
            return max(0.0, due + unapplied)

        debt = sum(amount for __, amount in groups)
        return debt, due_before(today), due_before(today - timedelta(days=overdue_days))

    def _b2b_credit_figures(self, exclude_orders=None):
        """What the client sees of its credit with the current company, and what the checks use:
        {'debt', 'overdue', 'overdue_blocking', 'committed', 'limit' (0 = none), 'available'
        (None without a limit), 'overdue_block', 'overdue_days', 'currency'}. Amounts are in the
        company currency. `exclude_orders` are left out of `committed` (the order being checked).

        The base portal shows them on the home page; the dashboard may call this too."""
        self.ensure_one()
        client = self.commercial_partner_id
        terms = client._b2b_credit_terms()
        debt, overdue, blocking = client._b2b_credit_ledger(terms["overdue_days"])
        committed = client._b2b_credit_committed(exclude_orders=exclude_orders)
        limit = terms["limit"]
        return {
            "debt": debt,
            "overdue": overdue,
            "overdue_blocking": blocking if terms["overdue_block"] else 0.0,
            "committed": committed,
            "limit": limit,
            "available": max(0.0, limit - debt - committed) if limit else None,
            "overdue_block": terms["overdue_block"],
            "overdue_days": terms["overdue_days"],
            "currency": self.env.company.currency_id,
        }

    def _b2b_credit_refusal(self, amount, exclude_orders=None):
        """Why a new order for `amount` (company currency) may not go to reservation now, as a
        message for the client, or an empty string: an invoice overdue beyond the allowed days,
        or the order would take the client over its limit (exactly at the limit is allowed)."""
        self.ensure_one()
        figures = self._b2b_credit_figures(exclude_orders=exclude_orders)
        currency = figures["currency"]
        money = lambda value: format_amount(self.env, value, currency)  # noqa: E731
        if currency.compare_amounts(figures["overdue_blocking"], 0.0) > 0:
            return _(
                "Your company has invoices overdue by more than %(days)s days (%(amount)s): pay them "
                "first, or ask your manager to let this order through.",
                days=figures["overdue_days"],
                amount=money(figures["overdue_blocking"]),
            )
        limit = figures["limit"]
        used = figures["debt"] + figures["committed"]
        if limit and float_compare(used + amount, limit, precision_rounding=currency.rounding) > 0:
            return _(
                "This order (%(amount)s) would take your company over its credit limit of %(limit)s: "
                "debt and orders not yet invoiced come to %(used)s, %(available)s is available. Pay "
                "your invoices, make the order smaller, or ask your manager to let it through.",
                amount=money(amount),
                limit=money(limit),
                used=money(used),
                available=money(max(0.0, limit - used)),
            )
        return ""
