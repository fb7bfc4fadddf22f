from odoo import fields, models

B2B_ROLES = [
    ("admin", "Administrator"),
    ("buyer", "Buyer"),
    ("accountant", "Accountant"),
    ("viewer", "Viewer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The INN is kept in the standard `vat` field (see DESIGN.md).
    b2b_is_client = fields.Boolean(
        string="B2B client",
        index=True,
        help="This company buys through the B2B portal.",
    )
    b2b_kpp = fields.Char(string="KPP", size=9, help="Tax registration reason code (legal entities).")
    b2b_ogrn = fields.Char(string="OGRN / OGRNIP", size=15)
    b2b_bank_bik = fields.Char(string="BIK", size=9)
    b2b_bank_name = fields.Char(string="Bank name")
    b2b_bank_account = fields.Char(string="Settlement account", size=20)
    b2b_bank_corr_account = fields.Char(string="Correspondent account", size=20)
    b2b_role = fields.Selection(
        B2B_ROLES,
        string="B2B role",
        help="What this contact may do in the client's B2B cabinet.",
    )
