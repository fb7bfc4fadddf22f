from odoo import fields, models
from odoo.tools import SQL

KINDS = [("invoice", "Payment invoice"), ("act", "Reconciliation act"), ("waybill", "Waybill")]


class B2bFiguresDocument(models.Model):
    """One row per document a client needs: the payment invoice of a confirmed order, a
    reconciliation act, a waybill; self-service when the client took it from the cabinet
    (downloaded the invoice, requested the act, issued the waybill) instead of a manager."""

    _name = "b2b.figures.document"
    _description = "B2B self-service documents"
    _auto = False
    _order = "date desc"

    kind = fields.Selection(KINDS, string="Document", readonly=True)
    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    self_service = fields.Boolean(string="Self-service", readonly=True)
    document_count = fields.Integer(string="Documents", readonly=True)
    self_service_share = fields.Float(string="Self-service share, %", aggregator="avg", readonly=True)

    @property
    def _table_query(self):
        # ids: the three kinds interleaved, so that a row keeps its id from one query to the next
        return SQL(
            """
            SELECT documents.*, 1 AS document_count,
                   CASE WHEN documents.self_service THEN 100.0 ELSE 0.0 END AS self_service_share
              FROM (
            SELECT so.id * 3 AS id, 'invoice' AS kind, so.date_order AS date,
                   partner.commercial_partner_id AS partner_id, so.company_id AS company_id,
                   COALESCE(so.b2b_invoice_self_served, FALSE) AS self_service
              FROM sale_order so
              JOIN res_partner partner ON partner.id = so.partner_id
             WHERE so.state = 'sale'
            UNION ALL
            SELECT act.id * 3 + 1, 'act', act.create_date, act.partner_id, act.company_id, requester.share
              FROM b2b_reconciliation_act act
              JOIN res_users requester ON requester.id = act.requested_by_id
            UNION ALL
            SELECT waybill.id * 3 + 2, 'waybill', waybill.date_issued, waybill.partner_id, waybill.company_id,
                   COALESCE(issuer.share, FALSE)
              FROM b2b_waybill waybill
              LEFT JOIN res_users issuer ON issuer.id = waybill.issued_by_id
             WHERE waybill.state <> 'draft'
              ) documents
            """
        )
