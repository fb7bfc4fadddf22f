from datetime import timedelta

from odoo import api, fields, models

from ..tools.client_address import address_bucket
from ..tools.params import get_param_int

DEFAULT_RATE_LIMIT = 10  # registration attempts per address and hour


class B2bRegistrationAttempt(models.Model):
    """One POST of the public registration form, kept an hour to rate-limit attempts per address."""

    _name = "b2b.registration.attempt"
    _description = "B2B registration attempt"
    _order = "id desc"
    _log_access = False

    ip_address = fields.Char(required=True, index=True)
    attempt_date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _rate_limit(self):
        return get_param_int(self.env, "b2b_portal.registration_rate_limit", DEFAULT_RATE_LIMIT, minimum=0)

    @api.model
    def _register_attempt(self, ip_address):
        """Record an attempt from ``ip_address``; return False when the address (an IPv6 one by
        its /64 network) is over the limit.

        A limit of 0 switches the limit off.
        """
        bucket = address_bucket(ip_address)
        self.create({"ip_address": bucket})
        # one atomic counter per address (IPv6: per /64), so parallel posts cannot all pass
        return self.env["b2b.rate.limit"]._b2b_hit(f"register-ip:{bucket}", self._rate_limit(), timedelta(hours=1))

    @api.autovacuum
    def _gc_attempts(self):
        self.search([("attempt_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
