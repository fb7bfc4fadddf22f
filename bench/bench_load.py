"""Benchmark: the portal under load, as production serves it (nginx + Odoo with 2 workers).

What it does
    1. copies the test command's cached template database, installs b2b_portal, b2b_pricing,
       b2b_reconciliation and website_sale (as bench_catalog.py), generates bench_catalog.py's
       data (10,000 products, 500 clients with contracts and turnover; `--products` and
       `--clients` for a quick run), then 50 portal
       users of 10 clients (per client an admin, three buyers, an accountant) and per client 10
       confirmed orders of 3 lines, half of them invoiced;
    2. starts nginx with deploy/nginx/b2b-portal.conf in front of Odoo with
       deploy/odoo.production.conf and `--workers=2` (scripts/check_deploy.py's Stack), on
       loopback ports; logs the 50 users in through nginx;
    3. open loop: requests arrive at a fixed rate (Poisson arrivals, seeded) whatever the server
       does, for `--seconds` per step at 5, 10, 15 and 20 requests/s, each request sent by a free
       user whose role allows it. The mix of a B2B cabinet: catalog pages (paging, page sizes,
       search), product cards, add to order, the draft order page, /my/orders, /my/invoices, the
       reconciliation acts page, the home page, a client's stock feed. The latency of a request is
       counted from its scheduled arrival (a request that waited for a free user counts the wait);
       then the same steps with Odoo's /my/orders alone, the yardstick;
    4. closed loop: 10 users request the 40-row catalog as fast as they can for
       `--capacity-seconds`, then /my/orders the same way: the requests/s each sustains, and
       their ratio;
    5. prints per step the target and achieved rate, p50/p95/p99, errors (HTTP status other than
       200, or 303 for the add-to-order POST, and failed connections), and the tracebacks in
       Odoo's log; drops the database (keep it with --keep; measure again with --db).

It asserts nothing timed. Client and server share the machine's cores: compare ratios.

    PYTHONPATH=/opt/odoo18 ~/.cache/b2b-portal/venv-*/bin/python bench/bench_load.py \
        [--products 10000] [--clients 500] [--seconds 30] [--rates 5,10,15,20] [--keep | --db DB]
"""

import argparse
import bisect
import os
import queue
import random
import re
import shutil
import statistics
import sys
import threading
import time

import bench_catalog
import requests
from _common import (
    ODOO_PATH,
    PROJECT,
    create_database,
    db_options,
    filestore,
    gather_statistics,
    psql,
    registry,
    step,
)

sys.path.insert(0, str(PROJECT / "scripts"))
from check_deploy import SERVER_NAME, Stack, host_session
from check_workers import log_problems, login

LOAD_CLIENTS, ROLES = 10, ("admin", "buyer", "buyer", "buyer", "accountant")
ORDERS_PER_CLIENT, LINES_PER_ORDER = 10, 3
SEARCHES = ("product 01", "B-004", "Bench product 2", "200000", "7")

# (name, weight in %, roles allowed); the requests themselves are in Load.request()
MIX = (
    ("catalog", 35, ("admin", "buyer", "accountant")),
    ("product", 20, ("admin", "buyer", "accountant")),
    ("add to order", 10, ("admin", "buyer")),
    ("order page", 10, ("admin", "buyer")),
    ("/my/orders", 8, ("admin", "buyer", "accountant")),
    ("/my/invoices", 7, ("admin", "buyer", "accountant")),
    ("acts", 5, ("admin", "accountant")),
    ("home /my", 4, ("admin", "buyer", "accountant")),
    ("feed csv", 1, ("admin", "buyer", "accountant")),
)


def login_of(client_index, user_index):
    return f"bench-load-{client_index:02d}-{user_index}"


def generate_portal(db):
    """Portal users of the first clients, their orders and invoices. Returns (login, role) pairs."""
    sys.path.insert(0, str(ODOO_PATH))
    import odoo

    # Odoo's configuration is parsed once per process: the same registry as bench_catalog's
    users = []
    with registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"})
        start = time.time()
        clients = env["res.partner"].search([("name", "=like", "Bench client %")], order="name", limit=LOAD_CLIENTS)
        portal = env.ref("base.group_portal")
        products = env["product.product"].search([("default_code", "=like", "B-%")], order="id", limit=500)
        for c, client in enumerate(clients):
            for u, role in enumerate(ROLES):
                user = env["res.users"].create(
                    {
                        "name": f"Load user {c}-{u}",
                        "login": login_of(c, u),
                        "password": login_of(c, u),
                        "groups_id": [(6, 0, [portal.id])],
                    }
                )
                user.partner_id.write({"parent_id": client.id, "b2b_role": role})
                users.append((login_of(c, u), role))
            client._b2b_regenerate_feed_token()
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": client.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": products[(c * 37 + o * 7 + i) % len(products)].id,
                                    "product_uom_qty": 1 + i,
                                },
                            )
                            for i in range(LINES_PER_ORDER)
                        ],
                    }
                    for o in range(ORDERS_PER_CLIENT)
                ]
            )
            orders.action_confirm()
            invoices = orders[: ORDERS_PER_CLIENT // 2]._create_invoices()
            invoices.action_post()
            # portal lists give each document an access token on first view; concurrent first
            # views of the same documents then conflict: made here as a mailed document has it
            for document in [*orders, *invoices]:
                document._portal_ensure_token()
        cr.commit()
        step(f"{len(users)} portal users of {len(clients)} clients, {len(clients) * ORDERS_PER_CLIENT} orders", start)
    return users


class Load:
    """The logged-in users and the requests of the mix."""

    def __init__(self, stack, users, products, seed=1):
        self.stack, self.base = stack, stack.base
        self.random = random.Random(seed)
        self.products = products
        self.free = {role: queue.Queue() for role in ("admin", "buyer", "accountant")}
        self.tokens = {}
        for name, role in users:
            session = login(host_session(), self.base, name, name)
            page = session.get(f"{self.base}/my/b2b/catalog", timeout=60)
            # the add-to-order form's token, or the one every page's script carries
            session.b2b_csrf = re.search(r'csrf_token(?:" value=|: )"([^"]+)"', page.text).group(1)
            session.b2b_login = name
            self.free[role].put(session)
        for token in psql(
            "select b2b_feed_token from res_partner where b2b_feed_token is not null", db=stack.db
        ).split():
            self.tokens[token] = True

    def take(self, roles):
        """A free user with one of these roles (waits for one if all are busy)."""
        while True:
            for role in self.random.sample(roles, len(roles)):
                try:
                    return role, self.free[role].get_nowait()
                except queue.Empty:
                    continue
            time.sleep(0.005)

    def request(self, action, session, rnd):
        """Send one request of the mix; returns (HTTP status, the expected status)."""

        def get(path):
            return session.get(f"{self.base}{path}", timeout=60, allow_redirects=False)

        if action == "catalog":
            ppg = rnd.choice((20, 40))
            if rnd.random() < 0.4:
                response = get(f"/my/b2b/catalog?ppg={ppg}&search={rnd.choice(SEARCHES)}")
            else:
                response = get(f"/my/b2b/catalog/page/{rnd.randint(1, 50)}?ppg={ppg}")
        elif action == "product":
            response = get(f"/my/b2b/catalog/{rnd.choice(self.products)}")
        elif action == "add to order":
            response = session.post(
                f"{self.base}/my/b2b/order/add",
                data={
                    "product_id": rnd.choice(self.products),
                    "quantity": rnd.randint(1, 5),
                    "csrf_token": session.b2b_csrf,
                },
                timeout=60,
                allow_redirects=False,
            )
            return response.status_code, 303
        elif action == "order page":
            response = get("/my/b2b/order")
        elif action == "/my/orders":
            response = get("/my/orders")
        elif action == "/my/invoices":
            response = get("/my/invoices")
        elif action == "acts":
            response = get("/my/b2b/acts")
        elif action == "home /my":
            response = get("/my")
        elif action == "feed csv":
            response = requests.get(
                f"{self.base}/b2b/feed/{rnd.choice(list(self.tokens))}.csv", headers={"Host": SERVER_NAME}, timeout=60
            )
        else:
            raise ValueError(action)
        return response.status_code, 200

    def run_open(self, rate, seconds, mix, seed):
        """Poisson arrivals at `rate`/s for `seconds`; returns the step's figures."""
        rnd = random.Random(seed)
        names = [m[0] for m in mix]
        cumulative = []
        for _name, weight, _roles in mix:
            cumulative.append((cumulative[-1] if cumulative else 0) + weight)
        schedule, t = [], 0.0
        while True:
            t += rnd.expovariate(rate)
            if t >= seconds:
                break
            index = bisect.bisect_right(cumulative, rnd.random() * cumulative[-1])
            schedule.append((t, index, rnd.random()))
        results, lock = [], threading.Lock()
        threads = []
        start = time.perf_counter()

        def one(at, index, seed_value):
            name, _weight, roles = mix[index]
            role, session = self.take(roles)
            try:
                status, expected = self.request(name, session, random.Random(seed_value))
            except requests.RequestException as error:
                status, expected = type(error).__name__, 200
            finally:
                self.free[role].put(session)
            done = time.perf_counter() - start
            with lock:
                results.append((name, done - at, status == expected, done, status))

        for at, index, seed_value in schedule:
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=one, args=(at, index, seed_value), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(120)
        elapsed = max((r[3] for r in results), default=seconds)
        return summarize(results, rate, elapsed, names)

    def run_closed(self, action, users, seconds):
        """`users` users send `action` back to back for `seconds`: requests/s and errors."""
        sessions = [self.take(("admin", "buyer")) for _ in range(users)]
        counts, errors, lock = [0], [0], threading.Lock()
        deadline = time.perf_counter() + seconds

        def loop(session, seed_value):
            rnd = random.Random(seed_value)
            while time.perf_counter() < deadline:
                try:
                    status, expected = self.request(action, session, rnd)
                    ok = status == expected
                except requests.RequestException:
                    ok = False
                with lock:
                    counts[0] += 1
                    errors[0] += not ok

        threads = [threading.Thread(target=loop, args=(s, i)) for i, (_r, s) in enumerate(sessions)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        for role, session in sessions:
            self.free[role].put(session)
        return counts[0] / elapsed, errors[0]


def percentile(values, fraction):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def summarize(results, rate, elapsed, names):
    latencies = [r[1] for r in results]
    by_page = {name: [r[1] for r in results if r[0] == name] for name in names}
    return {
        "rate": rate,
        "sent": len(results),
        "achieved": len(results) / elapsed if elapsed else 0.0,
        "errors": sum(1 for r in results if not r[2]),
        "error_kinds": sorted({f"{r[0]}: {r[4]}" for r in results if not r[2]}),
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "pages": {name: (len(v), statistics.median(v) if v else float("nan")) for name, v in by_page.items()},
    }


def print_steps(title, steps):
    print(f"\n{title}")
    print(f"{'target/s':>8} {'achieved/s':>10} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for s in steps:
        print(
            f"{s['rate']:>8} {s['achieved']:>10.1f} {s['sent']:>8} {s['errors']:>6} "
            f"{s['p50'] * 1000:>7.0f} {s['p95'] * 1000:>7.0f} {s['p99'] * 1000:>7.0f}"
            + (f"  ({', '.join(s['error_kinds'])})" if s["error_kinds"] else "")
        )


def measure(db, args):
    users = [(login_of(c, u), role) for c in range(LOAD_CLIENTS) for u, role in enumerate(ROLES)]
    products = [
        int(p) for p in psql("select id from product_product where default_code like 'B-%' order by id", db=db).split()
    ]
    workdir = PROJECT / ".test-logs" / f"bench-load-{db}"
    shutil.rmtree(workdir, ignore_errors=True)
    addons = f"{ODOO_PATH / 'odoo' / 'addons'},{PROJECT / 'addons'}"
    extra = [f"--workers={args.workers}", "--max-cron-threads=0"]
    start = time.time()
    with Stack(db, workdir, addons, db_options(), extra) as stack:
        step(f"nginx on {stack.base} -> Odoo --workers={args.workers} (logs in {workdir})", start)
        load = Load(stack, users, products)
        step(f"{len(users)} users logged in through nginx")
        load.run_open(5, min(args.seconds, 10), MIX, seed=0)  # warm-up: every worker loads its registry and caches
        mix_steps, yard_steps = [], []
        yardstick = (("/my/orders", 100, ("admin", "buyer", "accountant")),)
        for i, rate in enumerate([] if args.capacity_only else args.rates):
            mix_steps.append(load.run_open(rate, args.seconds, MIX, seed=100 + i))
            step(f"mix at {rate}/s: p95 {mix_steps[-1]['p95'] * 1000:.0f} ms, {mix_steps[-1]['errors']} errors")
        for i, rate in enumerate([] if args.capacity_only else args.rates):
            yard_steps.append(load.run_open(rate, args.seconds, yardstick, seed=200 + i))
            step(f"/my/orders at {rate}/s: p95 {yard_steps[-1]['p95'] * 1000:.0f} ms")
        # closed loop in rounds, catalog and /my/orders in turn: the ratio of each round is taken
        # on the same machine load, the median of the rounds reported
        rounds = []
        for r in range(args.capacity_rounds):
            pair = {action: load.run_closed(action, 10, args.capacity_seconds) for action in ("catalog", "/my/orders")}
            rounds.append(pair)
            step(
                f"closed loop round {r + 1}: catalog {pair['catalog'][0]:.1f}/s, "
                f"/my/orders {pair['/my/orders'][0]:.1f}/s"
            )
        capacity = {
            action: (statistics.median(p[action][0] for p in rounds), sum(p[action][1] for p in rounds))
            for action in ("catalog", "/my/orders")
        }
        ratios = [p["catalog"][0] / p["/my/orders"][0] for p in rounds if p["/my/orders"][0]]
        problems = log_problems(stack.read_odoo_log())
    print_steps("Open loop, the portal mix (50 users of 10 clients)", mix_steps)
    print_steps("Open loop, Odoo's /my/orders alone (the yardstick)", yard_steps)
    print("\nMedian per page in the mix (ms), by step:")
    print(f"{'page':<14}" + "".join(f"{s['rate']:>8}/s" for s in mix_steps))
    for name, _w, _r in MIX:
        print(f"{name:<14}" + "".join(f"{s['pages'][name][1] * 1000:>10.0f}" for s in mix_steps))
    print(f"\nClosed loop, 10 users, {args.capacity_seconds} s each, {len(rounds)} round(s) (median):")
    for action, (rps, errors) in capacity.items():
        print(f"  {action:<12} {rps:6.1f} requests/s, {errors} errors")
    ratio = statistics.median(ratios) if ratios else float("nan")
    spread = f" (rounds: {', '.join(f'{r:.2f}' for r in ratios)})" if len(ratios) > 1 else ""
    print(f"  catalog / /my/orders = {ratio:.2f}{spread} (target >= 0.7)")
    for s in mix_steps:
        if s["rate"] == 15:
            print(f"  mix at 15/s: {s['errors']} errors (target 0), p95 {s['p95'] * 1000:.0f} ms (target <= 500 ms)")
    print(f"\nOdoo log: {len(problems)} traceback/error lines" + (f", first: {problems[0][:200]}" if problems else ""))
    print(f"Logs of Odoo and nginx: {workdir}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=bench_catalog.PRODUCTS)
    parser.add_argument("--clients", type=int, default=bench_catalog.CLIENTS)
    parser.add_argument("--seconds", type=int, default=30, help="length of each open-loop step")
    parser.add_argument("--capacity-seconds", type=int, default=20, help="length of each closed-loop run")
    parser.add_argument(
        "--capacity-rounds", type=int, default=1, help="closed-loop rounds (catalog, then /my/orders, each round)"
    )
    parser.add_argument(
        "--capacity-only", action="store_true", help="skip the open-loop steps (after the warm-up): closed loop only"
    )
    parser.add_argument("--rates", default="5,10,15,20", help="arrival rates of the steps, requests/s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--db", help="measure again on a database kept by an earlier --keep run")
    args = parser.parse_args()
    args.rates = [int(r) for r in args.rates.split(",")]
    if args.clients < LOAD_CLIENTS:
        parser.error(f"--clients must be at least {LOAD_CLIENTS}")
    bench_catalog.PRODUCTS, bench_catalog.CLIENTS = max(args.products, 1000), args.clients
    db = args.db or f"b2b_bench_load_{os.getpid()}"
    start = time.time()
    try:
        if not args.db:
            create_database(db, extra_modules=("website_sale",))  # bench_catalog publishes products
            bench_catalog.generate(db, bench_catalog.PRODUCTS, bench_catalog.CLIENTS)
        if not psql(f"select id from res_users where login = '{login_of(0, 0)}'", db=db):
            generate_portal(db)
            sys.modules["odoo"].sql_db.close_all()
            step("data generated", start)
        gather_statistics(db)
        step("statistics gathered (VACUUM ANALYZE)")
        measure(db, args)
    finally:
        if "odoo" in sys.modules:
            sys.modules["odoo"].sql_db.close_all()
        if not args.keep and not args.db:
            psql(f'drop database if exists "{db}"')
            shutil.rmtree(filestore(db), ignore_errors=True)
        else:
            step(f"kept database {db}")


if __name__ == "__main__":
    main()
