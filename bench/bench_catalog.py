"""Benchmark: the B2B catalog page and the web-shop feed against Odoo's own /shop.

What it does
    1. copies the cached template database of the test command (b2b_tmpl_nodemo_<key>, built by
       `scripts/test`) into a throwaway database and installs the project's add-ons (every
       installable one of addons/) and website_sale in it (no demo data);
    2. generates 10,000 products (published, sellable, storable, in 20 categories, 2/3 of them in
       stock), 500 client companies with an active contract each, one portal buyer, and 200,000
       turnover rows (400 products per client), with batched ORM creates and set-based SQL;
    3. starts an Odoo server on that database (one process, --workers=0, no cron) and, as the
       client's buyer, times 15 requests of each page after 3 warm-up requests: the catalog with
       40 rows (`/my/b2b/catalog?ppg=40`) and Odoo's `/shop?ppg=40`, both on the same data, then the
       client's 10,000-row feed in CSV, XLSX and YML (5 requests each);
    4. prints the medians (wall time of the request on localhost, which is the server time plus
       well under a millisecond) and drops the database (keep it with --keep).

It asserts nothing timed: the figures go into the issue's report. The machine's other load
shows in absolute figures; compare the ratios.

Run (from the project folder, with the project's virtualenv; Odoo is found as README.md says):

    ~/.cache/b2b-portal/venv-*/bin/python bench/bench_catalog.py [--keep]
    ... bench/bench_catalog.py --db b2b_bench_catalog_<pid> [--keep]   # measure a kept database again
    ... bench/bench_catalog.py --products 2000 --clients 50            # a quick run on less data

PostgreSQL is reached as by the other scripts (PG* variables or the local socket).
"""

import argparse
import statistics
import subprocess
import sys
import time

import requests
from _common import (
    PROJECT,
    bench_database,
    environment,
    free_port,
    gather_statistics,
    odoo_cmd,
    portal_user,
    psql,
    repeat,
    step,
)

PRODUCTS, CLIENTS, TURNOVER_PER_CLIENT = 10_000, 500, 400  # defaults of --products, --clients
LOGIN = "bench-buyer"


def generate(db, products=PRODUCTS, clients_count=CLIENTS):
    """Products, clients, contracts, a buyer, stock and turnover. Returns the buyer's feed token."""
    from odoo.tools import SQL

    with environment(db, {"tracking_disable": True, "lang": "en_US"}) as env:
        cr = env.cr
        company = env.ref("base.main_company")
        start = time.time()
        categories = env["product.category"].create([{"name": f"Category {i:02d}"} for i in range(20)])
        Product = env["product.product"]
        for offset in range(0, products, 1000):
            Product.create(
                [
                    {
                        "name": f"Bench product {i:05d}",
                        "default_code": f"B-{i:05d}",
                        "barcode": f"20{i:011d}",
                        "is_storable": True,
                        "sale_ok": True,
                        "is_published": True,
                        "list_price": 10 + (i * 37) % 990,
                        "categ_id": categories[i % 20].id,
                        "b2b_pack_qty": 1 + i % 12,
                    }
                    for i in range(offset, min(offset + 1000, products))
                ]
            )
        env.flush_all()
        step(f"{products} products", start)
        start = time.time()
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        # stock for 2 products out of 3, set-based (quants of a fresh database)
        cr.execute(
            SQL(
                """
                INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                         in_date, create_uid, create_date, write_uid, write_date)
                SELECT pp.id, %(location)s, %(company)s, 5 + mod(pp.id * 7919, 2000), 0, now(), 1, now(), 1, now()
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.default_code LIKE %(pattern)s AND mod(pp.id, 3) <> 0
                """,
                pattern="B-%",
                location=warehouse.lot_stock_id.id,
                company=company.id,
            )
        )
        step("stock quants", start)
        start = time.time()
        clients = env["res.partner"].create(
            [
                {"name": f"Bench client {i:03d}", "is_company": True, "b2b_is_client": True, "lang": "en_US"}
                for i in range(clients_count)
            ]
        )
        contracts = env["b2b.contract"].create(
            [
                {
                    "name": f"BENCH-{i:03d}",
                    "partner_id": client.id,
                    "company_id": company.id,
                    "contract_type": "consignment" if i % 4 == 0 else "sale",
                    "installment_days": (i % 4) * 15,
                    "discount_percent": i % 10,
                    "state": "active",
                }
                for i, client in enumerate(clients)
            ]
        )
        step(f"{clients_count} clients with active contracts ({len(contracts.pricelist_id)} pricelists)", start)
        start = time.time()
        # 400 random products per client; the benched client (the first) gets turnover on every
        # product of the first catalog pages too, so that throttling really applies there
        cr.execute(
            SQL(
                """
                INSERT INTO b2b_turnover (partner_id, product_id, quantity,
                                          create_uid, create_date, write_uid, write_date)
                SELECT c.id, p.id, 1 + floor(random() * 200), 1, now(), 1, now()
                  FROM res_partner c
                 CROSS JOIN LATERAL (
                        SELECT pp.id FROM product_product pp
                         WHERE mod(pp.id, 25) = mod(c.id, 25) OR c.id = %(first)s
                         ORDER BY mod(pp.id * 2654435761 + c.id, 100003)
                         LIMIT %(per_client)s) p
                 WHERE c.id = ANY(%(clients)s)
                """,
                first=clients[0].id,
                per_client=TURNOVER_PER_CLIENT,
                clients=clients.ids,
            )
        )
        count = env["b2b.turnover"].search_count([])
        step(f"{count} turnover rows", start)
        client = clients[0]
        portal_user(env, client, LOGIN, "Bench buyer", password=LOGIN)
        client._b2b_regenerate_feed_token()
        token = client.b2b_feed_token
        cr.commit()
    return token


def wait_for(url, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(url, timeout=60).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit(f"server did not answer {url}")


def timed_get(session, url, runs, warmup=3):
    """Median wall time of RUNS requests after WARMUP ones, and the size of the answer."""

    def get():
        response = session.get(url)
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code}")
        return response

    times, response = repeat(get, runs, warmup)
    return statistics.median(times), len(response.content)


def measure(db, token):
    rows = int(psql("select count(*) from product_product where default_code like 'B-%'", db=db))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = PROJECT / ".test-logs" / f"bench-catalog-{db}.log"
    log.parent.mkdir(exist_ok=True)
    with open(log, "w") as log_file:
        server = subprocess.Popen(
            odoo_cmd(
                db,
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--workers=0",
                "--max-cron-threads=0",
                f"--db-filter=^{db}$",
                "--log-level=warn",
            ),
            cwd=PROJECT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(f"{base}/web/login")
        session = requests.Session()
        page = session.get(f"{base}/web/login").text
        csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = session.post(f"{base}/web/login", data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf})
        assert response.status_code == 200 and "/web/login" not in response.url, "login failed"
        results = {}
        results["catalog"] = timed_get(session, f"{base}/my/b2b/catalog?ppg=40", 15)
        results["shop"] = timed_get(session, f"{base}/shop?ppg=40", 15)
        anonymous = requests.Session()
        for fmt in ("csv", "xlsx", "xml"):
            results[f"feed {fmt}"] = timed_get(anonymous, f"{base}/b2b/feed/{token}.{fmt}", 5, warmup=1)
    finally:
        server.terminate()
        server.wait(30)
    print()
    print(f"{'page':<32} {'median':>10} {'size':>12}")
    labels = {
        "catalog": "/my/b2b/catalog, 40 rows",
        "shop": "/shop, 40 products (Odoo)",
        "feed csv": f"feed CSV, {rows:,} rows",
        "feed xlsx": f"feed XLSX, {rows:,} rows",
        "feed xml": f"feed YML, {rows:,} rows",
    }
    for key, (median, size) in results.items():
        print(f"{labels[key]:<32} {median * 1000:>8.0f} ms {size:>10} B")
    ratio = results["catalog"][0] / results["shop"][0]
    slowest_feed = max(median for key, (median, _size) in results.items() if key.startswith("feed"))
    print(f"\ncatalog / shop = {ratio:.2f} (target <= 0.5); slowest feed {slowest_feed:.2f} s (target <= 1 s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--db", help="measure again on a database kept by an earlier --keep run")
    parser.add_argument("--products", type=int, default=PRODUCTS, help=f"products to generate ({PRODUCTS})")
    parser.add_argument("--clients", type=int, default=CLIENTS, help=f"client companies to generate ({CLIENTS})")
    args = parser.parse_args()
    start = time.time()
    with bench_database("b2b_bench_catalog", keep=args.keep, existing=args.db, extra_modules=["website_sale"]) as db:
        if args.db:
            token = psql("select b2b_feed_token from res_partner where b2b_feed_token is not null limit 1", db=db)
        else:
            token = generate(db, args.products, args.clients)
            step("data generated", start)
        gather_statistics(db)
        measure(db, token)


if __name__ == "__main__":
    main()
