from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBrowserSmoke(B2bTestCommon, HttpCase):
    """Headless Chromium runs tours here: the harness fails if it cannot."""

    def test_portal_home_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        client = self._b2b_make_client("ООО «Дым»")
        user = self._b2b_make_user(client, "buyer", lang="ru_RU")
        self.start_tour("/my", "b2b_portal_smoke", login=user.login)
