from odoo import _, fields
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.http import request
from odoo.tools import str2bool

from .portal import B2bCustomerPortal


class B2bHomePortal(B2bCustomerPortal, PortalAccount):
    """`/my` as the client's dashboard, and Odoo's invoice list seen by a client company's user
    (the company's invoices, not only those addressed to the user)."""

    # --- dashboard ----------------------------------------------------------------

    def _prepare_b2b_dashboard_cards(self):
        cards = super()._prepare_b2b_dashboard_cards()
        user = request.env.user
        if user._b2b_client() and user._b2b_has_right("invoices"):
            cards += self._b2b_dashboard_invoice_cards(user._b2b_client())
        return cards

    def _b2b_unpaid_invoices_domain(self, client):
        return [
            ("commercial_partner_id", "=", client.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]

    def _b2b_dashboard_invoice_cards(self, client):
        """Unpaid invoices with the total owed, and the overdue ones: two grouped queries (the
        portal record rule keeps them to the client's invoices)."""
        Move = request.env["account.move"]
        unpaid = self._b2b_unpaid_invoices_domain(client)
        overdue = [*unpaid, ("invoice_date_due", "<", fields.Date.context_today(Move))]
        [(unpaid_count, owed)] = Move._read_group(unpaid, aggregates=["__count", "amount_residual_signed:sum"])
        [(overdue_count, overdue_owed)] = Move._read_group(
            overdue, aggregates=["__count", "amount_residual_signed:sum"]
        )
        return [
            {
                "key": "invoices_unpaid",
                "sequence": 50,
                "title": _("Unpaid invoices"),
                "value": self._b2b_dashboard_amount(owed or 0.0),
                "text": _("%(count)s invoices to pay", count=unpaid_count) if unpaid_count else _("Nothing to pay"),
                "url": "/my/invoices?filterby=b2b_unpaid",
                "tone": "warning" if unpaid_count else None,
            },
            {
                "key": "invoices_overdue",
                "sequence": 55,
                "title": _("Overdue invoices"),
                "value": self._b2b_dashboard_amount(overdue_owed or 0.0),
                "text": _("%(count)s invoices past their due date", count=overdue_count)
                if overdue_count
                else _("None overdue"),
                "url": "/my/invoices?filterby=overdue_invoices",
                "tone": "danger" if overdue_count else None,
            },
        ]

    # --- Odoo's invoice list --------------------------------------------------------

    def _get_overdue_invoices_domain(self, partner_id=None):
        # Odoo counts the invoices addressed to the user; a client company's invoices are
        # addressed to the company, for all its staff
        domain = super()._get_overdue_invoices_domain(partner_id=partner_id)
        client = request.env.user._b2b_client()
        if partner_id or not client:
            return domain
        return [leaf for leaf in domain if leaf[0] != "partner_id"] + [("commercial_partner_id", "=", client.id)]

    def _get_overdue_invoice_count(self):
        # the count feeds only Odoo's ways to pay overdue invoices online (account_payment's
        # «Pay overdue» button and «Invoices to pay» alert); with online payment of invoices off
        # (its setting, off in the demo) a client pays by bank transfer against the invoice,
        # and the dashboard's cards show what is overdue
        setting = request.env["ir.config_parameter"].sudo().get_param("account_payment.enable_portal_payment")
        online = str2bool(setting or "", default=False)  # a value typed by hand is no server error
        if request.env.user._b2b_client() and not online:
            return 0
        return super()._get_overdue_invoice_count()

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        client = request.env.user._b2b_client()
        if client:
            filters["b2b_unpaid"] = {"label": _("Unpaid invoices"), "domain": self._b2b_unpaid_invoices_domain(client)}
        return filters

    def _prepare_my_invoices_values(
        self, page, date_begin, date_end, sortby, filterby, domain=None, url="/my/invoices"
    ):
        # an unknown filter or sorting in the link (an old bookmark, a typo): the default, not an error
        if filterby not in self._get_account_searchbar_filters():
            filterby = None
        if sortby not in self._get_account_searchbar_sortings():
            sortby = None
        return super()._prepare_my_invoices_values(page, date_begin, date_end, sortby, filterby, domain=domain, url=url)
