# pylint: disable=consider-merging-classes-inherited
# (in its own file, apart from the base fields, so that parallel work on the add-on does not collide)
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import ru_numbers
from ..tools.client_address import clean_email
from ..tools.params import get_param_int
from .res_partner import B2B_ROLES

B2B_INN_INDEX = "res_partner_b2b_client_vat_uniq"
DEFAULT_INVITATIONS_PER_DAY = 20


class ResPartner(models.Model):
    # registration, legal checks and team of client companies; res_partner.py holds the base fields
    _inherit = "res.partner"

    b2b_approval_state = fields.Selection(
        [("pending", "Pending approval"), ("approved", "Approved")],
        string="B2B approval",
        default="approved",
        copy=False,
        tracking=True,
        help="A client company registered on the portal waits for a manager's approval before it may order "
        "(when approval is required in the settings).",
    )
    b2b_team_ids = fields.One2many(
        "res.partner",
        compute="_compute_b2b_team_ids",
        string="Portal team",
        help="The company's contacts with access to the B2B cabinet, and their roles.",
    )

    b2b_linked_user_id = fields.Many2one(
        "res.users",
        string="Works here as",
        index="btree_not_null",
        ondelete="set null",
        domain=[("share", "=", True)],
        help="A portal user of another client company who works for this company too (several "
        "legal entities under one login): this contact holds its role here, and the user "
        "switches to this company in the cabinet's header.",
    )

    def init(self):
        super().init()
        # One client company per INN, archived ones included: the database decides, so two
        # registrations racing with the same INN cannot both succeed.
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s ON res_partner (vat)
                    WHERE b2b_is_client AND is_company AND vat IS NOT NULL AND vat <> ''""",
                SQL.identifier(B2B_INN_INDEX),
            )
        )

    @api.depends("child_ids.user_ids.active", "child_ids.b2b_role", "child_ids.b2b_linked_user_id")
    def _compute_b2b_team_ids(self):
        for partner in self:
            is_client = partner.b2b_is_client and partner.is_company
            partner.b2b_team_ids = partner._b2b_team_members() if is_client else False

    @api.constrains("b2b_linked_user_id", "parent_id", "b2b_role")
    def _check_b2b_linked_user(self):
        for contact in self.filtered("b2b_linked_user_id"):
            user = contact.b2b_linked_user_id
            company = contact.commercial_partner_id
            if contact.is_company or not company.b2b_is_client or company == contact:
                raise ValidationError(_("A user is linked through a contact of a client company."))
            if not user.share or not user.partner_id.commercial_partner_id.b2b_is_client:
                raise ValidationError(
                    _("Only a portal user of a client company can work for a further client company.")
                )
            if company == user.partner_id.commercial_partner_id:
                raise ValidationError(_("%s already works for this company.", user.name))
            twins = self.search_count(
                [
                    ("b2b_linked_user_id", "=", user.id),
                    ("commercial_partner_id", "=", company.id),
                    ("id", "!=", contact.id),
                ]
            )
            if twins:
                raise ValidationError(
                    _("%(user)s already works for %(company)s.", user=user.name, company=company.name)
                )

    # ------------------------------------------------------------------ legal details
    @api.constrains("vat", "b2b_kpp", "b2b_ogrn", "b2b_is_client", "is_company")
    def _check_b2b_legal_numbers(self):
        """Numbers of client companies follow their real rules (what is filled in; the registration
        form also requires them, a manager may complete a company created by hand later)."""
        for partner in self.filtered(lambda p: p.b2b_is_client and p.is_company):
            label = partner.display_name
            try:
                inn = partner.vat and ru_numbers.validate_inn(partner.vat)
                if inn and inn != partner.vat:
                    raise ValidationError(_("%(name)s: write the INN as digits only: %(inn)s.", name=label, inn=inn))
                if partner.b2b_kpp:
                    if inn and not ru_numbers.is_legal_entity_inn(inn):
                        raise ValidationError(_("%s: an individual entrepreneur (12-digit INN) has no KPP.", label))
                    ru_numbers.validate_kpp(partner.b2b_kpp)
                if partner.b2b_ogrn:
                    entrepreneur = None if not inn else not ru_numbers.is_legal_entity_inn(inn)
                    ru_numbers.validate_ogrn(partner.b2b_ogrn, entrepreneur=entrepreneur)
            except ru_numbers.InvalidNumber as error:
                raise ValidationError(
                    _("%(name)s: %(error)s", name=label, error=error.translated(self.env.lang))
                ) from error

    @api.constrains("b2b_bank_bik", "b2b_bank_account", "b2b_bank_corr_account", "b2b_is_client", "is_company")
    def _check_b2b_bank_details(self):
        for partner in self.filtered(lambda p: p.b2b_is_client and p.is_company):
            try:
                if partner.b2b_bank_bik:
                    ru_numbers.validate_bik(partner.b2b_bank_bik)
                if partner.b2b_bank_account or partner.b2b_bank_corr_account:
                    if not partner.b2b_bank_bik:
                        raise ValidationError(_("%s: a bank account needs the bank's BIK.", partner.display_name))
                    if partner.b2b_bank_account:
                        ru_numbers.validate_account(partner.b2b_bank_account, partner.b2b_bank_bik)
                    if partner.b2b_bank_corr_account:
                        ru_numbers.validate_account(
                            partner.b2b_bank_corr_account, partner.b2b_bank_bik, correspondent=True
                        )
            except ru_numbers.InvalidNumber as error:
                raise ValidationError(
                    _("%(name)s: %(error)s", name=partner.display_name, error=error.translated(self.env.lang))
                ) from error

    def _b2b_check_inn_free(self, vals_list):
        """Refuse, with a clear message, an INN that another client company (even archived) has.

        Called before the database is touched: the unique index enforces the same rule, but its
        error would only say "duplicate key".
        """
        defaults = self.env.context
        wanted = {}
        for record, vals in vals_list:
            is_client = vals.get(
                "b2b_is_client", record.b2b_is_client if record else defaults.get("default_b2b_is_client")
            )
            is_company = vals.get("is_company", record.is_company if record else defaults.get("default_is_company"))
            vat = vals.get("vat", record.vat if record else defaults.get("default_vat"))
            if is_client and is_company and vat:
                if vat in wanted:
                    raise ValidationError(_("Two client companies cannot have the same INN %s.", vat))
                wanted[vat] = record.id if record else None
        if not wanted:
            return
        others = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .sudo()  # archived companies, and those the current user cannot read, count too
            .search([("vat", "in", list(wanted)), ("b2b_is_client", "=", True), ("is_company", "=", True)])
            .filtered(lambda other: wanted[other.vat] != other.id)
        )
        if others:
            raise ValidationError(
                _(
                    "The INN %(inn)s already belongs to the client company %(name)s.",
                    inn=others[0].vat,
                    name=others[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._b2b_check_inn_free([(None, vals) for vals in vals_list])
        if any(vals.get("b2b_linked_user_id") for vals in vals_list):
            self._b2b_check_link_right()
        return super().create(vals_list)

    def _b2b_check_link_right(self):
        """Who gives a user access to a further client company: a B2B manager (or the code,
        as superuser, after checking the client's admin)."""
        if not self.env.su:
            self.env["b2b.team.invite.wizard"]._check_manager()

    # ------------------------------------------------------------------ approval
    def action_b2b_approve(self):
        self.env["b2b.team.invite.wizard"]._check_manager()
        for company in self.filtered(lambda p: p.b2b_approval_state == "pending"):
            company.b2b_approval_state = "approved"
            company.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Approved."))
        return True

    # ------------------------------------------------------------------ team
    def _b2b_team_users(self, active_only=True):
        """Portal users working for this client company."""
        self.ensure_one()
        users = self.env["res.users"].with_context(active_test=active_only)
        return users.sudo().search(  # portal users are not readable by a portal admin
            [("partner_id", "child_of", self.id), ("partner_id", "!=", self.id), ("share", "=", True)],
            order="name, id",
        )

    def _b2b_linked_contacts(self):
        """Contacts of this company that stand for a portal user of another client company."""
        self.ensure_one()
        # sudo: as in _b2b_team_users, the linked users are not readable by a portal admin
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("parent_id", "child_of", self.id),
                    ("b2b_linked_user_id.active", "=", True),
                    ("b2b_role", "!=", False),
                ]
            )
        )

    def _b2b_team_members(self):
        """The contacts of this company's cabinet team: those of its own portal users and those
        linked to users of further client companies, by name."""
        self.ensure_one()
        members = self._b2b_team_users().partner_id | self._b2b_linked_contacts()
        return members.sorted(lambda member: ((member.name or "").lower(), member.id))

    def _b2b_admin_count(self):
        self.ensure_one()
        return len(self._b2b_team_members().filtered(lambda member: member.b2b_role == "admin"))

    def _b2b_check_member(self, member):
        """Raise unless ``member`` (a contact) is a colleague of this company with portal access."""
        self.ensure_one()
        outside = not member or member.commercial_partner_id != self or member == self
        if not outside and member.b2b_linked_user_id:
            return
        # a distributor's employee filed under the client company is not the client's to manage
        staff = not outside and not all(member.with_context(active_test=False).user_ids.mapped("share"))
        if outside or staff or not member.user_ids:
            raise UserError(_("This person is not on your company's team."))

    def _b2b_set_role(self, member, role):
        self.ensure_one()
        self._b2b_check_member(member)
        if role not in dict(B2B_ROLES):
            raise UserError(_("Choose one of the roles: administrator, buyer, accountant or viewer."))
        with self.env.cr.savepoint():  # a refused change (last admin) leaves nothing half-done
            member.sudo().b2b_role = role  # the role is a manager's field; the caller checked the admin right
        return member

    def _b2b_remove_access(self, member):
        """Deactivate the member's user; the contact stays for the history of documents. A user
        of a further client company keeps its login and loses this company only."""
        self.ensure_one()
        self._b2b_check_member(member)
        if member.b2b_linked_user_id:
            with self.env.cr.savepoint():
                member.sudo()._b2b_unlink_user()
            return member
        users = member.with_context(active_test=False).user_ids.sudo()  # deactivating users needs rights
        with self.env.cr.savepoint():  # a refused removal (last admin) leaves nothing half-done
            users.write({"active": False})
            member.sudo().signup_cancel()  # an unused invitation link must not work any more
        return member

    def _b2b_invite(self, name, email, role, inviter=None):
        """Give a colleague access: a contact and a portal user with ``role``; queue the invitation mail.

        A removed colleague of the same company gets the access back.
        """
        self.ensure_one()
        if role not in dict(B2B_ROLES):
            raise UserError(_("Choose one of the roles: administrator, buyer, accountant or viewer."))
        login = clean_email(email)
        if not login:
            raise UserError(_("Enter a valid e-mail address."))
        # sudo: the counters are technical records; a day's invitations per client company
        limits = self.env["b2b.rate.limit"].sudo()
        daily = get_param_int(self.env, "b2b_portal.invitation_daily_limit", DEFAULT_INVITATIONS_PER_DAY, minimum=0)
        if not limits._b2b_hit(f"invite:{self.id}", daily, timedelta(days=1)):
            raise UserError(
                _(
                    "Your company has sent as many invitations as allowed today. "
                    "Try again tomorrow or call your manager."
                )
            )
        Users = self.env["res.users"].sudo().with_context(active_test=False)  # logins of everyone
        user = Users.search([("login", "=", login)], limit=1)
        if user and (user.active or user.partner_id.commercial_partner_id != self or not user.share):
            # one message whoever holds the login (nothing told about another client); a person who
            # buys for several of the client's companies gets a linked login from a manager
            raise UserError(
                _(
                    "The e-mail %s is already used to sign in. If this person already works in the cabinet "
                    "for another of your companies, ask your manager to give that login access to this "
                    "company too; otherwise ask the person for another e-mail.",
                    login,
                )
            )
        if user:
            user.partner_id.write({"name": name, "b2b_role": role})
            user.active = True
        else:
            contact = (
                self.env["res.partner"]
                .sudo()  # a portal admin may not create contacts; we checked the team right
                .create(
                    {
                        "name": name,
                        "email": login,
                        "parent_id": self.id,
                        "type": "contact",
                        "b2b_role": role,
                        "lang": self.lang or self.env.lang,
                    }
                )
            )
            # no reset-password mail from Odoo: our own invitation goes out below
            user = self.env["res.users"]._b2b_create_portal_user(
                {"login": login, "partner_id": contact.id, "lang": contact.lang}, self._b2b_team_companies(inviter)
            )
        user._b2b_send_access_mail(
            "b2b_portal.mail_template_b2b_invitation", b2b_inviter_name=inviter.name if inviter else False
        )
        return user.partner_id

    def _b2b_unlink_user(self):
        """This linked contact no longer stands for its user (nor has a role here); the user
        leaves this company, and is back in its own one if this was its current entity."""
        for contact in self:
            user = contact.b2b_linked_user_id
            if user.b2b_entity_id == contact.commercial_partner_id:
                user.b2b_entity_id = False
            contact.write({"b2b_linked_user_id": False, "b2b_role": False})

    def _b2b_link_candidates(self, inviter):
        """Users a portal admin (`inviter`) may give access to this company: the team of each
        other client company the admin also administers, not on this team yet."""
        self.ensure_one()
        candidates = self.env["res.users"]
        for contact in inviter._b2b_entity_contacts():
            company = contact.commercial_partner_id
            if company != self and contact.b2b_role == "admin" and company.b2b_is_client:
                team = company._b2b_team_users() | company._b2b_linked_contacts().b2b_linked_user_id
                candidates |= team
        here = self._b2b_team_users() | self._b2b_linked_contacts().b2b_linked_user_id
        return (candidates - here - inviter).sorted(lambda user: (user.name or "").lower())

    def _b2b_link_user(self, user, role, inviter=None):
        """Give `user`, a portal user of another client company, access to this company with
        `role`: a contact of this company stands for it (`b2b_linked_user_id`). A portal
        `inviter` (the admin of this company) may link only colleagues of the other companies it
        administers; a manager any portal user of a client."""
        self.ensure_one()
        if role not in dict(B2B_ROLES):
            raise UserError(_("Choose one of the roles: administrator, buyer, accountant or viewer."))
        user = user.sudo().exists()
        if inviter and inviter.share and user not in self._b2b_link_candidates(inviter):
            raise UserError(_("Choose a colleague from another company you administer in the cabinet."))
        if not user or not user.share or not user.partner_id.commercial_partner_id.b2b_is_client:
            raise UserError(_("Only a portal user of a client company can work for a further client company."))
        if user.partner_id.commercial_partner_id == self or user in self._b2b_linked_contacts().b2b_linked_user_id:
            raise UserError(_("%s already works for this company.", user.name))
        Partner = self.env["res.partner"].sudo()  # a portal admin may not create contacts; the right was checked
        contact = Partner.with_context(active_test=False).search(
            [
                ("parent_id", "=", self.id),
                ("b2b_linked_user_id", "=", False),
                ("email", "=ilike", user.email or user.login),
                ("user_ids", "=", False),
                ("is_company", "=", False),
            ],
            limit=1,
        )
        values = {"b2b_linked_user_id": user.id, "b2b_role": role, "active": True}
        if contact:
            contact.write(values)
        else:
            contact = Partner.create(
                {
                    **values,
                    "name": user.name,
                    "email": user.email or user.login,
                    "phone": user.phone,
                    "parent_id": self.id,
                    "type": "contact",
                    "lang": user.lang,
                }
            )
        return contact

    def _b2b_team_companies(self, inviter=None):
        """The distributor's companies a new colleague of this client works in: a portal
        inviter's (a client's admin), else those of the client's users, else the distributor's
        legal entity of the B2B settings. Never the portal template user's company."""
        self.ensure_one()
        if inviter and inviter.share:
            return inviter.company_id | inviter.company_ids
        # sudo: the client's users (a manager may not read users); only their companies are used
        colleagues = self.env["res.users"].sudo().search([("partner_id.commercial_partner_id", "=", self.id)])
        first = colleagues.sorted("id")[:1]
        if first:
            return first.company_id | first.company_ids
        return self.env["res.company"]._b2b_distributor()

    # ------------------------------------------------------------------ last admin
    @api.model
    def _b2b_companies_with_admin(self, companies):
        return companies.filtered(lambda c: c._b2b_admin_count())

    def _b2b_check_admins_kept(self, companies):
        for company in companies:
            if not company._b2b_admin_count():
                raise UserError(
                    _(
                        "%s would be left without an administrator of its B2B cabinet. "
                        "Make someone else an administrator first.",
                        company.display_name,
                    )
                )

    def write(self, vals):
        if {"vat", "b2b_is_client", "is_company"} & set(vals):
            self._b2b_check_inn_free([(record, vals) for record in self])
        if "b2b_linked_user_id" in vals:
            self._b2b_check_link_right()
        if not {"b2b_role", "parent_id", "active", "b2b_linked_user_id"} & set(vals):
            return super().write(vals)
        companies = self.commercial_partner_id.filtered(lambda c: c.b2b_is_client and c.is_company)
        guarded = self._b2b_companies_with_admin(companies)
        result = super().write(vals)
        self._b2b_check_admins_kept(guarded)
        if {"b2b_role", "b2b_linked_user_id", "parent_id"} & set(vals):
            # portal record rules read the role of the user's current contact: their cached
            # domains are per user and contact
            self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------ back office actions
    def action_b2b_invite_wizard(self):
        self.ensure_one()
        self.env["b2b.team.invite.wizard"]._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invite a colleague"),
            "res_model": "b2b.team.invite.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_b2b_remove_access(self):
        self.env["b2b.team.invite.wizard"]._check_manager()
        for member in self:
            member.commercial_partner_id._b2b_remove_access(member)
        return True
