import logging
import os
import threading
import time
import zipfile

from odoo import _, api, fields, models

from ..tools.commerceml import CommerceMLError, check_filename, file_kind

_logger = logging.getLogger(__name__)

ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_MEMBER_SIZE = 100 * 1024 * 1024
ZIP_MAX_TOTAL_SIZE = 1024 * 1024 * 1024
# import* before offers*/prices*/rests*: the goods must exist before their prices and stock
KIND_SEQUENCE = {"import": 1, "offers": 2, "prices": 3, "rests": 4, "orders": 5}


class B2bExchangeFile(models.Model):
    _name = "b2b.exchange.file"
    _description = "File of a 1C exchange"
    _order = "id"

    session_id = fields.Many2one("b2b.exchange.session", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="File", required=True, readonly=True)
    kind = fields.Selection(
        [
            ("import", "Goods (import)"),
            ("offers", "Offers (offers)"),
            ("prices", "Prices (prices)"),
            ("rests", "Stock (rests)"),
            ("orders", "Orders"),
        ],
        readonly=True,
    )
    sequence = fields.Integer(default=10, readonly=True)
    size = fields.Integer(string="Size, bytes", readonly=True)
    state = fields.Selection(
        [
            ("upload", "Received"),
            ("queued", "Waiting"),
            ("running", "Importing"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="upload",
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Text(string="Error", readonly=True)
    error_element = fields.Char(string="Element", readonly=True, help="The element of the file that caused the error.")
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    date_start = fields.Datetime(string="Import started", readonly=True)
    duration = fields.Float(string="Duration, s", readonly=True)
    message_ids = fields.One2many("b2b.exchange.message", "file_id", string="Log", readonly=True)

    # ------------------------------------------------------------------ storage

    def _b2b_path(self):
        self.ensure_one()
        return os.path.join(self.session_id._b2b_folder(), self.name)

    def _b2b_remove_data(self):
        for upload in self:
            path = upload._b2b_path()
            if os.path.isfile(path):
                os.remove(path)

    def _b2b_append(self, data):
        """Append one chunk 1C sent to this upload."""
        self.ensure_one()
        path = self._b2b_path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "ab") as handle:
            handle.write(data)
        self.size = os.path.getsize(path)

    @api.model
    def _b2b_receive(self, session, name, data):
        """mode=file: a chunk of `name` for `session`. Returns the upload; raises CommerceMLError
        on a refused name."""
        checked = check_filename(name)
        if not checked:
            raise CommerceMLError(_("The file name «%s» is refused: a relative path without «..» is expected.", name))
        upload = self.search([("session_id", "=", session.id), ("name", "=", checked), ("state", "=", "upload")])
        if not upload:
            stale = self.search([("session_id", "=", session.id), ("name", "=", checked)])
            stale._b2b_remove_data()  # a new copy of a file imported earlier in this session
            upload = self.create({"session_id": session.id, "name": checked})
        upload._b2b_append(data)
        return upload

    # ------------------------------------------------------------------ zip

    @api.model
    def _b2b_unpack(self, session):
        """Unpack the session's uploaded zip archives into its folder, with limits on the member
        count and on the bytes each member actually inflates to. Raises CommerceMLError."""
        archives = self.search([("session_id", "=", session.id), ("state", "=", "upload")]).filtered(
            lambda f: f.name.lower().endswith(".zip")
        )
        for archive in archives:
            path = archive._b2b_path()
            try:
                with zipfile.ZipFile(path) as zipped:
                    members = [m for m in zipped.infolist() if not m.is_dir()]
                    if len(members) > ZIP_MAX_MEMBERS:
                        raise CommerceMLError(
                            _(
                                "The archive holds %(count)s files, more than %(limit)s.",
                                count=len(members),
                                limit=ZIP_MAX_MEMBERS,
                            )
                        )
                    names = []
                    total = 0
                    for member in members:
                        name = check_filename(member.filename)
                        if not name or name.lower().endswith(".zip"):
                            raise CommerceMLError(_("The archive holds a refused file name «%s».", member.filename))
                        total += self._b2b_extract(zipped, member, os.path.join(session._b2b_folder(), name), total)
                        names.append(name)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as error:
                raise CommerceMLError(
                    _("The archive «%(name)s» cannot be read: %(error)s", name=archive.name, error=error)
                ) from None
            except CommerceMLError as error:
                archive.write({"state": "failed", "error": error.message})
                raise
            for name in names:
                member_upload = self.search(
                    [("session_id", "=", session.id), ("name", "=", name), ("state", "=", "upload")]
                ) or self.create({"session_id": session.id, "name": name})
                member_upload.size = os.path.getsize(member_upload._b2b_path())
            archive._b2b_remove_data()
            archive.write({"state": "done"})

    @api.model
    def _b2b_extract(self, zipped, member, target, total):
        """Inflate one member, counting the bytes really produced (the header may lie)."""
        if member.file_size > ZIP_MAX_MEMBER_SIZE:
            raise CommerceMLError(_("«%s» would unpack beyond 100 MB.", member.filename))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        written = 0
        try:
            with zipped.open(member) as source, open(target, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    if written > ZIP_MAX_MEMBER_SIZE or total + written > ZIP_MAX_TOTAL_SIZE:
                        raise CommerceMLError(_("«%s» would unpack beyond 100 MB.", member.filename))
                    out.write(chunk)
        except CommerceMLError:
            os.remove(target)
            raise
        return written

    # ------------------------------------------------------------------ import

    def _b2b_queue(self):
        """mode=import of this upload: hand it to the background job."""
        self.ensure_one()
        kind = file_kind(self.name)
        if not kind:
            return self._b2b_fail(
                _("«%s» is not a file this exchange imports (import, offers, prices, rests).", self.name)
            )
        if not self.size:
            return self._b2b_fail(_("The file «%s» is empty.", self.name))
        self.write({"state": "queued", "kind": kind, "sequence": KIND_SEQUENCE[kind]})
        self.env.ref("b2b_exchange_1c.ir_cron_b2b_exchange_import")._trigger()
        return self

    def _b2b_fail(self, message, element=""):
        self.write({"state": "failed", "error": message, "error_element": element or False})
        self.session_id._b2b_log(message, element, level="error", file=self)
        return self

    def _b2b_answer(self):
        """What mode=import answers for this file: progress, success or failure."""
        self.ensure_one()
        if self.state in ("queued", "running"):
            return "progress"
        if self.state == "done":
            return "success"
        if self.state == "failed":
            reason = self.error or ""
            if self.error_element:
                reason = f"{reason} ({self.error_element})"
            return f"failure\n{reason}"
        return "progress"

    def _b2b_process(self):
        """Apply this file in one transaction (a savepoint): all of it or nothing, with the
        reason in the log when it fails."""
        self.ensure_one()
        started = time.monotonic()
        self.write({"state": "running", "date_start": fields.Datetime.now()})
        try:
            with self.env.cr.savepoint():
                counts = self._b2b_apply()
        except CommerceMLError as error:
            self._b2b_fail(self._b2b_error_message(error), error.element or "")
        except Exception as error:
            _logger.exception("1C exchange: file %s failed", self.name)
            self.env.invalidate_all()
            self._b2b_fail(str(error))
        else:
            self.write({"state": "done", **{f"{key}_count": value for key, value in counts.items()}})
        self.duration = time.monotonic() - started
        self.session_id._b2b_finish()

    def _b2b_error_message(self, error):
        """The reason of a parser error, in the user's language."""
        messages = {
            "xml": _("The file is not well-formed XML: %(error)s"),
            "root": _("The root element is «%(tag)s», not «КоммерческаяИнформация»: this is not a CommerceML file."),
            "nan": _("«%(value)s» is not a number (%(what)s)."),
            "range": _("«%(value)s» is out of range (%(what)s)."),
        }
        template = messages.get(error.code)
        return template % error.params if template else error.message

    def _b2b_apply(self):
        """Route the file to its importer; returns {'created': n, 'updated': n, 'skipped': n}."""
        if self.kind == "orders":
            return self.env["b2b.exchange.sale"]._b2b_import_orders(self)
        return self.env["b2b.exchange.catalog"]._b2b_import(self)

    @api.model
    def _b2b_cron_import(self, limit=20):
        """Cron: import the waiting files one by one, each in its own transaction (outside
        tests), import* files of a session before its offers, prices and stock."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        files = self.search([("state", "=", "queued")], order="session_id, sequence, id", limit=limit)
        for upload in files:
            upload._b2b_process()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if len(files) == limit:
            self.env.ref("b2b_exchange_1c.ir_cron_b2b_exchange_import")._trigger()
