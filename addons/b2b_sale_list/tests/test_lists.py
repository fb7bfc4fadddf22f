"""Saved lists at work: saved from the order, built from the catalog, added to an order at
today's price and stock, imported and exported, and «Repeat» of a past order."""

import csv
import io

from odoo.addons.b2b_portal.tests.common import xlsx_rows
from odoo.tests import HttpCase, tagged

from .common import B2bListCommon

MODULE = "b2b_sale_list"


@tagged("post_install", "-at_install")
class TestLists(B2bListCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_list_setup()

    def test_save_the_current_order_as_a_list(self):
        order = self._order([(self.product_a, 4), (self.product_b, 50)])
        self._login(self.buyer)
        page = self.url_open("/my/b2b/order").text
        self.assertIn("o_b2b_order_save_list", page)
        response = self._post("/my/b2b/lists/create", {"name": "Для магазина", "from_order": "1"})
        sale_list = self.env["b2b.sale.list"].search([("name", "=", "Для магазина")])
        self.assertEqual(sale_list.partner_id, self.client)
        self.assertEqual(response.headers["Location"].rsplit("/", 1)[-1], str(sale_list.id))
        self.assertEqual(self._quantities(sale_list), {"T-A5": 4, "T-SP6": 50})
        self.assertEqual(self._quantities(order), {"T-A5": 4, "T-SP6": 50})  # the order stays as it was
        # the colleagues see it; the list stays after it is added to an order
        self._login(self.client_users["viewer"])
        self.assertIn("Для магазина", self.url_open("/my/b2b/lists").text)
        self._login(self.admin)
        self._post(f"/my/b2b/lists/{sale_list.id}/add-to-order")
        self.assertEqual(self._quantities(self._draft(self.admin)), {"T-A5": 4, "T-SP6": 50})
        self.assertTrue(sale_list.exists())
        # an empty order saves nothing
        self._login(self._b2b_make_user(self.client, "buyer"))
        self._post("/my/b2b/lists/create", {"name": "Пусто", "from_order": "1"})
        self.assertFalse(self.env["b2b.sale.list"].search([("name", "=", "Пусто")]))

    def test_add_to_order_takes_todays_price_and_stock(self):
        self.product_a.list_price = 120.0  # the price changed since the list was made
        gone = self._b2b_make_product("Снят с продажи", code="T-GONE", qty=10)
        empty = self._b2b_make_product("Кончился", code="T-EMPTY", qty=5)
        self.sale_list.write(
            {
                "line_ids": [
                    (0, 0, {"product_id": gone.id, "quantity": 3}),
                    (0, 0, {"product_id": empty.id, "quantity": 2}),
                ]
            }
        )
        gone.b2b_catalog_published = False
        self.env["stock.quant"]._update_available_quantity(empty, self.stock_location, -5)
        self.env["stock.quant"]._update_available_quantity(self.product_a, self.stock_location, -80)  # 20 left
        self._order([(self.product_a, 5)])  # already on the order: 15 more fit
        self._login(self.buyer)
        response = self._post(f"/my/b2b/lists/{self.sale_list.id}/add-to-order")
        self.assertEqual(response.headers["Location"].split("?")[0].rsplit("/", 1)[-1], "order")
        draft = self._draft(self.buyer)
        self.assertEqual(self._quantities(draft), {"T-A5": 20, "T-SP6": 200})
        line_a = draft.order_line.filtered(lambda l: l.product_id == self.product_a)
        self.assertEqual(line_a.price_unit, 120.0)
        page = self.url_open("/my/b2b/order").text
        what = self._t("the list «%(name)s»", module=MODULE, name="Еженедельный")
        self.assertIn(
            self._t("%(count)s lines of %(what)s added to your order.", module=MODULE, count=2, what=what), page
        )
        short = self._t(
            "%(product)s: only %(quantity)s of %(asked)s could be added (what you may order now).",
            module=MODULE,
            product=self.product_a.display_name,
            quantity="15",
            asked="30",
        )
        self.assertIn(short, page)
        for product, reason in ((gone, "no longer sold"), (empty, "out of stock now")):
            reason = self._t(
                "%(product)s (%(reason)s)",
                module=MODULE,
                product=product.display_name,
                reason=self._t(reason, module=MODULE),
            )
            self.assertIn(reason, page)
        # the list itself is kept as it was, and shows today's figures
        self.assertEqual(self._quantities(self.sale_list), {"T-A5": 30, "T-SP6": 200, "T-GONE": 3, "T-EMPTY": 2})
        page = self.url_open(f"/my/b2b/lists/{self.sale_list.id}").text
        self.assertIn("o_b2b_list_not_sold", page)
        self.assertIn("120", page)

    def test_export_and_import_in_the_order_upload_format(self):
        self._login(self.buyer)
        response = self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.csv")
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[1:], [["T-A5", "30"], ["T-SP6", "200"]])
        response = self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.xlsx")
        self.assertEqual(xlsx_rows(response.content)[1:], [("T-A5", 30.0), ("T-SP6", 200.0)])
        exported_xlsx = response.content
        # the export goes back in: into a new list, and into the order upload as it is
        self._post("/my/b2b/lists/create", {"name": "Копия"})
        copy = self.env["b2b.sale.list"].search([("name", "=", "Копия")])
        self._post(f"/my/b2b/lists/{copy.id}/import", files={"lines_file": ("list.xlsx", exported_xlsx)})
        self.assertEqual(self._quantities(copy), {"T-A5": 30, "T-SP6": 200})
        csv_bytes = self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.csv").content
        self._post("/my/b2b/order/import", files={"lines_file": ("list.csv", csv_bytes)})
        self.assertEqual(self._quantities(self._draft(self.buyer)), {"T-A5": 30, "T-SP6": 200})
        # a pasted list with a bad SKU and a bad quantity: the good line is added (merged), the rest given back
        self._post(f"/my/b2b/lists/{copy.id}/import", {"lines_text": "T-A5;5\nNOPE-1;2\nT-SP6;-1"})
        self.assertEqual(self._quantities(copy), {"T-A5": 35, "T-SP6": 200})
        page = self.url_open(f"/my/b2b/lists/{copy.id}").text
        self.assertIn("NOPE-1", page)
        self.assertIn("o_b2b_import_errors", page)

    def test_hostile_files_change_nothing(self):
        """A zip bomb, an archive that is no workbook, a NUL in a pasted list: a message on the
        list's page in Russian, and the list as it was."""
        from odoo.addons.b2b_portal.tests.test_table_io import xlsx

        bomb = xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "<si><t>" + "A" * (64 * 1024 * 1024) + "</t></si>")
        self.assertLess(len(bomb), 200_000)
        before = self._quantities(self.sale_list)
        self._login(self.buyer)
        url = f"/my/b2b/lists/{self.sale_list.id}/import"
        for label, payload in (
            ("zip bomb", {"files": {"lines_file": ("list.xlsx", bomb)}}),
            ("not a workbook", {"files": {"lines_file": ("list.xlsx", b"PK\x03\x04 not really a zip")}}),
            ("NUL", {"data": {"lines_text": "T-A5;5\x00\nT-SP6;1"}}),
        ):
            with self.subTest(label):
                response = self._post(url, payload.get("data", {}), files=payload.get("files"))
                self.assertEqual(response.status_code, 303)
                page = self.url_open(f"/my/b2b/lists/{self.sale_list.id}")
                self.assertEqual(page.status_code, 200)
                self.assertRegex(page.text, "alert-(danger|warning)")
                self.assertRegex(page.text, "[а-яА-Я]{4,}")  # the message is in Russian
                self.env.invalidate_all()
                self.assertEqual(self._quantities(self.sale_list), before, label)

    def test_a_formula_in_a_list_name_stays_text(self):
        self.sale_list.name = '=HYPERLINK("http://x","y")'
        self.product_b.default_code = "=1+2"
        self._login(self.buyer)
        content = self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.csv").content.decode("utf-8-sig")
        self.assertIn("'=1+2;200", content)
        rows = xlsx_rows(self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.xlsx").content)
        self.assertIn(("=1+2", 200.0), rows)

    def test_add_to_a_list_from_the_catalog(self):
        self._login(self.buyer)
        page = self.url_open("/my/b2b/catalog").text
        self.assertIn("o_b2b_add_to_list", page)
        self.assertIn("Еженедельный", page)
        self._post(
            "/my/b2b/lists/add-product",
            {
                "product_id": self.product_b.id,
                "quantity": "25",
                "list_id": self.sale_list.id,
                "redirect": "/my/b2b/catalog",
            },
        )
        self.assertEqual(self._quantities(self.sale_list)["T-SP6"], 225)
        response = self._post("/my/b2b/lists/add-product", {"product_id": self.product_a.id, "quantity": "2"})
        self.assertEqual(response.headers["Location"].split("/my/")[-1], "b2b/catalog")
        new = self.env["b2b.sale.list"].search([("partner_id", "=", self.client.id), ("id", "!=", self.sale_list.id)])
        self.assertEqual(self._quantities(new), {"T-A5": 2})
        # a product outside the catalog, a bad quantity, another client's list: nothing changes
        hidden = self._b2b_make_product("Скрыт", code="T-HID", qty=5, b2b_catalog_published=False)
        for data in (
            {"product_id": hidden.id, "quantity": "1", "list_id": self.sale_list.id},
            {"product_id": self.product_a.id, "quantity": "-1", "list_id": self.sale_list.id},
            {"product_id": self.product_a.id, "quantity": "1e400", "list_id": self.sale_list.id},
        ):
            self.assertEqual(self._post("/my/b2b/lists/add-product", data).status_code, 303, data)
        self.assertEqual(
            self._post(
                "/my/b2b/lists/add-product",
                {"product_id": self.product_a.id, "quantity": "1", "list_id": self.other_list.id},
            ).status_code,
            404,
        )
        self.assertEqual(self._quantities(self.sale_list), {"T-A5": 30, "T-SP6": 225})
        self.assertEqual(self._quantities(self.other_list), {"T-A5": 1})
        # the read-only roles see no list button
        self._login(self.client_users["viewer"])
        self.assertNotIn("o_b2b_add_to_list", self.url_open("/my/b2b/catalog").text)

    def test_repeat_a_past_order(self):
        past = self._sent([(self.product_a, 6), (self.product_b, 40)])
        self._run_job()
        self.assertEqual(past.state, "sale")
        self.product_b.list_price = 3.0
        self._login(self.buyer)
        self.assertIn("o_b2b_repeat", self.url_open(f"/my/orders/{past.id}").text)
        response = self._post(f"/my/b2b/order/{past.id}/repeat")
        self.assertEqual(response.status_code, 303)
        draft = self._draft(self.buyer)
        self.assertEqual(self._quantities(draft), {"T-A5": 6, "T-SP6": 40})
        self.assertEqual(draft.order_line.filtered(lambda l: l.product_id == self.product_b).price_unit, 3.0)
        self.assertEqual(self._quantities(past), {"T-A5": 6, "T-SP6": 40})
        # an order the distributor's staff entered for the company: the admin repeats it
        staff_order = self._b2b_make_order(self.client, [(self.product_b, 7)])
        staff_order.message_subscribe(partner_ids=self.client.ids)
        self._login(self.admin)
        self.assertIn("o_b2b_repeat", self.url_open(f"/my/orders/{staff_order.id}").text)
        self._post(f"/my/b2b/order/{staff_order.id}/repeat")
        self.assertEqual(self._quantities(self._draft(self.admin)), {"T-SP6": 7})

    def test_repeat_is_refused_outside_the_scope_and_the_roles(self):
        colleague = self._b2b_make_user(self.client, "buyer")
        theirs = self._sent([(self.product_a, 3)], user=colleague)
        # a buyer who sees his own orders only cannot repeat a colleague's
        self._login(self.buyer)
        self.assertEqual(self._post(f"/my/b2b/order/{theirs.id}/repeat").status_code, 303)
        self.assertFalse(self._draft(self.buyer).order_line)
        for role in ("accountant", "viewer"):
            self._login(self.client_users[role])
            self.assertNotIn("o_b2b_repeat", self.url_open(f"/my/orders/{theirs.id}").text, role)
            self.assertEqual(self._post(f"/my/b2b/order/{theirs.id}/repeat").status_code, 403, role)
        self._login(self.other_users["admin"])
        self._post(f"/my/b2b/order/{theirs.id}/repeat")
        self.assertFalse(self._draft(self.other_users["admin"]).order_line)
        self._login(None)
        response = self._post(f"/my/b2b/order/{theirs.id}/repeat")
        self.assertIn("/web/login", response.headers.get("Location", ""))
        for bad in ("0", "99999999999"):
            self._login(self.buyer)
            self.assertIn(self._post(f"/my/b2b/order/{bad}/repeat").status_code, (303, 404))

    def test_list_page_query_count_does_not_grow(self):
        self._login(self.buyer)
        url = f"/my/b2b/lists/{self.sale_list.id}"
        self.url_open(url)  # warm the caches

        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(self.url_open(url).status_code, 200)
            return self.env.cr.sql_log_count - before

        first = count()
        products = [self._b2b_make_product(f"Доп. {index}", code=f"T-X{index}", qty=5) for index in range(10)]
        self.sale_list.write({"line_ids": [(0, 0, {"product_id": product.id, "quantity": 1}) for product in products]})
        self.url_open(url)  # creating products clears the registry caches: warm them again
        self.assertLessEqual(count(), first)
