import logging
import secrets

from odoo import _, http
from odoo.http import request

from ..models.b2b_registration import REGISTRATION_FIELDS

_logger = logging.getLogger(__name__)

FORM_TOKENS_KEY = "b2b_register_tokens"
MAX_FORM_TOKENS = 10  # forms open at once in one browser session


class B2bRegistration(http.Controller):
    """Public self-registration of a client company: /b2b/register."""

    @http.route("/b2b/register", type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def b2b_register_form(self, **kwargs):
        if not request.env.user._is_public():
            return request.redirect("/my")
        return self._b2b_render_form({}, {})

    # csrf=False: a missing or stale CSRF token gets the form back with a message (and the typed
    # values), not Odoo's bare "400 Bad Request"; the token is still checked below.
    @http.route("/b2b/register", type="http", auth="public", website=True, methods=["POST"], csrf=False, sitemap=False)
    def b2b_register_submit(self, **post):
        if not request.env.user._is_public():
            return request.redirect("/my")
        typed = {name: post.get(name, "") for name in REGISTRATION_FIELDS}
        Attempt = request.env["b2b.registration.attempt"].sudo()  # the visitor may not see attempts
        if not Attempt._register_attempt(request.httprequest.remote_addr or "unknown"):
            message = _("Too many registration attempts from your address. Please try again in an hour or call us.")
            return self._b2b_render_form(typed, {"form": message}, status=429)
        if not request.validate_csrf(post.get("csrf_token")):
            message = _(
                "The form has expired (its security token is missing or out of date). Check the data and send it again."
            )
            return self._b2b_render_form(typed, {"form": message}, status=400)
        if not self._b2b_use_form_token(post.get("form_token")):
            message = _(
                "This form has already been sent. Check whether you received our e-mail; otherwise send it again."
            )
            return self._b2b_render_form(typed, {"form": message}, status=409)
        Registration = request.env["b2b.registration"]
        clean, errors = Registration._b2b_validate(post)
        if errors:
            errors["form"] = _("Please correct the fields marked below.")
            return self._b2b_render_form(typed, errors, status=400)
        user = Registration._b2b_register_or_notify(clean, lang=request.lang.code)
        # the same answer whether the company was created or its INN or e-mail were taken
        request.session["b2b_registered"] = {"email": clean["email"], "pending": Registration._approval_required()}
        if user:
            _logger.info("B2B registration from %s created %s", request.httprequest.remote_addr, user.login)
        return request.redirect("/b2b/register/done")

    @http.route("/b2b/register/done", type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def b2b_register_done(self, **kwargs):
        info = request.session.get("b2b_registered")
        if not info:
            return request.redirect("/b2b/register")
        return request.render("b2b_portal.b2b_register_done", {"info": info})

    def _b2b_render_form(self, values, errors, status=200):
        token = secrets.token_urlsafe(24)
        # a one-time token per displayed form: a replayed POST finds it used and creates nothing twice
        tokens = (request.session.get(FORM_TOKENS_KEY) or [])[-(MAX_FORM_TOKENS - 1) :]
        request.session[FORM_TOKENS_KEY] = [*tokens, token]
        return request.render(
            "b2b_portal.b2b_register",
            {"values": values, "errors": errors, "form_token": token},
            status=status,
        )

    def _b2b_use_form_token(self, token):
        tokens = request.session.get(FORM_TOKENS_KEY) or []
        if not token or token not in tokens:
            return False
        request.session[FORM_TOKENS_KEY] = [t for t in tokens if t != token]
        return True
