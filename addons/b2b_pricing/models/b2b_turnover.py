from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class B2bTurnover(models.Model):
    """What was delivered to a client company of a product over the rolling window (returns
    deducted). Rebuilt for the concerned clients and products when a delivery is validated, and
    for everything by a nightly cron, each time with one aggregated SQL query."""

    _name = "b2b.turnover"
    _description = "B2B client turnover per product"
    _order = "partner_id, product_id"
    _rec_name = "product_id"

    partner_id = fields.Many2one("res.partner", string="Client company", required=True, ondelete="cascade", index=True)
    product_id = fields.Many2one("product.product", string="Product", required=True, ondelete="cascade", index=True)
    quantity = fields.Float(
        string="Delivered quantity",
        digits="Product Unit of Measure",
        help="In the product's unit of measure, over the turnover window of the settings.",
    )

    _sql_constraints = [
        ("partner_product_unique", "UNIQUE(partner_id, product_id)", "One turnover row per client and product."),
    ]

    @api.model
    def _b2b_rebuild(self, partners=None, products=None):
        """Recompute the turnover rows of `partners` × `products` (all when None) from the done
        stock moves to and from customers over the window, in one query."""
        window = self.env["res.config.settings"]._b2b_pricing_params()["turnover_window_days"]
        date_from = fields.Datetime.now() - timedelta(days=window)
        move_scope, row_scope = [SQL("TRUE")], [SQL("TRUE")]
        if partners is not None:
            move_scope.append(SQL("p.commercial_partner_id = ANY(%s)", partners.ids))
            row_scope.append(SQL("t.partner_id = ANY(%s)", partners.ids))
        if products is not None:
            move_scope.append(SQL("m.product_id = ANY(%s)", products.ids))
            row_scope.append(SQL("t.product_id = ANY(%s)", products.ids))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH agg AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           m.product_id,
                           SUM(CASE WHEN dest.usage = 'customer' THEN m.quantity ELSE -m.quantity END
                               / mu.factor * pu.factor) AS quantity
                      FROM stock_move m
                      LEFT JOIN stock_picking pk ON pk.id = m.picking_id
                      JOIN res_partner p ON p.id = COALESCE(pk.partner_id, m.partner_id)
                      JOIN res_partner cp ON cp.id = p.commercial_partner_id AND cp.b2b_is_client
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dest ON dest.id = m.location_dest_id
                      JOIN uom_uom mu ON mu.id = m.product_uom
                      JOIN product_product pp ON pp.id = m.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      JOIN uom_uom pu ON pu.id = pt.uom_id
                     WHERE m.state = 'done'
                       AND m.date >= %(date_from)s
                       AND (dest.usage = 'customer') <> (src.usage = 'customer')
                       AND %(move_scope)s
                     GROUP BY 1, 2
                    HAVING SUM(CASE WHEN dest.usage = 'customer' THEN m.quantity ELSE -m.quantity END
                               / mu.factor * pu.factor) > 0
                ), upsert AS (
                    INSERT INTO b2b_turnover (partner_id, product_id, quantity,
                                              create_uid, create_date, write_uid, write_date)
                    SELECT partner_id, product_id, quantity, %(uid)s, %(now)s, %(uid)s, %(now)s FROM agg
                    ON CONFLICT (partner_id, product_id)
                    DO UPDATE SET quantity = EXCLUDED.quantity, write_uid = EXCLUDED.write_uid,
                                  write_date = EXCLUDED.write_date
                )
                DELETE FROM b2b_turnover t
                 WHERE %(row_scope)s
                   AND NOT EXISTS (SELECT 1 FROM agg WHERE agg.partner_id = t.partner_id
                                                       AND agg.product_id = t.product_id)
                """,
                date_from=date_from,
                move_scope=SQL(" AND ").join(move_scope),
                row_scope=SQL(" AND ").join(row_scope),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.invalidate_model()

    @api.model
    def _cron_rebuild(self):
        self._b2b_rebuild()

    @api.model
    def _b2b_get_turnover(self, partner, products):
        """{product id: turnover} of a client company for many products, in one query."""
        rows = self.sudo().search_fetch(
            [("partner_id", "=", partner.commercial_partner_id.id), ("product_id", "in", products.ids)],
            ["product_id", "quantity"],
        )
        return {row.product_id.id: row.quantity for row in rows}
