import xml.etree.ElementTree as ET

import pytz

from odoo import _, api, fields, models
from odoo.tools import float_compare, float_is_zero, float_repr

from ..tools import commerceml as cml
from ..tools.commerceml import CommerceMLError
from .b2b_exchange_session import PARAM_ENCODING

QUERY_LIMIT = 5000
CANCELLED = {"отменен", "отменён", "cancelled"}
# ХозОперация of the separate documents 1C sends for an order (their Основание is the order)
PAYMENT_OPERATIONS = {
    "оплата",
    "оплата заказа",
    "выплата безналичных денег",
    "выплата наличных денег",
    "поступление безналичных денежных средств",
    "поступление наличных денежных средств",
}
SHIPMENT_OPERATIONS = {"отгрузка", "отпуск товара", "реализация товаров", "реализация товаров и услуг"}


def _sub(parent, tag, value=None, **attrs):
    child = ET.SubElement(parent, tag, attrs)
    if value is not None:
        child.text = str(value)
    return child


class B2bExchangeSale(models.AbstractModel):
    _name = "b2b.exchange.sale"
    _description = "1C exchange: orders to 1C and their results back"

    # ------------------------------------------------------------------ helpers

    @api.model
    def _b2b_tz(self):
        return pytz.timezone(self.env.company.partner_id.tz or "Europe/Moscow")

    @api.model
    def _b2b_local(self, value):
        return pytz.utc.localize(value).astimezone(self._b2b_tz())

    @api.model
    def _b2b_to_utc(self, value):
        return self._b2b_tz().localize(value).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _b2b_amount(self, value):
        return float_repr(value, 2)

    # ------------------------------------------------------------------ orders out

    @api.model
    def _b2b_orders_to_export(self):
        """Portal orders sent for reservation that 1C has not confirmed receiving yet."""
        return self.env["sale.order"].search(
            [
                ("b2b_reservation_state", "=", "pending"),
                ("state", "=", "draft"),
                ("b2b_portal_user_id", "!=", False),
                ("b2b_1c_exported_date", "=", False),
            ],
            order="id",
            limit=QUERY_LIMIT,
        )

    @api.model
    def _b2b_query(self, session):
        """mode=query: the XML of the orders to export, remembered in the session until 1C
        says «success». Returns (bytes, charset)."""
        orders = self._b2b_orders_to_export()
        orders._b2b_1c_ensure_id()
        session.query_order_ids = [fields.Command.set(orders.ids)]
        # sudo: a technical setting
        charset = self.env["ir.config_parameter"].sudo().get_param(PARAM_ENCODING) or "utf-8"
        version = "3.1" if (session.version or "").startswith("3") else "2.10"
        root = ET.Element(
            "КоммерческаяИнформация",
            {
                "ВерсияСхемы": version,
                "ДатаФормирования": self._b2b_local(fields.Datetime.now()).strftime("%Y-%m-%dT%H:%M:%S"),
            },
        )
        parent = _sub(root, "Контейнер") if version.startswith("3") else root
        for order in orders:
            self._b2b_order_document(parent, order)
            if version.startswith("3"):
                parent = _sub(root, "Контейнер") if order != orders[-1] else parent
        declaration = f'<?xml version="1.0" encoding="{charset}"?>\n'
        body = (declaration + ET.tostring(root, encoding="unicode")).encode(charset, errors="xmlcharrefreplace")
        return body, charset

    @api.model
    def _b2b_order_document(self, parent, order):
        doc = _sub(parent, "Документ")
        local = self._b2b_local(order.date_order)
        _sub(doc, "Ид", order.b2b_1c_id)
        _sub(doc, "Номер", order.name)
        _sub(doc, "Дата", local.strftime("%Y-%m-%d"))
        _sub(doc, "Время", local.strftime("%H:%M:%S"))
        _sub(doc, "ХозОперация", "Заказ товара")
        _sub(doc, "Роль", "Продавец")
        _sub(doc, "Валюта", order.currency_id.name)
        _sub(doc, "Курс", "1")
        _sub(doc, "Сумма", self._b2b_amount(order.amount_total))
        self._b2b_counterparty(_sub(doc, "Контрагенты"), order)
        comment = " ".join(
            filter(None, [order.client_order_ref and _("Client's order No. %s.", order.client_order_ref)])
        )
        _sub(doc, "Комментарий", comment)
        goods = _sub(doc, "Товары")
        for line in order.order_line.filtered(lambda l: not l.display_type and l.product_id):
            self._b2b_order_line(goods, line)
        requisites = _sub(doc, "ЗначенияРеквизитов")
        for name, value in (
            ("Номер по данным клиента", order.client_order_ref or ""),
            ("Заказ оплачен", "false"),
            ("Отменен", "false"),
            ("Статус заказа", "[N] Принят"),
            ("Дата изменения статуса", self._b2b_local(order.write_date).strftime("%Y-%m-%d %H:%M:%S")),
        ):
            item = _sub(requisites, "ЗначениеРеквизита")
            _sub(item, "Наименование", name)
            _sub(item, "Значение", value)

    @api.model
    def _b2b_counterparty(self, parent, order):
        company = order.partner_id.commercial_partner_id
        party = _sub(parent, "Контрагент")
        _sub(party, "Ид", f"odoo-partner-{company.id}")
        _sub(party, "Наименование", company.name)
        _sub(party, "ПолноеНаименование", company.name)
        _sub(party, "Роль", "Покупатель")
        if company.vat:
            _sub(party, "ИНН", company.vat)
        if company.b2b_kpp:
            _sub(party, "КПП", company.b2b_kpp)
        address = ", ".join(
            filter(None, [company.zip, company.state_id.name, company.city, company.street, company.street2])
        )
        if address:
            _sub(_sub(party, "АдресРегистрации"), "Представление", address)
        contacts = [("Почта", order.partner_id.email), ("ТелефонРабочий", order.partner_id.phone)]
        if any(value for _kind, value in contacts):
            block = _sub(party, "Контакты")
            for kind, value in contacts:
                if value:
                    contact = _sub(block, "Контакт")
                    _sub(contact, "Тип", kind)
                    _sub(contact, "Значение", value)

    @api.model
    def _b2b_order_line(self, parent, line):
        product = line.product_id
        good = _sub(parent, "Товар")
        _sub(good, "Ид", product._b2b_1c_line_id())
        if product.default_code:
            _sub(good, "Артикул", product.default_code)
        _sub(good, "Наименование", product.name)
        _sub(good, "БазоваяЕдиница", line.product_uom.name, НаименованиеПолное=line.product_uom.name)
        _sub(good, "ЦенаЗаЕдиницу", self._b2b_amount(line.price_unit))
        _sub(good, "Количество", float_repr(line.product_uom_qty, 3))
        _sub(good, "Сумма", self._b2b_amount(line.price_total))
        requisites = _sub(good, "ЗначенияРеквизитов")
        for name in ("ВидНоменклатуры", "ТипНоменклатуры"):
            item = _sub(requisites, "ЗначениеРеквизита")
            _sub(item, "Наименование", name)
            _sub(item, "Значение", "Услуга" if product.type == "service" else "Товар")

    @api.model
    def _b2b_confirm_export(self, session):
        """mode=success: the orders of the last query count as exported now."""
        orders = session.query_order_ids.filtered(lambda o: not o.b2b_1c_exported_date)
        orders.write({"b2b_1c_exported_date": fields.Datetime.now()})
        session.write(
            {
                "exported_order_count": session.exported_order_count + len(orders),
                "query_order_ids": [fields.Command.clear()],
            }
        )
        return orders

    # ------------------------------------------------------------------ orders back

    @api.model
    def _b2b_import_orders(self, upload):
        """Apply the order documents 1C sends back: reservation result, payment, shipment.
        Documents naming an unknown order or counterparty are logged and skipped."""
        counts = {"created": 0, "updated": 0, "skipped": 0}
        with open(upload._b2b_path(), "rb") as source:
            for kind, elem, _context in cml.read(source):
                if kind != "document":
                    continue
                result = self._b2b_apply_document(upload, elem)
                counts[result] += 1
        return counts

    @api.model
    def _b2b_find_order(self, elem):
        Order = self.env["sale.order"]
        ident = cml.text(elem, "Ид")
        order = Order.search([("b2b_1c_id", "=", ident)], limit=1) if ident else Order
        if not order:
            number = cml.text(elem, "Номер")
            order = (
                Order.search([("name", "=", number), ("b2b_portal_user_id", "!=", False)], limit=1) if number else Order
            )
        return order

    @api.model
    def _b2b_document_date(self, elem, requisites):
        value = cml.parse_datetime(requisites.get("Дата изменения статуса", "")) or cml.parse_datetime(
            cml.text(elem, "Дата"), cml.text(elem, "Время")
        )
        return self._b2b_to_utc(value) if value else None

    @api.model
    def _b2b_apply_document(self, upload, elem):
        session = upload.session_id
        where = cml.describe(elem)
        operation = cml.text(elem, "ХозОперация").lower()
        if operation in PAYMENT_OPERATIONS:
            return self._b2b_apply_order_document(upload, elem, "payment")
        if operation in SHIPMENT_OPERATIONS:
            return self._b2b_apply_order_document(upload, elem, "shipment")
        if operation and operation != "заказ товара":
            session._b2b_log(
                _("Only orders («Заказ товара»), payments and shipments are applied; skipped."), where, file=upload
            )
            return "skipped"
        order = self._b2b_find_order(elem)
        if not order:
            session._b2b_log(_("No portal order has this Ид or number; the document is skipped."), where, file=upload)
            return "skipped"
        if not self._b2b_same_counterparty(elem, order):
            session._b2b_log(
                _("The counterparty's INN is not the order's client's; the document is skipped."), where, file=upload
            )
            return "skipped"
        requisites = cml.requisites(elem)
        date = self._b2b_document_date(elem, requisites)
        if order.b2b_1c_state_date and (not date or date <= order.b2b_1c_state_date):
            return "skipped"  # the same file again, or an older one: the newer state stays
        values = self._b2b_document_values(upload, elem, order, requisites)
        values["b2b_1c_state_date"] = date or fields.Datetime.now()
        order._b2b_lock()
        order.write(values)
        if "b2b_reservation_state" in values:
            # the amount due and the quantities to ship follow the reservation
            order._b2b_1c_refresh_from_documents()
        return "updated"

    # ------------------------------------------------------------------ payments and shipments

    @api.model
    def _b2b_base_order(self, elem):
        """The portal order a payment or a shipment is based on: its Основание names the order
        by our Ид, our number or 1C's number."""
        keys = {cml.text(elem, "Основание")} | {
            cml.text(base, path) for base in elem.iterfind("Основание") for path in ("Ид", "Номер")
        }
        requisites = cml.requisites(elem)
        keys |= {requisites.get("Основание", ""), requisites.get("Заказ", ""), requisites.get("Номер заказа", "")}
        keys = [key for key in keys - {""} if len(key) <= 200]
        if not keys:
            return self.env["sale.order"]
        return self.env["sale.order"].search(
            [
                ("b2b_portal_user_id", "!=", False),
                "|",
                "|",
                ("b2b_1c_id", "in", keys),
                ("name", "in", keys),
                ("b2b_1c_number", "in", keys),
            ],
            limit=1,
        )

    @api.model
    def _b2b_apply_order_document(self, upload, elem, kind):
        """A payment or a shipment sent as a document of its own: kept by its Ид, then the
        order's payment or shipment state follows all of its documents (partial ones add up)."""
        session = upload.session_id
        where = cml.describe(elem)
        ident = cml.text(elem, "Ид")
        order = self._b2b_base_order(elem)
        if not ident or len(ident) > 200:
            session._b2b_log(_("The document has no Ид; it is skipped."), where, file=upload)
            return "skipped"
        if not order:
            session._b2b_log(_("No portal order is the basis of this document; it is skipped."), where, file=upload)
            return "skipped"
        if not self._b2b_same_counterparty(elem, order):
            session._b2b_log(
                _("The counterparty's INN is not the order's client's; the document is skipped."), where, file=upload
            )
            return "skipped"
        requisites = cml.requisites(elem)
        date = self._b2b_document_date(elem, requisites)
        Document = self.env["b2b.exchange.order.document"]
        document = Document.search([("kind", "=", kind), ("ident", "=", ident)], limit=1)
        if document and (document.order_id != order or (document.date and (not date or date <= document.date))):
            return "skipped"  # the same file again, or an older version of the document
        posted = requisites.get("Проведен")
        values = {
            "order_id": order.id,
            "kind": kind,
            "ident": ident,
            "name": (cml.text(elem, "Номер") or requisites.get("Номер по 1С", ""))[:64] or False,
            "date": date or fields.Datetime.now(),
            "cancelled": cml.is_true(cml.text(elem, "ПометкаУдаления"))
            or cml.is_true(requisites.get("ПометкаУдаления"))
            or (posted is not None and posted != "" and not cml.is_true(posted)),
        }
        if kind == "payment":
            amount = cml.number(cml.text(elem, "Сумма"), "Сумма", where)
            if amount is None or amount < 0:
                raise CommerceMLError(_("The payment has no valid amount."), where)
            values["amount"] = amount
        else:
            values["quantities"] = self._b2b_shipped_quantities(elem, order)
        order._b2b_lock()
        if document:
            document.write(values)
        else:
            Document.create(values)
        order.invalidate_recordset(["b2b_1c_document_ids"])
        order._b2b_1c_refresh_from_documents()
        return "updated" if document else "created"

    @api.model
    def _b2b_shipped_quantities(self, elem, order):
        """{order line id: quantity} a shipment document carries (matched as the reservation
        result's lines are); a shipment without lines ships what 1C reserved."""
        lines = order.order_line.filtered(lambda l: not l.display_type and l.product_id)
        goods = elem.findall("Товары/Товар")
        if not goods:
            return {str(line.id): line.b2b_qty_reserved or line.product_uom_qty for line in lines}
        by_id, by_code = {}, {}
        for good in goods:
            qty = cml.number(cml.text(good, "Количество"), "Количество", cml.describe(good)) or 0.0
            ident = cml.text(good, "Ид")
            by_id[ident] = by_id.get(ident, 0.0) + qty
            code = cml.text(good, "Артикул")
            if code:
                by_code[code] = by_code.get(code, 0.0) + qty
        result = {}
        for line in lines:
            product = line.product_id
            qty = by_id.get(product._b2b_1c_line_id(), by_code.get(product.default_code or "", 0.0))
            if qty > 0:
                result[str(line.id)] = min(qty, line.product_uom_qty)
        return result

    @api.model
    def _b2b_same_counterparty(self, elem, order):
        inns = {cml.text(party, "ИНН") for party in elem.iterfind("Контрагенты/Контрагент")} - {""}
        return not inns or order.partner_id.commercial_partner_id.vat in inns

    @api.model
    def _b2b_document_values(self, upload, elem, order, requisites):
        """The order's new values from one 1C document; line quantities are written here."""
        values = {}
        number = requisites.get("Номер по 1С") or ""
        if number:
            values["b2b_1c_number"] = number[:64]
        state = self._b2b_document_state(upload, elem, order, requisites)
        if state and state != order.b2b_reservation_state:
            values.update(b2b_reservation_state=state, b2b_reserved_date=fields.Datetime.now())
        paid = cml.parse_datetime(requisites.get("Дата оплаты по 1С", ""))
        if paid or cml.is_true(requisites.get("Оплачен")) or cml.is_true(requisites.get("Заказ оплачен")):
            values["b2b_1c_paid_date"] = self._b2b_to_utc(paid) if paid else fields.Datetime.now()
            if order.b2b_payment_state != "paid":
                values["b2b_payment_state"] = "paid"
        shipped = cml.parse_datetime(requisites.get("Дата отгрузки по 1С", ""))
        if shipped or cml.is_true(requisites.get("Отгружен")):
            values["b2b_1c_shipped_date"] = self._b2b_to_utc(shipped) if shipped else fields.Datetime.now()
            values["b2b_1c_shipment_state"] = "shipped"
        return values

    @api.model
    def _b2b_document_state(self, upload, elem, order, requisites):
        """reserved / partial / refused (per-line quantities written), or None: undecided."""
        status = (
            requisites.get("Статус заказа ИД")
            or requisites.get("Статуса заказа ИД")
            or requisites.get("Статус заказа")
            or ""
        ).strip()
        mapped = self.env["b2b.exchange.status"]._b2b_map().get(status.lower()) if status else None
        cancelled = (
            cml.is_true(requisites.get("Отменен"))
            or cml.is_true(requisites.get("ПометкаУдаления"))
            or cml.is_true(cml.text(elem, "ПометкаУдаления"))
            or status.lower() in CANCELLED
        )
        if cancelled or mapped == "refused":
            self._b2b_set_line_quantities(elem, order, upload, refuse=True)
            return "refused"
        if mapped == "pending":
            return None
        if not mapped and not cml.is_true(requisites.get("Проведен")):
            return None
        return self._b2b_set_line_quantities(elem, order, upload)

    @api.model
    def _b2b_set_line_quantities(self, elem, order, upload, refuse=False):
        """Write what 1C accepted per line (matched by 1C Ид or ours, else by article) and
        return the result: reserved (every line in full), partial, or refused (nothing)."""
        accepted = {}
        by_code = {}
        for good in elem.iterfind("Товары/Товар"):
            where = cml.describe(good)
            qty = cml.number(cml.text(good, "Количество"), "Количество", where) or 0.0
            ident = cml.text(good, "Ид")
            accepted[ident] = accepted.get(ident, 0.0) + qty
            code = cml.text(good, "Артикул")
            if code:
                by_code[code] = by_code.get(code, 0.0) + qty
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        complete, total = True, 0.0
        for line in order.order_line.filtered(lambda l: not l.display_type and l.product_id):
            product = line.product_id
            qty = 0.0
            if not refuse:
                qty = accepted.get(product._b2b_1c_line_id(), by_code.get(product.default_code or "", 0.0))
                qty = min(max(qty, 0.0), line.product_uom_qty)
            if float_compare(qty, line.b2b_1c_qty_reserved, precision_digits=precision):
                line.b2b_1c_qty_reserved = qty
            total += qty
            complete = complete and not float_compare(qty, line.product_uom_qty, precision_digits=precision) < 0
        if float_is_zero(total, precision_digits=precision):
            return "refused"
        return "reserved" if complete else "partial"
