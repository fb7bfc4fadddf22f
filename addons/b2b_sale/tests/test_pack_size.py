"""The pack size is the step a client orders in: a quantity that is not a whole number of packs
is refused with the nearest one that is, when adding from the catalog, in the list import and
when the order is sent (it may have been changed behind the portal)."""

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .test_order_reservation import B2bOrderCommon


@tagged("post_install", "-at_install")
class TestPackSize(B2bOrderCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()
        # the distributor does not split pieces (Odoo's own default rounding is 0.01)
        cls.env.ref("uom.product_uom_unit").rounding = 1.0
        # blocks come in packs of 50, whole pieces; springs by the kilogram without a pack
        cls.product_a.b2b_pack_qty = 50
        cls.env["stock.quant"]._update_available_quantity(cls.product_a, cls.stock_location, 400)
        kg = cls.env.ref("uom.product_uom_kgm")
        cls.product_b.write({"uom_id": kg.id, "uom_po_id": kg.id})

    def _refusal(self, product, pack, suggestion):
        return self._t(
            "%(product)s is sold in packs of %(pack)s %(unit)s: enter a multiple of %(pack)s, "
            "for example %(suggestion)s.",
            product=product.display_name,
            pack=pack,
            unit="шт",
            suggestion=suggestion,
        )

    def _post(self, url, data=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def _lines(self, order):
        return {line.product_id.default_code: line.product_uom_qty for line in order.sudo().order_line}

    def test_step(self):
        self.assertEqual(self.product_a.product_tmpl_id._b2b_quantity_step(), 50)
        # a kilogram without a pack: any quantity the unit allows
        self.assertEqual(self.product_b.product_tmpl_id._b2b_quantity_step(), 0.0)
        self.assertIsNone(self.product_b.product_tmpl_id._b2b_pack_suggestion(2.345))
        self.assertIsNone(self.product_a.product_tmpl_id._b2b_pack_suggestion(150))
        self.assertEqual(self.product_a.product_tmpl_id._b2b_pack_suggestion(70), 100)
        self.assertEqual(self.product_a.product_tmpl_id._b2b_pack_suggestion(1), 50)

    def test_add_from_the_catalog(self):
        self.authenticate(self.buyer.login, self.buyer.login)
        page = self.url_open("/my/b2b/catalog?search=T-A5").text
        self.assertIn('step="50"', page)
        self.assertIn('min="50"', page)
        back = "/my/b2b/catalog?search=T-A5"
        product = self.product_a
        response = self._post("/my/b2b/order/add", {"add": product.id, f"qty_{product.id}": "70", "redirect": back})
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"]._b2b_draft_for_user(self.buyer)
        self.assertFalse(order and order.sudo().order_line)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn(self._refusal(product, "50", "100"), page)
        self._post("/my/b2b/order/add", {"add": product.id, f"qty_{product.id}": "100", "redirect": back})
        order = self.env["sale.order"]._b2b_draft_for_user(self.buyer)
        self.assertEqual(self._lines(order), {"T-A5": 100})
        # the order page refuses it too, and changes nothing
        with self.assertRaisesRegex(UserError, "50"):
            order._b2b_set_line_quantities({order.sudo().order_line.id: 125})
        self.assertEqual(self._lines(order), {"T-A5": 100})

    def test_list_import(self):
        self.authenticate(self.buyer.login, self.buyer.login)
        self._post("/my/b2b/order/import", {"lines_text": "T-A5\t120\nT-A5\t150\nT-SP6\t2,5\n"})
        order = self.env["sale.order"]._b2b_draft_for_user(self.buyer)
        self.assertEqual(self._lines(order), {"T-A5": 150, "T-SP6": 2.5})
        page = self.url_open("/my/b2b/order").text
        error = self._refusal(self.product_a, "50", "150")
        self.assertIn(self._t("Line %(line)s (%(sku)s): %(error)s", line=1, sku="T-A5", error=error), page)
        self.assertIn("T-A5\t120</textarea>", page)  # given back to fix

    def test_send(self):
        order = self._order([(self.product_a, 100)])
        # a manager (or the client's RPC) changed the line behind the portal
        order.sudo().order_line.product_uom_qty = 60
        with self.assertRaises(UserError) as caught:
            order.with_context(lang="ru_RU")._b2b_submit()
        self.assertEqual(caught.exception.args[0], self._refusal(self.product_a, "50", "100"))
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")
        order.sudo().order_line.product_uom_qty = 100
        self.assertTrue(order._b2b_submit())
