"""Benchmark: the reservation job on 1,000 pending portal orders.

What it does
    1. copies the cached template database of the test command (``b2b_tmpl_nodemo_<key>``,
       built by ``scripts/test``; the newest one is taken, or ``--template NAME``) into a
       throwaway database ``b2b_bench_resv_<pid>`` and installs b2b_sale on it;
    2. generates 40 storable products with stock for about 70 % of the demand, a client
       company with a buyer, and 1,000 orders of 3 lines each in ``b2b_reservation_state =
       pending`` (as «Send for reservation» leaves them);
    3. runs the reservation job (``sale.order._b2b_cron_reserve``, one transaction per order,
       batches of 50, re-run while orders are pending, as the cron's triggers would) and
       prints the time, orders per second, the resulting states and the check that no quant
       is reserved beyond its quantity;
    4. drops the database (``--keep`` keeps it).

It asserts nothing timed. Run it with the project's Python environment, for example:

    ~/.cache/b2b-portal/venv-*/bin/python bench/bench_reservation.py [--orders 1000] [--keep]

Environment: ``ODOO_PATH`` (default /opt/odoo18) and the usual ``PG*`` variables.
"""

import argparse
import random
import sys
import time

from benchlib import ADDONS, ODOO_PATH, throwaway_db


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--template")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    # the reservation job lives in b2b_sale since the split of b2b_portal
    with throwaway_db("b2b_bench_resv", "b2b_sale", args.template, args.keep) as db:
        run(db, ADDONS, args.orders)


def run(db, addons, n_orders):
    sys.path.insert(0, str(ODOO_PATH))
    import odoo
    from odoo import Command, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons}", "--log-level=warn"])
    registry = Registry(db)
    rng = random.Random(5)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        products = env["product.product"].create(
            [
                {"name": f"Bench {i}", "default_code": f"BENCH-{i:03d}", "is_storable": True, "list_price": 10 + i}
                for i in range(40)
            ]
        )
        client = env["res.partner"].create({"name": "ООО «Бенч»", "is_company": True, "b2b_is_client": True})
        buyer = env["res.users"].create(
            {
                "name": "Bench buyer",
                "login": "bench_buyer",
                "email": "bench@example.com",
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
        buyer.partner_id.write({"parent_id": client.id, "b2b_role": "buyer"})
        demand = dict.fromkeys(products.ids, 0)
        orders = []
        for __ in range(n_orders):
            lines = []
            for product in rng.sample(list(products), 3):
                qty = rng.randint(1, 10)
                demand[product.id] += qty
                lines.append(Command.create({"product_id": product.id, "product_uom_qty": qty}))
            orders.append(
                {
                    "partner_id": buyer.partner_id.id,
                    "b2b_portal_user_id": buyer.id,
                    "b2b_reservation_state": "pending",
                    "order_line": lines,
                }
            )
        env["sale.order"].create(orders)
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, int(demand[product.id] * 0.7)
            )
        cr.commit()
        print(f"generated {n_orders} pending orders with {3 * n_orders} lines", flush=True)

    start = time.perf_counter()
    runs = 0
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        while env["sale.order"].search_count([("b2b_reservation_state", "=", "pending")]):
            env["sale.order"]._b2b_cron_reserve()
            runs += 1
            cr.commit()
        elapsed = time.perf_counter() - start
        cr.execute(
            "SELECT b2b_reservation_state, count(*) FROM sale_order WHERE b2b_portal_user_id IS NOT NULL GROUP BY 1"
        )
        states = dict(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM (SELECT product_id, sum(quantity) q, sum(reserved_quantity) r FROM stock_quant"
            " GROUP BY product_id) s WHERE r > q"
        )
        over = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM mail_mail")
        mails = cr.fetchone()[0]
    odoo.sql_db.close_db(db)  # so that the database can be dropped
    print(f"job runs (batches): {runs}")
    rate, per_order = n_orders / elapsed, 1000 * elapsed / n_orders
    print(f"time: {elapsed:.1f} s for {n_orders} orders = {rate:.1f} orders/s, {per_order:.0f} ms/order")
    print(f"states: {states}")
    print(f"products reserved beyond their stock: {over}")
    print(f"e-mails queued: {mails}")


if __name__ == "__main__":
    main()
