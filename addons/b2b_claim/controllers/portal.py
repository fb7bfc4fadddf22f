import uuid

from odoo import _, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal, b2b_portal_route
from odoo.addons.b2b_portal.tools.inputs import InvalidInput, has_nul, parse_int_id
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.image import image_process
from odoo.tools.mimetypes import guess_mimetype

from ..models.b2b_claim_line import CLAIM_KINDS

PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 5
TEXT_MAX_CHARS = 2000


class B2bClaimPortal(B2bCustomerPortal):
    """`/my/b2b/claims`: claims on delivered goods. Who may place orders files claims; every
    role that reads the orders reads them (the «orders» area of the role table)."""

    _b2b_claims_per_page = 30

    # --- home -----------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_claim_count" in counters:
            user = request.env.user
            client = user._b2b_client()
            values["b2b_claim_count"] = (
                request.env["b2b.claim"].search_count([("partner_id", "=", client.id)])
                if client and user._b2b_has_right("orders")
                else 0
            )
        return values

    # --- values -------------------------------------------------------------------

    def _prepare_b2b_claim_layout_values(self):
        values = self._prepare_portal_layout_values()
        values["state_labels"] = dict(request.env["b2b.claim"]._fields["state"]._description_selection(request.env))
        values["kind_labels"] = dict(request.env["b2b.claim.line"]._fields["kind"]._description_selection(request.env))
        return values

    def _b2b_claimable_orders(self, client):
        """The client's confirmed orders with something delivered that is not claimed yet."""
        # sudo: a client's staff share its orders, whoever placed them (B2B cabinet)
        orders = (
            request.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "=", client.id),
                    ("state", "=", "sale"),
                    ("order_line.qty_delivered", ">", 0),
                ],
                order="date_order desc",
                limit=50,
            )
        )
        claimable = orders.order_line._b2b_qty_claimable()
        return orders.filtered(lambda o: any(claimable.get(line.id) for line in o.order_line))

    def _prepare_b2b_claims_values(self, page=1):
        client = request.env.user._b2b_client()
        Claim = request.env["b2b.claim"]
        domain = [("partner_id", "=", client.id)]
        pager = portal_pager(
            url="/my/b2b/claims", total=Claim.search_count(domain), page=page, step=self._b2b_claims_per_page
        )
        values = self._prepare_b2b_claim_layout_values()
        may_file = request.env.user._b2b_has_right("orders", write=True)
        values.update(
            {
                "page_name": "b2b_claims",
                "claims": Claim.search(domain, limit=self._b2b_claims_per_page, offset=pager["offset"]),
                "pager": pager,
                "may_file": may_file,
                "orders": self._b2b_claimable_orders(client) if may_file else request.env["sale.order"],
                "b2b_notices": self._b2b_pop_notices(),
            }
        )
        return values

    def _prepare_b2b_claim_new_values(self, order_sudo, error=None, post=None):
        claimable = order_sudo.order_line._b2b_qty_claimable()
        values = self._prepare_b2b_claim_layout_values()
        values.update(
            {
                "page_name": "b2b_claim_new",
                "order": order_sudo,
                "lines": order_sudo.order_line.filtered(lambda line: claimable.get(line.id, 0) > 0),
                # sudo: portal users cannot read units; only their short names are shown
                "units": order_sudo.order_line.product_uom.sudo()._b2b_short_name(),
                "claimable": claimable,
                "kinds": CLAIM_KINDS,
                "error": error,
                "post": post or {},
                "request_token": uuid.uuid4().hex,
                "photo_max_count": PHOTO_MAX_COUNT,
            }
        )
        return values

    # --- form parsing ---------------------------------------------------------------

    def _b2b_claim_form_lines(self, order_sudo, post):
        """[(line, kind, quantity, text)] from the form's qty_/kind_/text_<line id> fields."""
        lines = {line.id: line for line in order_sudo.order_line}
        kinds = dict(CLAIM_KINDS)
        result = []
        for key, value in post.items():
            if not key.startswith("qty_") or not str(value).strip():
                continue
            line = lines.get(parse_int_id(key[4:], default=None))
            if not line:
                raise UserError(_("Order %s has no such line.", order_sudo.name))
            try:
                quantity = order_sudo._b2b_parse_quantity(value, allow_zero=True)
            except UserError as error:
                raise UserError(
                    _("%(product)s: %(error)s", product=line.product_id.display_name, error=error.args[0])
                ) from None
            if not quantity:
                continue
            kind = post.get(f"kind_{line.id}")
            if kind not in kinds:
                raise UserError(_("%(product)s: choose what is wrong.", product=line.product_id.display_name))
            text = str(post.get(f"text_{line.id}") or "").strip()
            if has_nul(text) or len(text) > TEXT_MAX_CHARS:
                raise UserError(
                    _(
                        "%(product)s: the description must be plain text of at most %(max)s characters.",
                        product=line.product_id.display_name,
                        max=TEXT_MAX_CHARS,
                    )
                )
            result.append((line, kind, quantity, text))
        return result

    def _b2b_claim_form_photos(self):
        """[(file name, bytes)] of the uploaded photos: JPEG, PNG or WebP pictures that open as
        images, at most PHOTO_MAX_COUNT of at most PHOTO_MAX_BYTES each."""
        files = [f for f in request.httprequest.files.getlist("photos") if f and f.filename]
        if len(files) > PHOTO_MAX_COUNT:
            raise UserError(_("Attach at most %(count)s photos.", count=PHOTO_MAX_COUNT))
        photos = []
        for index, upload in enumerate(files, start=1):
            data = upload.stream.read(PHOTO_MAX_BYTES + 1)
            if len(data) > PHOTO_MAX_BYTES:
                raise UserError(
                    _("Photo %(name)s is larger than %(size)s MB.", name=upload.filename, size=PHOTO_MAX_BYTES >> 20)
                )
            mimetype = guess_mimetype(data)
            if mimetype not in PHOTO_TYPES:
                raise UserError(_("%(name)s is not a JPEG, PNG or WebP photo.", name=upload.filename))
            try:
                image_process(data, verify_resolution=True)  # opens it: refuses junk and pixel bombs
            except (UserError, ValueError, OSError):
                raise UserError(_("%(name)s is not a JPEG, PNG or WebP photo.", name=upload.filename)) from None
            photos.append((f"photo-{index}.{PHOTO_TYPES[mimetype]}", data))
        return photos

    # --- pages ------------------------------------------------------------------------

    @b2b_portal_route("orders")
    @http.route(["/my/b2b/claims", "/my/b2b/claims/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_b2b_claims(self, page=1, **kw):
        return request.render("b2b_claim.portal_my_b2b_claims", self._prepare_b2b_claims_values(page))

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/claims/new/<int:order_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_claim_new(self, order_id, **kw):
        order_sudo = self._b2b_client_document("sale.order", order_id)
        if order_sudo.state != "sale":
            raise request.not_found()
        return request.render("b2b_claim.portal_b2b_claim_new", self._prepare_b2b_claim_new_values(order_sudo))

    @b2b_portal_route("orders", write=True)
    @http.route("/my/b2b/claims/new/<int:order_id>", type="http", auth="user", website=True, methods=["POST"])
    def portal_b2b_claim_file(self, order_id, request_token=None, **post):
        order_sudo = self._b2b_client_document("sale.order", order_id)
        if order_sudo.state != "sale":
            raise request.not_found()
        token = str(request_token or "")
        if len(token) != 32 or not token.isalnum():
            token = None  # a form of ours always carries one; without it no replay protection
        try:
            lines = self._b2b_claim_form_lines(order_sudo, post)
            photos = self._b2b_claim_form_photos()
            claim = request.env["b2b.claim"]._b2b_file(order_sudo, lines, photos=photos, token=token)
        except (UserError, InvalidInput) as error:
            return request.render(
                "b2b_claim.portal_b2b_claim_new",
                self._prepare_b2b_claim_new_values(order_sudo, error=str(error.args[0]), post=post),
            )
        self._b2b_notify(_("Claim %(name)s is filed; your manager will review it.", name=claim.name))
        return request.redirect(f"/my/b2b/claims/{claim.id}")

    @b2b_portal_route("orders")
    @http.route("/my/b2b/claims/<int:claim_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_claim(self, claim_id, access_token=None, **kw):
        claim_sudo = self._b2b_client_document("b2b.claim", claim_id, access_token)
        values = self._prepare_b2b_claim_layout_values()
        values.update(
            {
                "page_name": "b2b_claim",
                "claim": claim_sudo,
                "units": claim_sudo.line_ids.product_uom_id.sudo()._b2b_short_name(),
                "b2b_notices": self._b2b_pop_notices(),
            }
        )
        return request.render("b2b_claim.portal_b2b_claim", values)

    @b2b_portal_route("orders")
    @http.route("/my/b2b/claims/<int:claim_id>/act", type="http", auth="user", website=True, methods=["GET"])
    def portal_b2b_claim_act(self, claim_id, access_token=None, download=False, **kw):
        claim_sudo = self._b2b_client_document("b2b.claim", claim_id, access_token)
        if not claim_sudo._b2b_can_print_act():
            raise request.not_found()
        return self._show_report(
            model=claim_sudo,
            report_type="pdf",
            report_ref="b2b_claim.action_report_b2b_discrepancy_act",
            download=download,
        )
