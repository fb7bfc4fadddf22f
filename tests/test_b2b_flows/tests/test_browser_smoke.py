from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBrowserSmoke(HttpCase):
    """Headless Chromium runs tours here: the harness fails if it cannot."""

    def test_portal_home_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        client = self.env["res.partner"].create({"name": "ООО «Дым»", "is_company": True, "b2b_is_client": True})
        user = new_test_user(self.env, "smoke_buyer", groups="base.group_portal", lang="ru_RU")
        user.partner_id.write({"parent_id": client.id, "b2b_role": "buyer"})
        self.start_tour("/my", "b2b_portal_smoke", login="smoke_buyer")
