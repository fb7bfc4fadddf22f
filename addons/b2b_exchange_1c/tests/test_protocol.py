import base64
import zipfile
from datetime import timedelta

from odoo import fields
from odoo.addons.b2b_exchange_1c.models.b2b_exchange_session import PARAM_ENABLED, PARAM_FILE_LIMIT, PARAM_ZIP
from odoo.tests import new_test_user, tagged

from .common import Exchange1cCase, data, zipped

# a 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestProtocol(Exchange1cCase):
    def test_checkauth_and_cookie(self):
        client = self.client()
        answer = client.checkauth()
        self.assertEqual(answer[0], "success")
        self.assertEqual(answer[1], "b2b_1c_exchange")
        self.assertGreater(len(answer[2]), 30)
        self.assertEqual(client.init()[:2], ["zip=yes", "file_limit=20971520"])
        # the default path of 1C's settings answers too
        bitrix = self.client(path="/bitrix/admin/1c_exchange.php")
        self.assertEqual(bitrix.checkauth()[0], "success")
        # without the cookie, or with another one, nothing happens
        anonymous = self.client()
        answer = anonymous.lines("catalog", "init")
        self.assertEqual(answer[0], "failure")
        self.assertIn("checkauth", answer[1])
        anonymous.cookie = ("b2b_1c_exchange", "forged")
        self.assertEqual(anonymous.lines("catalog", "file", data=b"x", filename="import.xml")[0], "failure")
        self.assertFalse(self.env["b2b.exchange.file"].search([("name", "=", "import.xml")]))

    def test_wrong_credentials_and_outsiders(self):
        wrong = self.client()
        wrong.auth = ("exchange-1c", "nope")
        self.assertEqual(wrong.checkauth(), ["failure", "Неверный логин или пароль."])
        for login, password in (("exchange-1c\x00", "x"), ("exchange-1c", "pass\x00word"), ("x" * 300, "x")):
            hostile = self.client()
            hostile.auth = (login, password)
            self.assertEqual(hostile.checkauth(), ["failure", "Неверный логин или пароль."], repr(login))
        no_auth = self.client()
        no_auth.auth = None
        self.assertEqual(no_auth.lines("catalog", "checkauth")[0], "failure")
        new_test_user(self.env, "not-exchange", groups="base.group_user")
        outsider = self.client()
        outsider.auth = ("not-exchange", "not-exchange")
        answer = outsider.checkauth()
        self.assertEqual(answer[0], "failure")
        self.assertIn("not-exchange", answer[1])
        # a session dies with the user's membership
        client = self.client()
        client.checkauth()
        self.exchange_user.groups_id -= self.env.ref("b2b_exchange_1c.group_b2b_exchange_1c")
        self.assertEqual(client.init()[0], "failure")

    def test_api_key(self):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.exchange_user)
            ._generate(None, "1C", fields.Datetime.now() + timedelta(days=30))
        )
        client = self.client()
        client.auth = ("exchange-1c", key)
        self.assertEqual(client.checkauth()[0], "success")

    def test_switched_off_and_settings(self):
        self.env["ir.config_parameter"].set_param(PARAM_FILE_LIMIT, "1000")
        self.env["ir.config_parameter"].set_param(PARAM_ZIP, "no")
        client = self.client()
        client.checkauth()
        self.assertEqual(client.init(version="3.1"), ["zip=no", "file_limit=1000", "version=3.1"])
        answer = client.send("goods.zip", zipped([("import.xml", data("import.xml"))]))[0]
        self.assertEqual(answer[0], "failure")
        self.env["ir.config_parameter"].set_param(PARAM_ENABLED, False)
        answer = client.init()
        self.assertEqual(answer[0], "failure")
        self.assertIn("выключен", answer[1])

    def test_switching_on_sets_the_external_master(self):
        Params = self.env["ir.config_parameter"]
        Params.set_param(PARAM_ENABLED, False)
        Params.set_param("b2b_portal.external_accounting_master", False)
        self.env["res.config.settings"].create({"b2b_1c_enabled": True}).execute()
        self.assertTrue(Params.get_param("b2b_portal.external_accounting_master"))
        self.assertTrue(self.env["sale.order"]._b2b_external_master())
        self.env["res.config.settings"].create({"b2b_1c_enabled": False}).execute()
        self.assertFalse(Params.get_param("b2b_portal.external_accounting_master"))

    def test_bad_filenames_are_refused(self):
        client = self.client()
        client.checkauth()
        client.init()
        for name in ("../import.xml", "/tmp/import.xml", "import_files/../../x.xml", ""):
            answer = client.send(name, b"<x/>")[0]
            self.assertEqual(answer[0], "failure", name)
        self.assertFalse(self.env["b2b.exchange.file"].search([]))
        self.assertEqual(client.send("import_files/a1/picture.jpg", b"\xff\xd8 not really")[0], ["success"])

    def test_chunks_are_appended(self):
        before = self.snapshot()
        client = self.client()
        answers = client.exchange([("import.xml", data("import.xml"))], chunk=700)
        self.assertEqual(answers, [["success"]])
        upload = self.env["b2b.exchange.file"].search([("name", "=", "import.xml")])
        self.assertEqual(upload.size, len(data("import.xml")))
        self.assertEqual(upload.created_count, 3 + 3)  # three groups, three goods
        self.assertNotEqual(self.snapshot(), before)

    def test_import_answers_progress_until_the_job_ran(self):
        client = self.client()
        client.checkauth()
        client.init()
        client.send("import.xml", data("import.xml"))
        self.assertEqual(client.lines("catalog", "import", filename="import.xml"), ["progress"])
        self.assertEqual(client.lines("catalog", "import", filename="import.xml"), ["progress"])
        self.assertFalse(self.product("a1b2c3d4-0001-11ee-8c90-0242ac120002"))
        self.run_exchange_job()
        self.assertEqual(client.lines("catalog", "import", filename="import.xml"), ["success"])
        self.assertTrue(self.product("a1b2c3d4-0001-11ee-8c90-0242ac120002"))
        answer = client.lines("catalog", "import", filename="never-sent.xml")
        self.assertEqual(answer[0], "failure")

    def test_zip(self):
        goods = data("import.xml").replace(
            "<Описание>".encode(), "<Картинка>import_files/a1/paper.png</Картинка><Описание>".encode()
        )
        archive = zipped(
            [("import.xml", goods), ("offers.xml", data("offers.xml")), ("import_files/a1/paper.png", PNG)]
        )
        client = self.client()
        answers = client.exchange([("goods.zip", archive)])
        self.assertEqual(answers, [])  # the archive itself is not imported: its members are
        self.assertEqual(client.import_file("import.xml"), ["success"])
        self.assertEqual(client.import_file("offers.xml"), ["success"])
        paper = self.product("a1b2c3d4-0001-11ee-8c90-0242ac120002")
        self.assertEqual(paper.list_price, 310.5)
        self.assertTrue(paper.image_1920)  # the picture of import_files/ in the archive
        self.assertFalse(self.product("a1b2c3d4-0002-11ee-8c90-0242ac120002").image_1920)

    def test_zip_bomb_and_too_many_members(self):
        before = self.snapshot()
        client = self.client()
        client.checkauth()
        client.init()
        # 101 MB of zeros inflating from ~100 KB; the header tells the truth here…
        bomb = zipped([("import.xml", b"\0" * (101 * 1024 * 1024))])
        self.assertLess(len(bomb), 1024 * 1024)
        client.send("bomb.zip", bomb)
        answer = client.lines("catalog", "import", filename="import.xml")
        self.assertEqual(answer[0], "failure")
        self.assertIn("100", answer[1])
        self.assertEqual(self.snapshot(), before)

    def test_zip_bomb_with_a_lying_header(self):
        client = self.client()
        client.checkauth()
        client.init()
        archive = bytearray(zipped([("import.xml", b"\0" * (101 * 1024 * 1024))]))
        # …and here it says 100 bytes: the inflated bytes are what counts
        with zipfile.ZipFile(__import__("io").BytesIO(bytes(archive))) as parsed:
            info = parsed.infolist()[0]
        for offset in (info.header_offset + 22, archive.rfind(b"PK\x01\x02") + 24):
            archive[offset : offset + 4] = (100).to_bytes(4, "little")
        client.send("bomb.zip", bytes(archive))
        answer = client.lines("catalog", "import", filename="import.xml")
        self.assertEqual(answer[0], "failure")
        many = zipped([(f"import_files/{n}.jpg", b"x") for n in range(10_001)])
        client.init()
        client.send("many.zip", many)
        answer = client.lines("catalog", "import", filename="import.xml")
        self.assertEqual(answer[0], "failure")
        self.assertIn("10000", answer[1].replace("\xa0", "").replace(",", "").replace(" ", ""))

    def test_empty_file(self):
        client = self.client()
        client.checkauth()
        client.init()
        client.send("import.xml", b"")
        answer = client.lines("catalog", "import", filename="import.xml")
        self.assertEqual(answer[0], "failure")
        self.assertIn("пуст", answer[1])
