"""Benchmark: the reservation job on 1,000 pending portal orders.

What it does
    1. copies the cached template database of the test command (``b2b_tmpl_nodemo_<key>``,
       built by ``scripts/test``; the newest one is taken, or ``--template NAME``) into a
       throwaway database ``b2b_bench_resv_<pid>`` and installs the project's add-ons on it
       (every installable one of addons/);
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

Odoo is found as README.md says (``ODOO_PATH``, else /opt/odoo18, else an importable odoo);
PostgreSQL through the usual ``PG*`` variables or the local socket.
"""

import argparse
import random
import time

from _common import bench_database, close_connections, environment, portal_user


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--template")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with bench_database("b2b_bench_resv", keep=args.keep, template_name=args.template) as db:
        run(db, args.orders)


def run(db, n_orders):
    from odoo import Command

    rng = random.Random(5)
    with environment(db, {"tracking_disable": True}) as env:
        cr = env.cr
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        products = env["product.product"].create(
            [
                {"name": f"Bench {i}", "default_code": f"BENCH-{i:03d}", "is_storable": True, "list_price": 10 + i}
                for i in range(40)
            ]
        )
        client = env["res.partner"].create({"name": "ООО «Бенч»", "is_company": True, "b2b_is_client": True})
        buyer = portal_user(env, client, "bench_buyer", "Bench buyer")
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
            stock = int(demand[product.id] * 0.7)
            if stock:  # a small --orders leaves some products with no demand to speak of
                env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, stock)
        cr.commit()
        print(f"generated {n_orders} pending orders with {3 * n_orders} lines", flush=True)

    start = time.perf_counter()
    runs = 0
    with environment(db) as env:
        cr = env.cr
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
    close_connections(db)  # so that the database can be dropped
    print(f"job runs (batches): {runs}")
    rate, per_order = n_orders / elapsed, 1000 * elapsed / n_orders
    print(f"time: {elapsed:.1f} s for {n_orders} orders = {rate:.1f} orders/s, {per_order:.0f} ms/order")
    print(f"states: {states}")
    print(f"products reserved beyond their stock: {over}")
    print(f"e-mails queued: {mails}")


if __name__ == "__main__":
    main()
