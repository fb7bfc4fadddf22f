from urllib.parse import urlencode

from odoo import _
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq, format_amount

from ..models.res_users import B2B_AREAS
from ..tools.inputs import INT4_MAX, parse_int_id, safe_local_path

# the largest id PostgreSQL's `integer` column holds; a bigger one in a URL is simply not found
B2B_MAX_ID = INT4_MAX


def b2b_portal_route(area, write=False, check=None):
    """State the cabinet area (and whether the route changes it) that a route needs.

    Put it above `@http.route(...)`::

        @b2b_portal_route("orders", write=True)
        @http.route("/my/b2b/order/add", type="http", auth="user", methods=["POST"], website=True)
        def b2b_order_add(self, **kw): ...

    The right is kept in the route's parameters, which Odoo merges along the controller's
    inheritance (see `odoo.http._generate_routing_rules`): a subclass that overrides the method,
    with or without `@http.route()`, keeps the guard; `ir.http._dispatch` (this add-on's
    override) checks it before the endpoint runs, through `B2bCustomerPortal._b2b_guard`.
    `check` names a further method of the controller returning None or the refusal to answer
    (for a condition beyond the role, such as a consignment contract)."""
    if area not in B2B_AREAS:
        raise ValueError(f"unknown B2B area {area!r}")

    def decorator(endpoint):
        routing = getattr(endpoint, "original_routing", None)
        if routing is None:
            raise TypeError(f"put @b2b_portal_route above @http.route on {endpoint.__name__}")
        routing["b2b_right"] = {"area": area, "write": write, "check": check}
        return endpoint

    return decorator


def b2b_record_id(value):
    """The value as a record id, or None when it is not one a table can hold (text, 0,
    negative, beyond PostgreSQL's integer): the one id parser, `tools.inputs.parse_int_id`."""
    return parse_int_id(value, default=None)


class B2bCustomerPortal(CustomerPortal):
    """Base of the B2B cabinet's controllers: role checks, the refusal page, the client's
    documents, notices and the home page's flags.

    Feature controllers state each route's right with `@b2b_portal_route(area, write)`."""

    # --- guards -------------------------------------------------------------

    def _b2b_guard(self, right):
        """None when the current user may call a route guarded with `right` (the dict that
        `b2b_portal_route` stores), else the response to answer instead."""
        refusal = self._b2b_check_right(right["area"], right["write"])
        if refusal is None and right.get("check"):
            refusal = getattr(self, right["check"])()
        return refusal

    def _b2b_check_right(self, area, write=False):
        """Return None when the current user may use the area, else a 403 response to return."""
        user = request.env.user
        if user._is_public():
            # the path comes back quoted in the query; one with a newline or the like is not followed
            back = safe_local_path(request.httprequest.full_path.rstrip("?"), default="/my")
            return request.redirect("/web/login?%s" % urlencode({"redirect": back}))
        if not user._b2b_client():
            return self._b2b_refuse(_("This page is for the staff of client companies of the B2B portal."))
        if not user._b2b_has_right(area, write=write):
            return self._b2b_refuse(
                _("Your role in your company's cabinet does not allow this. Ask your company's administrator.")
            )
        return None

    def _b2b_refuse(self, message, status=403):
        values = self._prepare_portal_layout_values()
        values.update({"message": message, "page_name": "b2b_refused"})
        return request.render("b2b_portal.portal_b2b_refused", values, status=status)

    # --- documents ----------------------------------------------------------

    def _b2b_client_document(
        self, model_name, document_id, access_token=None, require_token=False, raise_if_not_found=True
    ):
        """The current user's client company's document (as superuser) by id and portal token.

        Odoo's `_document_check_access` first (the portal record rule, or the document's
        token), then the client company: a valid token of another client's document opens
        nothing for a user of this client. With `require_token` the link must carry the
        document's own token (downloads). Anything else, including an id that is not one
        (text, beyond PostgreSQL's integer), raises NotFound, a 404 page and never a server
        error; or, with `raise_if_not_found=False`, gives an empty recordset."""
        document_sudo = request.env[model_name].sudo().browse()
        record_id = b2b_record_id(document_id)
        if record_id is not None:
            try:
                found_sudo = self._document_check_access(model_name, record_id, access_token)
            except (AccessError, MissingError):
                found_sudo = document_sudo
            if found_sudo.partner_id.commercial_partner_id == request.env.user._b2b_client() and (
                not require_token or self._b2b_token_matches(found_sudo, access_token)
            ):
                document_sudo = found_sudo
        if not document_sudo and raise_if_not_found:
            raise request.not_found()
        return document_sudo

    def _b2b_token_matches(self, document_sudo, access_token):
        return bool(access_token and document_sudo.access_token and consteq(document_sudo.access_token, access_token))

    # --- notices ------------------------------------------------------------

    def _b2b_notify(self, text, kind="success", product_id=None):
        """Queue a one-time notice (kind: success, warning, danger) for the next B2B page.
        With `product_id`, a page that lists that product (the catalog) shows it at its row."""
        notice = {"kind": kind, "text": str(text)}
        if product_id:
            notice["product_id"] = product_id
        notices = request.session.get("b2b_notices", [])
        request.session["b2b_notices"] = [*notices, notice][-5:]

    def _b2b_pop_notices(self):
        """Notices queued by `_b2b_notify`, removed from the session. Render them with the
        `b2b_portal.b2b_notices` template (`b2b_notices` in the values)."""
        return request.session.pop("b2b_notices", [])

    # --- home page ----------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if not counters:
            # the page itself, not /my/counters (its script expects counters only)
            values.update(self._prepare_b2b_home_values())
        return values

    def _prepare_b2b_home_values(self):
        """Flags of the home page's B2B entries; each add-on adds its own. Counters go in
        `_prepare_home_portal_values`, computed only when the page's script asks for them."""
        return {
            "b2b_catalog_access": request.env.user._b2b_has_right("catalog"),
            "b2b_credit": self._b2b_credit_values(),
            "b2b_dashboard": sorted(self._prepare_b2b_dashboard_cards(), key=lambda card: card["sequence"]),
        }

    def _b2b_credit_values(self):
        """The current user's client company's credit figures (`res.partner._b2b_credit_figures`)
        with its legal entity, for the roles that may see them; else None. Only the user's own
        client company is ever looked up."""
        user = request.env.user
        client = user._b2b_client()
        if not client or not user._b2b_may_see_credit():
            return None
        return client.with_company(user.company_id)._b2b_credit_figures()

    def _prepare_b2b_dashboard_cards(self):
        """Hook: the cards at the top of `/my` (the client's dashboard), as dicts
        ``{key, sequence, title, value, url}`` with optional ``text``, ``tone`` (a Bootstrap
        colour: danger, warning...) and ``links`` (``[(label, url)]``). Each add-on adds the
        cards of its pages, for the roles that may open them; each card is read with a fixed
        number of queries, whatever the number of documents."""
        return []

    def _b2b_dashboard_amount(self, amount, currency=None):
        """An amount as a dashboard card shows it: «1 234,50 ₽» in the user's language."""
        return format_amount(request.env, amount or 0.0, currency or request.env.user.company_id.currency_id)
