from lxml import html

from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import SQL

from ..tools.formats import NumberFormat, html_number, quantity_digits
from .common import B2bTestCommon


@tagged("post_install", "-at_install")
class TestCatalog(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.categ = cls.env["product.category"].create({"name": "Пружины"})
        cls.product_b.write({"categ_id": cls.categ.id, "barcode": "4600000000017", "b2b_next_batch_date": "2030-03-15"})
        cls.product_b.product_tmpl_id.b2b_characteristic_ids = [(0, 0, {"name": "Шаг", "value": "3:1"})]
        cls.hidden = cls.env["product.product"].create({"name": "Служебная услуга", "sale_ok": False})
        cls.foreign = cls.env["product.product"].create(
            {"name": "Чужой товар", "company_id": cls.env["res.company"].create({"name": "Другая фирма"}).id}
        )

    def _get(self, url, user=None):
        if user is not None:
            self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def _rows(self, response):
        tree = html.fromstring(response.content)
        return [
            (row.xpath("string(.//td[contains(@class, 'o_b2b_sku')])").strip(), row.get("data-product-id"))
            for row in tree.xpath("//tr[contains(@class, 'o_b2b_catalog_row')]")
        ]

    def test_roles(self):
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                response = self._get("/my/b2b/catalog", user)
                self.assertEqual(response.status_code, 200)
                skus = [sku for sku, _id in self._rows(response)]
                self.assertIn("T-A5", skus)
                self.assertIn("T-SP6", skus)
                self.assertNotIn(self.hidden.name, response.text)
                self.assertNotIn(self.foreign.name, response.text)
                # only roles that may order get the quantity box
                self.assertEqual("o_b2b_add_form" in response.text, role in ("admin", "buyer"))
                card = self._get(f"/my/b2b/catalog/{self.product_b.id}")
                self.assertEqual(card.status_code, 200)
                self.assertIn("Шаг", card.text)
                self.assertIn("o_b2b_next_batch", card.text)
                self.assertIn("o_b2b_weight", self._get(f"/my/b2b/catalog/{self.product_a.id}").text)
        # another client's user sees the catalog too (with its own prices, see b2b_pricing)
        response = self._get("/my/b2b/catalog", self.other_users["admin"])
        self.assertEqual(response.status_code, 200)

    def test_anonymous_and_non_clients(self):
        self.authenticate(None, None)
        for url in (
            "/my/b2b/catalog",
            f"/my/b2b/catalog/{self.product_a.id}",
            f"/my/b2b/catalog/{self.product_a.id}/image",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertIn("/web/login", response.headers["Location"])
        outsider = self.env["res.users"].create(
            {
                "name": "Частное лицо",
                "login": "outsider_user",
                "password": "outsider_user",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertEqual(self._get("/my/b2b/catalog", outsider).status_code, 403)
        self.assertEqual(self._get(f"/my/b2b/catalog/{self.product_a.id}", outsider).status_code, 403)

    def test_catalog_flag(self):
        """Goods that can be sold are in the catalog by default, services are not; a manager can
        take goods out, and then neither the list, the card nor the order's filter admits them."""
        service = self.env["product.product"].create({"name": "Монтаж", "type": "service", "list_price": 10})
        self.assertTrue(self.product_a.b2b_catalog_published)
        self.assertFalse(service.b2b_catalog_published)
        domain = self.client._b2b_catalog_product_domain()
        self.assertEqual((self.product_a | service).filtered_domain(domain), self.product_a)
        self.product_a.b2b_catalog_published = False
        self.assertFalse(self.product_a.filtered_domain(domain))
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        listed = {product_id for _sku, product_id in self._rows(self._get("/my/b2b/catalog"))}
        self.assertNotIn(str(self.product_a.id), listed)
        self.assertNotIn(str(service.id), listed)
        self.assertIn(str(self.product_b.id), listed)
        self.assertEqual(self._get(f"/my/b2b/catalog/{self.product_a.id}").status_code, 404)
        self.product_a.b2b_catalog_published = True
        self.assertEqual(self._get(f"/my/b2b/catalog/{self.product_a.id}").status_code, 200)

    def test_card_of_unlisted_products_is_not_found(self):
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        for product_id in (self.hidden.id, self.foreign.id, 999999999):
            self.assertEqual(self._get(f"/my/b2b/catalog/{product_id}").status_code, 404, product_id)
            self.assertEqual(self._get(f"/my/b2b/catalog/{product_id}/image").status_code, 404, product_id)

    def test_characteristics_are_not_readable_over_rpc(self):
        """The card shows a product's characteristics; RPC shows none to portal or public users,
        of any product (archived, unsellable, another company's), since the card reads them for
        catalog products only."""
        hidden = self.env["b2b.product.characteristic"].create(
            [
                {"product_tmpl_id": product.product_tmpl_id.id, "name": "Секрет", "value": "x"}
                for product in (self.hidden, self.foreign)
            ]
        )
        self.product_a.product_tmpl_id.active = False
        ids = [*hidden.ids, *self.product_b.product_tmpl_id.b2b_characteristic_ids.ids]
        for login in (self.client_users["admin"].login, None):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for method, args in (("search_read", [[]]), ("read", [ids, ["name", "value"]])):
                    with self.assertRaises(JsonRpcException):
                        self.make_jsonrpc_request(
                            "/web/dataset/call_kw",
                            {"model": "b2b.product.characteristic", "method": method, "args": args, "kwargs": {}},
                        )
        # the card still shows them
        self.assertIn("3:1", self._get(f"/my/b2b/catalog/{self.product_b.id}", self.client_users["admin"]).text)

    def test_image(self):
        # a 1×1 PNG
        self.product_a.image_1920 = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        response = self._get(f"/my/b2b/catalog/{self.product_a.id}/image", self.client_users["viewer"])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("image/"))

    def test_search_filter_sort_pages(self):
        user = self.client_users["viewer"]
        self.authenticate(user.login, user.login)
        for term in ("пружина", "t-sp6", "4600000000017"):
            with self.subTest(term=term):
                rows = self._rows(self._get(f"/my/b2b/catalog?search={term}"))
                self.assertEqual(rows, [("T-SP6", str(self.product_b.id))])
        rows = self._rows(self._get(f"/my/b2b/catalog?category={self.categ.id}"))
        self.assertEqual([sku for sku, _id in rows], ["T-SP6"])
        # bad parameters fall back on the defaults instead of failing
        for query in ("category=abc", "ppg=7", "sortby=drop", "page=x", "category=999999", "page=" + "9" * 30):
            self.assertEqual(self._get(f"/my/b2b/catalog?{query}").status_code, 200, query)
        # ids and pages beyond PostgreSQL's integers: a page or a 404, never a server error
        self.assertEqual(self._get("/my/b2b/catalog/page/" + "9" * 30).status_code, 200)
        self.assertEqual(self._get("/my/b2b/catalog/" + "9" * 30).status_code, 404)
        self.assertEqual(self._get("/my/b2b/catalog/99999999999/image").status_code, 404)
        # pages and sorting over many products
        self.env["product.product"].create(
            [{"name": f"Лента {i:02d}", "default_code": f"R-{i:02d}"} for i in range(25)]
        )
        first = self._rows(self._get("/my/b2b/catalog?search=R-&sortby=code&ppg=10"))
        self.assertEqual([sku for sku, _id in first], [f"R-{i:02d}" for i in range(10)])
        third = self._rows(self._get("/my/b2b/catalog/page/3?search=R-&sortby=code&ppg=10"))
        self.assertEqual([sku for sku, _id in third], [f"R-{i:02d}" for i in range(20, 25)])
        newest = self._rows(self._get("/my/b2b/catalog?search=R-&sortby=new&ppg=10"))
        self.assertEqual(newest[0][0], "R-24")

    def test_query_count_does_not_grow_with_rows(self):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Обложка {i:02d}",
                    "default_code": f"Q-{i:02d}",
                    "is_storable": True,
                    "categ_id": self.categ.id,
                }
                for i in range(45)
            ]
        )
        for product in products[::3]:
            self.env["stock.quant"]._update_available_quantity(product, self.stock_location, 50)
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        urls = {size: f"/my/b2b/catalog?search=Q-&ppg={size}" for size in (10, 40)}
        for url in urls.values():  # warm the caches (views, assets, session)
            self.assertEqual(len(self._rows(self._get(url))), int(url.rsplit("=", 1)[1]))
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self._get(urls[10])
        count_10 = self.cr.sql_log_count - start
        self.env.invalidate_all()
        with self.assertQueryCount(count_10):
            self._get(urls[40])

    def test_name_order_is_read_from_an_index(self):
        """The default sort (translated name) can come from an index, in Russian and English,
        instead of a sort of the whole catalog for every page."""
        for lang in ("ru_RU", "en_US"):
            query = self.env["product.template"].with_context(lang=lang)._search([], order="name", limit=40)
            self.env.cr.execute(SQL("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off"))
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.env.cr.execute(SQL("RESET enable_seqscan; RESET enable_sort"))
            self.assertIn(f"b2b_product_template_name_{lang.lower()}_index", plan)

    def test_tour_search_and_add(self):
        self.product_b.default_code = "TOUR-SP6"
        buyer = self.client_users["buyer"]
        self.start_tour("/my/b2b/catalog", "b2b_catalog_search_and_add", login=buyer.login)
        order = self.env["sale.order"]._b2b_draft_for_user(buyer).sudo()
        self.assertEqual(order.order_line.product_id, self.product_b)
        self.assertEqual(order.order_line.product_uom_qty, 7)

    def test_add_from_catalog_redirects_back(self):
        """The catalog's one form names the row's product; the client comes back to the same
        page, filters and row (anchor), where the row says what was added."""
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        back = "/my/b2b/catalog/page/1?search=T-&ppg=10"
        page = html.fromstring(self._get(back).content)
        (form,) = page.xpath("//form[@id='b2b_add_form']")
        self.assertEqual(len(form.xpath(".//input[@name='csrf_token']")), 1)  # one token for the page
        self.assertEqual(
            page.xpath("//input[@form='b2b_add_form']/@name"), [f"qty_{self.product_a.id}", f"qty_{self.product_b.id}"]
        )
        product = self.product_a
        response = self.url_open(
            "/my/b2b/order/add",
            data={
                "add": product.id,
                f"qty_{product.id}": "2",
                f"qty_{self.product_b.id}": "1",  # the other rows' boxes come along, unused
                "redirect": back,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"{back}#b2b-product-{product.id}"))
        order = self.env["sale.order"]._b2b_draft_for_user(buyer).sudo()
        self.assertEqual([(line.product_id, line.product_uom_qty) for line in order.order_line], [(product, 2)])
        page = html.fromstring(self._get(back).content)
        (row,) = page.xpath(f"//tr[@id='b2b-product-{product.id}']")
        (notice,) = row.xpath(".//*[contains(@class, 'o_b2b_row_notice')]")
        self.assertIn(f"{product.display_name} × 2", notice.text_content())
        self.assertIn("alert-success", notice.get("class"))
        # shown once
        self.assertFalse(html.fromstring(self._get(back).content).xpath("//*[contains(@class, 'o_b2b_row_notice')]"))
        # the product card's form comes back to the card, with the notice on top
        card = f"/my/b2b/catalog/{product.id}"
        response = self.url_open(
            "/my/b2b/order/add",
            data={
                "product_id": product.id,
                "quantity": "1",
                "redirect": card,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertTrue(response.headers["Location"].endswith(card))
        self.assertIn("o_b2b_notice", self._get(card).text)
        # a replayed or forged button (no such product, no box) is a message at the top, nothing added
        for data in ({"add": "999999999"}, {"add": "abc"}, {"add": str(self.product_b.id)}):
            response = self.url_open(
                "/my/b2b/order/add",
                data={**data, "redirect": back, "csrf_token": http.Request.csrf_token(self)},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303, data)
            self.assertEqual(self._get(back).status_code, 200)
        self.assertEqual(order.order_line.product_id, product)

    def test_whole_units_and_pack_step(self):
        """A unit that is not split shows whole numbers («50», not «50.0» nor «50,00»); the box
        steps by the pack size."""
        self.env.ref("uom.product_uom_unit").rounding = 1.0
        self.product_a.b2b_pack_qty = 50
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        page = html.fromstring(self._get("/my/b2b/catalog?search=T-").content)
        (row,) = page.xpath(f"//tr[@data-product-id='{self.product_a.id}']")
        (box,) = row.xpath(".//input[contains(@class, 'o_b2b_quantity')]")
        self.assertEqual((box.get("value"), box.get("step"), box.get("min")), ("50", "50", "50"))
        stock = " ".join(row.xpath("string(.//span[contains(@class, 'o_b2b_stock')])").split())
        self.assertRegex(stock, r"^(?:(?:at least|не менее) )?\d+$")
        self.assertIn("50", row.xpath("string(.//*[contains(@class, 'o_b2b_pack')])"))
        # without a pack, a divisible unit takes any quantity
        (other,) = page.xpath(f"//tr[@data-product-id='{self.product_b.id}']")
        self.assertEqual(other.xpath(".//input[contains(@class, 'o_b2b_quantity')]/@step"), ["1"])
        self.env.ref("uom.product_uom_unit").rounding = 0.01
        page = html.fromstring(self._get("/my/b2b/catalog?search=T-").content)
        (other,) = page.xpath(f"//tr[@data-product-id='{self.product_b.id}']")
        self.assertEqual(other.xpath(".//input[contains(@class, 'o_b2b_quantity')]/@step"), ["any"])
        card = html.fromstring(self._get(f"/my/b2b/catalog/{self.product_a.id}").content)
        self.assertEqual(card.xpath("string(//*[contains(@class, 'o_b2b_pack_qty')])"), "50")

    def test_one_pager_and_thumbnails(self):
        self.env["product.product"].create(
            [{"name": f"Лента {i:02d}", "default_code": f"R-{i:02d}"} for i in range(25)]
        )
        self.product_a.image_1920 = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        user = self.client_users["viewer"]
        self.authenticate(user.login, user.login)
        page = html.fromstring(self._get("/my/b2b/catalog?search=R-&ppg=10").content)
        self.assertEqual(len(page.xpath("//ul[contains(@class, 'pagination')]")), 1)
        thumbs = page.xpath("//tr[contains(@class, 'o_b2b_catalog_row')]//img/@src")
        self.assertEqual(len(thumbs), 10)
        response = self._get(thumbs[0])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("image/"))  # Odoo's placeholder
        self.assertIn("immutable", response.headers.get("Cache-Control", ""))
        (thumb,) = html.fromstring(self._get("/my/b2b/catalog?search=T-A5").content).xpath(
            "//td[@class='o_b2b_thumb']/img/@src"
        )
        self.assertTrue(thumb.startswith(f"/my/b2b/catalog/{self.product_a.id}/image/128?unique="))
        self.assertEqual(self._get(thumb).status_code, 200)
        self.assertEqual(self._get(f"/my/b2b/catalog/{self.product_a.id}/image/512").status_code, 404)

    def test_number_formats(self):
        ru = NumberFormat(",", "\N{NO-BREAK SPACE}", (3, 0))
        self.assertEqual(ru.quantity(50.0, 1.0), "50")
        self.assertEqual(ru.quantity(50.0, 0.01), "50")
        self.assertEqual(ru.quantity(12.5, 0.001), "12,5")
        self.assertEqual(ru.quantity(1234567.0, 1.0), "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}567")
        self.assertEqual(ru.quantity(-0.0001, 0.001), "0")
        self.assertEqual(ru.amount(1234.5, 2, "₽"), "1\N{NO-BREAK SPACE}234,50\N{NO-BREAK SPACE}₽")
        self.assertEqual(NumberFormat(".", ",", (3, 0)).amount(1234.5, 2, "$", "before"), "$\N{NO-BREAK SPACE}1,234.50")
        self.assertEqual([html_number(v) for v in (50.0, 0.5, 1e6, 0.0)], ["50", "0.5", "1000000", "0"])
        self.assertEqual(quantity_digits(0.001, 3), 3)
        self.assertEqual(quantity_digits(0.5, 3), 1)
        self.assertEqual(quantity_digits(10, 3), 0)
