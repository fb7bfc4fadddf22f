from odoo import fields, models
from odoo.tools import SQL

from .res_config_settings import handling_cost_per_order

CHANNELS = [("portal", "Portal"), ("manager", "Manager")]


class B2bFiguresOrder(models.Model):
    """One row per order the distributor took (confirmed, or sent for reservation from the
    portal), read from the orders, their deliveries and waybills: no second bookkeeping."""

    _name = "b2b.figures.order"
    _description = "B2B order figures"
    _auto = False
    _order = "date_order desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    date_order = fields.Datetime(string="Order date", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    channel = fields.Selection(CHANNELS, string="Placed by", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    portal_share = fields.Float(
        string="Portal share, %",
        aggregator="avg",
        readonly=True,
        help="Share of the orders placed by clients in the portal.",
    )
    edited_after_sent = fields.Boolean(string="Edited by a manager", readonly=True)
    edited_count = fields.Integer(string="Orders edited by a manager", readonly=True)
    line_count = fields.Float(string="Lines per order", aggregator="avg", readonly=True)
    hours_to_reservation = fields.Float(string="Hours to reservation result", aggregator="avg", readonly=True)
    hours_to_payment = fields.Float(string="Hours to payment", aggregator="avg", readonly=True)
    hours_to_pickup = fields.Float(string="Hours to pickup", aggregator="avg", readonly=True)
    manager_minutes = fields.Float(string="Manager minutes", aggregator="sum", readonly=True)
    handling_cost = fields.Monetary(
        string="Estimated handling cost per order",
        aggregator="avg",
        readonly=True,
        help="Manager minutes per order × cost of a manager's hour (Settings) for every order a manager "
        "entered or corrected; nothing for a portal order no manager touched.",
    )

    @property
    def _table_query(self):
        minutes, cost = handling_cost_per_order(self.env)
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.date_order AS date_order,
                   partner.commercial_partner_id AS partner_id,
                   so.company_id AS company_id,
                   so.user_id AS user_id,
                   CASE WHEN so.b2b_portal_user_id IS NULL THEN 'manager' ELSE 'portal' END AS channel,
                   1 AS order_count,
                   CASE WHEN so.b2b_portal_user_id IS NULL THEN 0.0 ELSE 100.0 END AS portal_share,
                   COALESCE(so.b2b_edited_after_sent, FALSE) AS edited_after_sent,
                   CASE WHEN so.b2b_edited_after_sent THEN 1 ELSE 0 END AS edited_count,
                   (SELECT count(*) FROM sale_order_line line
                     WHERE line.order_id = so.id AND line.display_type IS NULL) AS line_count,
                   EXTRACT(EPOCH FROM so.b2b_reserved_date - so.b2b_sent_date) / 3600.0 AS hours_to_reservation,
                   EXTRACT(EPOCH FROM so.b2b_paid_date - COALESCE(so.b2b_sent_date, so.date_order)) / 3600.0
                       AS hours_to_payment,
                   EXTRACT(EPOCH FROM COALESCE(waybill.date_collected, delivery.date_done)
                                      - COALESCE(so.b2b_sent_date, so.date_order)) / 3600.0 AS hours_to_pickup,
                   CASE WHEN so.b2b_portal_user_id IS NULL OR so.b2b_edited_after_sent
                        THEN %(minutes)s ELSE 0.0 END AS manager_minutes,
                   CASE WHEN so.b2b_portal_user_id IS NULL OR so.b2b_edited_after_sent
                        THEN %(cost)s ELSE 0.0 END AS handling_cost
              FROM sale_order so
              JOIN res_partner partner ON partner.id = so.partner_id
              LEFT JOIN LATERAL (
                    SELECT min(w.date_collected) AS date_collected FROM b2b_waybill w
                     WHERE w.sale_order_id = so.id AND w.date_collected IS NOT NULL
              ) waybill ON TRUE
              LEFT JOIN LATERAL (
                    SELECT min(picking.date_done) AS date_done
                      FROM stock_picking picking
                      JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                     WHERE picking.sale_id = so.id AND picking.state = 'done' AND picking_type.code = 'outgoing'
              ) delivery ON TRUE
             WHERE so.state = 'sale'
                OR so.b2b_sent_date IS NOT NULL
                -- sent before this add-on was installed (no sent date recorded)
                OR (so.b2b_portal_user_id IS NOT NULL AND so.b2b_reservation_state <> 'draft')
            """,
            minutes=minutes,
            cost=cost,
        )
