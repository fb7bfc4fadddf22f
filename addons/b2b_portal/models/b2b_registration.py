import logging
import re
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import _, api, models
from odoo.addons.auth_signup.models.res_users import SignupError
from odoo.exceptions import UserError

from ..tools import ru_numbers
from ..tools.client_address import clean_email, email_key
from .res_partner_b2b_client import B2B_INN_INDEX

_logger = logging.getLogger(__name__)

APPROVAL_PARAM = "b2b_portal.registration_approval"

REGISTRATION_FIELDS = (
    "company_name",
    "inn",
    "kpp",
    "ogrn",
    "address",
    "bik",
    "bank_name",
    "account",
    "contact_name",
    "email",
    "phone",
)
_TEXT_LIMITS = {"company_name": 200, "address": 300, "bank_name": 200, "contact_name": 120}
_MARKUP = re.compile(r"[<>]|&#?\w+;")
_PHONE = re.compile(r"\+?[0-9 ()\-]{5,25}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet would run such a name as a formula


class B2bRegistration(models.AbstractModel):
    """Self-registration of a client company on the portal: checks and creation, used by /b2b/register."""

    _name = "b2b.registration"
    _description = "B2B client registration"

    def _duplicate_inn_message(self):
        return _(
            "A client company with this INN is already registered. If you work there, ask your company's "
            "administrator to give you access in the B2B cabinet (Team page), or call your manager."
        )

    @api.model
    def _b2b_validate(self, post):
        """Check the form. Return (clean values, {field: message}); values are kept as typed on error."""
        values = {name: (post.get(name) or "").strip() for name in REGISTRATION_FIELDS}
        errors = {}
        for name, value in values.items():
            if _CONTROL.search(value):  # PostgreSQL cannot store NUL; the others are never typed
                errors[name] = _("This field contains invisible control characters: please type it again.")
        for name in ("company_name", "inn", "ogrn", "address", "bik", "account", "contact_name", "email", "phone"):
            if not values[name] and name not in errors:
                errors[name] = _("This field is required.")
        for name, limit in _TEXT_LIMITS.items():
            if name in errors or not values[name]:
                continue
            if _MARKUP.search(values[name]):
                errors[name] = _("Please write plain text, without the characters < and >.")
            elif len(values[name]) > limit:
                errors[name] = _("Please keep it under %s characters.", limit)

        def check(name, validator, *args, **kwargs):
            if name in errors or not values[name]:
                return None
            try:
                return validator(values[name], *args, **kwargs)
            except ru_numbers.InvalidNumber as error:
                errors[name] = error.translated(self.env.lang)
                return None

        clean = dict(values)
        inn = check("inn", ru_numbers.validate_inn)
        if inn:
            clean["inn"] = inn
            if ru_numbers.is_legal_entity_inn(inn):
                if not values["kpp"]:
                    errors["kpp"] = _("A company with a 10-digit INN has a KPP: please fill it in.")
                else:
                    clean["kpp"] = check("kpp", ru_numbers.validate_kpp)
            elif values["kpp"]:
                errors["kpp"] = _("An individual entrepreneur (12-digit INN) has no KPP: leave it empty.")
            ogrn = check("ogrn", ru_numbers.validate_ogrn, entrepreneur=not ru_numbers.is_legal_entity_inn(inn))
        else:
            ogrn = check("ogrn", ru_numbers.validate_ogrn)
        clean["ogrn"] = ogrn
        bik = check("bik", ru_numbers.validate_bik)
        clean["bik"] = bik
        clean["account"] = check("account", ru_numbers.validate_account, bik)
        if values["phone"] and "phone" not in errors:
            if not _PHONE.fullmatch(values["phone"]) or not 10 <= len(re.sub(r"\D", "", values["phone"])) <= 15:
                errors["phone"] = _("Enter a phone number with its code, for example +7 495 123-45-67.")
        if values["email"] and "email" not in errors:
            login = clean_email(values["email"])
            if not login:
                errors["email"] = _("Enter a valid e-mail address.")
            clean["email"] = login
        name = values["company_name"]
        if name and "company_name" not in errors and name[:1] in _FORMULA_START:
            errors["company_name"] = _("The name cannot start with =, +, - or @: write it as it is in your charter.")
        # An INN that is already a client's, or an e-mail that already signs in, is not said here:
        # the answer would tell anyone which companies are clients and which addresses are
        # logins. `_b2b_register_or_notify` answers like a success and tells the address owner.
        return clean, errors

    @api.model
    def _login_taken(self, login):
        # sudo: the visitor is the public user; archived users keep their login too
        return bool(self.env["res.users"].sudo().with_context(active_test=False).search_count([("login", "=", login)]))

    @api.model
    def _inn_taken(self, inn):
        return bool(
            self.env["res.partner"]
            .sudo()  # the visitor cannot read partners; archived clients count too
            .with_context(active_test=False)
            .search_count([("vat", "=", inn), ("b2b_is_client", "=", True), ("is_company", "=", True)])
        )

    @api.model
    def _approval_required(self):
        """New client companies wait for a manager's approval unless Settings say otherwise
        (the parameter is "0" then; missing means the default, approval)."""
        value = self.env["ir.config_parameter"].sudo().get_param(APPROVAL_PARAM, "1")
        return str(value).strip().lower() not in ("0", "false", "")

    @api.model
    def _b2b_register_or_notify(self, clean, lang=None):
        """Register, or, when the INN is a client's or the e-mail already signs in, create nothing
        and tell the address owner by e-mail. The visitor gets the same answer either way.
        Returns the new user or an empty recordset."""
        try:
            with self.env.cr.savepoint():
                return self._b2b_register(clean, lang=lang)
        except UserError as error:
            _logger.info("B2B registration for INN %s not created: %s", clean.get("inn"), error)
            self._b2b_notify_taken(clean, lang or self.env.lang)
            return self.env["res.users"]

    @api.model
    def _b2b_notify_taken(self, clean, lang):
        """The e-mail to the typed address when it or the INN is taken (at most 3 a day each)."""
        # sudo: the counters are technical; the visitor is the public user
        limits = self.env["b2b.rate.limit"].sudo()
        if not limits._b2b_hit(f"register-notice:{email_key(clean['email'])}", 3, timedelta(days=1)):
            return
        login_taken = self._login_taken(clean["email"])
        env = self.with_context(lang=lang).env
        # sudo: the distributor's name, e-mail and address are shown on its public site anyway
        company = env["res.company"]._b2b_distributor().sudo()
        body = env["ir.qweb"]._render(
            "b2b_portal.mail_b2b_registration_taken",
            {"login_taken": login_taken, "company": company, "base_url": company.get_base_url()},
        )
        subject = env._("Registration in the B2B cabinet of %(company)s", company=company.name)
        # sudo: the public user may not create mails
        env["mail.mail"].sudo().create(
            {
                "subject": subject,
                "body_html": body,
                "email_to": clean["email"],
                "email_from": company.email_formatted or env["ir.mail_server"].sudo()._get_default_from_address(),
                "auto_delete": True,
            }
        )

    @api.model
    def _b2b_register(self, clean, lang=None):
        """Create the client company, its contact and a portal admin; queue the set-password mail.

        ``clean`` comes from `_b2b_validate` without errors. Raises UserError (nothing created) when the INN
        or the e-mail was taken meanwhile: the database's unique indexes decide.
        """
        lang = lang or self.env.lang
        if self._inn_taken(clean["inn"]):
            raise UserError(self._duplicate_inn_message())
        if self._login_taken(clean["email"]):
            raise UserError(_("This e-mail is already used to sign in."))
        pending = self._approval_required()
        # sudo: the visitor is the public user, who may create nothing; `_validate` checked the input.
        distributor = self.env["res.company"]._b2b_distributor()
        Partner = self.env["res.partner"].sudo().with_company(distributor).with_context(tracking_disable=True)
        try:
            with self.env.cr.savepoint():
                company = Partner.create(self._prepare_company_values(clean, lang, pending))
                contact = Partner.create(self._prepare_contact_values(clean, company, lang))
                # no reset-password mail from Odoo: our own goes below, through the queue
                user = self.env["res.users"]._b2b_create_portal_user(
                    {"login": clean["email"], "partner_id": contact.id, "lang": lang}, distributor
                )
        except IntegrityError as error:
            # another registration with this INN committed meanwhile: the unique index decided
            if error.diag.constraint_name == B2B_INN_INDEX:
                raise UserError(self._duplicate_inn_message()) from error
            raise
        except SignupError as error:
            # a login taken meanwhile comes back as SignupError from the copy of the template user
            if self._login_taken(clean["email"]):
                raise UserError(_("This e-mail is already used to sign in.")) from error
            raise
        user._b2b_send_access_mail("b2b_portal.mail_template_b2b_registration", b2b_pending=pending)
        self._notify_managers(company)
        _logger.info("B2B client %s (INN %s) registered, user %s", company.name, company.vat, user.login)
        return user

    @api.model
    def _prepare_company_values(self, clean, lang, pending):
        return {
            "name": clean["company_name"],
            "is_company": True,
            "b2b_is_client": True,
            "b2b_approval_state": "pending" if pending else "approved",
            "vat": clean["inn"],
            "b2b_kpp": clean.get("kpp") or False,
            "b2b_ogrn": clean["ogrn"],
            "street": clean["address"],
            "country_id": self.env.ref("base.ru").id,
            "b2b_bank_bik": clean["bik"],
            "b2b_bank_name": clean.get("bank_name") or False,
            "b2b_bank_account": clean["account"],
            "email": clean["email"],
            "phone": clean["phone"],
            "lang": lang,
        }

    @api.model
    def _prepare_contact_values(self, clean, company, lang):
        return {
            "name": clean["contact_name"],
            "parent_id": company.id,
            "type": "contact",
            "email": clean["email"],
            "phone": clean["phone"],
            "b2b_role": "admin",
            "lang": lang,
        }

    @api.model
    def _notify_managers(self, company):
        """A to-do for each B2B manager: check the new client (and approve it when required)."""
        managers = (
            self.env.ref("b2b_portal.group_b2b_manager").sudo().users.filtered(lambda u: u.active and not u.share)
        )
        # sudo: the visitor cannot schedule activities; quick update: a to-do in the managers'
        # activities, not a notification mail authored by the public user
        company = company.sudo().with_context(mail_activity_quick_update=True)
        summary = (
            _("New B2B client: check and approve")
            if company.b2b_approval_state == "pending"
            else _("New B2B client: check the details")
        )
        for manager in managers:
            company.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=_("%(name)s (INN %(inn)s) registered on the portal.", name=company.name, inn=company.vat),
                user_id=manager.id,
            )
