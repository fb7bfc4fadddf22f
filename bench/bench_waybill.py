"""Benchmark: issuing and collecting a 200-line waybill (b2b_waybill).

What it does: copies the test command's template database (``b2b_tmpl_nodemo_<key>``, built by
``scripts/test``) into a throwaway database, installs the project's add-ons there (every
installable one of addons/) without demo data, generates a consignment client, 200 storable
products in stock and ROUNDS confirmed sale orders of 200 lines each (reserved by Odoo on
confirmation), then times, per order:

- issue:   ``sale.order._b2b_issue_waybill`` for every line (lock, availability, create, number);
- collect: ``b2b.waybill._b2b_collect`` with 20 lines handed over short (delivery validated for the
  handed-over quantities, backorder for the rest, waybill collected, client e-mail queued);
- pdf:     the waybill PDF (wkhtmltopdf) and the TORG-12 of the validated delivery.

It prints the figures (min / median / max over the rounds) and asserts nothing timed. The
database is dropped at the end (``--keep`` keeps it).

Run it with the project's Python environment, from the repository root:

    ~/.cache/b2b-portal/venv-*/bin/python bench/bench_waybill.py [--rounds 3] [--lines 200] [--keep] [--profile]

Odoo is found as README.md says (ODOO_PATH, else /opt/odoo18, else an importable odoo);
PostgreSQL is reached like ``scripts/test`` does (PG* variables or the local socket). Run
``scripts/test`` once before, so that the template database exists.
"""

import argparse
import cProfile
import pstats
import time

from _common import bench_database, environment, portal_user, spread, timed


def build_world(env, n_lines, rounds):
    from odoo import Command

    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    client = env["res.partner"].create({"name": "ООО «Бенчмарк»", "is_company": True, "b2b_is_client": True})
    contract = env["b2b.contract"].create(
        {"name": "К-1", "partner_id": client.id, "company_id": company.id, "contract_type": "consignment"}
    )
    contract.action_activate()
    buyer = portal_user(env, client, "bench_buyer", "Закупщик")
    storekeeper = env["res.users"].create(
        {
            "name": "Кладовщик",
            "login": "bench_storekeeper",
            "email": "storekeeper@example.com",
            "groups_id": [Command.set([env.ref("b2b_portal.group_b2b_storekeeper").id])],
        }
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Товар {i:03d}",
                "default_code": f"B{i:03d}",
                "is_storable": True,
                "weight": 0.25,
                "list_price": 50,
            }
            for i in range(n_lines)
        ]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100 * rounds)
    orders = env["sale.order"].create(
        [
            {
                "partner_id": client.id,
                "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 10}) for p in products],
            }
            for _round in range(rounds)
        ]
    )
    orders.action_confirm()
    return buyer, storekeeper, orders


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print where the first collection spends its time")
    args = parser.parse_args()

    figures = {"issue": [], "collect": [], "waybill pdf": [], "torg-12 pdf": []}
    with bench_database("b2b_bench_waybill", keep=args.keep) as db:
        with environment(db) as env:
            cr = env.cr
            start = time.perf_counter()
            buyer, storekeeper, orders = build_world(env, args.lines, args.rounds)
            cr.commit()
            print(f"data: {args.rounds} orders x {args.lines} lines in {time.perf_counter() - start:.1f} s")
            Report = env["ir.actions.report"]
            for order in orders:
                quantities = {line.id: line.product_uom_qty for line in order.order_line}
                env.invalidate_all()
                seconds, waybill = timed(lambda o=order, q=quantities: o._b2b_issue_waybill(q, user=buyer))
                cr.commit()
                figures["issue"].append(seconds)
                short = {line.id: line.quantity - 1 for line in waybill.line_ids[:20]}
                env.invalidate_all()
                collect = lambda w=waybill, s=short: w.with_user(storekeeper)._b2b_collect(s)  # noqa: E731
                if args.profile and not figures["collect"]:
                    profiler = cProfile.Profile()
                    seconds, pickings = timed(lambda c=collect, p=profiler: p.runcall(c))
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                else:
                    seconds, pickings = timed(collect)
                cr.commit()
                figures["collect"].append(seconds)
                assert waybill.state == "collected" and len(pickings.move_ids) == args.lines
                seconds, _pdf = timed(
                    lambda w=waybill: Report._render_qweb_pdf("b2b_waybill.action_report_b2b_waybill", w.ids)
                )
                figures["waybill pdf"].append(seconds)
                seconds, _pdf = timed(
                    lambda p=pickings: Report._render_qweb_pdf("b2b_waybill.action_report_torg12", p.ids)
                )
                figures["torg-12 pdf"].append(seconds)
        print(f"{args.lines}-line waybill, {args.rounds} rounds (seconds: min / median / max)")
        for name, values in figures.items():
            low, median, high = spread(values)
            print(f"  {name:12} {low:6.2f} / {median:6.2f} / {high:6.2f}")


if __name__ == "__main__":
    main()
