from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists


class B2bContract(models.Model):
    """A client company's contract with one of the distributor's legal entities."""

    _name = "b2b.contract"
    _description = "B2B client contract"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Number", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Legal entity",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
    )
    contract_type = fields.Selection(
        [("sale", "Sale"), ("consignment", "Consignment")],
        string="Type",
        required=True,
        default="sale",
        tracking=True,
    )
    installment_days = fields.Integer(string="Installment (days)", tracking=True)
    discount_percent = fields.Float(string="Discount (%)", digits="Discount", tracking=True)
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
        index=True,
    )

    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Kept in step with the contract's terms and the distributor's markups. While the contract "
        "is active, it is the client's pricelist with this legal entity.",
    )
    price_factor = fields.Float(
        string="Price coefficient",
        compute="_compute_price_factor",
        digits=(16, 6),
        help="Client price = base wholesale price (the product's sales price) × this coefficient.",
    )
    stock_factor = fields.Float(
        string="Stock factor",
        digits=(16, 2),
        help="Overrides the distributor's stock factor for this client: the client sees at most "
        "this factor × its turnover of a product (never less than the floor). Leave 0 to use the setting.",
    )
    order_line_max_qty = fields.Float(
        string="Max quantity per order line",
        digits="Product Unit of Measure",
        tracking=True,
        help="The most of one product (in its unit) one order of this client may hold, whatever the stock "
        "shows; checked when the client adds to an order, sends it, and in the reservation job. Leave 0 for "
        "no limit of the contract's own.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    credit_limit = fields.Monetary(
        string="Credit limit",
        tracking=True,
        help="The most the client may owe (debt and orders not yet invoiced) for a new order to go "
        "to reservation; 0 = no limit. While the contract is active it replaces the partner's limit.",
    )
    overdue_block = fields.Boolean(
        string="Refuse orders when overdue",
        tracking=True,
        help="Orders cannot be sent for reservation while an invoice is overdue by more than the allowed days.",
    )
    overdue_days = fields.Integer(string="Allowed overdue, days", tracking=True)

    _sql_constraints = [
        ("stock_factor_positive", "CHECK(stock_factor >= 0)", "The stock factor cannot be negative."),
        (
            "order_line_max_qty_positive",
            "CHECK(order_line_max_qty >= 0)",
            "The maximum quantity per order line cannot be negative.",
        ),
        ("installment_days_positive", "CHECK(installment_days >= 0)", "Installment days cannot be negative."),
        ("credit_limit_positive", "CHECK(credit_limit >= 0)", "The credit limit cannot be negative."),
        ("overdue_days_positive", "CHECK(overdue_days >= 0)", "Allowed overdue days cannot be negative."),
        (
            "discount_percent_range",
            "CHECK(discount_percent >= 0 AND discount_percent < 100)",
            "The discount must be between 0 and 100%.",
        ),
        (
            "dates_ordered",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A contract cannot end before it starts.",
        ),
    ]

    def init(self):
        # At most one active contract per client company and legal entity, enforced by the database.
        if not index_exists(self.env.cr, "b2b_contract_one_active_idx"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (partner_id, company_id) WHERE state = 'active'",
                    SQL.identifier("b2b_contract_one_active_idx"),
                    SQL.identifier(self._table),
                )
            )

    @api.constrains("partner_id", "company_id", "state")
    def _check_one_active(self):
        self._b2b_check_no_other_active()

    def _b2b_check_no_other_active(self, activating=False):
        for contract in self.filtered(lambda c: activating or c.state == "active"):
            others = self.search_count(
                [
                    ("id", "!=", contract.id),
                    ("partner_id", "=", contract.partner_id.id),
                    ("company_id", "=", contract.company_id.id),
                    ("state", "=", "active"),
                ]
            )
            if others:
                raise ValidationError(
                    _(
                        "%(client)s already has an active contract with %(company)s.",
                        client=contract.partner_id.display_name,
                        company=contract.company_id.display_name,
                    )
                )

    # Terms that change the price, and fields that decide whose pricelist the contract gives.
    _b2b_price_terms = ("contract_type", "installment_days", "discount_percent")
    _b2b_partner_terms = ("partner_id", "company_id", "state")

    @api.depends("contract_type", "installment_days", "discount_percent")
    def _compute_price_factor(self):
        params = self.env["res.config.settings"]._b2b_pricing_params()
        for contract in self:
            contract.price_factor = contract._b2b_price_factor(params)

    def _b2b_price_factor(self, params=None):
        """Client price / base wholesale price, from the terms and the distributor's markups:
        (1 + consignment markup, for consignment) × (1 + installment markup per 30 days ×
        installment days / 30) × (1 − discount)."""
        self.ensure_one()
        params = params or self.env["res.config.settings"]._b2b_pricing_params()
        return b2b_price_factor(
            self.contract_type,
            self.installment_days,
            self.discount_percent,
            params["consignment_markup"],
            params["installment_markup"],
        )

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts._b2b_sync_pricelists()
        contracts._b2b_sync_partner_pricelists()
        return contracts

    def write(self, vals):
        before = {(c.partner_id, c.company_id) for c in self} if set(vals) & set(self._b2b_partner_terms) else set()
        res = super().write(vals)
        if set(vals) & set(self._b2b_price_terms + ("name", "company_id")):
            self._b2b_sync_pricelists()
        if before:
            self._b2b_sync_partner_pricelists(extra_pairs=before)
        return res

    def unlink(self):
        pairs = {(c.partner_id, c.company_id) for c in self}
        pricelists = self.pricelist_id
        res = super().unlink()
        # the pricelists may be on past orders: archived, not deleted
        pricelists.sudo().action_archive()
        self.browse()._b2b_sync_partner_pricelists(extra_pairs=pairs, released=pricelists)
        return res

    def _b2b_pricelist_name(self):
        return _("Contract %(number)s, %(client)s", number=self.name, client=self.partner_id.display_name)

    def _b2b_sync_pricelists(self):
        """Create or update each contract's pricelist so that it gives the contract's prices."""
        params = self.env["res.config.settings"]._b2b_pricing_params()
        # sudo: the pricelist belongs to the contract; whoever may write the contract (a manager,
        # an accounting system's API user) may keep it in step without pricelist rights
        for contract in self.sudo():
            item_values = contract._b2b_pricelist_item_values(params)
            if not contract.pricelist_id:
                contract.pricelist_id = (
                    self.env["product.pricelist"]
                    .sudo()
                    .create(
                        {
                            "name": contract._b2b_pricelist_name(),
                            "company_id": contract.company_id.id,
                            "currency_id": contract.company_id.currency_id.id,
                            "b2b_contract_id": contract.id,
                            "sequence": 1000,
                            "item_ids": [Command.create(item_values)],
                        }
                    )
                )
                continue
            pricelist = contract.pricelist_id.with_context(active_test=False)
            item = pricelist.item_ids.filtered(lambda i: i.b2b_price_factor)[:1]
            pricelist.write(
                {
                    "name": contract._b2b_pricelist_name(),
                    "company_id": contract.company_id.id,
                    "currency_id": contract.company_id.currency_id.id,
                    "item_ids": [Command.update(item.id, item_values)] if item else [Command.create(item_values)],
                }
            )

    def _b2b_pricelist_item_values(self, params):
        """The one rule of the contract's pricelist: the base sales price × the terms' coefficient.
        Extended where the contract's prices come from elsewhere (b2b_exchange_1c: a 1C price type)."""
        self.ensure_one()
        return {
            "applied_on": "3_global",
            "compute_price": "formula",
            "base": "list_price",
            "base_pricelist_id": False,
            "b2b_price_factor": self._b2b_price_factor(params),
        }

    def _b2b_sync_partner_pricelists(self, extra_pairs=(), released=None):
        """Make each concerned client's pricelist (per legal entity) follow its active contract.
        A pricelist a manager set by hand is only replaced by an active contract's one."""
        pairs = {(c.partner_id, c.company_id) for c in self} | set(extra_pairs)
        for partner, company in pairs:
            if not partner:
                continue
            active = self.search(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id), ("state", "=", "active")], limit=1
            )
            # sudo: the partner's pricelist property follows the contract, whoever changed it
            contacts = (
                self.env["res.partner"]
                .sudo()
                .with_company(company)
                .with_context(active_test=False)
                .search([("commercial_partner_id", "=", partner.id)])
            )
            current = partner.sudo().with_company(company).specific_property_product_pricelist
            if active:
                target = active.pricelist_id
            elif current.b2b_contract_id or (released and current in released):
                target = current.browse()
            else:
                continue
            contacts.write({"specific_property_product_pricelist": target.id})

    @api.model
    def _b2b_resync_all_pricelists(self):
        """After the distributor's markups change: every contract's pricelist."""
        self.with_context(active_test=False).search([])._b2b_sync_pricelists()

    @api.model
    def _cron_expire_contracts(self):
        """Active contracts whose end date has passed become expired (their client's pricelist
        goes back to the default)."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).write({"state": "expired"})

    def action_activate(self):
        # check before writing, so that the user gets a readable message rather than the
        # database's unique-index error
        self._b2b_check_no_other_active(activating=True)
        self.write({"state": "active"})

    def action_cancel(self):
        self.write({"state": "cancelled"})


def b2b_price_factor(contract_type, installment_days, discount_percent, consignment_markup, installment_markup):
    """Client price / base price. Markups and discount in percent; `installment_markup` is per
    30 days of deferral, pro rata for other durations (45 days at 1.5 %/30 days → 2.25 %)."""
    factor = 1.0
    if contract_type == "consignment":
        factor *= 1 + consignment_markup / 100.0
    factor *= 1 + installment_markup / 100.0 * (installment_days or 0) / 30.0
    factor *= 1 - (discount_percent or 0.0) / 100.0
    return factor
