from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools.client_address import address_bucket, email_key
from odoo.addons.b2b_portal.tools.params import get_param_int


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_demo_request = fields.Boolean(
        string="Demo invoice request",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="A visitor of the public site asked for a demo invoice: a prospect to follow up.",
    )
    b2b_demo_ip = fields.Char(string="Requested from address", copy=False, readonly=True)

    @api.model
    def _b2b_demo_rate_exceeded(self, ip, email):
        """Count this request and say whether it is over a limit: per address (IPv6 by /64) and
        hour, per mailbox (`user+tag@` counts as `user@`) and day, and for the whole site per day.

        Each count is one atomic upsert (`b2b.rate.limit`), so parallel requests cannot all slip
        under a limit."""
        # sudo: the counters are technical records that visitors may not see
        limits = self.env["b2b.rate.limit"].sudo()
        hour, day = timedelta(hours=1), timedelta(days=1)
        per_ip = get_param_int(self.env, "b2b_portal.demo_invoice_limit_ip", 5, minimum=0)
        per_email = get_param_int(self.env, "b2b_portal.demo_invoice_limit_email", 3, minimum=0)
        per_day = get_param_int(self.env, "b2b_portal.demo_invoice_limit_day", 100, minimum=0)
        checks = [
            (f"demo-ip:{address_bucket(ip)}", per_ip, hour),
            (f"demo-email:{email_key(email)}", per_email, day),
            ("demo-site", per_day, day),
        ]
        return not limits._b2b_hit_all(checks)

    @api.model
    def _b2b_demo_pricelist(self, company):
        """The pricelist of a demo quotation: none (base prices in the company's currency).
        A hook for a distributor that publishes a pricelist for prospects."""
        return self.env["product.pricelist"]

    @api.model
    def _b2b_demo_base_price(self, product, company):
        """The base price of `product` in `company`'s currency, as the demo quotation gets it."""
        product = product.with_company(company)
        return product.currency_id._convert(product.lst_price, company.currency_id, company, fields.Date.today())

    @api.model
    def _b2b_create_demo_request(self, values, quantities, ip):
        """A quotation for a new prospect with the products a visitor picked, and the e-mail
        with the demo invoice PDF. `quantities` is {product: quantity}, already checked."""
        # sudo: an anonymous visitor creates a prospect and a quotation through this method only
        company = self.env["res.company"]._b2b_distributor()
        Partner = self.env["res.partner"].sudo().with_company(company)
        partner_values = {"name": values["name"], "email": values["email"], "lang": self.env.lang}
        if values.get("company_name") or values.get("vat"):
            parent = Partner.create(
                {
                    "name": values.get("company_name") or values["name"],
                    "is_company": True,
                    "vat": values.get("vat") or False,
                    "lang": self.env.lang,
                }
            )
            partner_values["parent_id"] = parent.id
        partner = Partner.create(partner_values)
        order = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    # base prices in the distributor's currency, whatever pricelist the
                    # prospect would get by default (Odoo's first one may be in dollars)
                    "pricelist_id": self._b2b_demo_pricelist(company).id,
                    "origin": _("Demo invoice from the website"),
                    "b2b_demo_request": True,
                    "b2b_demo_ip": ip,
                    "order_line": [
                        fields.Command.create({"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in quantities.items()
                    ],
                }
            )
        )
        order.message_post(
            body=_("A visitor asked for a demo invoice on the website (address %s).", ip),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        template = self.env.ref("b2b_demo_invoice.mail_template_b2b_demo_invoice")
        template.sudo().send_mail(
            order.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values={"recipient_ids": [fields.Command.set(partner.ids)]},
        )
        return order
