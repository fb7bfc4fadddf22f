import logging

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..models.b2b_exchange_session import (
    DEFAULT_FILE_LIMIT,
    PARAM_ENABLED,
    PARAM_FILE_LIMIT,
    PARAM_USER,
    PARAM_ZIP,
    PROTOCOL_VERSION,
    SESSION_COOKIE,
)
from ..tools.commerceml import CommerceMLError, check_filename

_logger = logging.getLogger(__name__)


class B2bExchange1c(http.Controller):
    """1C's «Обмен с сайтом»: 1C calls `?type=catalog|sale&mode=…` and reads a text/plain answer
    (`success`, `progress`, `failure` + reason). Authentication is our own: HTTP Basic at
    `checkauth`, then the cookie it answers with; every call runs as superuser only after that
    check, on the exchange's own records."""

    @http.route(
        ["/b2b/1c/exchange", "/bitrix/admin/1c_exchange.php"],
        type="http",
        auth="none",
        csrf=False,
        methods=["GET", "POST"],
        save_session=False,
        readonly=False,
    )
    def b2b_exchange(self, **_kwargs):
        args = request.httprequest.args
        exchange_type, mode = args.get("type", ""), args.get("mode", "")
        # sudo (superuser): 1C is not an Odoo session; the checks below stand for Odoo's
        env = request.env(user=SUPERUSER_ID)
        env = env(context=self._b2b_context(env))
        if not env["ir.config_parameter"].get_param(PARAM_ENABLED):
            return self._b2b_failure(env._("The exchange with 1C is switched off in the settings."))
        if exchange_type not in ("catalog", "sale"):
            return self._b2b_failure(env._("Unknown exchange type «%s».", exchange_type))
        if mode == "checkauth":
            return self._b2b_checkauth(env, exchange_type)
        session = env["b2b.exchange.session"]._b2b_find(request.httprequest.cookies.get(SESSION_COOKIE))
        if not session or session.exchange_type != exchange_type:
            return self._b2b_failure(env._("No exchange session: authorize first (checkauth) and send its cookie."))
        if not self._b2b_user_allowed(env, session.user_id):
            return self._b2b_failure(env._("The user %s may not exchange with 1C.", session.user_id.login))
        env = env(context=self._b2b_context(env, session.user_id))
        handler = {
            "init": self._b2b_init,
            "file": self._b2b_file,
            "import": self._b2b_import,
            "deactivate": self._b2b_deactivate,
            "complete": self._b2b_complete,
            "query": self._b2b_query,
            "success": self._b2b_success,
        }.get(mode)
        if not handler:
            return self._b2b_failure(env._("Unknown mode «%s».", mode))
        try:
            return handler(env, session.with_env(env), args)
        except CommerceMLError as error:
            return self._b2b_failure(error.message)

    # ------------------------------------------------------------------ answers

    def _b2b_context(self, env, user=None):
        """Answers speak the exchange user's language (1C's users read them), else Russian."""
        lang = user.lang if user else None
        if not lang:
            lang = "ru_RU" if env["res.lang"]._lang_get("ru_RU") else "en_US"
        return {"lang": lang}

    def _b2b_text(self, *lines):
        return request.make_response("\n".join(lines), headers=[("Content-Type", "text/plain; charset=utf-8")])

    def _b2b_failure(self, reason):
        return self._b2b_text("failure", reason)

    # ------------------------------------------------------------------ authorization

    def _b2b_user_allowed(self, env, user):
        if not user.active or not user.has_group("b2b_exchange_1c.group_b2b_exchange_1c"):
            return False
        configured = env["ir.config_parameter"].get_param(PARAM_USER)
        return not configured or configured == str(user.id)

    def _b2b_checkauth(self, env, exchange_type):
        auth = request.httprequest.authorization
        if not auth or (auth.type or "").lower() != "basic" or not auth.username:
            return self._b2b_failure(env._("HTTP Basic authorization is expected."))
        if "\x00" in auth.username or "\x00" in (auth.password or "") or len(auth.username) > 256:
            # PostgreSQL refuses NUL in a query: such a login is no user's
            return self._b2b_failure(env._("Wrong login or password."))
        credential = {"type": "password", "login": auth.username, "password": auth.password or ""}
        try:
            auth_info = env.registry["res.users"]._login(request.db, credential, {"interactive": False})
        except AccessDenied:
            return self._b2b_failure(env._("Wrong login or password."))
        user = env["res.users"].browse(auth_info["uid"])
        if not self._b2b_user_allowed(env, user):
            return self._b2b_failure(env._("The user %s may not exchange with 1C.", user.login))
        _session, token = env["b2b.exchange.session"]._b2b_open(user, exchange_type)
        return self._b2b_text("success", SESSION_COOKIE, token)

    # ------------------------------------------------------------------ modes

    def _b2b_init(self, env, session, args):
        params = env["ir.config_parameter"]
        zip_allowed = (params.get_param(PARAM_ZIP) or "yes") == "yes"
        try:
            file_limit = int(params.get_param(PARAM_FILE_LIMIT) or DEFAULT_FILE_LIMIT)
        except ValueError:
            file_limit = DEFAULT_FILE_LIMIT
        version = (args.get("version") or "")[:20]
        session._b2b_init(version, zip_allowed)
        lines = ["zip=yes" if zip_allowed else "zip=no", f"file_limit={file_limit}"]
        if version:
            lines.append(f"version={PROTOCOL_VERSION}")
        return self._b2b_text(*lines)

    def _b2b_file(self, env, session, args):
        name = args.get("filename", "")
        if name.lower().endswith(".zip") and not session.zip_allowed:
            return self._b2b_failure(env._("Zip archives are not accepted: send plain files (see «init»)."))
        data = request.httprequest.get_data(cache=False)
        upload = env["b2b.exchange.file"]._b2b_receive(session, name, data)
        if session.exchange_type == "sale" and not session.version and not name.lower().endswith(".zip"):
            # 1C without a protocol version sends the orders at mode=file and expects them applied
            return self._b2b_apply_orders(upload)
        return self._b2b_text("success")

    def _b2b_find_upload(self, env, session, args):
        name = check_filename(args.get("filename", ""))
        if not name:
            raise CommerceMLError(env._("The file name «%s» is refused.", args.get("filename", "")))
        env["b2b.exchange.file"]._b2b_unpack(session)
        upload = env["b2b.exchange.file"].search(
            [("session_id", "=", session.id), ("name", "=", name)], order="id desc", limit=1
        )
        if not upload:
            raise CommerceMLError(env._("The file «%s» was not received in this session.", name))
        return upload

    def _b2b_import(self, env, session, args):
        upload = self._b2b_find_upload(env, session, args)
        if session.exchange_type == "sale":
            return self._b2b_apply_orders(upload)
        if upload.state == "upload":
            upload._b2b_queue()
        return self._b2b_text(*upload._b2b_answer().split("\n", 1))

    def _b2b_apply_orders(self, upload):
        """Order files are small: applied during the call, in one savepoint."""
        if upload.state == "upload":
            upload.write({"kind": "orders"})
            if not upload.size:
                upload._b2b_fail(upload.env._("The file «%s» is empty.", upload.name))
            else:
                upload._b2b_process()
        return self._b2b_text(*upload._b2b_answer().split("\n", 1))

    def _b2b_deactivate(self, env, session, args):
        session._b2b_archive_missing()
        return self._b2b_text("success")

    def _b2b_complete(self, env, session, args):
        session._b2b_archive_missing()
        session._b2b_finish()
        return self._b2b_text("success")

    def _b2b_query(self, env, session, args):
        body, charset = env["b2b.exchange.sale"]._b2b_query(session)
        return request.make_response(body, headers=[("Content-Type", f"application/xml; charset={charset}")])

    def _b2b_success(self, env, session, args):
        env["b2b.exchange.sale"]._b2b_confirm_export(session)
        session._b2b_finish()
        return self._b2b_text("success")
