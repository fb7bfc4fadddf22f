import io
import zipfile
from pathlib import Path

import requests

from odoo.addons.b2b_exchange_1c.models.b2b_exchange_session import PARAM_ENABLED
from odoo.tests import HttpCase, new_test_user

DATA = Path(__file__).parent / "data"


class OneCClient:
    """Speaks the exchange as 1C does: HTTP Basic at checkauth, then the cookie it got back on
    every call, files in chunks of the file_limit init announced, `import` repeated while the
    answer is `progress` (the case runs the cron job in between, as Odoo's cron thread would)."""

    def __init__(self, case, login, password, path="/b2b/1c/exchange"):
        self.case = case
        self.auth = (login, password)
        self.url = case.base_url() + path
        self.http = requests.Session()
        self.cookie = None
        self.file_limit = None

    def call(self, exchange_type, mode, data=None, auth=False, **params):
        self.case.env.flush_all()  # the server reads the database, not this test's cache
        headers = {}
        if self.cookie:
            headers["Cookie"] = f"{self.cookie[0]}={self.cookie[1]}"
        response = self.http.request(
            "POST" if data is not None else "GET",
            self.url,
            params={"type": exchange_type, "mode": mode, **params},
            data=data,
            headers=headers,
            auth=self.auth if auth else None,
            timeout=60,
        )
        self.case.assertEqual(response.status_code, 200, response.text[:500])
        self.case.env.invalidate_all()
        return response

    def lines(self, *args, **kwargs):
        return self.call(*args, **kwargs).text.split("\n")

    def checkauth(self, exchange_type="catalog"):
        answer = self.lines(exchange_type, "checkauth", auth=True)
        if answer[0] == "success":
            self.cookie = (answer[1], answer[2])
        return answer

    def init(self, exchange_type="catalog", **params):
        answer = self.lines(exchange_type, "init", **params)
        for line in answer:
            if line.startswith("file_limit="):
                self.file_limit = int(line.split("=", 1)[1])
        return answer

    def send(self, name, content, exchange_type="catalog", chunk=None):
        chunk = chunk or self.file_limit or len(content) or 1
        answers = []
        for start in range(0, max(len(content), 1), chunk):
            answers.append(self.lines(exchange_type, "file", data=content[start : start + chunk], filename=name))
        return answers

    def import_file(self, name, exchange_type="catalog", rounds=5):
        """mode=import until it is not `progress`, running the job between the calls."""
        answer = self.lines(exchange_type, "import", filename=name)
        for _round in range(rounds):
            if answer[0] != "progress":
                break
            self.case.run_exchange_job()
            answer = self.lines(exchange_type, "import", filename=name)
        return answer

    def exchange(self, files, version=None, chunk=None):
        """A whole catalog exchange: checkauth, init, every file uploaded, then imported."""
        self.case.assertEqual(self.checkauth()[0], "success")
        self.init(**({"version": version} if version else {}))
        for name, content in files:
            self.case.assertEqual(self.send(name, content, chunk=chunk)[-1], ["success"])
        return [self.import_file(name) for name, _content in files if name.endswith(".xml")]


def data(name):
    return (DATA / name).read_bytes()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


class Exchange1cCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(PARAM_ENABLED, "True")
        cls.exchange_user = new_test_user(
            cls.env, "exchange-1c", groups="base.group_user,b2b_exchange_1c.group_b2b_exchange_1c", lang="ru_RU"
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        # the fixtures' prices are in roubles; where the test company keeps its books in another
        # currency, the rouble is at par with it, so that the fixtures' figures stay as written
        rub = cls.env.ref("base.RUB")
        if cls.env.company.currency_id != rub:
            rub.active = True
            cls.env["res.currency.rate"].create({"currency_id": rub.id, "rate": 1.0, "name": "2000-01-01"})

    def client(self, **kwargs):
        return OneCClient(self, "exchange-1c", "exchange-1c", **kwargs)

    def run_exchange_job(self):
        self.env.ref("b2b_exchange_1c.ir_cron_b2b_exchange_import").method_direct_trigger()

    def product(self, ident):
        self.env.invalidate_all()
        return self.env["product.product"].with_context(active_test=False).search([("b2b_1c_id", "=", ident)])

    def on_hand(self, product, warehouse=None):
        self.env.invalidate_all()
        return product.with_context(warehouse_id=(warehouse or self.warehouse).id).qty_available

    def snapshot(self):
        """What an import may change, to compare before and after a refused one."""
        self.env.invalidate_all()
        products = self.env["product.product"].with_context(active_test=False).search([("b2b_1c_id", "!=", False)])
        return (
            sorted(products.mapped(lambda p: (p.b2b_1c_id, p.name, p.active, p.list_price, p.default_code))),
            self.env["stock.move"].search_count([]),
            self.env["product.pricelist.item"].search_count([]),
            self.env["product.category"].search_count([]),
        )
