import base64
import binascii

from odoo import _, fields, models
from odoo.exceptions import UserError


class B2bReconciliationActAttach(models.TransientModel):
    """The manager attaches the act the accounting department made in the external books."""

    _name = "b2b.reconciliation.act.attach"
    _description = "Attach a reconciliation act made in the accounting system"

    act_id = fields.Many2one("b2b.reconciliation.act", required=True, ondelete="cascade")
    pdf_file = fields.Binary(string="PDF")
    pdf_filename = fields.Char()
    xlsx_file = fields.Binary(string="XLSX")
    xlsx_filename = fields.Char()

    def _b2b_raw(self, value):
        if not value:
            return None
        try:
            return base64.b64decode(value, validate=False)
        except (binascii.Error, ValueError):
            raise UserError(_("The file cannot be read.")) from None

    def action_attach(self):
        self.ensure_one()
        self.act_id._b2b_attach_files(
            pdf=self._b2b_raw(self.pdf_file),
            pdf_name=self.pdf_filename,
            xlsx=self._b2b_raw(self.xlsx_file),
            xlsx_name=self.xlsx_filename,
        )
        return {"type": "ir.actions.act_window_close"}
