# pylint: disable=consider-merging-classes-inherited
# (in its own file, apart from the role table and the team, like res_users_b2b_team.py)
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResUsers(models.Model):
    """Several client legal entities under one login.

    A user belongs to its own contact's company (the home entity) and to every client company
    where a contact stands for it (`res.partner.b2b_linked_user_id`, made by the client's admin
    on the team page or by a manager). The current entity (`b2b_entity_id`, empty for the home
    one) decides everything the cabinet shows: `_b2b_client()` and `_b2b_role()` read the
    current contact (`b2b_contact_id`), and the record rules read `user.b2b_contact_id` and
    `user.b2b_commercial_partner_id` instead of `user.partner_id` and
    `user.commercial_partner_id`. The choice is kept on the user, so it holds in every session
    and over JSON-RPC; `ir.rule` caches its domains per current contact."""

    _inherit = "res.users"

    b2b_entity_id = fields.Many2one(
        "res.partner",
        string="Current client legal entity",
        help="The client company this user works for in the cabinet now, when it belongs to "
        "several; empty for its own contact's company.",
        index="btree_not_null",
    )
    b2b_contact_id = fields.Many2one(
        "res.partner",
        string="Current B2B contact",
        compute="_compute_b2b_contact_id",
        compute_sudo=True,
        help="The contact that stands for this user in its current client legal entity: its "
        "own contact, or the contact linked to it in another client company.",
    )
    b2b_commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Current commercial partner",
        compute="_compute_b2b_contact_id",
        compute_sudo=True,
    )
    b2b_link_ids = fields.One2many(
        "res.partner",
        "b2b_linked_user_id",
        string="Contacts in further client companies",
        groups="base.group_user",  # not for portal users over JSON-RPC: the cabinet reads it as superuser
    )

    @api.depends("b2b_entity_id", "partner_id", "b2b_link_ids.commercial_partner_id")
    def _compute_b2b_contact_id(self):
        for user in self:
            contact = user.partner_id
            if user.b2b_entity_id and user.b2b_entity_id != contact.commercial_partner_id:
                contact = (
                    user.b2b_link_ids.filtered(
                        lambda link, user=user: link.commercial_partner_id == user.b2b_entity_id
                    )[:1]
                    or contact
                )
            user.b2b_contact_id = contact
            user.b2b_commercial_partner_id = contact.commercial_partner_id

    @api.constrains("b2b_entity_id")
    def _check_b2b_entity_id(self):
        for user in self.filtered("b2b_entity_id"):
            if user.b2b_entity_id not in user._b2b_entities():
                raise ValidationError(_("You do not work for %s in the cabinet.", user.b2b_entity_id.display_name))

    def _b2b_entity_contacts(self):
        """The contacts standing for this user: its own first, then one per further client company."""
        self.ensure_one()
        links = self.sudo().b2b_link_ids.filtered(  # sudo: a portal user may not read other companies' contacts
            lambda link: (
                link.b2b_role
                and link.commercial_partner_id.b2b_is_client
                and link.commercial_partner_id != self.partner_id.commercial_partner_id
            )
        )
        return self.partner_id.sudo() | links.sorted(lambda link: link.commercial_partner_id.name or "")

    def _b2b_entities(self):
        """The client legal entities this user may switch between (its own company first)."""
        self.ensure_one()
        return self._b2b_entity_contacts().commercial_partner_id.filtered(lambda c: c.b2b_is_client and c.is_company)

    def _b2b_switch_entity(self, entity):
        """Make `entity` (a res.partner or an id) this user's current client legal entity.
        Refused, with a message for the client, unless the user works for it."""
        self.ensure_one()
        entity = self.env["res.partner"].sudo().browse(entity if isinstance(entity, int) else entity.id).exists()
        if not entity or entity not in self._b2b_entities():
            raise UserError(_("You do not work for this company in the cabinet."))
        home = self.partner_id.commercial_partner_id
        # sudo: a portal user may not write its own technical fields; the entity was checked above
        self.sudo().b2b_entity_id = False if entity == home else entity
        return entity

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["b2b_entity_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        # over JSON-RPC too a user switches its entity; the constraint refuses a foreign one
        return super().SELF_WRITEABLE_FIELDS + ["b2b_entity_id"]
