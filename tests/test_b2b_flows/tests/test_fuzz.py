"""Fuzz: every POST form and every GET route with parameters of the b2b add-ons gets bad input.

Negative, huge, NaN, 1e309, 400 digits, unicode and RTL text, markup, SQL-ish and path-ish text,
NUL and other control characters, missing or wrong CSRF tokens, wrong methods, oversized and
garbled files, ids beyond PostgreSQL's integer and other clients' ids — as a visitor and as a
client's administrator (the role that may use every form). No answer may be a server error
(status 500 or a traceback in the page), and nothing may be created where nothing may be.

The inputs are generated from a fixed seed, so a failure is reproduced by the same run; the
number of inputs per route is printed in the test log (`fuzz: inputs per route`).
"""

import base64
import io
import logging
import random
import zipfile
from collections import Counter
from datetime import timedelta
from urllib.parse import quote, urlencode

from odoo import fields, http
from odoo.addons.b2b_portal.tests.common import B2bTestCommon, registration_post
from odoo.tests import HttpCase, tagged

_logger = logging.getLogger(__name__)

SEED = 20261202
COUNTED_MODELS = (
    "sale.order",
    "sale.order.line",
    "res.partner",
    "res.users",
    "b2b.waybill",
    "b2b.reconciliation.act",
    "b2b.claim",
    "b2b.sale.list",
    "b2b.sale.list.line",
)
# what an attacker types: numbers no field takes, text no parser expects, markup and paths
BAD_VALUES = [
    "-1",
    "0",
    "-0.5",
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "9" * 400,
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "0x1F",
    "1_000",
    "١٢٣",
    "１２",
    "12abc",
    "1,2,3",
    "",
    " ",
    "\x00",
    "1\x00",
    "abc\x00def",
    "\x01\x02\x1b[31m",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE sale_order; --",
    "1 UNION SELECT password FROM res_users",
    "%' AND 1=1 --",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd\x00.png",
    "%2e%2e%2f%2e%2e%2f",
    "%00",
    "%0d%0aSet-Cookie: x=1",
    "\r\nX-Injected: 1",
    "\n",
    "\u202eevil\u202c",
    "שלום עולם",
    "مرحبا",
    "😀" * 40,
    "Ω≈ç√∫˜µ≤≥÷",
    "\ufeff\u200b\u2028\u2029",
    "A" * 5000,
    "null",
    "None",
    "[]",
    "{}",
    "true",
    '=HYPERLINK("http://evil.example.com","x")',
    "+7",
    "@SUM(1)",
    "{{7*7}}",
    "${7*7}",
    "<t t-out='1'/>",
    "javascript:alert(1)",
    "//evil.example.com",
]
BAD_IDS = ["0", "-1", "2147483648", "99999999999", "9" * 400, "1e3", "abc", "%00", "1.5", " 1"]
BAD_EMAILS = [
    "<script>@x",
    "a@",
    "@b",
    "a@b@c",
    "x" * 300 + "@example.com",
    "a\x00@example.com",
    "a@example.com\r\nBcc: victim@example.com",
    "' OR 1=1 --@x",
    "плохой",
    "",
]


@tagged("post_install", "-at_install")
class TestFuzz(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        env = cls.env
        params = env["ir.config_parameter"].sudo()
        params.set_param("b2b_pricing.stock_floor", "1000000")
        params.set_param("b2b_portal.registration_rate_limit", "100000")  # reach the form's checks
        params.set_param("b2b_exchange_1c.enabled", "1")
        cls.admin = cls.client_users["admin"]
        # the administrator's draft holds product A already: nothing the fuzz sends adds a line
        cls.draft = env["sale.order"]._b2b_draft_for_user(cls.admin, create=True)
        cls.draft._b2b_add_product(cls.product_a, 1)
        cls.own_line = cls.draft.sudo().order_line
        # other clients' records, whose ids a hostile client tries
        cls.other_order = cls._b2b_make_order(cls.other_client, [(cls.product_b, 3)])
        cls.other_line = cls.other_order.order_line
        today = fields.Date.context_today(env["b2b.reconciliation.act"])
        cls.other_act = env["b2b.reconciliation.act"].create(
            {
                "partner_id": cls.other_client.id,
                "company_id": env.company.id,
                "date_from": today - timedelta(days=60),
                "date_to": today - timedelta(days=30),
            }
        )
        cls.other_partner = cls.other_users["admin"].partner_id
        # a product outside the catalog (not for sale), whose id a client tries to order
        cls.hidden_product = cls._b2b_make_product("Не для продажи", code="T-HIDDEN", qty=50, sale_ok=False)
        # the client's own delivered order (claims) and saved list (lists)
        cls.own_order = cls._b2b_make_order(cls.client, [(cls.product_b, 5)])
        cls.own_order.picking_ids.move_ids.quantity = 5
        cls.own_order.picking_ids.button_validate()
        cls.own_order_line = cls.own_order.order_line
        cls.own_list = env["b2b.sale.list"].create(
            {
                "name": "Еженедельный",
                "partner_id": cls.client.id,
                "line_ids": [(0, 0, {"product_id": cls.product_a.id, "quantity": 2})],
            }
        )
        cls.other_list = env["b2b.sale.list"].create({"name": "Чужой", "partner_id": cls.other_client.id})
        cls.file_cache = None
        cls.client._b2b_regenerate_feed_token()
        cls.rng = random.Random(SEED)
        cls.counts = Counter()
        cls.failures = []
        cls.seconds = Counter()

    # ------------------------------------------------------------------ inputs

    def _random_text(self):
        rng = self.rng
        pools = [
            "0123456789",
            "-+.,eE ",
            "абвгдеёжзАБВГД",
            "<>\"'&;%/\\",
            "\x00\x01\t\r\n\x7f",
            "\u202e\u200f\u05d0\u0627",
            "😀🚀",
        ]
        size = rng.choice((1, 3, 12, 64, 300))
        return "".join(rng.choice(rng.choice(pools)) for _i in range(size))

    def _values(self, count, extra=()):
        """`count` bad values: the fixed list shuffled by the seed, then generated ones."""
        values = list(extra) + BAD_VALUES
        self.rng.shuffle(values)
        while len(values) < count:
            values.append(self._random_text())
        return values[:count]

    def _ids(self, *own):
        return BAD_IDS + [str(i) for i in own]

    # ------------------------------------------------------------------ requests

    def _check(self, label, response):
        """Count the input; note a server error (all of them are reported at the end)."""
        self.counts[label] += 1
        self.seconds[label] += response.elapsed.total_seconds()
        if response.status_code >= 500 or "Traceback (most recent call last)" in response.text[:200000]:
            self.failures.append(f"{label}: {response.status_code} {response.request.method} {response.url[:300]}")

    def _get(self, label, path, params=None, **kw):
        url = path + ("?" + urlencode(params) if params else "")
        self._check(label, self.url_open(url, allow_redirects=False, **kw))

    def _post(self, label, path, data=None, files=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", http.Request.csrf_token(self))
        self._check(label, self.url_open(path, data=data, files=files, allow_redirects=False, **kw))

    def _method(self, label, method, path):
        response = self.opener.request(method, self.base_url() + path, allow_redirects=False, timeout=12)
        self._check(label, response)

    def _row_counts(self):
        env = self.env(su=True)
        env.invalidate_all()
        return {model: env[model].with_context(active_test=False).search_count([]) for model in COUNTED_MODELS}

    # ------------------------------------------------------------------ files

    def _files(self):
        """Garbled, oversized and hostile files for the list upload (built once)."""
        if self.file_cache is None:
            type(self).file_cache = self._build_files()
        return self.file_cache

    def _build_files(self):
        big_zip = io.BytesIO()
        with zipfile.ZipFile(big_zip, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>" + "A" * 20_000_000 + "</t></si></sst>")
            archive.writestr("[Content_Types].xml", "<Types/>")
        broken_zip = io.BytesIO()
        with zipfile.ZipFile(broken_zip, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet r:id='rId1'/></sheets></workbook>")
            archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c t='s'><v>99</v></c>")
        rng = random.Random(SEED)
        return [
            ("list.xlsx", bytes(rng.getrandbits(8) for _i in range(4096))),
            ("list.xlsx", b"PK\x03\x04" + b"\x00" * 100),
            ("list.xlsx", big_zip.getvalue()),
            ("list.xlsx", broken_zip.getvalue()),
            ("list.csv", b"T-A5;" + b"9" * 400 + b"\n" + b"T-A5;nan\n" + b"\x00;\x00\n"),
            ("list.csv", b'"' + b"A" * 300_000 + b'";1\n'),
            ("list.csv", "T-A5;1e309\n=CMD|' /C calc'!A0;1\n".encode("utf-16")),
            ("list.csv", b"\xff\xfe\xfa\x00garbage\x80\x81"),
            ("list.csv", (b"NOPE;1\n" * 200_000)),
            ("../../etc/passwd", b"T-A5;abc\n"),
            ("list.exe", b"MZ\x90\x00"),
            ("", b""),
        ]

    # ------------------------------------------------------------------ the routes

    def _fuzz_cabinet(self, logged_in):
        """The /my/b2b routes; `logged_in` as the client's administrator, else as a visitor."""
        n = 12 if logged_in else 6  # a visitor is sent to the login page: fewer of each
        v = self._values
        for name in ("search", "category", "sortby", "ppg"):
            for value in v(n):
                self._get("GET /my/b2b/catalog", "/my/b2b/catalog", {name: value})
        for value in self._ids(self.other_order.id)[: n + 2]:
            self._get("GET /my/b2b/catalog/page/<page>", f"/my/b2b/catalog/page/{quote(value, safe='')}")
            self._get("GET /my/b2b/catalog/<product>", f"/my/b2b/catalog/{quote(value, safe='')}")
            self._get("GET /my/b2b/catalog/<product>/image", f"/my/b2b/catalog/{quote(value, safe='')}/image")
        for value in v(n):
            self._get("GET /my/b2b/catalog/<product>", f"/my/b2b/catalog/{self.product_a.id}", {"qty": value})
        # the current order and its forms
        for value in v(n):
            self._get("GET /my/b2b/order", "/my/b2b/order", {"page": value})
        for value in v(2 * n):
            self._post(
                "POST /my/b2b/order/add", "/my/b2b/order/add", {"product_id": self.product_a.id, "quantity": value}
            )
        for value in self._ids(self.hidden_product.id)[:n]:
            self._post("POST /my/b2b/order/add", "/my/b2b/order/add", {"product_id": value, "quantity": "1"})
        for value in v(n):
            self._post(
                "POST /my/b2b/order/add",
                "/my/b2b/order/add",
                {"product_id": self.product_a.id, "quantity": "1e309", "redirect": value},
            )
        # (not "0" nor an empty box: they remove the line, as the client may)
        for value in [x for x in v(2 * n + 3) if x.strip() not in ("0", "")][: 2 * n]:
            self._post("POST /my/b2b/order/update", "/my/b2b/order/update", {f"qty_{self.own_line.id}": value})
        for value in v(n):
            self._post("POST /my/b2b/order/update", "/my/b2b/order/update", {"reference": value})
        for key in (f"qty_{self.other_line.id}", f"remove_{self.other_line.id}", "qty_99999999999", "qty_-1", "qty_"):
            self._post("POST /my/b2b/order/update", "/my/b2b/order/update", {key: "5"})
        for value in v(2 * n, extra=[f"T-A5;{x}" for x in ("nan", "1e309", "9" * 400, "-3")]):
            self._post("POST /my/b2b/order/import", "/my/b2b/order/import", {"lines_text": value})
        self._post("POST /my/b2b/order/import", "/my/b2b/order/import", {"lines_text": "T-A5;1\n" * 50_000})
        for name, content in self._files()[: len(self._files()) if logged_in else 3]:
            self._post("POST /my/b2b/order/import", "/my/b2b/order/import", files={"lines_file": (name, content)})
        for value in self._ids(self.other_order.id)[:n]:
            self._post("POST /my/b2b/order/submit", "/my/b2b/order/submit", {"order_id": value})
            for action in ("resend", "cancel"):
                self._post(f"POST /my/b2b/order/<id>/{action}", f"/my/b2b/order/{quote(value, safe='')}/{action}")
        for value in self._ids(self.other_order.id)[:n]:
            for token in v(2):
                self._get(
                    "GET /my/b2b/order/<id>/payment-invoice",
                    f"/my/b2b/order/{quote(value, safe='')}/payment-invoice",
                    {"access_token": token},
                )
        self._get(
            "GET /my/b2b/order/<id>/payment-invoice",
            f"/my/b2b/order/{self.other_order.id}/payment-invoice",
            {"access_token": self.other_order._portal_ensure_token()},
        )
        # team
        for value in v(n):
            self._get("GET /my/b2b/team", "/my/b2b/team", {"done": value})
        for field in ("name", "email", "role"):
            for value in v(n, extra=BAD_EMAILS if field == "email" else ()):
                data = {"name": "Иван", "email": "not-an-address", "role": "buyer", field: value}
                if field != "email":
                    data["email"] = self.rng.choice(BAD_EMAILS)
                self._post("POST /my/b2b/team/invite", "/my/b2b/team/invite", data)
        buyer_partner = self.client_users["buyer"].partner_id.id
        for value in v(n):
            self._post("POST /my/b2b/team/<id>/role", f"/my/b2b/team/{buyer_partner}/role", {"role": value})
        for value in self._ids(self.other_partner.id)[:n]:
            self._post("POST /my/b2b/team/<id>/role", f"/my/b2b/team/{quote(value, safe='')}/role", {"role": "admin"})
            self._post("POST /my/b2b/team/<id>/remove", f"/my/b2b/team/{quote(value, safe='')}/remove")
        # feed page
        for path in ("/my/b2b/feed/regenerate", "/my/b2b/feed/revoke"):
            self._post(f"POST {path}", path, {"csrf_token": "forged"}, csrf=False)
            self._post(f"POST {path}", path, {"junk": self.rng.choice(BAD_VALUES)})
        for value in v(n):
            self._get("GET /my/b2b/feed", "/my/b2b/feed", {"x": value})
        # acts
        for value in v(n):
            self._get("GET /my/b2b/acts", "/my/b2b/acts", {"page": value})
        for value in self._ids()[:n]:
            self._get("GET /my/b2b/acts/page/<page>", f"/my/b2b/acts/page/{quote(value, safe='')}")
        for field in ("date_from", "date_to", "company_id"):
            for value in v(n, extra=["2026-02-30", "1900-01-01", "9999-12-31", "2026-13-01", "01.01.2026"]):
                data = {"date_from": "2026-01-01", "date_to": "2026-03-31", "company_id": str(self.env.company.id)}
                data[field] = value
                self._post("POST /my/b2b/acts/request", "/my/b2b/acts/request", data)
        for value in self._ids(self.other_act.id)[:n]:
            for fmt in ("pdf", "xlsx", "exe", "..%2f..%2fetc"):
                self._get(
                    "GET /my/b2b/acts/<id>/<format>",
                    f"/my/b2b/acts/{quote(value, safe='')}/{fmt}",
                    {"access_token": self.other_act._portal_ensure_token()},
                )
        # waybills
        for value in v(n):
            self._get("GET /my/b2b/waybills", "/my/b2b/waybills", {"page": value, "filterby": value})
        for value in self._ids(self.other_order.id)[:n]:
            path = f"/my/b2b/waybills/new/{quote(value, safe='')}"
            self._get("GET /my/b2b/waybills/new/<order>", path)
            self._post("POST /my/b2b/waybills/new/<order>", path, {"request_token": value})
        for value in v(n):
            self._post(
                "POST /my/b2b/waybills/new/<order>",
                f"/my/b2b/waybills/new/{self.other_order.id}",
                {f"qty_{self.other_line.id}": value, "request_token": value},
            )
        for value in self._ids()[:n]:
            for suffix in ("", "/pdf", "/torg12"):
                self._get(
                    f"GET /my/b2b/waybills/<id>{suffix}",
                    f"/my/b2b/waybills/{quote(value, safe='')}{suffix}",
                    {"access_token": value, "download": value, "message": value},
                )
            self._post("POST /my/b2b/waybills/<id>/cancel", f"/my/b2b/waybills/{quote(value, safe='')}/cancel")

    def _fuzz_added(self, logged_in):
        """The routes of the ordering tools, claims, drop-ship and Odoo's lists the cabinet extends."""
        n = 8 if logged_in else 4
        v = self._values
        q = lambda value: quote(value, safe="")  # noqa: E731
        # Odoo's order and invoice lists with the cabinet's filters and search
        for name in ("filterby", "sortby", "search", "search_in", "page"):
            for value in v(n):
                self._get("GET /my/orders", "/my/orders", {name: value, "search": value})
                self._get("GET /my/invoices", "/my/invoices", {name: value})
        # claims
        for value in v(n):
            self._get("GET /my/b2b/claims", "/my/b2b/claims", {"page": value})
        for value in self._ids(self.other_order.id)[:n]:
            self._get("GET /my/b2b/claims/new/<order>", f"/my/b2b/claims/new/{q(value)}")
            self._post("POST /my/b2b/claims/new/<order>", f"/my/b2b/claims/new/{q(value)}", {"request_token": value})
            self._get("GET /my/b2b/claims/<id>", f"/my/b2b/claims/{q(value)}")
            self._get("GET /my/b2b/claims/<id>/act", f"/my/b2b/claims/{q(value)}/act")
        line = self.own_order_line.id
        for value in v(2 * n, extra=["6", "5.0001", "1e309", "nan", "-5"]):
            data = {f"qty_{line}": value, f"kind_{line}": "shortage", "request_token": "x" * 32}
            self._post("POST /my/b2b/claims/new/<order>", f"/my/b2b/claims/new/{self.own_order.id}", data)
        for value in v(n):
            data = {f"qty_{line}": "1", f"kind_{line}": value, f"text_{line}": value, "request_token": value}
            self._post("POST /my/b2b/claims/new/<order>", f"/my/b2b/claims/new/{self.own_order.id}", data)
        for name, content in self._files()[:4]:
            data = {f"qty_{line}": "1", f"kind_{line}": "damage"}
            self._post(
                "POST /my/b2b/claims/new/<order>",
                f"/my/b2b/claims/new/{self.own_order.id}",
                data,
                files={"photos": (name, content)},
            )
        # saved lists
        for value in v(n):
            self._get("GET /my/b2b/lists", "/my/b2b/lists", {"page": value})
        for value in self._ids(self.other_list.id)[:n]:
            self._get("GET /my/b2b/lists/<id>", f"/my/b2b/lists/{q(value)}")
            for fmt in ("csv", "xlsx", "exe"):
                self._get("GET /my/b2b/lists/<id>/export", f"/my/b2b/lists/{q(value)}/export.{fmt}")
            for action in ("update", "delete", "add-to-order", "import"):
                self._post(f"POST /my/b2b/lists/<id>/{action}", f"/my/b2b/lists/{q(value)}/{action}", {"name": "x"})
            self._post("POST /my/b2b/order/<id>/repeat", f"/my/b2b/order/{q(value)}/repeat")
        for value in ["", " ", "\x00", " \x00 ", "x" * 81, "x" * 5000]:  # names no list may have
            self._post("POST /my/b2b/lists/create", "/my/b2b/lists/create", {"name": value})
        own = self.own_list.line_ids
        # (not "0" nor an empty box: they take the line off, as the client may)
        for value in [x for x in v(2 * n + 3) if x.strip() not in ("0", "")][:n]:
            self._post(
                "POST /my/b2b/lists/<id>/update",
                f"/my/b2b/lists/{self.own_list.id}/update",
                {f"qty_{own.id}": value, "name": "Еженедельный"},
            )
        for value in v(n, extra=[f"T-A5;{x}" for x in ("nan", "1e309", "-3")]):
            self._post(
                "POST /my/b2b/lists/<id>/import", f"/my/b2b/lists/{self.own_list.id}/import", {"lines_text": value}
            )
        for value in v(n):
            self._post(
                "POST /my/b2b/lists/add-product",
                "/my/b2b/lists/add-product",
                {
                    "product_id": self.rng.choice(self._ids(self.hidden_product.id)),
                    "quantity": value,
                    "list_id": value if value.strip() else "abc",  # (none: a new list, as the client may)
                    "redirect": value,
                },
            )
        # drop-ship details, assembly, packing slip
        dropship_fields = (
            "recipient_name",
            "recipient_phone",
            "recipient_address",
            "cod_amount",
            "packing_note",
            "version",
            "order_id",
        )
        for field in dropship_fields:
            for value in v(n // 2 or 1):
                data = {"order_id": str(self.draft.id), "version": "0", field: value}
                self._post("POST /my/b2b/order/dropship", "/my/b2b/order/dropship", data)
        for value in self._ids(self.other_order.id, self.draft.id)[:n]:
            self._post("POST /my/b2b/order/<id>/assembly", f"/my/b2b/order/{q(value)}/assembly")
            self._get("GET /my/b2b/order/<id>/packing-slip", f"/my/b2b/order/{q(value)}/packing-slip")

    def _fuzz_public(self, n):
        v = self._values
        # the feed
        self.client.invalidate_recordset()
        if not self.client.sudo().b2b_feed_token:  # the fuzz of the feed page revoked it
            self.client._b2b_regenerate_feed_token()
        token = self.client.sudo().b2b_feed_token
        for value in v(n, extra=[token + "x", token[:-1], token.upper(), token + "%00"]):
            for fmt in ("csv", "xlsx", "xml"):
                self._get("GET /b2b/feed/<token>.<fmt>", f"/b2b/feed/{quote(value, safe='')}.{fmt}")
        for value in v(3):
            self._get("GET /b2b/feed/<token>.<fmt>", f"/b2b/feed/{token}.csv", {"x": value})
        # registration
        for value in v(n):
            self._get("GET /b2b/register", "/b2b/register", {"x": value, "redirect": value})
            self._get("GET /b2b/register/done", "/b2b/register/done", {"x": value})
        fields_to_try = list(registration_post())
        for value in v(n):
            # a valid form but for one bad field and an INN that is not one: nothing is created
            data = registration_post(inn="0000000000")
            data[self.rng.choice(fields_to_try)] = value
            self._post("POST /b2b/register", "/b2b/register", data, csrf=False)  # no CSRF, no form token
            self._post("POST /b2b/register", "/b2b/register", dict(data, form_token=value))
        for _i in range(n):
            page = self.url_open("/b2b/register").text
            self.counts["GET /b2b/register"] += 1
            form_token = page.split('name="form_token" value="', 1)[-1].split('"', 1)[0]
            data = registration_post(inn=self.rng.choice(["0000000000", "1" * 12, "123", "77070838940"]))
            data[self.rng.choice(fields_to_try)] = self.rng.choice(BAD_VALUES)
            self._post("POST /b2b/register", "/b2b/register", dict(data, form_token=form_token))
        # the demo invoice
        for value in v(n):
            self._get("GET /b2b/demo-invoice", "/b2b/demo-invoice", {"search": value})
        for value in v(2 * n):
            field = self.rng.choice(["search", f"qty_{self.product_a.id}", "qty_99999999999", "qty_-1"])
            self._post("POST /b2b/demo-invoice", "/b2b/demo-invoice", {field: value})
        for value in v(n, extra=BAD_EMAILS):
            data = {
                "action": "send",
                "email": self.rng.choice(BAD_EMAILS),
                "name": value,
                "company_name": value,
                "vat": value,
                f"qty_{self.product_a.id}": self.rng.choice(["1", value]),
            }
            self._post("POST /b2b/demo-invoice", "/b2b/demo-invoice", data)
        # 1C exchange (no session: each call is refused with a message in the protocol)
        for value in v(n):
            self._get(
                "GET /b2b/1c/exchange",
                "/b2b/1c/exchange",
                {"type": self.rng.choice(["catalog", "sale", value]), "mode": value, "filename": value},
            )
        for value in v(n):
            auth = base64.b64encode(value.encode("utf-8", "replace")[:200] + b":" + b"x").decode()
            self._get(
                "GET /b2b/1c/exchange",
                "/b2b/1c/exchange",
                {"type": "catalog", "mode": "checkauth"},
                headers={"Authorization": f"Basic {auth}"},
            )
        for name, content in self._files()[:6]:
            self._check(
                "POST /b2b/1c/exchange",
                self.url_open(
                    "/bitrix/admin/1c_exchange.php?" + urlencode({"type": "catalog", "mode": "file", "filename": name}),
                    data=content,
                    headers={"Cookie": "b2b_1c_session=" + self.rng.choice(["", "x" * 64, "abc"])},
                    allow_redirects=False,
                ),
            )

    def _fuzz_methods_and_csrf(self):
        posts = [
            "/my/b2b/order/add",
            "/my/b2b/order/update",
            "/my/b2b/order/import",
            "/my/b2b/order/submit",
            f"/my/b2b/order/{self.draft.id}/resend",
            f"/my/b2b/order/{self.draft.id}/cancel",
            "/my/b2b/team/invite",
            f"/my/b2b/team/{self.client_users['buyer'].partner_id.id}/role",
            f"/my/b2b/team/{self.client_users['buyer'].partner_id.id}/remove",
            "/my/b2b/feed/regenerate",
            "/my/b2b/feed/revoke",
            "/my/b2b/acts/request",
            f"/my/b2b/waybills/new/{self.other_order.id}",
            "/my/b2b/waybills/1/cancel",
            "/b2b/register",
            "/b2b/demo-invoice",
            f"/my/b2b/claims/new/{self.own_order.id}",
            "/my/b2b/lists/create",
            f"/my/b2b/lists/{self.own_list.id}/update",
            "/my/b2b/lists/add-product",
            f"/my/b2b/order/{self.own_order.id}/repeat",
            "/my/b2b/order/dropship",
            f"/my/b2b/order/{self.draft.id}/assembly",
            f"/my/b2b/team/{self.client_users['buyer'].partner_id.id}/order-scope",
        ]
        for path in posts:
            label = "CSRF/method " + path
            self._post(label, path, {"csrf_token": ""}, csrf=False)
            self._post(label, path, {"csrf_token": "0" * 40 + "o" + "9" * 10}, csrf=False)
            self._post(label, path, {}, csrf=False)
            for method in ("PUT", "DELETE", "PATCH"):
                self._method(label, method, path)
        for path in ("/my/b2b/order/add", "/my/b2b/order/update", "/my/b2b/acts/request", "/my/b2b/team/invite"):
            self._method("CSRF/method " + path, "GET", path + "?quantity=1e309&product_id=-1")
        for path in ("/my/b2b/catalog", "/my/b2b/order", f"/b2b/feed/{'x' * 32}.csv", "/b2b/register"):
            self._method("CSRF/method GET routes", "DELETE", path)
            self._method("CSRF/method GET routes", "PUT", path)
        # header-breaking characters in the path itself (the login redirect quotes it)
        for path in ("/my/b2b/catalog%0d%0aX-Injected:%201", "/my/b2b/order%0a", "/my/b2b/acts%00"):
            self._get("paths with CR/LF/NUL", path)

    # ------------------------------------------------------------------ the test

    def _report(self):
        total = sum(self.counts.values())
        table = "\n".join(
            f"  {count:5d}  {self.seconds[label]:6.1f} s  {label}" for label, count in sorted(self.counts.items())
        )
        _logger.info("fuzz: inputs per route (%s in total, seed %s)\n%s", total, SEED, table)
        for failure in self.failures:
            _logger.info("fuzz: server error: %s", failure)

    def test_fuzz_routes(self):
        before = self._row_counts()
        self.addCleanup(self._report)
        self.authenticate(self.admin.login, self.admin.login)
        self._fuzz_cabinet(logged_in=True)
        self._fuzz_added(logged_in=True)
        self._fuzz_methods_and_csrf()
        self._fuzz_public(n=6)
        self.assertEqual(self._row_counts(), before, "something was created by bad input (client's admin)")
        self.authenticate(None, None)
        self._fuzz_cabinet(logged_in=False)
        self._fuzz_added(logged_in=False)
        self._fuzz_methods_and_csrf()
        self._fuzz_public(n=16)
        self.assertEqual(self._row_counts(), before, "something was created by bad input (visitor)")
        # the administrator's draft is the one it was, product A only
        self.assertEqual(self.draft.sudo().order_line, self.own_line)
        total = sum(self.counts.values())
        self.assertFalse(self.failures, "server errors:\n" + "\n".join(self.failures))
        self.assertGreaterEqual(total, 1000)
