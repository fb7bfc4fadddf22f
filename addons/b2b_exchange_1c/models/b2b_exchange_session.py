import hashlib
import logging
import os
import secrets
import shutil
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import config

_logger = logging.getLogger(__name__)

SESSION_COOKIE = "b2b_1c_exchange"
SESSION_HOURS = 24
# ir.config_parameter keys of the exchange settings, with their defaults
PARAM_ENABLED = "b2b_exchange_1c.enabled"
PARAM_USER = "b2b_exchange_1c.user_id"
PARAM_FILE_LIMIT = "b2b_exchange_1c.file_limit"
PARAM_ZIP = "b2b_exchange_1c.zip"
PARAM_ENCODING = "b2b_exchange_1c.encoding"
PARAM_BASE_PRICE_TYPE = "b2b_exchange_1c.base_price_type"
DEFAULT_FILE_LIMIT = 20 * 1024 * 1024
PROTOCOL_VERSION = "3.1"


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class B2bExchangeSession(models.Model):
    _name = "b2b.exchange.session"
    _description = "1C exchange session"
    _order = "id desc"

    name = fields.Char(string="Session", required=True, default="/", readonly=True)
    user_id = fields.Many2one("res.users", string="Exchange user", required=True, readonly=True, ondelete="cascade")
    token_hash = fields.Char(readonly=True, index=True, copy=False, groups="base.group_system")
    exchange_type = fields.Selection(
        [("catalog", "Catalog"), ("sale", "Orders")], string="Type", readonly=True, required=True
    )
    version = fields.Char(string="1C protocol version", readonly=True)
    zip_allowed = fields.Boolean(string="Zip allowed", readonly=True)
    date_start = fields.Datetime(string="Started", default=fields.Datetime.now, readonly=True, required=True)
    date_end = fields.Datetime(string="Finished", readonly=True)
    duration = fields.Float(string="Duration, s", compute="_compute_duration")
    file_ids = fields.One2many("b2b.exchange.file", "session_id", string="Files", readonly=True)
    message_ids = fields.One2many("b2b.exchange.message", "session_id", string="Log", readonly=True)
    created_count = fields.Integer(string="Created", compute="_compute_counts")
    updated_count = fields.Integer(string="Updated", compute="_compute_counts")
    skipped_count = fields.Integer(string="Skipped", compute="_compute_counts")
    error_count = fields.Integer(string="Errors", compute="_compute_counts")
    query_order_ids = fields.Many2many(
        "sale.order", string="Orders sent at «query»", readonly=True, help="Marked exported when 1C confirms them."
    )
    exported_order_count = fields.Integer(string="Orders exported", readonly=True)
    full_catalog_id = fields.Char(
        string="Full catalog", readonly=True, help="1C Ид of a catalog this session brought in full."
    )
    deactivated = fields.Boolean(string="Missing goods archived", readonly=True)
    declared = fields.Json(
        readonly=True, help="Price types and warehouses the session's files declared, for the files after them."
    )

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for session in self:
            end = session.date_end or fields.Datetime.now()
            session.duration = (end - session.date_start).total_seconds() if session.date_start else 0.0

    @api.depends("file_ids.created_count", "file_ids.updated_count", "file_ids.skipped_count", "file_ids.state")
    def _compute_counts(self):
        for session in self:
            files = session.file_ids
            session.created_count = sum(files.mapped("created_count"))
            session.updated_count = sum(files.mapped("updated_count"))
            session.skipped_count = sum(files.mapped("skipped_count"))
            session.error_count = len(files.filtered(lambda f: f.state == "failed"))

    # ------------------------------------------------------------------ sessions

    @api.model
    def _b2b_open(self, user, exchange_type):
        """A new session for `user` (already authenticated); returns (session, cookie value)."""
        token = secrets.token_urlsafe(32)
        session = self.create(
            {
                "user_id": user.id,
                "token_hash": token_hash(token),
                "exchange_type": exchange_type,
                "name": fields.Datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
        return session, token

    @api.model
    def _b2b_find(self, token):
        """The live session the cookie value `token` opens, or an empty recordset."""
        if not token or len(token) > 200:
            return self.browse()
        since = fields.Datetime.now() - timedelta(hours=SESSION_HOURS)
        return self.search([("token_hash", "=", token_hash(token)), ("date_start", ">=", since)], limit=1)

    def _b2b_folder(self):
        """Where this session's uploads are kept: a folder under the database's file store."""
        self.ensure_one()
        return os.path.join(config.filestore(self.env.cr.dbname), "b2b_exchange_1c", str(self.id))

    def _b2b_init(self, version, zip_allowed):
        """mode=init: a new package; uploads not imported yet are forgotten."""
        self.ensure_one()
        pending = self.file_ids.filtered(lambda f: f.state == "upload")
        for upload in pending:
            upload._b2b_remove_data()
        pending.unlink()
        self.write({"version": version or False, "zip_allowed": zip_allowed})

    def _b2b_finish(self):
        self.write({"date_end": fields.Datetime.now()})

    def _b2b_declared(self, key):
        self.ensure_one()
        return (self.declared or {}).get(key, {})

    def _b2b_remember(self, key, values):
        self.ensure_one()
        if values != self._b2b_declared(key):
            self.declared = {**(self.declared or {}), key: values}

    def _b2b_archive_missing(self):
        """After a full catalog: archive the goods from 1C (of that catalog) this session did not
        bring. Returns how many were archived."""
        self.ensure_one()
        if not self.full_catalog_id or self.deactivated:
            return 0
        domain = [
            ("b2b_1c_id", "!=", False),
            "|",
            ("b2b_1c_session_id", "=", False),
            ("b2b_1c_session_id", "!=", self.id),
        ]
        if self.full_catalog_id != "*":
            domain += [("b2b_1c_catalog_id", "in", [self.full_catalog_id, False])]
        goods = self.env["product.product"].search(domain + [("b2b_1c_id", "not like", "#")])
        # a variant (товар#характеристика) goes with its good
        products = goods | self.env["product.product"].search(
            [("product_tmpl_id", "in", goods.product_tmpl_id.ids), ("b2b_1c_id", "like", "#")]
        )
        products.write({"active": False})
        products.product_tmpl_id.filtered(lambda t: not t.product_variant_ids).write({"active": False})
        self.deactivated = True
        return len(goods)

    def _b2b_log(self, message, element="", level="warning", file=None):
        self.ensure_one()
        return self.env["b2b.exchange.message"].create(
            {
                "session_id": self.id,
                "file_id": file.id if file else False,
                "level": level,
                "element": (element or "")[:500],
                "message": message,
            }
        )

    @api.autovacuum
    def _gc_uploads(self):
        """Remove the upload folders of sessions older than a week (the log stays)."""
        old = self.search([("date_start", "<", fields.Datetime.now() - timedelta(days=7))])
        for session in old:
            folder = session._b2b_folder()
            if os.path.isdir(folder):
                shutil.rmtree(folder, ignore_errors=True)
