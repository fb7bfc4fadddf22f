"""The production recipe works: nginx with deploy/nginx/b2b-portal.conf in front of Odoo with
deploy/odoo.production.conf, both started here on free loopback ports.

Checks, through nginx: the login page (gzip, asset bundles cached by nginx); a login from another
loopback address with forged X-Forwarded-* headers, which Odoo must ignore in favour of nginx's
(the address in Odoo's log, the scheme and host in web.base.url); the websocket (a bus
notification sent by an HTTP worker comes back through nginx from the gevent worker); a 50 MB
upload (a 1C exchange chunk) reaching Odoo while 70 MB gets nginx's 413; the database manager
closed; nginx waiting longer than Odoo's time limit. Finally no worker died and neither log holds
an error. Needs Debian's nginx.

    ~/.cache/b2b-portal/venv-<hash>/bin/python scripts/check_deploy.py --db DB \
        [--addons-path PATHS] [--log-dir DIR] [-- ODOO_DB_OPTIONS...]

DB is a database with the add-ons and demo data (admin/admin), e.g. the test command's demo
phase database or scripts/run's b2b_demo; the check changes its web.base.url. It prints
unittest's report, which scripts/check_test_log.py counts.

`Stack` (nginx + Odoo in production mode) is also used by bench/bench_load.py.
"""

import argparse
import configparser
import getpass
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import psutil
import requests
from check_workers import bus_round_trip, free_port, log_problems, login
from requests.adapters import HTTPAdapter

PROJECT = Path(__file__).resolve().parent.parent
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo18"))
ODOO_CONF = PROJECT / "deploy" / "odoo.production.conf"
NGINX_SITE = PROJECT / "deploy" / "nginx" / "b2b-portal.conf"
SERVER_NAME = "portal.example.ru"
ARGS = None  # the command line, parsed in main()


def data_dir():
    return os.environ.get("B2B_DATA_DIR") or str(Path.home() / ".local" / "share" / "Odoo")


class Stack:
    """nginx with the project's site on a free port, in front of Odoo run with the production
    configuration on another database, ports and folders; what differs from production is
    passed on Odoo's command line and substituted in a copy of the site, nothing else."""

    def __init__(self, db, workdir, addons_path, odoo_options=(), extra_odoo_args=()):
        self.db, self.workdir = db, Path(workdir)
        self.addons_path, self.odoo_options, self.extra_odoo_args = (
            addons_path,
            list(odoo_options),
            list(extra_odoo_args),
        )
        self.http_port, self.gevent_port, self.port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.odoo_log = self.workdir / "odoo.log"
        self.nginx_dir = self.workdir / "nginx"
        self.odoo = self.nginx = None

    def odoo_command(self):
        options = list(self.odoo_options)
        if not any(o.startswith("--db_user") for o in options):
            options.append(f"--db_user={getpass.getuser()}")  # the sample's role is `odoo`
        return [
            sys.executable,
            str(ODOO_PATH / "odoo-bin"),
            "-c",
            str(ODOO_CONF),
            *options,
            "-d",
            self.db,
            f"--db-filter=^{re.escape(self.db)}$",
            f"--addons-path={self.addons_path}",
            f"--data-dir={data_dir()}",
            f"--logfile={self.odoo_log}",
            f"--http-port={self.http_port}",
            f"--gevent-port={self.gevent_port}",
            *self.extra_odoo_args,
        ]

    def site(self):
        """The site with local ports and folders instead of production's."""
        text = NGINX_SITE.read_text(encoding="utf-8")
        replacements = {
            "listen 80;": f"listen 127.0.0.1:{self.port};",
            "127.0.0.1:8069": f"127.0.0.1:{self.http_port}",
            "127.0.0.1:8072": f"127.0.0.1:{self.gevent_port}",
            "/var/cache/nginx/b2b-portal": str(self.nginx_dir / "cache"),
            "/var/log/nginx/": f"{self.nginx_dir}/",
        }
        for old, new in replacements.items():
            if old not in text:
                raise RuntimeError(f"{NGINX_SITE} no longer holds {old!r}: update {__file__}")
            text = text.replace(old, new)
        return text

    def write_nginx_conf(self):
        for sub in ("cache", "tmp"):
            (self.nginx_dir / sub).mkdir(parents=True, exist_ok=True)
        (self.nginx_dir / "site.conf").write_text(self.site(), encoding="utf-8")
        tmp = self.nginx_dir / "tmp"
        user = "user root;" if os.geteuid() == 0 else ""  # workers write the cache and upload buffers here
        conf = f"""{user}
worker_processes 2;
pid {self.nginx_dir}/nginx.pid;
error_log {self.nginx_dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {self.nginx_dir}/site.conf;
}}
"""
        path = self.nginx_dir / "nginx.conf"
        path.write_text(conf, encoding="utf-8")
        return path

    def start(self, timeout=180):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx is missing (Debian: apt-get install nginx)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        conf = self.write_nginx_conf()
        base = [nginx, "-p", str(self.nginx_dir), "-e", str(self.nginx_dir / "error.log"), "-c", str(conf)]
        test = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
        if test.returncode:
            raise RuntimeError(f"nginx -t failed:\n{test.stderr}")
        self.odoo = subprocess.Popen(
            self.odoo_command(), cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.time() + timeout
        self._wait(f"http://127.0.0.1:{self.http_port}/web/login", deadline)  # Odoo first: no 502 in nginx's log
        while time.time() < deadline and "Evented Service (longpolling) running" not in self.read_odoo_log():
            time.sleep(0.5)
        self.nginx = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self._wait(f"{self.base}/web/login", deadline)
        return self

    def _wait(self, url, deadline):
        while time.time() < deadline:
            if self.odoo.poll() is not None or (self.nginx and self.nginx.poll() is not None):
                raise RuntimeError(f"Odoo or nginx exited; logs in {self.workdir}")
            try:
                if requests.get(url, headers={"Host": SERVER_NAME}, timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"no answer on {url}; logs in {self.workdir}")

    def get(self, path, session=None, **options):
        options.setdefault("headers", {}).setdefault("Host", SERVER_NAME)
        return (session or requests).get(f"{self.base}{path}", **options)

    def read_odoo_log(self):
        return self.odoo_log.read_text(encoding="utf-8", errors="replace") if self.odoo_log.exists() else ""

    def odoo_children(self):
        return sorted(child.pid for child in psutil.Process(self.odoo.pid).children())

    def stop(self):
        for process in (self.nginx, self.odoo):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SourceAddressAdapter(HTTPAdapter):
    """Connect from another loopback address, so that nginx sees a client that is not itself."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def host_session(source=None):
    session = requests.Session()
    session.headers["Host"] = SERVER_NAME
    if source:
        session.mount("http://", SourceAddressAdapter(source))
    return session


class ProductionRecipeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(ARGS.db, ARGS.log_dir, ARGS.addons_path, ARGS.odoo_options)
        try:
            cls.stack.start()
        except Exception:
            cls.stack.stop()
            raise
        time.sleep(2)  # a worker that dies on start-up does so within this time
        cls.children_at_start = cls.stack.odoo_children()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def test_1_login_page_gzip_and_cached_assets(self):
        page = self.stack.get("/web/login", headers={"Accept-Encoding": "gzip"}, timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.headers.get("Content-Encoding"), "gzip")
        self.assertIn('name="csrf_token"', page.text)
        assets = re.findall(r'(?:href|src)="(/web/assets/[^"]+)"', page.text)
        self.assertTrue(assets, "no asset bundle on the login page")
        first = self.stack.get(assets[0], timeout=60)
        second = self.stack.get(assets[0], timeout=60)
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertEqual(second.headers.get("X-Cache-Status"), "HIT", "nginx does not cache the asset bundles")
        self.assertEqual(first.content, second.content)

    def test_2_forwarded_headers_overwritten(self):
        forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
        session = host_session(source="127.0.0.2")
        login(session, self.stack.base, "admin", "admin", headers=forged)
        log = self.stack.read_odoo_log()
        # proxy_mode: Odoo sees the client's address (not nginx's 127.0.0.1), and never the forged one
        self.assertIn(f"Login successful for db:{ARGS.db} login:admin from 127.0.0.2", log)
        self.assertNotIn("203.0.113.9", log)
        # an administrator's login records the URL Odoo was reached at: nginx's scheme and host
        base_url = subprocess.run(
            ["psql", "-d", ARGS.db, "-Atqc", "select value from ir_config_parameter where key = 'web.base.url'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.assertEqual(base_url, f"http://{SERVER_NAME}")

    def test_3_websocket_through_nginx(self):
        session = login(host_session(), self.stack.base, "admin", "admin")
        ws_url = f"ws://127.0.0.1:{self.stack.port}/websocket"
        types = bus_round_trip(
            session, self.stack.base, ws_url, origin=f"http://{SERVER_NAME}", ws_options={"host": SERVER_NAME}
        )
        self.assertIn("res.users.settings", types, "the notification did not come back through nginx")

    def test_4_upload_sizes(self):
        session = host_session()
        page = self.stack.get("/web/login", session=session, timeout=30)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        form = {"login": "nobody@example.com", "password": "wrong", "csrf_token": csrf}
        chunk = os.urandom(50 * 1024 * 1024)
        # a 1C exchange chunk: nginx passes it, Odoo reads it all and answers
        answer = session.post(
            f"{self.stack.base}/web/login", data=form, files={"file": ("import.zip", chunk)}, timeout=300
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn('name="csrf_token"', answer.text)
        too_big = session.post(
            f"{self.stack.base}/web/login",
            data=form,
            files={"file": ("import.zip", chunk + chunk[: 20 * 1024 * 1024])},
            timeout=300,
        )
        self.assertEqual(too_big.status_code, 413)

    def test_5_database_manager_closed(self):
        for path in ("/web/database/manager", "/web/database/selector"):
            self.assertEqual(self.stack.get(path, timeout=30).status_code, 404, path)

    def test_6_nginx_waits_longer_than_odoo(self):
        conf = configparser.ConfigParser(inline_comment_prefixes=(";",))
        conf.read(ODOO_CONF)
        limit = int(conf["options"]["limit_time_real"])
        site = NGINX_SITE.read_text(encoding="utf-8")
        server_timeout = int(re.search(r"^    proxy_read_timeout (\d+)s;", site, re.M).group(1))
        self.assertGreater(server_timeout, limit)
        self.assertTrue(conf["options"].getboolean("proxy_mode"))
        self.assertFalse(conf["options"].getboolean("list_db"))

    def test_9_no_worker_died_and_logs_clean(self):
        self.assertEqual(self.stack.odoo_children(), self.children_at_start, "a worker died and was respawned")
        bad = log_problems(self.stack.read_odoo_log())
        self.assertFalse(bad, "Odoo log (%s):\n%s" % (self.stack.odoo_log, "\n".join(bad[:20])))
        nginx_log = "".join(p.read_text(errors="replace") for p in self.stack.nginx_dir.glob("*error.log"))
        bad = [
            line
            for line in nginx_log.splitlines()
            if re.search(r"\[(error|crit|alert|emerg)\]", line) and "client intended to send too large body" not in line
        ]
        self.assertFalse(bad, "nginx error log:\n" + "\n".join(bad[:20]))


def main():
    global ARGS  # the tests read the command line
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database with the add-ons and demo data")
    parser.add_argument("--addons-path", default=f"{ODOO_PATH / 'odoo' / 'addons'},{PROJECT / 'addons'}")
    parser.add_argument(
        "--log-dir", default=None, help="where Odoo's and nginx's logs go (default: a temporary folder)"
    )
    parser.add_argument("odoo_options", nargs="*", help="database connection options for Odoo (--db_host=...)")
    ARGS = parser.parse_args()
    ARGS.log_dir = ARGS.log_dir or tempfile.mkdtemp(prefix="b2b-deploy-")
    print(f"nginx + Odoo (production configuration) on {ARGS.db}; logs in {ARGS.log_dir}", flush=True)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(ProductionRecipeTest)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
