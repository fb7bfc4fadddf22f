from odoo.tests import TransactionCase, tagged

from .common import B2bPricingTestCommon


@tagged("post_install", "-at_install")
class TestPriceChain(B2bPricingTestCommon, TransactionCase):
    """The catalog, the cart (draft order), the confirmed order, the invoice and the feed show
    the same unit price for the same client, product and quantity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_pricing_setup()
        cls.product_a.write({"list_price": 123.47, "invoice_policy": "order"})
        cls.contract = cls._b2b_make_contract(
            cls.client, contract_type="consignment", installment_days=45, discount_percent=7
        )
        cls.other_contract = cls._b2b_make_contract(cls.other_client, discount_percent=3)

    def test_same_price_everywhere(self):
        client = self.client.with_company(self.company)
        currency = client._b2b_catalog_currency()
        expected = currency.round(123.47 * 1.10 * (1 + 0.015 * 45 / 30) * 0.93)
        catalog = currency.round(client._b2b_get_catalog_prices(self.product_a, 3)[self.product_a.id])
        self.assertEqual(catalog, expected)
        buyer = self.client_users["buyer"]
        order = self.env["sale.order"]._b2b_draft_for_user(buyer, create=True)
        line = order._b2b_add_product(self.product_a, 3).sudo()
        self.assertEqual(line.price_unit, expected)
        self.assertEqual(line.discount, 0)
        order = order.sudo()
        order.action_confirm()
        self.assertEqual(order.order_line.price_unit, expected)
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.price_unit, expected)
        self.assertEqual(invoice.invoice_line_ids.discount, 0)
        feed = {row["id"]: row for row in client._b2b_feed_rows()}
        self.assertEqual(feed[self.product_a.id]["price"], expected)
        # another client has its own price, in the catalog and in its feed
        other = self.other_client.with_company(self.company)
        other_expected = currency.round(123.47 * 0.97)
        self.assertEqual(
            currency.round(other._b2b_get_catalog_prices(self.product_a)[self.product_a.id]), other_expected
        )
        other_feed = {row["id"]: row for row in other._b2b_feed_rows()}
        self.assertEqual(other_feed[self.product_a.id]["price"], other_expected)
