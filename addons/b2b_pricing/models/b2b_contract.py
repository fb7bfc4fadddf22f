from odoo import _, api, fields, models
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

    _sql_constraints = [
        ("installment_days_positive", "CHECK(installment_days >= 0)", "Installment days cannot be negative."),
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

    def action_activate(self):
        # check before writing, so that the user gets a readable message rather than the
        # database's unique-index error
        self._b2b_check_no_other_active(activating=True)
        self.write({"state": "active"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
