import logging
import threading
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1)


class B2bRateLimit(models.Model):
    """Counters of public requests (registrations, demo invoices, invitations) per key and window.

    A hit is one SQL upsert in its own READ COMMITTED transaction: parallel requests with the
    same key queue on the counter's row and each sees the others' hits, so a limit of N lets
    exactly N through however many arrive at once (a count-then-create check in the request's
    own snapshot does not: parallel requests all count the same past)."""

    _name = "b2b.rate.limit"
    _description = "B2B rate limit counter"
    _log_access = False

    key = fields.Char(required=True)
    window_start = fields.Datetime(required=True)
    hits = fields.Integer(required=True, default=0)

    _sql_constraints = [("key_window_unique", "UNIQUE (key, window_start)", "One counter per key and window.")]

    @api.model
    def _b2b_window_start(self, window, now=None):
        """Start of the fixed window (timedelta of whole hours or days) that `now` falls in."""
        now = now or fields.Datetime.now()
        seconds = int(window.total_seconds())
        elapsed = int((now - _EPOCH).total_seconds())  # naive UTC, as Odoo stores datetimes
        return _EPOCH + timedelta(seconds=elapsed // seconds * seconds)

    @api.model
    def _b2b_hit(self, key, limit, window):
        """Count one request for `key`; return False when it is over `limit` in this window.

        A limit of 0 (or less) switches the limit off and counts nothing."""
        if limit <= 0:
            return True
        query = SQL(
            """INSERT INTO b2b_rate_limit (key, window_start, hits) VALUES (%s, %s, 1)
               ON CONFLICT (key, window_start) DO UPDATE SET hits = b2b_rate_limit.hits + 1
               RETURNING hits""",
            key,
            self._b2b_window_start(window),
        )
        hits = self._b2b_execute(query)[0]
        if hits > limit:
            _logger.info("B2B rate limit: %s over %s per %s", key, limit, window)
        return hits <= limit

    @api.model
    def _b2b_hit_all(self, checks):
        """Count one request against each (key, limit, window); when any is over its limit the
        request is refused and taken back from every counter (a refused request does not use
        up the allowance). Returns whether the request may go on."""
        passed = []
        for key, limit, window in checks:
            if not self._b2b_hit(key, limit, window):
                for done_key, __, done_window in [*passed, (key, limit, window)]:
                    self._b2b_unhit(done_key, done_window)
                return False
            if limit > 0:
                passed.append((key, limit, window))
        return True

    @api.model
    def _b2b_unhit(self, key, window):
        start = self._b2b_window_start(window)
        self._b2b_execute(
            SQL(
                "UPDATE b2b_rate_limit SET hits = hits - 1 WHERE key = %s AND window_start = %s RETURNING hits",
                key,
                start,
            )
        )

    @api.model
    def _b2b_execute(self, query):
        """Run `query` in a READ COMMITTED transaction of its own, committed at once: parallel
        requests queue on the counter's row and each sees the others' hits. (In tests, in the
        test's transaction; the parallel path is tested from threads in test_rate_limit.py.)"""
        if self.pool.in_test_mode() or getattr(threading.current_thread(), "testing", False):
            self.env.cr.execute(query)
            return self.env.cr.fetchone()
        with self.pool.cursor() as cr:
            cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            cr.execute(query)
            return cr.fetchone()

    @api.autovacuum
    def _gc_counters(self):
        self.search([("window_start", "<", fields.Datetime.now() - timedelta(days=2))]).unlink()
