import logging
import threading
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools.inputs import has_nul
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_is_zero

_logger = logging.getLogger(__name__)

B2B_RESERVATION_STATES = [
    ("draft", "Draft"),
    ("pending", "Sent for reservation"),
    ("reserved", "Reserved in full"),
    ("partial", "Partly reserved"),
    ("refused", "Not reserved"),
]
B2B_PAYMENT_STATES = [
    ("not_paid", "Not paid"),
    ("partial", "Partly paid"),
    ("paid", "Paid"),
]
# Set this system parameter to a true value when an external accounting system (1C...) reserves
# stock and records payments: the job then leaves pending orders alone and the payment state is
# written by that system instead of being computed from Odoo's invoices.
B2B_EXTERNAL_MASTER_PARAM = "b2b_portal.external_accounting_master"
B2B_SHIPMENT_STATES = [
    ("waiting", "Not shipped"),
    ("partial", "Partly shipped"),
    ("shipped", "Shipped"),
]
# states of a delivery move: reserved (or gone), partly reserved, still waiting for stock
B2B_MOVE_HELD = ("assigned", "done")
B2B_MOVE_SOME = ("assigned", "partially_available", "done")
B2B_MOVE_OPEN = ("waiting", "confirmed", "partially_available")
B2B_RESERVATION_BATCH = 50


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_portal_user_id = fields.Many2one(
        "res.users",
        string="Portal buyer",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The client's user who built this order in the B2B portal.",
    )
    b2b_reservation_state = fields.Selection(
        B2B_RESERVATION_STATES,
        string="Reservation",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        help="Draft: the client is still building the order. Sent for reservation: waiting for the "
        "stock side. Reserved / Partly reserved / Not reserved: the result, written by the "
        "reservation job or by the external accounting system.",
    )
    b2b_reserved_date = fields.Datetime(string="Reservation result date", copy=False, readonly=True)
    b2b_payment_state = fields.Selection(
        B2B_PAYMENT_STATES,
        string="Payment",
        compute="_compute_b2b_payment_state",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="Follows the posted customer invoices of the order: paid when all of them are paid "
        "(an invoice whose payment is still being matched with the bank, 'In payment', counts as "
        "not yet paid). Written by the external accounting system when it is the master.",
    )
    b2b_paid_notified = fields.Boolean(string="«Paid» notice sent", copy=False, readonly=True)
    b2b_credit_allowed_amount = fields.Monetary(
        string="Let through up to",
        copy=False,
        readonly=True,
        tracking=True,
        help="Set by a B2B manager («Let through despite credit»): this one order may go to "
        "reservation, up to this total, even if its client is over its credit limit or has "
        "overdue invoices. 0 = the client's credit terms apply.",
    )
    b2b_shown_reservation_state = fields.Selection(
        B2B_RESERVATION_STATES,
        string="Reservation (as the client sees it)",
        compute="_compute_b2b_shown_states",
        help="The reservation state for an order placed in the portal (or written by the external "
        "accounting system); for an order confirmed in the back office, what its deliveries hold.",
    )
    b2b_shipment_state = fields.Selection(
        B2B_SHIPMENT_STATES,
        string="Shipment",
        compute="_compute_b2b_shown_states",
        help="Whether the goods of the order have left the warehouse, from its deliveries.",
    )
    b2b_weight = fields.Float(string="Weight, kg", compute="_compute_b2b_weight_volume", digits="Stock Weight")
    b2b_volume = fields.Float(string="Volume, m³", compute="_compute_b2b_weight_volume", digits="Volume")

    # ------------------------------------------------------------------ computes

    @api.model
    def _b2b_external_master(self):
        # sudo: a technical switch read by the job and the compute, whoever triggers them
        return bool(self.env["ir.config_parameter"].sudo().get_param(B2B_EXTERNAL_MASTER_PARAM))

    @api.depends("order_line.product_uom_qty", "order_line.product_id")
    def _compute_b2b_weight_volume(self):
        for order in self:
            weight = volume = 0.0
            for line in order.order_line:
                if line.display_type or not line.product_id:
                    continue
                # sudo: portal users cannot read products; weight and volume are shown to them
                product = line.product_id.sudo()
                qty = line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id, raise_if_failure=False)
                weight += product.weight * qty
                volume += product.volume * qty
            order.b2b_weight = weight
            order.b2b_volume = volume

    @api.depends("state", "b2b_reservation_state", "delivery_status", "order_line.move_ids.state")
    def _compute_b2b_shown_states(self):
        for order in self:
            order.b2b_shown_reservation_state = order._b2b_derive_reservation_state()
            order.b2b_shipment_state = order._b2b_derive_shipment_state()

    def _b2b_delivery_moves(self):
        # sudo: portal users read the derived state, not the stock moves
        return self.order_line.sudo().move_ids.filtered(
            lambda m: (
                m.state != "cancel" and m.location_dest_id.usage == "customer" and m.location_id.usage != "customer"
            )
        )

    def _b2b_derive_reservation_state(self):
        """The stored state once the portal flow or the external system set it; for an order a
        manager confirmed in the back office, what its deliveries hold: everything reserved (or
        delivered), some of it, or nothing yet (waiting for stock). Matches
        `_b2b_reservation_state_domain`."""
        self.ensure_one()
        if self.b2b_reservation_state != "draft" or self.state != "sale":
            return self.b2b_reservation_state
        states = set(self._b2b_delivery_moves().mapped("state"))
        if not states:
            return False  # nothing to reserve (services)
        if states <= set(B2B_MOVE_HELD):
            return "reserved"
        if states & set(B2B_MOVE_SOME):
            return "partial"
        return "pending"

    def _b2b_derive_shipment_state(self):
        """Hook: from Odoo's delivery status (an external accounting system may say more)."""
        self.ensure_one()
        return {"pending": "waiting", "started": "waiting", "partial": "partial", "full": "shipped"}.get(
            self.delivery_status or "", False
        )

    @api.model
    def _b2b_reservation_state_domain(self, states):
        """A domain of the orders whose shown reservation state (`b2b_shown_reservation_state`)
        is one of `states`."""
        stored = [("b2b_reservation_state", "in", list(states))]
        back_office = []
        for state in set(states) & {"reserved", "partial", "pending"}:
            back_office.append(self._b2b_back_office_reservation_domain(state))
        if not back_office:
            return stored
        # sudo: the moves are the distributor's; only the ids of orders come out of it, and the
        # caller's search applies the user's own rules on the orders
        query = self.sudo()._search(
            expression.AND(
                [[("b2b_reservation_state", "=", "draft"), ("state", "=", "sale")], expression.OR(back_office)]
            )
        )
        return expression.OR([stored, [("id", "in", query)]])

    @api.model
    def _b2b_back_office_reservation_domain(self, state):
        def moves(move_states):
            return (
                "order_line",
                "any",
                [
                    (
                        "move_ids",
                        "any",
                        [
                            ("state", "in", move_states),
                            ("location_dest_id.usage", "=", "customer"),
                            ("location_id.usage", "!=", "customer"),
                        ],
                    )
                ],
            )

        held, some, open_ = moves(B2B_MOVE_HELD), moves(B2B_MOVE_SOME), moves(B2B_MOVE_OPEN)
        if state == "reserved":
            return [held, "!", open_]
        if state == "partial":
            return [some, open_]
        return [open_, "!", some]  # pending

    @api.depends("order_line.invoice_lines.move_id.state", "order_line.invoice_lines.move_id.payment_state")
    def _compute_b2b_payment_state(self):
        external = self._b2b_external_master()
        for order in self:
            if external and order.id and order.b2b_payment_state:
                order.b2b_payment_state = order.b2b_payment_state  # written by the external system
                continue
            invoices = order.order_line.invoice_lines.move_id.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            states = set(invoices.mapped("payment_state"))
            if not invoices or states <= {"not_paid"}:
                state = "not_paid"
            elif states <= {"paid", "reversed"}:
                state = "paid"
            else:
                state = "partial"
            order.b2b_payment_state = state

    # ------------------------------------------------------------------ portal

    def _has_to_be_signed(self):
        # an order from the B2B portal is confirmed by the stock side, not signed by the client
        return super()._has_to_be_signed() and not self.b2b_portal_user_id

    def _has_to_be_paid(self):
        # paid against the «Счёт на оплату» by bank transfer, not online from the quotation
        return super()._has_to_be_paid() and not self.b2b_portal_user_id

    # ------------------------------------------------------------------ draft

    @api.model
    def _b2b_draft_for_user(self, user, create=False):
        """The open draft order `user` builds in the portal (one per user); created on demand.

        Portal users may read but not create sale orders in Odoo, so the search and the creation
        run as superuser, with every value fixed here from the user's own client company.
        """
        if not user._b2b_client():
            return self.browse()
        # sudo: the portal user may not search by b2b_portal_user_id nor create orders
        order = self.sudo().search(self._b2b_draft_domain(user), order="id desc", limit=1).sudo(False)
        if order or not create:
            return order.with_user(user) if order else order
        values = self._b2b_prepare_draft_values(user)
        # sudo: see above; the values come from the user's own record, not from the request.
        # The follower is the user's contact in its current legal entity, not its own contact:
        # an order of one entity never follows the user into another.
        order = self.sudo().with_context(mail_create_nosubscribe=True).create(values)
        order.message_subscribe(partner_ids=user.b2b_contact_id.ids)
        return order.sudo(False).with_user(user)

    @api.model
    def _b2b_draft_domain(self, user):
        """The orders `user` is building in the portal (`_b2b_draft_for_user` takes the newest)."""
        return [
            ("b2b_portal_user_id", "=", user.id),
            ("partner_id.commercial_partner_id", "=", user._b2b_client().id),  # one draft per legal entity
            ("state", "=", "draft"),
            ("b2b_reservation_state", "=", "draft"),
        ]

    @api.model
    def _b2b_draft_summary(self, user):
        """(number of lines, total with taxes, currency) of the user's open draft order, read in
        one query: the cabinet's navigation shows it on every page."""
        # sudo: as in _b2b_draft_for_user; only the user's own draft is read
        draft = self.sudo()._search(self._b2b_draft_domain(user), order="id desc", limit=1)
        [(count, total, currency_ids)] = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("order_id", "in", draft), ("display_type", "=", False)],
                aggregates=["__count", "price_total:sum", "currency_id:array_agg"],
            )
        )
        currency = self.env["res.currency"].browse(currency_ids[:1]) if currency_ids else user.company_id.currency_id
        return count, total or 0.0, currency

    @api.model
    def _b2b_prepare_draft_values(self, user):
        """Hook: values of a new portal draft order. The pricelist is the catalog's
        (`res.partner._b2b_catalog_pricelist`, a contract's with b2b_pricing), so the order
        shows the prices the client saw in the catalog."""
        client = user._b2b_client()
        company = user.company_id
        values = {
            "partner_id": user.b2b_contact_id.id,
            "company_id": company.id,
            "user_id": client.user_id.id or False,
            "b2b_portal_user_id": user.id,
        }
        pricelist = client.with_company(company)._b2b_catalog_pricelist()
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return values

    def _b2b_check_editable(self):
        self.ensure_one()
        # sudo: the state fields are read for a portal user who may only follow the order
        order = self.sudo()
        if order.state != "draft" or order.b2b_reservation_state != "draft":
            raise UserError(_("This order has already been sent and cannot be changed."))

    def _b2b_add_product(self, product, quantity):
        """Add `quantity` of `product` to this portal draft order (merging with a line of the
        same product). Raises UserError with a message for the client on bad input."""
        self.ensure_one()
        self._b2b_check_editable()
        quantity = self._b2b_parse_quantity(quantity)
        self._b2b_check_catalog(product)
        self._b2b_check_pack(product, quantity)
        # sudo: order lines are created by the system for the portal user (no create right)
        order = self.sudo()
        product = product.sudo()
        with self.env.cr.savepoint():  # over the limit: nothing stays changed
            line = order.order_line.filtered(lambda l: l.product_id == product and not l.display_type)[:1]
            if line:
                line.product_uom_qty += quantity
            else:
                line = order.env["sale.order.line"].create(
                    {"order_id": order.id, "product_id": product.id, "product_uom_qty": quantity}
                )
            order._b2b_check_order_limits()
        return line.sudo(False)

    def _b2b_check_catalog(self, products):
        """Raise unless every product is in this order's client's B2B catalog (the catalog
        page's own filter: sellable, active, of the order's company...)."""
        self.ensure_one()
        # sudo: portal users cannot read products; only the catalog's filter is applied
        order = self.sudo()
        client = order.partner_id.commercial_partner_id.with_company(order.company_id)
        products = products.sudo().with_company(order.company_id).exists()
        if not products or products - products.filtered_domain(client._b2b_catalog_product_domain()):
            raise UserError(_("This product is not available for ordering."))

    def _b2b_check_pack(self, product, quantity):
        """Raise unless `quantity` (in the product's unit) is a whole number of its packs
        (`product.template._b2b_quantity_step`), with the nearest quantity that is."""
        product = product.sudo()  # sudo: portal users cannot read products (pack size, unit)
        suggestion = product.product_tmpl_id._b2b_pack_suggestion(quantity)
        if suggestion is None:
            return
        uom = product.uom_id
        number_format = uom._b2b_number_format()
        raise UserError(
            _(
                "%(product)s is sold in packs of %(pack)s %(unit)s: enter a multiple of %(pack)s, "
                "for example %(suggestion)s.",
                product=product.display_name,
                pack=uom._b2b_format_quantity(product.b2b_pack_qty, number_format),
                unit=self._b2b_unit_label(uom),
                suggestion=uom._b2b_format_quantity(suggestion, number_format),
            )
        )

    def _b2b_check_order_limits(self, available=True):
        """Raise when the order asks for more of a product than its client may order (see
        `res.partner._b2b_order_limits`)."""
        self.ensure_one()
        order = self.sudo()
        totals = {}
        for line in order.order_line.filtered(lambda l: not l.display_type and l.product_id.is_storable):
            qty = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, raise_if_failure=False
            )
            totals[line.product_id] = totals.get(line.product_id, 0.0) + qty
        if not totals:
            return
        client = order.partner_id.commercial_partner_id.with_company(order.company_id)
        limits = client._b2b_order_limits(self.env["product.product"].concat(*totals), available=available)
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for product, qty in totals.items():
            limit = limits.get(product.id, 0.0)
            if float_compare(qty, limit, precision_digits=precision) > 0:
                raise UserError(
                    _(
                        "%(product)s: at most %(limit)s %(unit)s can be ordered now (what you see in stock).",
                        product=product.display_name,
                        limit=("%.3f" % limit).rstrip("0").rstrip("."),
                        unit=order._b2b_unit_label(product.uom_id),
                    )
                )

    def _b2b_set_line_quantities(self, quantities, reference=None):
        """Set line quantities ({line_id: quantity}, 0 removes the line) and the client's own
        reference. Everything is checked before anything is written."""
        self.ensure_one()
        self._b2b_check_editable()
        # sudo: lines are written by the system for the portal user (no write right)
        order = self.sudo()
        new = {}
        for line_id, quantity in quantities.items():
            line = order.order_line.filtered(lambda l, line_id=line_id: l.id == line_id)
            if not line:
                raise UserError(_("This line is not on your order any more; reload the page."))
            new[line] = self._b2b_parse_quantity(quantity, allow_zero=True)
            if new[line]:
                self._b2b_check_pack(line.product_id, new[line])
        if reference is not None:
            reference = reference.strip()
            if has_nul(reference):
                raise UserError(_("Your reference cannot hold control characters; type it again."))
            if len(reference) > 64:
                raise UserError(_("Your reference may be at most 64 characters long."))
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        with self.env.cr.savepoint():  # over the limit: nothing stays changed
            for line, quantity in new.items():
                if float_is_zero(quantity, precision_digits=precision):
                    line.unlink()
                elif float_compare(quantity, line.product_uom_qty, precision_digits=precision):
                    line.product_uom_qty = quantity
            order._b2b_check_order_limits()
            if reference is not None:
                order.client_order_ref = reference or False

    # ------------------------------------------------------------------ submit

    def _b2b_submit(self):
        """«Send for reservation»: draft (or refused) → pending, and wake the reservation job up.

        Idempotent: the row is locked and the state checked under the lock, so a double click or
        a replayed request finds the order already pending and changes nothing. Returns whether
        this call sent the order."""
        self.ensure_one()
        # sudo: the state is changed by the system on the portal user's request
        order = self.sudo()
        order._b2b_lock()
        if order.state != "draft" or order.b2b_reservation_state not in ("draft", "refused"):
            return False
        order._b2b_check_sendable()
        order.write({"b2b_reservation_state": "pending", "b2b_reserved_date": False})
        if not self._b2b_external_master():
            self.env.ref("b2b_sale.ir_cron_b2b_reservation")._trigger()
        return True

    def _b2b_unit_label(self, uom):
        """The unit as the client reads it in a message: «шт», «кг» in Russian, else its name."""
        if (self.env.lang or "").startswith("ru"):
            return uom._b2b_okei()[uom.id][0]
        return uom.name

    def _b2b_check_sendable(self):
        """Raise unless this order may go to reservation: built in the portal by a user of its
        client company (not a manager's quotation with its own terms), not expired, not empty,
        every product in the client's catalog and within what the client may order."""
        self.ensure_one()
        buyer = self.b2b_portal_user_id
        if not buyer or self.partner_id.commercial_partner_id not in buyer._b2b_entities():
            raise UserError(
                _("This quotation was prepared by your manager: answer it on its page, or call the manager.")
            )
        if self.validity_date and self.validity_date < fields.Date.context_today(self):
            raise UserError(_("This order has expired. Start a new one from the catalog."))
        lines = self.order_line.filtered(lambda l: not l.display_type)
        if not lines:
            raise UserError(_("Your order is empty: add products first."))
        self._b2b_check_catalog(lines.product_id)
        for line in lines:
            self._b2b_check_pack(
                line.product_id,
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, raise_if_failure=False
                ),
            )
        self._b2b_check_order_limits()
        self._b2b_check_credit()

    # ------------------------------------------------------------------ credit

    def _b2b_credit_let_through(self):
        """Whether a manager let this order through its client's credit terms, at its total now."""
        self.ensure_one()
        allowed = self.b2b_credit_allowed_amount
        return bool(allowed) and self.currency_id.compare_amounts(self.amount_total, allowed) <= 0

    def _b2b_credit_refusal(self, queued=False):
        """The client's message when its credit terms refuse this order now (see
        `res.partner._b2b_credit_refusal`), or an empty string; a manager's «let through» wins.

        Sending counts every order of the client already sent; the job (`queued`) counts those
        ahead of this one in its queue only, so a later order never pushes an earlier one out."""
        self.ensure_one()
        # sudo: the amounts and the manager's decision are read for a portal user's order
        order = self.sudo()
        if order._b2b_credit_let_through():
            return ""
        company = order.company_id
        amount = order.currency_id._convert(
            order.amount_total, company.currency_id, company, fields.Date.context_today(self)
        )
        client = order.partner_id.commercial_partner_id.with_company(company)
        exclude = order
        if queued:
            exclude |= order.search(
                client._b2b_credit_order_domain()
                + [("state", "=", "draft"), ("b2b_reservation_state", "=", "pending"), ("id", ">", order.id)]
            )
        return client._b2b_credit_refusal(amount, exclude_orders=exclude)

    def _b2b_check_credit(self, queued=False):
        """Raise with the client's message when its credit terms refuse this order."""
        message = self._b2b_credit_refusal(queued=queued)
        if message:
            raise UserError(message)

    def action_b2b_credit_allow(self):
        """«Let through despite credit»: this order, at its current total, may go to reservation
        whatever its client's limit and overdue invoices say (recorded in the chatter)."""
        self._b2b_check_credit_manager()
        for order in self:
            if order.state != "draft":
                raise UserError(_("Only an order that is not confirmed yet can be let through."))
            order.b2b_credit_allowed_amount = order.amount_total
        return True

    def action_b2b_credit_withdraw(self):
        """Take a «let through» back: the client's credit terms apply to the order again."""
        self._b2b_check_credit_manager()
        self.b2b_credit_allowed_amount = 0.0
        return True

    def _b2b_check_credit_manager(self):
        if not self.env.su and not self.env.user.has_group("b2b_portal.group_b2b_manager"):
            raise AccessError(_("Only a B2B manager may let an order through the client's credit terms."))

    def _b2b_cancel_refused(self):
        """The client gives up a refused order."""
        self.ensure_one()
        # sudo: the state is changed by the system on the portal user's request
        order = self.sudo()
        order._b2b_lock()
        if order.b2b_reservation_state != "refused" or order.state != "draft":
            return False
        order._action_cancel()
        return True

    # ------------------------------------------------------------------ reservation job

    @api.model
    def _b2b_cron_reserve(self, batch_size=B2B_RESERVATION_BATCH):
        """Cron: confirm pending orders in batches and let Odoo reserve their deliveries.

        Each order is done in its own transaction (outside tests): the rows of quants are
        updated by Odoo's reservation, so two transactions reserving the same last units
        conflict and the later one fails with a serialization error; that order is then left
        pending for the next run instead of reserving stock that is no longer there."""
        if self._b2b_external_master():
            return
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        orders = self.search(
            [("b2b_reservation_state", "=", "pending"), ("state", "=", "draft")], order="id", limit=batch_size
        )
        done, retry = self._b2b_reserve_batch(orders, auto_commit)
        remaining = self.search_count([("b2b_reservation_state", "=", "pending"), ("state", "=", "draft")])
        cron = self.env.ref("b2b_sale.ir_cron_b2b_reservation")
        if remaining and len(orders) == batch_size:
            cron._trigger()  # more work: run again at once, in a new transaction
        elif retry:
            cron._trigger(fields.Datetime.now() + timedelta(seconds=30))  # lost a race: retry soon
        _logger.info("B2B reservation job: %s orders done, %s postponed, %s pending", done, retry, remaining)

    @api.model
    def _b2b_reserve_batch(self, orders, auto_commit):
        """Reserve `orders` one by one, each in its own transaction when `auto_commit`; an order
        that loses a race for stock (serialization failure, lock) stays pending.
        Returns (done, postponed)."""
        done = retry = 0
        for order in orders:
            try:
                if auto_commit:
                    order._b2b_reserve()
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                else:
                    with self.env.cr.savepoint():
                        order._b2b_reserve()
                done += 1
            except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable, pg_errors.DeadlockDetected) as error:
                _logger.info("B2B reservation of order %s postponed: %s", order.id, error)
                if not auto_commit:
                    raise
                self.env.cr.rollback()
                self.env.invalidate_all()
                retry += 1
            except Exception as error:
                _logger.warning("B2B reservation of order %s failed: %s", order.id, error)
                if auto_commit:
                    self.env.cr.rollback()
                    self.env.invalidate_all()
                order._b2b_reservation_failed(error)
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return done, retry

    def _b2b_reservation_failed(self, error):
        """The order could not even be confirmed (an archived product...): refuse it, with a
        note for the managers, rather than retrying it forever."""
        self.ensure_one()
        self.write({"b2b_reservation_state": "refused", "b2b_reserved_date": fields.Datetime.now()})
        self.message_post(
            body=_("The order could not be reserved automatically: %s", error),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._b2b_send_reservation_mail()

    def _b2b_reserve(self):
        """Confirm one pending order and record what Odoo could reserve for it."""
        self.ensure_one()
        self._b2b_lock()
        if self.b2b_reservation_state != "pending" or self.state != "draft":
            return
        try:
            self._b2b_check_catalog(self.order_line.filtered(lambda l: not l.display_type).product_id)
            self._b2b_check_order_limits(available=False)
            self._b2b_check_credit(queued=True)  # invoices may have fallen overdue meanwhile
        except UserError as error:
            # asks for more than the client may hold (the order was changed behind the portal, or
            # the client's cap fell): the stock side says no, with the reason in the chatter
            self._b2b_reservation_failed(error.args[0])
            return
        self._b2b_lock_stock()
        self.with_context(mail_notify_author=False).action_confirm()
        state = self._b2b_compute_reservation_state()
        if state == "refused":
            # nothing could be reserved: give the stock side's "no" back to the client, who may
            # cancel the order or send it again; no delivery stays waiting for stock
            self._action_cancel()
            self.action_draft()
        self.write({"b2b_reservation_state": state, "b2b_reserved_date": fields.Datetime.now()})
        self._b2b_send_reservation_mail()

    def _b2b_lock_stock(self):
        """Wait for, then hold, the rows of the quants this order may reserve from.

        Odoo's reservation skips a quant row locked by another transaction and then creates a
        new quant carrying the reservation (stock_quant._update_available_quantity, SKIP
        LOCKED), so two orders reserving the last units at the same time could both succeed.
        Locking the rows first makes the later transaction wait for the earlier one and then
        fail with a serialization error: the job leaves that order pending and retries it on a
        fresh snapshot."""
        products = self.order_line.product_id.filtered("is_storable")
        warehouse = self.warehouse_id
        if not products or not warehouse:
            return
        self.env.cr.execute(
            SQL(
                """SELECT quant.id FROM stock_quant quant
                     JOIN stock_location location ON location.id = quant.location_id
                    WHERE quant.product_id IN %s AND location.parent_path LIKE %s
                    ORDER BY quant.id FOR NO KEY UPDATE OF quant""",
                tuple(products.ids),
                f"{warehouse.view_location_id.parent_path}%",
            ),
            log_exceptions=False,  # losing the race is expected and handled by the job
        )

    def _b2b_compute_reservation_state(self):
        """reserved / partial / refused from the reserved quantities of the order's lines."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda l: not l.display_type and l.product_id.type == "consu")
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        ordered = reserved = 0.0
        complete = True
        for line in lines:
            qty_reserved = line.b2b_qty_reserved
            ordered += line.product_uom_qty
            reserved += qty_reserved
            if float_compare(qty_reserved, line.product_uom_qty, precision_digits=precision) < 0:
                complete = False
        if complete:
            return "reserved"
        if float_is_zero(reserved, precision_digits=precision):
            return "refused"
        return "partial"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("b2b_credit_allowed_amount") for vals in vals_list):
            self._b2b_check_credit_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "b2b_credit_allowed_amount" in vals:
            self._b2b_check_credit_manager()
        # the external accounting system (or a manager) writing the reservation result: the
        # client gets the same e-mail as when the job decides
        notify = (
            vals.get("b2b_reservation_state") in ("reserved", "partial", "refused")
            and not self.env.context.get("b2b_no_reservation_mail")
            and self._b2b_external_master()
        )
        before = {order.id: order.b2b_reservation_state for order in self} if notify else {}
        result = super().write(vals)
        if notify:
            for order in self:
                if before[order.id] != order.b2b_reservation_state:
                    order._b2b_send_reservation_mail()
        if vals.get("b2b_payment_state") == "paid":
            self._b2b_queue_paid_notice()
        return result

    # ------------------------------------------------------------------ e-mails

    def _b2b_send_reservation_mail(self):
        template = self.env.ref("b2b_sale.mail_template_b2b_reservation", raise_if_not_found=False)
        for order in self:
            partner = order.b2b_portal_user_id.partner_id or order.partner_id
            if template and partner.email:
                template.send_mail(
                    order.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"recipient_ids": [fields.Command.set(partner.ids)]},
                )

    def _b2b_paid_notice_partners(self):
        """Who gets the «Paid» e-mail: the client company's admins and accountants, and the
        order's buyer."""
        self.ensure_one()
        company = self.partner_id.commercial_partner_id
        # sudo: the job runs as superuser anyway; the users of the client company are searched
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "=", company.id),
                    ("partner_id.b2b_role", "in", ("admin", "accountant")),
                    ("share", "=", True),
                ]
            )
        )
        # and those who work for the company from another client company (several legal entities)
        linked = company._b2b_linked_contacts().filtered(lambda c: c.b2b_role in ("admin", "accountant"))
        partners = users.partner_id | linked | self.b2b_portal_user_id.partner_id
        return partners.filtered("email")

    def _b2b_queue_paid_notice(self):
        """Wake the «Paid» e-mail job up if one of these portal orders is paid and not yet told.
        Called when an invoice is paid (`account.move._invoice_paid_hook`) or the external
        accounting system writes the payment state; the job itself finds who to tell."""
        if any(
            order.b2b_payment_state == "paid" and order.b2b_portal_user_id and not order.b2b_paid_notified
            for order in self
        ):
            self.env.ref("b2b_sale.ir_cron_b2b_paid_notice")._trigger()

    @api.model
    def _b2b_cron_paid_notice(self):
        """Cron: send the «Paid» e-mail once for each order that became paid."""
        template = self.env.ref("b2b_sale.mail_template_b2b_paid")
        orders = self.search(
            [
                ("b2b_portal_user_id", "!=", False),  # orders placed in the portal, not the history
                ("b2b_payment_state", "=", "paid"),
                ("b2b_paid_notified", "=", False),
            ],
            limit=200,
        )
        for order in orders:
            partners = order._b2b_paid_notice_partners()
            if partners:
                template.send_mail(
                    order.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"recipient_ids": [fields.Command.set(partners.ids)]},
                )
            order.b2b_paid_notified = True
        if len(orders) == 200:
            self.env.ref("b2b_sale.ir_cron_b2b_paid_notice")._trigger()

    # ------------------------------------------------------------------ payment invoice

    def _b2b_is_confirmed(self):
        """The stock side has taken the order: confirmed in Odoo. An external accounting system
        that reserves in its own books (b2b_exchange_1c) extends this for the orders it owns,
        which stay quotations in Odoo because Odoo reserves nothing for them."""
        self.ensure_one()
        return self.state == "sale"

    def _b2b_can_print_payment_invoice(self):
        self.ensure_one()
        return self.b2b_reservation_state in ("reserved", "partial") and self._b2b_is_confirmed()

    def _b2b_invoice_document_lines(self):
        # a partly reserved order is invoiced for what the stock side reserved
        lines = super()._b2b_invoice_document_lines()
        if self.b2b_reservation_state == "partial":
            lines = {line: line.b2b_qty_reserved for line in lines}
        return lines

    def _b2b_payment_invoice_data(self):
        """Everything the «Счёт на оплату» shows, for the PDF and for tests."""
        return self._b2b_invoice_document_data()
