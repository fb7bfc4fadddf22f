"""Benchmark: the 1C exchange — a 10,000-good catalog with offers and stock, and `query` with
1,000 pending orders.

What it does
    1. copies the newest cached template database of the test command (``b2b_tmpl_nodemo_<key>``,
       built by ``scripts/test``; or ``--template NAME``) into ``b2b_bench_1c_<pid>`` and
       installs b2b_exchange_1c on it;
    2. writes a CommerceML 2.10 ``import.xml`` (10,000 goods in 50 groups) and ``offers.xml``
       (two price types, stock in two 1C warehouses) into an exchange session's folder and
       applies them as the background job does (``b2b.exchange.file._b2b_process``, one
       transaction per file), first on an empty catalog (all created), then once more (nothing
       changes); prints the time per file and the process's peak memory (ru_maxrss);
    3. creates 1,000 portal orders of 3 lines sent for reservation and times ``mode=query``'s
       builder (``b2b.exchange.sale._b2b_query``), printing the XML's size;
    4. drops the database (``--keep`` keeps it).

It asserts nothing timed. Run it with the project's Python environment:

    ~/.cache/b2b-portal/venv-*/bin/python bench/bench_exchange_1c.py [--goods 10000] [--orders 1000] [--keep]

Environment: ``ODOO_PATH`` (default /opt/odoo18) and the usual ``PG*`` variables.
"""

import argparse
import random
import resource
import sys
import time
from xml.sax.saxutils import escape

from _common import ADDONS_PATH, ODOO_PATH, bench_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goods", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--template")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with bench_database("b2b_bench_1c", keep=args.keep, template_name=args.template) as db:
        run(db, ADDONS_PATH, args.goods, args.orders)


def catalog_files(n_goods, rng):
    groups = "".join(f"<Группа><Ид>g{i}</Ид><Наименование>Группа {i}</Наименование></Группа>" for i in range(50))
    goods = "".join(
        f"<Товар><Ид>good-{i:06d}</Ид><Артикул>ART-{i:06d}</Артикул><Наименование>{escape(f'Товар № {i} «бенч»')}"
        f'</Наименование><БазоваяЕдиница Код="796">шт</БазоваяЕдиница><Группы><Ид>g{i % 50}</Ид></Группы>'
        f"<Штрихкод>{2000000000000 + i}</Штрихкод><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Вес"
        f"</Наименование><Значение>{rng.randint(1, 5000) / 1000}</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>"
        "</Товар>"
        for i in range(n_goods)
    )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.10">'
    )
    import_xml = (
        f"{head}<Классификатор><Ид>cls</Ид><Группы>{groups}</Группы></Классификатор><Каталог><Ид>cat</Ид>"
        f"<СодержитТолькоИзменения>false</СодержитТолькоИзменения><Товары>{goods}</Товары></Каталог>"
        "</КоммерческаяИнформация>"
    )
    offers = "".join(
        f"<Предложение><Ид>good-{i:06d}</Ид><Цены><Цена><ИдТипаЦены>opt</ИдТипаЦены><ЦенаЗаЕдиницу>"
        f"{rng.randint(100, 100000) / 100}</ЦенаЗаЕдиницу></Цена><Цена><ИдТипаЦены>rozn</ИдТипаЦены><ЦенаЗаЕдиницу>"
        f'{rng.randint(100, 100000) / 100}</ЦенаЗаЕдиницу></Цена></Цены><Склад ИдСклада="w1" КоличествоНаСкладе='
        f'"{rng.randint(0, 500)}"/><Склад ИдСклада="w2" КоличествоНаСкладе="{rng.randint(0, 50)}"/></Предложение>'
        for i in range(n_goods)
    )
    offers_xml = (
        f"{head}<ПакетПредложений><Ид>cat#</Ид><СодержитТолькоИзменения>false</СодержитТолькоИзменения><ТипыЦен>"
        "<ТипЦены><Ид>opt</Ид><Наименование>Оптовая</Наименование></ТипЦены><ТипЦены><Ид>rozn</Ид><Наименование>"
        "Розничная</Наименование></ТипЦены></ТипыЦен><Склады><Склад><Ид>w1</Ид><Наименование>Основной</Наименование>"
        f"</Склад><Склад><Ид>w2</Ид><Наименование>Второй</Наименование></Склад></Склады><Предложения>{offers}"
        "</Предложения></ПакетПредложений></КоммерческаяИнформация>"
    )
    return import_xml.encode(), offers_xml.encode()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(db, addons, n_goods, n_orders):
    sys.path.insert(0, str(ODOO_PATH))
    import odoo
    from odoo import Command, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons}", "--log-level=warn"])
    registry = Registry(db)
    rng = random.Random(7)
    import_xml, offers_xml = catalog_files(n_goods, rng)
    print(f"import.xml {len(import_xml) / 1e6:.1f} MB, offers.xml {len(offers_xml) / 1e6:.1f} MB", flush=True)
    print(f"peak memory before the import: {peak_mb():.0f} MB", flush=True)
    for round_ in ("first exchange (all created)", "same exchange again"):
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})  # as the cron job runs
            if not env["b2b.exchange.price.type"].search([]):
                pricelist = env["product.pricelist"].create({"name": "Розница 1С"})
                env["b2b.exchange.price.type"].create({"name": "Розничная", "pricelist_id": pricelist.id})
            user = env.ref("base.user_admin")
            session, _token = env["b2b.exchange.session"]._b2b_open(user, "catalog")
            for name, content in (("import.xml", import_xml), ("offers.xml", offers_xml)):
                upload = env["b2b.exchange.file"]._b2b_receive(session, name, content)
                upload._b2b_queue()
                cr.commit()
                start = time.perf_counter()
                upload._b2b_process()
                cr.commit()
                elapsed = time.perf_counter() - start
                print(
                    f"{round_}: {name}: {elapsed:.1f} s, {upload.state}, created {upload.created_count}, updated "
                    f"{upload.updated_count}, skipped {upload.skipped_count}; peak memory {peak_mb():.0f} MB",
                    flush=True,
                )
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        products = env["product.product"].search([("b2b_1c_id", "!=", False)], limit=200)
        client = env["res.partner"].create(
            {"name": "ООО «Бенч»", "is_company": True, "b2b_is_client": True, "vat": "7707083893"}
        )
        buyer = env["res.users"].create(
            {
                "name": "Bench buyer",
                "login": "bench_1c_buyer",
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
        buyer.partner_id.write({"parent_id": client.id, "b2b_role": "buyer"})
        env["sale.order"].create(
            [
                {
                    "partner_id": buyer.partner_id.id,
                    "b2b_portal_user_id": buyer.id,
                    "b2b_reservation_state": "pending",
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": rng.randint(1, 10)})
                        for product in rng.sample(list(products), 3)
                    ],
                }
                for _n in range(n_orders)
            ]
        )
        cr.commit()
        session, _token = env["b2b.exchange.session"]._b2b_open(env.ref("base.user_admin"), "sale")
        for label in ("query (Ид given to the orders)", "query again"):
            env.invalidate_all()
            start = time.perf_counter()
            body, _charset = env["b2b.exchange.sale"]._b2b_query(session)
            cr.commit()
            elapsed = time.perf_counter() - start
            print(f"{label}: {elapsed:.2f} s for {body.count('<Документ>'.encode())} orders, {len(body) / 1e6:.1f} MB")
    odoo.sql_db.close_db(db)


if __name__ == "__main__":
    main()
