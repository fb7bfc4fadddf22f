from odoo import fields, models


class B2bExchangeMessage(models.Model):
    _name = "b2b.exchange.message"
    _description = "Message of the 1C exchange log"
    _order = "id"

    session_id = fields.Many2one("b2b.exchange.session", required=True, ondelete="cascade", index=True)
    file_id = fields.Many2one("b2b.exchange.file", ondelete="cascade", index="btree_not_null")
    level = fields.Selection([("info", "Info"), ("warning", "Skipped"), ("error", "Error")], required=True)
    element = fields.Char(help="The element of the file the message is about.")
    message = fields.Text(required=True)
