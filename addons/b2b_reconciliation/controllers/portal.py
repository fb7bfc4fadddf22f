from odoo import _, fields, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal, b2b_portal_route
from odoo.addons.b2b_portal.tools.inputs import parse_int_id
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import format_date

ACTS_PER_PAGE = 20
ACT_MODEL = "b2b.reconciliation.act"


class B2bReconciliationPortal(B2bCustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_act_count" in counters:
            # the record rule limits the count to the user's client company and roles that see acts
            values["b2b_act_count"] = (
                request.env[ACT_MODEL].search_count([]) if request.env.user._b2b_has_right("acts") else 0
            )
        return values

    def _prepare_b2b_home_values(self):
        values = super()._prepare_b2b_home_values()
        user = request.env.user
        values["b2b_acts_access"] = user._b2b_has_right("acts")
        values["b2b_acts_can_request"] = user._b2b_has_right("acts", write=True)
        return values

    def _prepare_b2b_dashboard_cards(self):
        cards = super()._prepare_b2b_dashboard_cards()
        user = request.env.user
        if user._b2b_client() and user._b2b_has_right("acts"):
            # the three latest ready acts, in one query (the record rule keeps them the client's)
            acts = request.env[ACT_MODEL].search([("state", "=", "done")], limit=3)
            cards.append(
                {
                    "key": "acts",
                    "sequence": 70,
                    "title": _("Latest reconciliation acts"),
                    "value": "" if acts else _("None yet"),
                    "url": "/my/b2b/acts",
                    "links": [
                        (
                            _(
                                "%(date_from)s – %(date_to)s",
                                date_from=self._b2b_date(act.date_from),
                                date_to=self._b2b_date(act.date_to),
                            ),
                            f"/my/b2b/acts/{act.id}/pdf?access_token={act.access_token}",
                        )
                        for act in acts
                    ],
                    "text": "" if acts else _("Request one for any period"),
                }
            )
        return cards

    def _b2b_date(self, value):
        return format_date(request.env, value)

    def _prepare_b2b_acts_values(self, page=1, form=None, error=None):
        user = request.env.user
        client = user._b2b_client()
        Act = request.env[ACT_MODEL]
        total = Act.search_count([])
        pager = portal_pager(url="/my/b2b/acts", total=total, page=page, step=ACTS_PER_PAGE)
        acts = Act.search([], limit=ACTS_PER_PAGE, offset=pager["offset"])
        entities = Act._b2b_legal_entities(client)
        default_from, default_to = Act._b2b_default_period()
        form = form or {}
        return {
            "page_name": "b2b_acts",
            "acts": acts,
            # sudo: the legal entity is often not among the client user's companies; its name is
            # printed on the act anyway.
            "entity_names": {act.id: act.sudo().company_id.name for act in acts},
            "pager": pager,
            "client": client,
            "can_request": user._b2b_has_right("acts", write=True),
            "entities": entities,
            "form_company_id": parse_int_id(form.get("company_id"), default=0)
            or (entities.id if len(entities) == 1 else 0),
            "form_date_from": form.get("date_from") or fields.Date.to_string(default_from),
            "form_date_to": form.get("date_to") or fields.Date.to_string(default_to),
            "error": error,
            "b2b_acts_by_accounting": Act._b2b_prepared_by_accounting(),
            "b2b_notices": self._b2b_pop_notices(),
        }

    @b2b_portal_route("acts")
    @http.route(["/my/b2b/acts", "/my/b2b/acts/page/<int:page>"], type="http", auth="user", website=True)
    def b2b_acts(self, page=1, **kw):
        return request.render("b2b_reconciliation.portal_my_b2b_acts", self._prepare_b2b_acts_values(page))

    @b2b_portal_route("acts", write=True)
    @http.route("/my/b2b/acts/request", type="http", auth="user", website=True, methods=["POST"])
    def b2b_acts_request(self, date_from=None, date_to=None, company_id=None, **kw):
        form = {"date_from": date_from, "date_to": date_to, "company_id": company_id}
        Act = request.env[ACT_MODEL]
        client = request.env.user._b2b_client()
        try:
            start = fields.Date.to_date(date_from) if date_from else None
            end = fields.Date.to_date(date_to) if date_to else None
        except ValueError:
            return self._b2b_acts_form_error(form, _("Enter the dates as they are offered by the calendar."))
        entity = Act._b2b_legal_entities(client).filtered(lambda company: str(company.id) == str(company_id))
        if not entity:
            return self._b2b_acts_form_error(
                form, _("Choose one of our legal entities that your company has contracts or entries with.")
            )
        try:
            # sudo: client users may not create records; the role was checked above and the client,
            # the legal entity and the period are the ones just validated.
            _act, created = Act.sudo()._b2b_request(client, entity, start, end, request.env.user)
        except ValidationError as error:
            return self._b2b_acts_form_error(form, error.args[0])
        if not created:  # a replayed form does not queue the same act twice
            self._b2b_notify(_("This act has already been requested and is being prepared."), kind="info")
            return request.redirect("/my/b2b/acts")
        self._b2b_notify(_("Your act has been requested. We will e-mail you when it is ready."))
        return request.redirect("/my/b2b/acts")

    def _b2b_acts_form_error(self, form, message):
        values = self._prepare_b2b_acts_values(form=form, error=message)
        return request.render("b2b_reconciliation.portal_my_b2b_acts", values, status=400)

    @b2b_portal_route("acts")
    @http.route("/my/b2b/acts/<int:act_id>/<string:file_format>", type="http", auth="user", website=True, readonly=True)
    def b2b_act_download(self, act_id, file_format, access_token=None, **kw):
        if file_format not in ("pdf", "xlsx"):
            raise request.not_found()
        # a token never opens another client's act, and a link without the act's token opens nothing
        act_sudo = self._b2b_client_document(ACT_MODEL, act_id, access_token, require_token=True)
        attachment = act_sudo.pdf_attachment_id if file_format == "pdf" else act_sudo.xlsx_attachment_id
        if act_sudo.state != "done" or not attachment:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)
