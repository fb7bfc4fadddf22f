"""Odoo's multi-worker mode works in this Python environment.

Starts Odoo on an existing database with `--workers=2` and a gevent port, as production runs it,
then: serves a few HTTP requests (login page, a login, JSON-RPC, the portal), opens `/websocket`
on the gevent port with the logged-in session, and checks that a notification sent by an HTTP
worker comes back on the websocket (HTTP worker -> PostgreSQL NOTIFY -> gevent worker -> client).
Last, it fails if any worker died or was respawned, or if the server log holds a Traceback or an
ERROR line: a gevent worker that cannot start (zope.interface 8.x, setuptools without
pkg_resources) is respawned in a loop, and only the log and the process table show it.

Run by scripts/test after its main phase, on that phase's database; by hand:

    ~/.cache/b2b-portal/venv-<hash>/bin/python scripts/check_workers.py --db DB \
        [--addons-path PATHS] [--log-dir DIR] [-- ODOO_DB_OPTIONS...]

It prints unittest's report ("Ran N tests", "OK" / "FAILED (...)"), which
scripts/check_test_log.py counts in the final `tests: N passed, N failed, N skipped` line.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import unittest
from pathlib import Path

import psutil
import requests
import websocket

PROJECT = Path(__file__).resolve().parent.parent
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo18"))
WORKERS = 2
ARGS = None  # the command line, parsed in main()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def websocket_version():
    """The worker version Odoo expects in /websocket?version=, read from its source."""
    source = (ODOO_PATH / "odoo" / "addons" / "bus" / "websocket.py").read_text(encoding="utf-8")
    return re.search(r'_VERSION = "([^"]+)"', source).group(1)


def login(session, base, user, password, **request_options):
    """Log in through /web/login; returns the session (its cookie holds the session id)."""
    page = session.get(f"{base}/web/login", timeout=30, **request_options)
    page.raise_for_status()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": password, "csrf_token": csrf, "redirect": "/my"},
        timeout=60,
        **request_options,
    )
    response.raise_for_status()
    if "/web/login" in response.url:
        raise AssertionError(f"the login of {user} was refused")
    return session


def call_kw(session, base, model, method, *args, **request_options):
    """A JSON-RPC call as the web client makes it; returns its result."""
    response = session.post(
        f"{base}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": {}},
        },
        timeout=60,
        **request_options,
    )
    response.raise_for_status()
    body = response.json()
    if "error" in body:
        raise AssertionError(f"{model}.{method}: {body['error']}")
    return body["result"]


def bus_round_trip(session, base, ws_url, origin, ws_options=None, **request_options):
    """Open the websocket with the session, subscribe, make an HTTP worker send a notification to
    the user (a changed user setting) and return the types of the notifications received."""
    ws = websocket.create_connection(
        f"{ws_url}?version={websocket_version()}",
        cookie=f"session_id={session.cookies['session_id']}",
        origin=origin,
        **(ws_options or {}),
        timeout=20,
    )
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        ws.ping()
        time.sleep(1)  # the subscription is served in the gevent worker
        info = session.post(f"{base}/web/session/get_session_info", json={"params": {}}, timeout=30, **request_options)
        uid = info.json()["result"]["uid"]
        settings = call_kw(session, base, "res.users.settings", "search", [("user_id", "=", uid)], **request_options)
        if not settings:
            settings = [call_kw(session, base, "res.users.settings", "create", {"user_id": uid}, **request_options)]
        # an HTTP worker changes a setting; Odoo sends it to the user's bus channel
        call_kw(
            session,
            base,
            "res.users.settings",
            "set_res_users_settings",
            settings,
            {"use_push_to_talk": True},
            **request_options,
        )
        deadline = time.time() + 20
        received = []
        while time.time() < deadline and not any(
            n.get("message", {}).get("type") == "res.users.settings" for n in received
        ):
            frame = ws.recv()
            if frame:
                received.extend(json.loads(frame))
        return [n.get("message", {}).get("type") for n in received]
    finally:
        ws.close()


def log_problems(text):
    """Lines of an Odoo log that must not be there: tracebacks, ERROR and CRITICAL."""
    return [
        line for line in text.splitlines() if "Traceback" in line or re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line)
    ]


class MultiWorkerTest(unittest.TestCase):
    """One server for the whole class; the tests run in their numbered order."""

    @classmethod
    def setUpClass(cls):
        cls.http_port, cls.gevent_port = free_port(), free_port()
        cls.base = f"http://127.0.0.1:{cls.http_port}"
        cls.log_path = Path(ARGS.log_dir) / "odoo.log"
        cls.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            str(ODOO_PATH / "odoo-bin"),
            *ARGS.odoo_options,
            "-d",
            ARGS.db,
            f"--db-filter=^{re.escape(ARGS.db)}$",
            f"--addons-path={ARGS.addons_path}",
            f"--workers={WORKERS}",
            f"--gevent-port={cls.gevent_port}",
            f"--http-port={cls.http_port}",
            "--http-interface=127.0.0.1",
            "--max-cron-threads=0",
            "--log-level=info",
        ]
        with open(cls.log_path, "w", encoding="utf-8") as log:
            cls.server = subprocess.Popen(command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
        try:
            cls._wait_until_ready()
        except Exception:
            cls._stop()
            raise

    @classmethod
    def _wait_until_ready(cls, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if cls.server.poll() is not None:
                raise RuntimeError(f"Odoo exited with {cls.server.returncode}; log: {cls.log_path}")
            try:
                if requests.get(f"{cls.base}/web/login", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        else:
            raise RuntimeError(f"Odoo did not answer /web/login within {timeout} s; log: {cls.log_path}")
        # the gevent worker is started by the master beside the HTTP workers
        deadline = time.time() + 20
        while time.time() < deadline:
            if cls._log().count("Evented Service (longpolling) running"):
                break
            time.sleep(0.5)
        time.sleep(2)  # a worker that dies on start-up does so within this time
        cls.children_at_start = cls._children()

    @classmethod
    def tearDownClass(cls):
        cls._stop()

    @classmethod
    def _stop(cls):
        cls.server.terminate()
        try:
            cls.server.wait(30)
        except subprocess.TimeoutExpired:
            cls.server.kill()
            cls.server.wait(10)

    @classmethod
    def _log(cls):
        return cls.log_path.read_text(encoding="utf-8", errors="replace")

    @classmethod
    def _children(cls):
        """pid -> command line of the master's worker processes."""
        return {child.pid: " ".join(child.cmdline()) for child in psutil.Process(cls.server.pid).children()}

    def test_1_http_requests(self):
        session = login(requests.Session(), self.base, ARGS.login, ARGS.password)
        for _ in range(3):
            self.assertEqual(session.get(f"{self.base}/my", timeout=60).status_code, 200)
        self.assertEqual(requests.get(f"{self.base}/web/login", timeout=30).status_code, 200)
        info = session.post(f"{self.base}/web/webclient/version_info", json={"params": {}}, timeout=30).json()
        self.assertEqual(info["result"]["server_serie"], "18.0")
        self.assertEqual(requests.get(f"{self.base}/websocket/health", timeout=30).status_code, 200)

    def test_2_websocket_round_trip(self):
        session = login(requests.Session(), self.base, ARGS.login, ARGS.password)
        ws_url = f"ws://127.0.0.1:{self.gevent_port}/websocket"
        types = bus_round_trip(session, self.base, ws_url, origin=self.base)
        self.assertIn("res.users.settings", types, "the notification did not come back on the websocket")

    def test_9_no_worker_died_and_log_clean(self):
        time.sleep(1)
        children = self._children()
        self.assertEqual(
            sorted(children),
            sorted(self.children_at_start),
            "worker processes changed: a worker died and was respawned",
        )
        self.assertEqual(len(children), WORKERS + 1, f"expected {WORKERS} HTTP workers and a gevent worker")
        log = self._log()
        alive = re.findall(r"Worker WorkerHTTP \((\d+)\) alive", log)
        self.assertEqual(len(alive), WORKERS, f"HTTP workers started: {alive}")
        self.assertEqual(log.count("Evented Service (longpolling) running"), 1, "gevent worker started more than once")
        bad = log_problems(log)
        self.assertFalse(bad, "server log (%s):\n%s" % (self.log_path, "\n".join(bad[:20])))


def main():
    global ARGS  # the tests read the command line
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database with the add-ons installed")
    parser.add_argument("--addons-path", default=f"{ODOO_PATH / 'odoo' / 'addons'},{PROJECT / 'addons'}")
    parser.add_argument("--log-dir", default=str(PROJECT / ".test-logs" / "workers"), help="where Odoo's log goes")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("odoo_options", nargs="*", help="database connection options for Odoo (--db_host=...)")
    ARGS = parser.parse_args()
    print(f"Odoo with --workers={WORKERS} on {ARGS.db}; log in {ARGS.log_dir}", flush=True)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(MultiWorkerTest)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
