import logging
import re
from datetime import date, timedelta

from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools.params import get_param_int
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

# Accounts whose balance makes up the mutual settlement with a client.
ACT_ACCOUNT_TYPES = ("asset_receivable", "liability_payable")
MAX_DAYS_PARAM = "b2b_reconciliation.max_period_days"
DEFAULT_MAX_DAYS = 1096
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
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True, copy=False)
    xlsx_attachment_id = fields.Many2one("ir.attachment", string="XLSX", readonly=True, copy=False)
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="PDF file")
    pdf_filename = fields.Char(related="pdf_attachment_id.name", string="PDF file name")
    xlsx_file = fields.Binary(related="xlsx_attachment_id.datas", string="XLSX file")
    xlsx_filename = fields.Char(related="xlsx_attachment_id.name", string="XLSX file name")

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_from <= date_to)", "The start date must not be later than the end date."),
    ]

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

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"]
        for vals in vals_list:
            # checked before anything is written, so that a refused request leaves no trace
            self._b2b_check_period(fields.Date.to_date(vals.get("date_from")), fields.Date.to_date(vals.get("date_to")))
            if vals.get("partner_id"):
                vals["partner_id"] = partners.browse(vals["partner_id"]).commercial_partner_id.id
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
        failed.write({"state": "requested", "failure_reason": False})
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
        for act in acts:
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
