from odoo.addons.b2b_portal.tests.common import B2bTestCommon


class B2bPricingTestCommon(B2bTestCommon):
    """The common scene of B2bTestCommon, known pricing settings and a delivery helper."""

    @classmethod
    def _b2b_pricing_setup(cls):
        cls._b2b_setup()
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        for key, value in {
            "consignment_markup": 10,
            "installment_markup": 1.5,
            "turnover_window_days": 90,
            "stock_factor": 1.5,
            "stock_floor": 10,
        }.items():
            set_param(f"b2b_pricing.{key}", value)
        cls.company = cls.env.company
        cls.warehouse = cls._b2b_warehouse()

    @classmethod
    def _move(cls, partner, product, qty, outgoing=True):
        """Validate a delivery of `qty` of `product` to `partner` (or a return from it)."""
        customers = cls.env.ref("stock.stock_location_customers")
        picking_type = cls.warehouse.out_type_id if outgoing else cls.warehouse.in_type_id
        source, dest = (cls.stock_location, customers) if outgoing else (customers, cls.stock_location)
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.button_validate()
        return picking
