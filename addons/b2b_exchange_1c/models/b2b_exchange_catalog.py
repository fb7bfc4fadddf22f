import base64
import logging
import os
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.tools import float_compare, float_is_zero

from ..tools import commerceml as cml
from ..tools.commerceml import CommerceMLError
from .b2b_exchange_session import PARAM_BASE_PRICE_TYPE

_logger = logging.getLogger(__name__)

BATCH = 500
MAX_LOGGED_SKIPS = 200
MAX_PICTURE_SIZE = 10 * 1024 * 1024
# OKEI code → Odoo unit (the units Odoo ships)
OKEI_UNITS = {
    "796": "uom.product_uom_unit",
    "166": "uom.product_uom_kgm",
    "163": "uom.product_uom_gram",
    "168": "uom.product_uom_ton",
    "112": "uom.product_uom_litre",
    "113": "uom.product_uom_cubic_meter",
    "055": "uom.uom_square_meter",
    "006": "uom.product_uom_meter",
    "004": "uom.product_uom_cm",
    "003": "uom.product_uom_millimeter",
    "008": "uom.product_uom_km",
    "356": "uom.product_uom_hour",
    "359": "uom.product_uom_day",
    "715": "uom.product_uom_dozen",
}


class ImportRun:
    """What one file's import keeps between its elements: buffers, declared types, counts."""

    def __init__(self, upload):
        self.upload = upload
        self.session = upload.session_id
        self.schema = ""
        self.package = {}
        self.goods = {}
        self.offers = {}
        self.counts = {"created": 0, "updated": 0, "skipped": 0}
        self.logged = 0
        self.warned = set()
        self.price_types = dict(self.session._b2b_declared("price_types"))
        self.price_currencies = dict(self.session._b2b_declared("price_currencies"))
        self.currencies = {}
        self.rates = {}
        self.properties = dict(self.session._b2b_declared("properties"))
        self.property_values = dict(self.session._b2b_declared("property_values"))
        self.warehouses = dict(self.session._b2b_declared("warehouses"))

    def schema_major(self):
        try:
            return int(self.schema.split(".")[0])
        except ValueError:
            return 2


class B2bExchangeCatalog(models.AbstractModel):
    _name = "b2b.exchange.catalog"
    _description = "1C exchange: goods, prices and stock from 1C"

    # ------------------------------------------------------------------ entry point

    @api.model
    def _b2b_import(self, upload):
        """Apply an import*, offers*, prices* or rests* file; returns the counts."""
        # no chatter entries for thousands of goods; the exchange log says what changed
        catalog = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        return catalog._b2b_import_file(upload.with_env(catalog.env))

    @api.model
    def _b2b_import_file(self, upload):
        run = ImportRun(upload)
        handlers = {
            "root": self._b2b_on_root,
            "classifier": self._b2b_on_classifier,
            "product": self._b2b_on_product,
            "price_type": self._b2b_on_price_type,
            "warehouse": self._b2b_on_warehouse,
            "offer": self._b2b_on_offer,
            "package_end": self._b2b_on_package_end,
        }
        with open(upload._b2b_path(), "rb") as source:
            for kind, elem, context in cml.read(source):
                if kind == "package_start":
                    run.package = context
                    continue
                handler = handlers.get(kind)
                if handler:
                    handler(run, elem, context)
        self._b2b_flush_goods(run)
        self._b2b_flush_offers(run)
        run.session._b2b_remember("price_types", run.price_types)
        run.session._b2b_remember("price_currencies", run.price_currencies)
        run.session._b2b_remember("properties", run.properties)
        run.session._b2b_remember("property_values", run.property_values)
        run.session._b2b_remember("warehouses", run.warehouses)
        return run.counts

    def _b2b_skip(self, run, message, element=""):
        """Log an element that is skipped (the file goes on)."""
        run.counts["skipped"] += 1
        if run.logged < MAX_LOGGED_SKIPS:
            run.logged += 1
            run.session._b2b_log(message, element, level="warning", file=run.upload)

    def _b2b_warn_once(self, run, key, message, element=""):
        if key not in run.warned:
            run.warned.add(key)
            run.session._b2b_log(message, element, level="warning", file=run.upload)

    # ------------------------------------------------------------------ handlers

    def _b2b_on_root(self, run, elem, context):
        run.schema = context["schema"]
        major = run.schema_major()
        if run.schema and major not in (2, 3):
            raise CommerceMLError(_("Schema version %s is not supported (2.05–3.1 are).", run.schema))

    def _b2b_on_classifier(self, run, elem, context):
        groups = elem.find("Группы")
        if groups is not None:
            self._b2b_import_groups(run, groups, self.env.ref("product.product_category_all"))
        for prop in elem.iterfind("Свойства/Свойство"):
            ident = cml.text(prop, "Ид")
            if ident:
                run.properties[ident] = cml.text(prop, "Наименование")[:100] or ident
            # values of a reference list: goods name them by ИдЗначения
            for variant in prop.iterfind("ВариантыЗначений/Справочник"):
                value_id = cml.text(variant, "ИдЗначения")
                if value_id:
                    run.property_values[value_id] = cml.text(variant, "Значение")[:200]

    def _b2b_import_groups(self, run, groups, parent):
        Category = self.env["product.category"]
        for group in groups.iterfind("Группа"):
            ident = cml.text(group, "Ид")
            name = cml.text(group, "Наименование")
            if not ident or not name:
                raise CommerceMLError(_("A group has no Ид or no name."), cml.describe(group))
            category = Category.search([("b2b_1c_id", "=", ident)], limit=1)
            values = {"name": name[:200], "parent_id": parent.id}
            if not category:
                category = Category.create({**values, "b2b_1c_id": ident})
                run.counts["created"] += 1
            elif category.name != values["name"] or category.parent_id != parent:
                category.write(values)
                run.counts["updated"] += 1
            children = group.find("Группы")
            if children is not None:
                self._b2b_import_groups(run, children, category)

    def _b2b_on_product(self, run, elem, context):
        good = self._b2b_read_good(run, elem)
        run.goods[good["id"]] = good
        if len(run.goods) >= BATCH:
            self._b2b_flush_goods(run)

    def _b2b_on_price_type(self, run, elem, context):
        ident = cml.text(elem, "Ид")
        if not ident:
            raise CommerceMLError(_("A price type has no Ид."), cml.describe(elem))
        run.price_types[ident] = cml.text(elem, "Наименование") or ident
        currency = cml.text(elem, "Валюта")
        if currency:
            run.price_currencies[ident] = currency

    def _b2b_on_warehouse(self, run, elem, context):
        ident = cml.text(elem, "Ид")
        if ident:
            run.warehouses[ident] = cml.text(elem, "Наименование") or ident

    def _b2b_on_offer(self, run, elem, context):
        offer = self._b2b_read_offer(run, elem)
        run.offers[offer["id"]] = offer
        if len(run.offers) >= BATCH:
            self._b2b_flush_offers(run)

    def _b2b_on_package_end(self, run, elem, context):
        if context.get("package") != "catalog":
            return
        self._b2b_flush_goods(run)
        if context.get("only_changes"):
            return
        catalog = context.get("id") or "*"
        run.session.full_catalog_id = catalog
        if run.schema_major() < 3:
            # 2.x sends the whole catalog in one import file: archive what it lacks right away;
            # 3.x may split it over several files and says `deactivate` at the end
            run.counts["updated"] += run.session._b2b_archive_missing()

    # ------------------------------------------------------------------ goods

    def _b2b_read_good(self, run, elem):
        where = cml.describe(elem)
        ident = cml.text(elem, "Ид")
        if not ident:
            raise CommerceMLError(_("A good has no Ид."), where)
        if len(ident) > 200:
            raise CommerceMLError(_("The Ид of a good is longer than 200 characters."), where)
        name = cml.text(elem, "Наименование")
        if not name:
            raise CommerceMLError(_("A good has no name."), where)
        requisites = cml.requisites(elem)
        unit = elem.find("БазоваяЕдиница")
        kind = requisites.get("ТипНоменклатуры", "").lower()
        deleted = (
            cml.is_true(cml.text(elem, "ПометкаУдаления"))
            or cml.text(elem, "Статус").lower() == "удален"
            or (elem.get("Статус") or "").lower() == "удален"
        )
        weight = cml.number(cml.text(elem, "Вес") or requisites.get("Вес"), "Вес", where)
        picture = cml.text(elem, "Картинка")
        return {
            "id": ident,
            "where": where,
            "name": name[:500],
            "code": cml.text(elem, "Артикул")[:100] or False,
            "barcode": cml.text(elem, "Штрихкод")[:100] or False,
            "group": cml.text(elem, "Группы/Ид"),
            "unit": (unit.get("Код") or "").strip() if unit is not None else "",
            "weight": weight,
            "service": kind == "услуга",
            "description": cml.text(elem, "Описание")[:10000] or False,
            "deleted": deleted,
            "picture": cml.check_filename(picture) if picture else None,
            "catalog": run.package.get("id") or "",
            "properties": [
                (cml.text(item, "Ид"), cml.text(item, "Значение"))
                for item in elem.iterfind("ЗначенияСвойств/ЗначенияСвойства")
                if cml.text(item, "Ид")
            ],
        }

    def _b2b_good_values(self, run, good, categories):
        values = {
            "name": good["name"],
            "default_code": good["code"],
            "barcode": good["barcode"],
            "active": not good["deleted"],
            "description_sale": good["description"],
        }
        if good["weight"] is not None:
            values["weight"] = max(good["weight"], 0.0)
        if good["group"]:
            category = categories.get(good["group"])
            if category:
                values["categ_id"] = category
            else:
                self._b2b_warn_once(
                    run,
                    ("group", good["group"]),
                    _("Group %s is not in the classifier; category kept.", good["group"]),
                    good["where"],
                )
        return values

    def _b2b_unit(self, run, good):
        xmlid = OKEI_UNITS.get(good["unit"].zfill(3)) if good["unit"] else None
        if good["unit"] and not xmlid:
            self._b2b_warn_once(
                run,
                ("unit", good["unit"]),
                _("Unit with OKEI code %s is unknown; «Units» is used.", good["unit"]),
                good["where"],
            )
        return self.env.ref(xmlid or "uom.product_uom_unit").id

    def _b2b_flush_goods(self, run):
        if not run.goods:
            return
        goods, run.goods = run.goods, {}
        Product = self.env["product.product"].with_context(active_test=False)
        existing = {p.b2b_1c_id: p for p in Product.search([("b2b_1c_id", "in", list(goods))])}
        categories = dict(
            self.env["product.category"]
            .search([("b2b_1c_id", "in", list({g["group"] for g in goods.values() if g["group"]}))])
            .mapped(lambda c: (c.b2b_1c_id, c.id))
        )
        with_variants = existing and set(
            Product.search(
                [
                    ("product_tmpl_id", "in", [p.product_tmpl_id.id for p in existing.values()]),
                    ("b2b_1c_id", "like", "#"),
                ]
            ).product_tmpl_id.ids
        )
        to_create = []
        touched = Product.browse()
        for ident, good in goods.items():
            values = self._b2b_good_values(run, good, categories)
            product = existing.get(ident)
            bare = product and product.product_tmpl_id.id in with_variants
            if bare:
                # the good is sold as its characteristics; the template follows the good
                values["active"] = False
                if product.product_tmpl_id.active == good["deleted"]:
                    product.product_tmpl_id.active = not good["deleted"]
                    run.counts["updated"] += 1
            if not product:
                service = good["service"]
                unit = self._b2b_unit(run, good)
                to_create.append(
                    {
                        **values,
                        "b2b_1c_id": ident,
                        "b2b_1c_catalog_id": good["catalog"] or False,
                        "type": "service" if service else "consu",
                        "is_storable": not service,
                        "uom_id": unit,
                        "uom_po_id": unit,
                        "sale_ok": True,
                        "image_1920": self._b2b_picture(run, good),
                    }
                )
                continue
            changed = self._b2b_changed(product, values)
            picture = self._b2b_picture(run, good) if good["picture"] and not product.image_128 else False
            if picture:
                changed["image_1920"] = picture
            if changed:
                product.write(changed)
                if "active" in changed and not bare:
                    product.product_tmpl_id.active = changed["active"]
                run.counts["updated"] += 1
            else:
                run.counts["skipped"] += 1
            touched |= product
        if to_create:
            # stock's default of this field counts routes once per new product: count them once
            routes = bool(self.env["stock.route"].search_count([("product_selectable", "=", True)]))
            touched |= Product.with_context(default_has_available_route_ids=routes).create(to_create)
            run.counts["created"] += len(to_create)
        touched.write({"b2b_1c_session_id": run.session.id})
        self._b2b_set_characteristics(run, goods, touched)

    def _b2b_set_characteristics(self, run, goods, products):
        """The goods' 1C properties (ЗначенияСвойств, reference values resolved through the
        classifier) as the catalog's characteristics; those entered by hand stay."""
        Characteristic = self.env["b2b.product.characteristic"]
        # only the goods that have properties now, or had some from 1C before
        had = set(
            Characteristic.search(
                [("product_tmpl_id", "in", products.product_tmpl_id.ids), ("b2b_1c_property_id", "!=", False)]
            ).product_tmpl_id.ids
        )
        for product in products:
            good = goods.get(product.b2b_1c_id)
            if not good or not good["properties"] and product.product_tmpl_id.id not in had:
                continue
            wanted = []
            for prop_id, value in good["properties"]:
                name = run.properties.get(prop_id)
                value = run.property_values.get(value, value)
                if name and value:
                    wanted.append((prop_id, name, value[:200]))
            own = product.b2b_characteristic_ids.filtered("b2b_1c_property_id")
            if [(c.b2b_1c_property_id, c.name, c.value) for c in own] == wanted:
                continue
            own.unlink()
            Characteristic.create(
                [
                    {
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "b2b_1c_property_id": prop_id,
                        "name": name,
                        "value": value,
                        "sequence": 100 + index,
                    }
                    for index, (prop_id, name, value) in enumerate(wanted)
                ]
            )

    def _b2b_changed(self, product, values):
        changed = {}
        for key, value in values.items():
            current = product[key]
            if hasattr(current, "_name"):
                current = current.id
            if isinstance(value, float):
                if float_compare(current or 0.0, value, precision_digits=6):
                    changed[key] = value
            elif (current or False) != (value or False):
                changed[key] = value
        return changed

    def _b2b_picture(self, run, good):
        if not good["picture"]:
            return False
        path = os.path.join(run.session._b2b_folder(), good["picture"])
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_PICTURE_SIZE:
            return False
        with open(path, "rb") as handle:
            return base64.b64encode(handle.read())

    # ------------------------------------------------------------------ offers

    def _b2b_read_offer(self, run, elem):
        where = cml.describe(elem)
        ident = cml.text(elem, "Ид")
        if not ident:
            raise CommerceMLError(_("An offer has no Ид."), where)
        prices = []
        for price in elem.iterfind("Цены/Цена"):
            type_id = cml.text(price, "ИдТипаЦены")
            if type_id not in run.price_types:
                raise CommerceMLError(
                    _("The offer points at price type %s, which the file does not declare.", type_id or "—"), where
                )
            value = cml.number(cml.text(price, "ЦенаЗаЕдиницу"), "ЦенаЗаЕдиницу", where)
            if value is None or value < 0:
                raise CommerceMLError(_("The offer has a price without a valid amount."), where)
            # the price is per «Единица», which holds «Коэффициент» base units
            factor = cml.number(cml.text(price, "Коэффициент"), "Коэффициент", where)
            if factor is not None and factor <= 0:
                raise CommerceMLError(_("The offer has a price with a coefficient that is not positive."), where)
            currency = cml.text(price, "Валюта") or run.price_currencies.get(type_id, "")
            prices.append((type_id, value / (factor or 1.0), self._b2b_currency(run, currency, where)))
        return {
            "id": ident,
            "where": where,
            "prices": prices,
            "stock": self._b2b_read_stock(elem, where),
            "name": cml.text(elem, "Наименование"),
            "characteristics": [
                (cml.text(item, "Наименование")[:100], cml.text(item, "Значение")[:100])
                for item in elem.iterfind("ХарактеристикиТовара/ХарактеристикаТовара")
                if cml.text(item, "Наименование") and cml.text(item, "Значение")
            ],
        }

    def _b2b_currency(self, run, code, where):
        """The Odoo currency of a 1C price (ISO code, «руб», or the numeric code 643); the company's
        when the file names none. An unknown currency makes the file fail: a price is never read
        in a currency it is not in."""
        if not code:
            return self.env.company.currency_id
        if code not in run.currencies:
            key = code.strip().upper().rstrip(".")
            if key in ("РУБ", "RUR", "РУБЛЬ"):
                key = "RUB"
            Currency = self.env["res.currency"].with_context(active_test=False)
            domain = [("iso_numeric", "=", int(key))] if key.isdigit() and len(key) <= 3 else [("name", "=", key)]
            currency = Currency.search(domain, limit=1)
            if not currency:
                raise CommerceMLError(_("The currency «%s» of a price is unknown.", code), where)
            if currency != self.env.company.currency_id and not currency.rate_ids:
                raise CommerceMLError(
                    _("The currency «%s» of a price has no exchange rate in Odoo; enter its rate first.", code), where
                )
            run.currencies[code] = currency
        return run.currencies[code]

    def _b2b_price_in(self, run, price, currency, target):
        """A 1C price converted to the currency of what it sets, at today's rate (read once per
        file and pair of currencies)."""
        if currency == target:
            return price
        key = (currency.id, target.id)
        if key not in run.rates:
            today = fields.Date.context_today(self)
            run.rates[key] = currency._get_conversion_rate(currency, target, self.env.company, today)
        return price * run.rates[key]

    def _b2b_read_stock(self, elem, where):
        """{1C warehouse Ид or None (the total): quantity}, or None when the offer has no stock."""
        stock = {}
        for store in elem.iterfind("Склад"):  # 2.x: <Склад ИдСклада=… КоличествоНаСкладе=…/>
            ident = store.get("ИдСклада")
            if ident:
                qty = cml.number(store.get("КоличествоНаСкладе"), "КоличествоНаСкладе", where) or 0.0
                stock[ident] = stock.get(ident, 0.0) + qty
        for rest in elem.iterfind("Остатки/Остаток"):  # 3.x rests
            for store in rest.iterfind("Склад"):
                ident = cml.text(store, "Ид")
                qty = cml.number(cml.text(store, "Количество"), "Количество", where) or 0.0
                stock[ident or None] = stock.get(ident or None, 0.0) + qty
            total = cml.text(rest, "Количество")
            if total and rest.find("Склад") is None:
                stock[None] = cml.number(total, "Количество", where) or 0.0
        if not stock:
            total = cml.text(elem, "Количество")
            if total:
                stock[None] = cml.number(total, "Количество", where) or 0.0
        return stock or None

    def _b2b_base_price_type(self, run):
        # sudo: a technical setting read by the job
        configured = (self.env["ir.config_parameter"].sudo().get_param(PARAM_BASE_PRICE_TYPE) or "").strip()
        if configured:
            for ident, name in run.price_types.items():
                if configured in (ident, name):
                    return ident
            return None
        return next(iter(run.price_types), None)

    def _b2b_flush_offers(self, run):
        if not run.offers:
            return
        offers, run.offers = run.offers, {}
        Product = self.env["product.product"].with_context(active_test=False)
        products = {}
        for ident, product in ((p.b2b_1c_id, p) for p in Product.search([("b2b_1c_id", "in", list(offers))])):
            products[ident] = product
        self._b2b_make_variants(run, offers, products)
        base = self._b2b_base_price_type(run)
        mapped = self.env["b2b.exchange.price.type"]._b2b_map()
        pricelist_prices = defaultdict(dict)  # pricelist → {product: price}
        stock = {}
        for ident, offer in offers.items():
            product = products.get(ident)
            if not product:
                self._b2b_skip(run, _("No good with this Ид came from 1C; the offer is skipped."), offer["where"])
                continue
            changed = False
            for type_id, price, currency in offer["prices"]:
                name = run.price_types[type_id]
                pricelist = mapped.get(type_id) or mapped.get(name)
                if type_id == base:
                    price = self._b2b_price_in(run, price, currency, product.currency_id)
                    if self._b2b_set_sales_price(product, price):
                        changed = True
                elif pricelist:
                    pricelist_prices[pricelist][product] = self._b2b_price_in(
                        run, price, currency, pricelist.currency_id
                    )
                else:
                    self._b2b_warn_once(
                        run,
                        ("price", type_id),
                        _("Price type «%s» is not mapped to a pricelist; its prices are skipped.", name),
                    )
            if offer["stock"] is not None and product.is_storable:
                stock[product] = offer["stock"]
            run.counts["updated" if changed else "skipped"] += 1
        for pricelist, prices in pricelist_prices.items():
            self._b2b_set_pricelist_prices(run, pricelist, prices)
        if stock:
            self._b2b_set_stock(run, stock)

    def _b2b_set_sales_price(self, product, price):
        """The base price type's price: the good's sales price, or a variant's own price."""
        field = "b2b_1c_price" if "#" in product.b2b_1c_id else "list_price"
        if float_compare(product[field], price, precision_digits=6):
            product[field] = price
            return True
        return False

    # ------------------------------------------------------------------ variants

    def _b2b_make_variants(self, run, offers, products):
        """Offers «товар#характеристика» with no product yet become variants of the good: its
        template gets the attribute values of `ХарактеристикиТовара` (dynamic attributes, so Odoo
        never generates combinations 1C does not have), and the bare good is archived (it is not
        sold once it has characteristics)."""
        missing = {ident: offer for ident, offer in offers.items() if "#" in ident and ident not in products}
        if not missing:
            return
        Product = self.env["product.product"].with_context(active_test=False)
        parents = {
            product.b2b_1c_id: product
            for product in Product.search([("b2b_1c_id", "in", list({i.split("#", 1)[0] for i in missing}))])
        }
        for ident, offer in missing.items():
            parent = parents.get(ident.split("#", 1)[0])
            if not parent:
                continue  # skipped with the others that match no good
            characteristics = offer["characteristics"] or [
                (_("Characteristic"), (offer["name"] or ident.split("#", 1)[1])[:100])
            ]
            template = parent.product_tmpl_id
            values = self._b2b_template_values(template, characteristics)
            if template._get_variant_for_combination(values):
                raise CommerceMLError(
                    _("Two characteristics of the good have the same values: %s.", ", ".join(values.mapped("name"))),
                    offer["where"],
                )
            products[ident] = Product.create(
                {
                    "product_tmpl_id": template.id,
                    "product_template_attribute_value_ids": [Command.set(values.ids)],
                    "b2b_1c_id": ident,
                    "b2b_1c_catalog_id": parent.b2b_1c_catalog_id,
                    "b2b_1c_session_id": run.session.id,
                    "active": template.active,
                }
            )
            if parent.active:
                parent.active = False
            run.counts["created"] += 1

    def _b2b_template_values(self, template, characteristics):
        """The template's attribute values for [(name, value)], created where missing, without
        letting Odoo generate variants."""
        Attribute = self.env["product.attribute"]
        Line = self.env["product.template.attribute.line"].with_context(active_test=False)
        Ptav = self.env["product.template.attribute.value"].with_context(active_test=False)
        result = Ptav.browse()
        for name, value_name in characteristics:
            attribute = Attribute.search([("name", "=", name), ("create_variant", "=", "dynamic")], limit=1)
            if not attribute:
                attribute = Attribute.create({"name": name, "create_variant": "dynamic"})
            value = attribute.value_ids.filtered(lambda v, n=value_name: v.name == n)[:1]
            if not value:
                value = self.env["product.attribute.value"].create({"attribute_id": attribute.id, "name": value_name})
            line = Line.search([("product_tmpl_id", "=", template.id), ("attribute_id", "=", attribute.id)], limit=1)
            if not line:
                line = Line.with_context(create_product_product=False).create(
                    {
                        "product_tmpl_id": template.id,
                        "attribute_id": attribute.id,
                        "value_ids": [Command.link(value.id)],
                    }
                )
            elif value not in line.value_ids or not line.active:
                line.with_context(update_product_template_attribute_values=False).write(
                    {"active": True, "value_ids": [Command.link(value.id)]}
                )
            ptav = Ptav.search([("attribute_line_id", "=", line.id), ("product_attribute_value_id", "=", value.id)])
            if not ptav:
                ptav = Ptav.create({"attribute_line_id": line.id, "product_attribute_value_id": value.id})
            elif not ptav.ptav_active:
                ptav.ptav_active = True
            result |= ptav
        return result

    def _b2b_set_pricelist_prices(self, run, pricelist, prices):
        Item = self.env["product.pricelist.item"]
        items = {
            item.product_id: item
            for item in Item.search(
                [
                    ("pricelist_id", "=", pricelist.id),
                    ("applied_on", "=", "0_product_variant"),
                    ("product_id", "in", [p.id for p in prices]),
                    ("min_quantity", "<=", 1),
                    ("compute_price", "=", "fixed"),
                ]
            )
        }
        to_create = []
        for product, price in prices.items():
            item = items.get(product)
            if item:
                if float_compare(item.fixed_price, price, precision_digits=6):
                    item.fixed_price = price
            else:
                to_create.append(
                    {
                        "pricelist_id": pricelist.id,
                        "applied_on": "0_product_variant",
                        "product_id": product.id,
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "compute_price": "fixed",
                        "fixed_price": price,
                    }
                )
        Item.create(to_create)

    # ------------------------------------------------------------------ stock

    def _b2b_target_stock(self, run, stock):
        """{(warehouse, product): quantity} from the offers' per-1C-warehouse quantities."""
        default = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        mapped = self.env["b2b.exchange.warehouse"]._b2b_map()
        targets = defaultdict(float)
        for product, quantities in stock.items():
            for ident, qty in quantities.items():
                name = run.warehouses.get(ident, ident) if ident else None
                warehouse = (ident and (mapped.get(ident) or mapped.get(name))) or default
                targets[warehouse, product] += max(qty, 0.0)
        return targets

    def _b2b_set_stock(self, run, stock):
        """Set the on-hand quantity of each product in its warehouse to 1C's figure; goods not
        in `stock` are left as they are. The books are 1C's, so Odoo keeps a mirror of the
        quantities in its quants (no inventory moves, no valuation entries of its own)."""
        targets = self._b2b_target_stock(run, stock)
        by_warehouse = defaultdict(dict)
        for (warehouse, product), qty in targets.items():
            by_warehouse[warehouse][product] = qty
        Quant = self.env["stock.quant"]
        for warehouse, quantities in by_warehouse.items():
            location = warehouse.lot_stock_id
            domain = [("product_id", "in", [p.id for p in quantities]), ("location_id", "child_of", location.id)]
            current = dict(Quant._read_group(domain, ["product_id"], ["quantity:sum"]))
            own = {
                quant.product_id: quant
                for quant in Quant.search(
                    domain
                    + [
                        ("location_id", "=", location.id),
                        ("lot_id", "=", False),
                        ("package_id", "=", False),
                        ("owner_id", "=", False),
                    ]
                )
            }
            to_create = []
            for product, qty in quantities.items():
                diff = qty - current.get(product, 0.0)
                if float_is_zero(diff, precision_rounding=product.uom_id.rounding):
                    continue
                quant = own.get(product)
                if quant:
                    quant.quantity += diff
                else:
                    to_create.append({"product_id": product.id, "location_id": location.id, "quantity": diff})
            Quant.create(to_create)
