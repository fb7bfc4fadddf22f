from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero
from odoo.tools.misc import formatLang

from .b2b_claim_line import CREDITED_KINDS, RETURNED_KINDS

CLAIM_STATES = [
    ("submitted", "Under review"),
    ("accepted", "Accepted"),
    ("partial", "Partly accepted"),
    ("rejected", "Rejected"),
]


def _qty_text(env, quantity):
    return formatLang(env, quantity, digits=0 if float(quantity).is_integer() else 3)


class B2bClaim(models.Model):
    """A client's claim on delivered goods (рекламация): lines of one order, each with its kind
    and quantity; the manager accepts it (fully or partly) or rejects it with a reason. An
    accepted claim makes what the accounting needs: the return receipt for goods that come back,
    the credit note for the accepted amount, and the discrepancy act."""

    _name = "b2b.claim"
    _description = "Claim on delivered goods"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client company", related="sale_order_id.partner_id.commercial_partner_id", store=True
    )
    company_id = fields.Many2one(related="sale_order_id.company_id", store=True, string="Legal entity")
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    user_id = fields.Many2one("res.users", string="Filed by", readonly=True, default=lambda self: self.env.user)
    state = fields.Selection(CLAIM_STATES, default="submitted", required=True, readonly=True, tracking=True, index=True)
    line_ids = fields.One2many("b2b.claim.line", "claim_id", string="Lines")
    reject_reason = fields.Text(string="Reason of rejection", tracking=True)
    amount_accepted = fields.Monetary(string="Accepted amount", compute="_compute_amount_accepted")
    photo_ids = fields.One2many(
        "ir.attachment", "res_id", string="Photos", domain=[("res_model", "=", "b2b.claim")], readonly=True
    )
    return_picking_ids = fields.Many2many("stock.picking", string="Return receipts", readonly=True, copy=False)
    credit_note_id = fields.Many2one("account.move", string="Credit note", readonly=True, copy=False)
    date_decided = fields.Datetime(string="Decided on", readonly=True, copy=False)
    request_token = fields.Char(readonly=True, copy=False, help="One-time token of the portal form that filed it.")

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "The claim number must be unique."),
        ("request_token_unique", "UNIQUE(request_token)", "This form has been sent already."),
    ]

    @api.depends("line_ids.amount_accepted")
    def _compute_amount_accepted(self):
        for claim in self:
            claim.amount_accepted = sum(claim.line_ids.mapped("amount_accepted"))

    def _compute_access_url(self):
        super()._compute_access_url()
        for claim in self:
            claim.access_url = f"/my/b2b/claims/{claim.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return "Akt_%s" % self.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("b2b.claim") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------ filing (portal)

    @api.model
    def _b2b_file(self, order, lines, photos=(), token=None):
        """File a claim for `order` on behalf of the current (portal) user.

        `lines`: [(sale order line, kind, quantity, text)]; `photos`: [(file name, bytes)] already
        checked. Under the order's lock the quantities are checked against what was delivered and
        what other claims hold, so two claims sent at once cannot together exceed the delivery.
        A token already used returns the claim it filed (a replayed form files nothing)."""
        user = self.env.user
        claims = self.sudo()  # sudo: clients file claims only through this checked method
        if token:
            done = claims.search([("request_token", "=", token)], limit=1)
            if done:
                return done
        order = order.sudo()
        # touch: a transaction that began before another claim on this order was committed fails
        # to serialize (and is retried) instead of counting from its stale view of the claims
        order._b2b_lock(touch=True)
        if order.state != "sale":
            raise UserError(_("Claims can be filed for confirmed orders only."))
        if not lines:
            raise UserError(_("Enter the quantity you claim on at least one line."))
        claimable = order.order_line._b2b_qty_claimable()
        for line, _kind, quantity, _text in lines:
            if line.order_id != order:
                raise UserError(_("This line is not in the order."))
            rounding = line.product_uom.rounding
            if float_compare(quantity, claimable.get(line.id, 0.0), precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "%(product)s: you may claim at most %(qty)s — what was delivered less what other "
                        "claims already hold.",
                        product=line.product_id.display_name,
                        qty=_qty_text(self.env, claimable.get(line.id, 0.0)),
                    )
                )
            claimable[line.id] -= quantity
        claim = claims.create(
            {
                "sale_order_id": order.id,
                "user_id": user.id,
                "request_token": token or False,
                "line_ids": [
                    fields.Command.create(
                        {
                            "sale_line_id": line.id,
                            "kind": kind,
                            "quantity": quantity,
                            "quantity_accepted": quantity,
                            "description": text or False,
                        }
                    )
                    for line, kind, quantity, text in lines
                ],
            }
        )
        for filename, data in photos:
            self.env["ir.attachment"].sudo().create(
                {"name": filename, "raw": data, "res_model": self._name, "res_id": claim.id}
            )
        claim._b2b_notify_client()
        claim._b2b_schedule_review()
        return claim

    def _b2b_schedule_review(self):
        for claim in self:
            manager = claim.sale_order_id.user_id
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Review the claim of %(client)s", client=claim.partner_id.display_name),
                user_id=manager.id if manager and manager._is_internal() else self.env.uid,
            )

    # ------------------------------------------------------------------ decisions (back office)

    def _b2b_check_open(self):
        for claim in self:
            if claim.state != "submitted":
                raise UserError(_("Claim %(name)s has already been decided.", name=claim.name))

    def action_accept(self):
        """Accept what the lines' «Accepted» quantities say (all of it unless the manager lowered
        them): the goods that come back get a return receipt, the accepted amount a credit note."""
        self._b2b_check_open()
        for claim in self:
            claim.sudo()._b2b_lock_order()
            accepted = claim.line_ids.filtered(
                lambda l: not float_is_zero(l.quantity_accepted, precision_rounding=l.product_uom_id.rounding)
            )
            if not accepted:
                raise UserError(_("Nothing is accepted: reject the claim with a reason instead."))
            full = all(
                float_compare(l.quantity_accepted, l.quantity, precision_rounding=l.product_uom_id.rounding) == 0
                for l in claim.line_ids
            )
            claim.write({"state": "accepted" if full else "partial", "date_decided": fields.Datetime.now()})
            # sudo: the manager decides; stock and accounting documents follow from the decision
            claim.sudo()._b2b_create_returns()
            claim.sudo()._b2b_create_credit_note()
            claim._b2b_close_review()
            claim._b2b_notify_client()
        return True

    def action_reject(self):
        self._b2b_check_open()
        for claim in self:
            if not (claim.reject_reason or "").strip():
                raise UserError(_("Write the reason of rejection first: the client reads it."))
            claim.write({"state": "rejected", "date_decided": fields.Datetime.now()})
            for line in claim.line_ids:
                line.quantity_accepted = 0.0
            claim._b2b_close_review()
            claim._b2b_notify_client()
        return True

    def _b2b_lock_order(self):
        self.sale_order_id._b2b_lock()

    def _b2b_close_review(self):
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def _b2b_create_returns(self):
        """One return receipt per delivery the returned goods left with, as Odoo's own «Return»
        makes it (the quantities come back to the stock they left)."""
        self.ensure_one()
        wanted = {}
        for line in self.line_ids.filtered(lambda l: l.kind in RETURNED_KINDS and l.quantity_accepted > 0):
            wanted[line.sale_line_id] = wanted.get(line.sale_line_id, 0.0) + line.quantity_accepted
        if not wanted:
            return
        deliveries = self.sale_order_id.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_id.code == "outgoing"
        )
        returns = self.env["stock.picking"]
        for picking in deliveries:
            wizard = self.env["stock.return.picking"].with_context(active_id=picking.id, active_model="stock.picking")
            wizard = wizard.create({"picking_id": picking.id})
            any_line = False
            for return_line in wizard.product_return_moves:
                sale_line = return_line.move_id.sale_line_id
                quantity = min(wanted.get(sale_line, 0.0), return_line.move_id.quantity)
                return_line.quantity = quantity
                if quantity > 0:
                    wanted[sale_line] -= quantity
                    any_line = True
            if any_line:
                returns |= wizard._create_return()
        self.return_picking_ids = [fields.Command.link(picking.id) for picking in returns]
        for picking in returns:
            picking.message_post(body=_("Return of claim %(name)s.", name=self.name))

    def _b2b_create_credit_note(self):
        """The credit note for the accepted amount, posted, so that the client's balance (and its
        next reconciliation act) shows it."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda l: l.kind in CREDITED_KINDS and l.quantity_accepted > 0)
        if not lines:
            return
        order = self.sale_order_id
        move = (
            self.env["account.move"]
            .with_company(order.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": order.partner_invoice_id.id,
                    "company_id": order.company_id.id,
                    "currency_id": order.currency_id.id,
                    "invoice_origin": order.name,
                    "ref": _("Claim %(name)s", name=self.name),
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.sale_line_id.name,
                                "quantity": line.quantity_accepted,
                                "product_uom_id": line.product_uom_id.id,
                                "price_unit": line.sale_line_id.price_unit,
                                "discount": line.sale_line_id.discount,
                                "tax_ids": [fields.Command.set(line.sale_line_id.tax_id.ids)],
                            }
                        )
                        for line in lines
                    ],
                }
            )
        )
        move.action_post()
        self.credit_note_id = move

    # ------------------------------------------------------------------ client notices

    def _b2b_notify_client(self):
        template = self.env.ref("b2b_claim.mail_template_b2b_claim_state")
        for claim in self:
            partners = claim.user_id.partner_id.filtered("email")
            if partners:
                template.send_mail(
                    claim.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"recipient_ids": [fields.Command.set(partners.ids)]},
                )

    def _b2b_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _b2b_can_print_act(self):
        self.ensure_one()
        return self.state in ("accepted", "partial")

    @api.constrains("line_ids")
    def _check_lines(self):
        for claim in self:
            if not claim.line_ids:
                raise ValidationError(_("A claim needs at least one line."))
