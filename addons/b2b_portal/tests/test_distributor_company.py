from odoo.tests import Form, TransactionCase, tagged

from .common import B2bTestCommon, registration_post


@tagged("post_install", "-at_install")
class TestDistributorCompany(B2bTestCommon, TransactionCase):
    """Registrations and invitations land in the distributor's legal entity of the settings, a
    company that is not Odoo's first one: nothing falls back to the portal template user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.ref("base.main_company")
        cls.distributor = cls._b2b_make_distributor_entity("ООО «Опт-Второй»")
        cls.client = cls._b2b_make_client("ООО «Гамма»")
        cls.admin = cls._b2b_make_user(
            cls.client, "admin", company_id=cls.distributor.id, company_ids=[(6, 0, cls.distributor.ids)]
        )

    def _mail_to(self, login):
        return self.env["mail.mail"].search([("email_to", "ilike", login)])

    def _assert_in_distributor(self, user):
        self.assertEqual(user.company_id, self.distributor)
        self.assertEqual(user.company_ids, self.distributor)
        mail = self._mail_to(user.login)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.distributor.name, mail.subject + mail.body_html)
        self.assertNotIn(self.main.name, mail.subject + mail.body_html)

    def test_default_is_the_main_company(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.distributor_company_id", "")
        self.assertEqual(self.env["res.company"]._b2b_distributor(), self.main)
        self.env["ir.config_parameter"].set_param("b2b_portal.distributor_company_id", "999999999")
        self.assertEqual(self.env["res.company"]._b2b_distributor(), self.main)  # a deleted company

    def test_setting_names_the_company(self):
        self.assertEqual(self.env["res.config.settings"].create({}).b2b_distributor_company_id, self.distributor)
        self.env["ir.config_parameter"].set_param("b2b_portal.distributor_company_id", "")
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.b2b_distributor_company_id, self.main)  # unset shows what applies
        settings.b2b_distributor_company_id = self.distributor
        settings.save().execute()
        self.assertEqual(self.env["res.company"]._b2b_distributor(), self.distributor)

    def test_registration_lands_in_the_distributor(self):
        post = registration_post()
        public = self.env.ref("base.public_user")
        self.assertNotEqual(public.company_id, self.distributor)
        Registration = self.env["b2b.registration"].with_user(public)
        clean, errors = Registration._b2b_validate(post)
        self.assertFalse(errors)
        user = Registration._b2b_register(clean, lang="ru_RU")
        self._assert_in_distributor(user)
        self.assertEqual(user.partner_id.commercial_partner_id.vat, clean["inn"])
        self.assertFalse(user.partner_id.commercial_partner_id.company_id)  # every entity may contract with it

    def test_taken_notice_names_the_distributor(self):
        clean, _errors = self.env["b2b.registration"]._b2b_validate(registration_post(email=self.admin.login))
        self.env["b2b.registration"].with_user(self.env.ref("base.public_user"))._b2b_register_or_notify(clean)
        mail = self._mail_to(self.admin.login)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.distributor.name, mail.subject)
        self.assertNotIn(self.main.name, mail.subject + mail.body_html)

    def test_colleague_joins_the_inviters_companies(self):
        other_entity = self._b2b_make_entity("ООО «Опт-Третий»", chart=False)
        self.admin.company_ids |= other_entity
        member = self.client.with_user(self.admin)._b2b_invite(
            "Новикова Ольга", "olga@gamma.example.com", "buyer", self.admin
        )
        user = member.user_ids
        self.assertEqual(user.company_id, self.distributor)
        self.assertEqual(user.company_ids, self.distributor | other_entity)
        mail = self._mail_to(user.login)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.distributor.name, mail.body_html)
        self.assertNotIn(self.main.name, mail.subject + mail.body_html)

    def test_manager_invitation_joins_the_clients_companies(self):
        manager = self._b2b_make_staff("manager")
        member = self.client.with_user(manager)._b2b_invite("Орлов Олег", "oleg@gamma.example.com", "viewer", manager)
        self.assertEqual(member.user_ids.company_ids, self.distributor)
        # a client without users yet: the distributor of the settings
        lonely = self._b2b_make_client("ООО «Дельта»")
        member = lonely.with_user(manager)._b2b_invite("Первый Пётр", "first@delta.example.com", "admin", manager)
        self._assert_in_distributor(member.user_ids)
