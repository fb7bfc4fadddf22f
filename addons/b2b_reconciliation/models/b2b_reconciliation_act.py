import logging
import re
import threading
from datetime import date, timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools.params import get_param_int
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, mute_logger

_logger = logging.getLogger(__name__)

# Accounts whose balance makes up the mutual settlement with a client.
ACT_ACCOUNT_TYPES = ("asset_receivable", "liability_payable")
MAX_DAYS_PARAM = "b2b_reconciliation.max_period_days"
DEFAULT_MAX_DAYS = 1096
# Acts a client may have waiting for generation at once.
MAX_OPEN_PARAM = "b2b_reconciliation.max_open_requests"
DEFAULT_MAX_OPEN = 5
# Runs of the job an act may take; a run killed by the time limit counts as one.
MAX_ATTEMPTS_PARAM = "b2b_reconciliation.max_attempts"
DEFAULT_MAX_ATTEMPTS = 3
# One waiting act per client, legal entity and period: the database decides, so that two
# requests racing for the same act cannot both queue it.
OPEN_ACT_INDEX = "b2b_reconciliation_act_open_unique"
# Acts generated per call of the background job. The cron framework commits after each call and
# calls again while acts remain, so one act per call isolates a heavy act from the others.
CRON_BATCH = 1
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Set (by b2b_exchange_1c, or by hand) when an external accounting system keeps the books: the
# ledger is not in Odoo, so the accounting department makes the acts there and a manager attaches
# them (the same switch makes the external system the master of the orders in b2b_sale).
EXTERNAL_BOOKS_PARAM = "b2b_portal.external_accounting_master"


class B2bReconciliationAct(models.Model):
    """A reconciliation act (акт сверки) between a client company and a legal entity of the
    distributor for a period, generated in the background as PDF and XLSX."""

    _name = "b2b.reconciliation.act"
    _description = "Reconciliation act"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Legal entity",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    state = fields.Selection(
        [("requested", "Requested"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        default="requested",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    failure_reason = fields.Text(readonly=True, copy=False)
    generation_attempts = fields.Integer(
        readonly=True,
        copy=False,
        help="Runs of the background job that started generating this act. A run killed before it "
        "finished (time limit, restart) leaves the act waiting; after a few such runs it fails.",
    )
    prepared_by_accounting = fields.Boolean(
        string="Prepared by the accounting department",
        readonly=True,
        copy=False,
        help="The books are kept in an external accounting system: the act is made there and a manager "
        "attaches its PDF/XLSX here, instead of Odoo generating it from its journal items.",
    )
    date_done = fields.Datetime(string="Generated on", readonly=True, copy=False)
    opening_balance = fields.Monetary(readonly=True, copy=False)
    debit_total = fields.Monetary(string="Debit", readonly=True, copy=False)
    credit_total = fields.Monetary(string="Credit", readonly=True, copy=False)
    closing_balance = fields.Monetary(readonly=True, copy=False)
    line_count = fields.Integer(string="Journal items", readonly=True, copy=False)
    # The files are the staff's through these fields; a client's user gets them only through the
    # act's download route (/my/b2b/acts/<id>/<format>), which checks the role, the client and the
    # act's token. Related fields are read as superuser, so without `groups` a portal user who may
    # read the act would read its files over RPC and /web/content/<model>/<id>/<field>.
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, copy=False, groups="base.group_user"
    )
    xlsx_attachment_id = fields.Many2one(
        "ir.attachment", string="XLSX", readonly=True, copy=False, groups="base.group_user"
    )
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="PDF file", groups="base.group_user")
    pdf_filename = fields.Char(related="pdf_attachment_id.name", string="PDF file name", groups="base.group_user")
    xlsx_file = fields.Binary(related="xlsx_attachment_id.datas", string="XLSX file", groups="base.group_user")
    xlsx_filename = fields.Char(related="xlsx_attachment_id.name", string="XLSX file name", groups="base.group_user")

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_from <= date_to)", "The start date must not be later than the end date."),
    ]

    def init(self):
        super().init()
        # a database from before the index may hold duplicates: keep the first, fail the others
        self.env.cr.execute(
            SQL(
                """UPDATE b2b_reconciliation_act AS act
                      SET state = 'failed', failure_reason = 'A duplicate of an act requested before it.'
                    WHERE act.state = 'requested'
                      AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = %s)
                      AND EXISTS (
                          SELECT 1 FROM b2b_reconciliation_act AS first
                           WHERE first.state = 'requested' AND first.id < act.id
                             AND first.partner_id = act.partner_id AND first.company_id = act.company_id
                             AND first.date_from = act.date_from AND first.date_to = act.date_to)""",
                OPEN_ACT_INDEX,
            )
        )
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s ON b2b_reconciliation_act
                   (partner_id, company_id, date_from, date_to) WHERE state = 'requested'""",
                SQL.identifier(OPEN_ACT_INDEX),
            )
        )

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_display_name(self):
        for act in self:
            if act.partner_id and act.date_from and act.date_to:
                act.display_name = _(
                    "%(partner)s, %(date_from)s – %(date_to)s",
                    partner=act.partner_id.name,
                    date_from=format_date(self.env, act.date_from),
                    date_to=format_date(self.env, act.date_to),
                )
            else:
                act.display_name = _("New reconciliation act")

    def _compute_access_url(self):
        super()._compute_access_url()
        for act in self:
            act.access_url = "/my/b2b/acts"

    # ------------------------------------------------------------------
    # Request
    # ------------------------------------------------------------------

    @api.model
    def _b2b_max_period_days(self):
        return get_param_int(self.env, MAX_DAYS_PARAM, DEFAULT_MAX_DAYS, minimum=1)

    @api.model
    def _b2b_check_period(self, date_from, date_to):
        """Raise a ValidationError, in the user's language, when a period cannot be requested."""
        if not date_from or not date_to:
            raise ValidationError(_("Enter both the start and the end date of the period."))
        if date_from > date_to:
            raise ValidationError(_("The start date must not be later than the end date."))
        if date_from > fields.Date.context_today(self):
            raise ValidationError(_("The start date cannot be in the future."))
        max_days = self._b2b_max_period_days()
        if (date_to - date_from).days + 1 > max_days:
            raise ValidationError(_("The period cannot be longer than %(days)s days.", days=max_days))

    @api.model
    def _b2b_max_open_requests(self):
        return get_param_int(self.env, MAX_OPEN_PARAM, DEFAULT_MAX_OPEN, minimum=1)

    @api.model
    def _b2b_request(self, client, company, date_from, date_to, user):
        """Queue the act of `client` with `company` for a period, requested by `user`.

        Returns (act, created): the act already waiting for the same period is returned as it is
        (a replayed form queues nothing). Raises a ValidationError with the user's message when
        the period is not one or the client has too many acts waiting. Requests of one client
        are serialized on the client's row, so the cap holds for parallel requests too."""
        self._b2b_check_period(date_from, date_to)
        client = client.commercial_partner_id
        # Lock the client's row and rewrite it: a parallel request waits, then (its snapshot
        # being older than this commit, under REPEATABLE READ) fails to serialize, and Odoo
        # runs it again in a new transaction that sees the act queued here.
        self.env.cr.execute(SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", client.id))
        domain = [
            ("partner_id", "=", client.id),
            ("company_id", "=", company.id),
            ("date_from", "=", date_from),
            ("date_to", "=", date_to),
            ("state", "=", "requested"),
        ]
        existing = self.search(domain, limit=1)
        if existing:
            return existing, False
        cap = self._b2b_max_open_requests()
        if self.search_count([("partner_id", "=", client.id), ("state", "=", "requested")]) >= cap:
            raise ValidationError(
                _(
                    "%(count)s acts of your company are being prepared already. Wait until they are ready, "
                    "then request more.",
                    count=cap,
                )
            )
        vals = {
            "partner_id": client.id,
            "company_id": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "requested_by_id": user.id,
        }
        try:
            # the unique index still decides for a request that bypassed the lock (back office)
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.create(vals), True
        except pg_errors.UniqueViolation:
            return self.search(domain, limit=1), False

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"]
        for vals in vals_list:
            # checked before anything is written, so that a refused request leaves no trace
            self._b2b_check_period(fields.Date.to_date(vals.get("date_from")), fields.Date.to_date(vals.get("date_to")))
            if vals.get("partner_id"):
                vals["partner_id"] = partners.browse(vals["partner_id"]).commercial_partner_id.id
            self._b2b_check_not_waiting(vals)
            vals.setdefault("prepared_by_accounting", self._b2b_prepared_by_accounting())
        acts = super().create(vals_list)
        acts._b2b_schedule()
        return acts

    def write(self, vals):
        if "partner_id" in vals and vals["partner_id"]:
            vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        res = super().write(vals)
        if {"date_from", "date_to"} & set(vals):
            for act in self:
                self._b2b_check_period(act.date_from, act.date_to)
        return res

    @api.model
    def _b2b_check_not_waiting(self, vals):
        """A clear message for a second waiting act of the same period (the unique index
        OPEN_ACT_INDEX refuses it anyway, in a race)."""
        if vals.get("state", "requested") != "requested" or not vals.get("partner_id"):
            return
        company_id = vals.get("company_id") or self.env.company.id
        if self.sudo().search_count(  # sudo: whoever creates acts learns only that one is waiting
            [
                ("partner_id", "=", vals["partner_id"]),
                ("company_id", "=", company_id),
                ("date_from", "=", fields.Date.to_date(vals.get("date_from"))),
                ("date_to", "=", fields.Date.to_date(vals.get("date_to"))),
                ("state", "=", "requested"),
            ],
            limit=1,
        ):
            raise ValidationError(
                _("An act of this client with this legal entity for this period is already being prepared.")
            )

    @api.model
    def _b2b_legal_entities(self, partner):
        """The distributor's legal entities a client company has contracts or posted entries with."""
        partner = partner.commercial_partner_id
        # sudo: a client's user cannot read the books; only the companies are returned.
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", partner.id),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "in", ACT_ACCOUNT_TYPES),
                ],
                ["company_id"],
            )
        )
        companies = self.env["res.company"].sudo().browse([company.id for (company,) in groups])
        if "b2b.contract" in self.env:  # contracts live in b2b_pricing, when it is installed
            # sudo: as above, only the contract's legal entity is used.
            contracts = self.env["b2b.contract"].sudo().search([("partner_id", "=", partner.id)])
            companies |= contracts.company_id
        if self._b2b_prepared_by_accounting():
            # the books are elsewhere, so Odoo's ledger may be empty: the legal entities the
            # client orders from count too, and the main one when there is nothing else
            if "sale.order" in self.env:
                # sudo: as above, only the orders' legal entities are used.
                groups = (
                    self.env["sale.order"]
                    .sudo()
                    ._read_group([("partner_id", "child_of", partner.id), ("state", "!=", "cancel")], ["company_id"])
                )
                companies |= self.env["res.company"].sudo().browse([company.id for (company,) in groups])
            companies = companies or self.env["res.company"].sudo()._get_main_company()
        return companies.sorted("name")

    @api.model
    def _b2b_prepared_by_accounting(self):
        """Whether new acts are made by the accounting department in the external books."""
        # sudo: a technical switch, read whoever requests an act
        return bool(self.env["ir.config_parameter"].sudo().get_param(EXTERNAL_BOOKS_PARAM))

    @api.model
    def _b2b_generation_domain(self):
        """The acts the background job generates."""
        return [("state", "=", "requested"), ("prepared_by_accounting", "=", False)]

    def _b2b_schedule(self):
        by_accounting = self.filtered("prepared_by_accounting")
        by_accounting._b2b_ask_accounting()
        if self - by_accounting:
            # sudo: whoever requests an act may schedule the job that generates it, not edit crons.
            self.env.ref("b2b_reconciliation.ir_cron_b2b_reconciliation_act").sudo()._trigger()

    def _b2b_act_manager(self):
        """Who gets the to-do: the client's salesperson, else the administrator."""
        self.ensure_one()
        user = self.partner_id.user_id
        if not user or user.share or not user.active:
            user = self.env.ref("base.user_admin")
        return user

    def _b2b_ask_accounting(self):
        """A to-do for the manager: have the act made in the accounting system and attach it."""
        for act in self:
            act.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=act._b2b_act_manager().id,
                summary=_("Attach the reconciliation act made in the accounting system"),
                note=_(
                    "%(client)s asks for the reconciliation act with %(entity)s from %(date_from)s to %(date_to)s. "
                    "Have it made in the accounting system, then attach its PDF and/or XLSX with «Attach the act».",
                    client=act.partner_id.name,
                    entity=act.company_id.name,
                    date_from=format_date(self.env, act.date_from),
                    date_to=format_date(self.env, act.date_to),
                ),
            )

    def _b2b_attach_files(self, pdf=None, pdf_name=None, xlsx=None, xlsx_name=None):
        """The act the accounting department made: its files are stored, the act is done, the
        to-do is closed and the client is told, as for an act Odoo generated."""
        self.ensure_one()
        if self.state != "requested" or not self.prepared_by_accounting:
            raise UserError(_("Files are attached only to a requested act that the accounting department prepares."))
        if not pdf and not xlsx:
            raise UserError(_("Attach the PDF or the XLSX file of the act (or both)."))
        if pdf and not pdf.startswith(b"%PDF"):
            raise UserError(_("The PDF file is not a PDF document."))
        if xlsx and not xlsx.startswith(b"PK"):
            raise UserError(_("The XLSX file is not an Excel workbook (.xlsx)."))
        basename = self._b2b_file_basename()
        self._portal_ensure_token()  # the portal's download links carry it
        values = {"state": "done", "failure_reason": False, "date_done": fields.Datetime.now()}
        Attachment = self.env["ir.attachment"]
        for raw, name, ext, mimetype, field in (
            (pdf, pdf_name, "pdf", "application/pdf", "pdf_attachment_id"),
            (xlsx, xlsx_name, "xlsx", XLSX_MIMETYPE, "xlsx_attachment_id"),
        ):
            if raw:
                name = re.sub(r'[\\/:*?"<>|\x00]+', "_", name or "")[:200]
                if not name.lower().endswith(f".{ext}"):
                    name = f"{basename}.{ext}"
                attachment = Attachment.create(
                    {"name": name, "raw": raw, "res_model": self._name, "res_id": self.id, "mimetype": mimetype}
                )
                values[field] = attachment.id
        self.write(values)
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("The act is attached."))
        self._b2b_notify_done()
        return True

    def action_retry(self):
        failed = self.filtered(lambda act: act.state == "failed")
        if not failed:
            raise UserError(_("Only a failed act can be generated again."))
        failed.write({"state": "requested", "failure_reason": False, "generation_attempts": 0})
        failed._b2b_schedule()
        return True

    # ------------------------------------------------------------------
    # Output
    # ------------------------------------------------------------------

    def _b2b_file_basename(self):
        name = _(
            "Reconciliation act %(partner)s %(date_from)s-%(date_to)s",
            partner=self.partner_id.name,
            date_from=self.date_from.isoformat(),
            date_to=self.date_to.isoformat(),
        )
        return re.sub(r'[\\/:*?"<>|]+', "_", name)

    def _b2b_build_data(self):
        """The data builder's structure for this act (see report/reconciliation_act_report.py)."""
        self.ensure_one()
        return self.env["report.b2b_reconciliation.report_reconciliation_act"]._b2b_build_data(self)

    def _b2b_render_xlsx(self, data):
        """The act as an XLSX workbook (bytes) (see report/reconciliation_act_xlsx.py)."""
        return self.env["report.b2b_reconciliation.reconciliation_act_xlsx"]._b2b_render_xlsx(data)

    def _b2b_render_pdf(self, data):
        self.ensure_one()
        report = self.env.ref("b2b_reconciliation.b2b_reconciliation_act_report")
        content, _report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            report, self.ids, data={"b2b_act_data": {self.id: data}}
        )
        return content

    # ------------------------------------------------------------------
    # Background job
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_acts(self, batch_size=CRON_BATCH):
        domain = self._b2b_generation_domain()
        acts = self.search(domain, order="id", limit=batch_size)
        max_attempts = get_param_int(self.env, MAX_ATTEMPTS_PARAM, DEFAULT_MAX_ATTEMPTS, minimum=1)
        # the attempt is committed before the work starts, so that a run killed while generating
        # (time limit, restart) is counted; tests run in one transaction that must not be committed
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for act in acts:
            if act.generation_attempts >= max_attempts:
                act._b2b_fail_interrupted()
                continue
            act.generation_attempts += 1
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            act._b2b_generate()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(acts), remaining=remaining)
        return acts

    def _b2b_generate(self):
        """Generate this act's figures and files; on any failure, mark it failed with a reason."""
        self.ensure_one()
        lang = self.requested_by_id.lang or self.partner_id.lang or self.env.lang
        act = self.with_context(lang=lang)
        try:
            with self.env.cr.savepoint():
                data = act._b2b_build_data()
                xlsx = act._b2b_render_xlsx(data)
                pdf = act._b2b_render_pdf(data)
                act._b2b_store(data, pdf, xlsx)
        except Exception as error:
            _logger.warning("Reconciliation act %s could not be generated", self.id, exc_info=True)
            self.invalidate_recordset()
            reason = error.args[0] if isinstance(error, UserError) and error.args else (str(error) or repr(error))
            self.write(
                {
                    "state": "failed",
                    "failure_reason": act.with_context(lang=lang)._b2b_failure_text(reason),
                }
            )
            return False
        act._b2b_notify_done()
        return True

    def _b2b_fail_interrupted(self):
        """Fail an act whose generation never finished in the runs it was given."""
        self.ensure_one()
        lang = self.requested_by_id.lang or self.partner_id.lang or self.env.lang
        act = self.with_context(lang=lang)
        reason = _(
            "its generation was interrupted %(count)s times without finishing (the period may hold too many "
            "entries for the background job's time limit)",
            count=self.generation_attempts,
        )
        _logger.warning("Reconciliation act %s failed after %s interrupted runs", self.id, self.generation_attempts)
        self.write({"state": "failed", "failure_reason": act._b2b_failure_text(reason)})

    def _b2b_failure_text(self, reason):
        return _("The act could not be generated: %(reason)s", reason=reason)

    def _b2b_store(self, data, pdf, xlsx):
        self.ensure_one()
        basename = self._b2b_file_basename()
        old = self.pdf_attachment_id | self.xlsx_attachment_id
        self._portal_ensure_token()  # the portal's download links carry it
        pdf_attachment, xlsx_attachment = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{basename}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                },
                {
                    "name": f"{basename}.xlsx",
                    "raw": xlsx,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": XLSX_MIMETYPE,
                },
            ]
        )
        self.write(
            {
                "state": "done",
                "failure_reason": False,
                "date_done": fields.Datetime.now(),
                "opening_balance": data["opening_balance"],
                "debit_total": data["debit_total"],
                "credit_total": data["credit_total"],
                "closing_balance": data["closing_balance"],
                "line_count": data["line_count"],
                "pdf_attachment_id": pdf_attachment.id,
                "xlsx_attachment_id": xlsx_attachment.id,
            }
        )
        old.unlink()

    def _b2b_notify_done(self):
        self.ensure_one()
        if not self.requested_by_id.email:
            _logger.info("Reconciliation act %s is done; its requester has no e-mail address", self.id)
            return
        template = self.env.ref("b2b_reconciliation.mail_template_b2b_reconciliation_act_done")
        template.send_mail(self.id, force_send=False)

    @api.model
    def _b2b_default_period(self):
        """The previous quarter, the period clients ask for most."""
        today = fields.Date.context_today(self)
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        date_to = quarter_start - timedelta(days=1)
        date_from = date(date_to.year, 3 * ((date_to.month - 1) // 3) + 1, 1)
        return date_from, date_to
