"""Shared by the benchmarks: find Odoo, reach PostgreSQL, a throwaway copy of the test command's
template database with the project's add-ons installed, an Odoo environment on it, timing, cleanup.

- Odoo is found as README.md says: ``ODOO_PATH`` (a folder holding ``odoo-bin`` and ``odoo/``),
  else ``/opt/odoo18``, else an importable ``odoo``; a clear message when none is there.
- PostgreSQL is reached as the scripts do: the ``PG*`` variables or the local socket.
- The add-ons are read from ``addons/*/__manifest__.py`` (the installable ones), so a new add-on
  is installed by every benchmark without touching it.
"""

import ast
import contextlib
import importlib.util
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CONVENTIONAL_ODOO = Path("/opt/odoo18")


def step(message, start=None):
    suffix = f" ({time.time() - start:.1f} s)" if start else ""
    print(f"[bench] {message}{suffix}", flush=True)


def _is_odoo_tree(path):
    return (path / "odoo" / "release.py").is_file() and (path / "odoo" / "addons" / "portal").is_dir()


def find_odoo():
    """The Odoo 18.0 source tree, found by the README's rules; exits with a message otherwise.
    Puts it first on sys.path, so that ``import odoo`` takes that one."""
    if os.environ.get("ODOO_PATH"):
        path, how = Path(os.environ["ODOO_PATH"]), "ODOO_PATH"
        if not _is_odoo_tree(path):
            sys.exit(
                f"ODOO_PATH={path} does not hold an Odoo source tree "
                f"(expected {path}/odoo/release.py and {path}/odoo/addons/portal)."
            )
    elif _is_odoo_tree(CONVENTIONAL_ODOO):
        path, how = CONVENTIONAL_ODOO, "the conventional path /opt/odoo18 (ODOO_PATH is not set)"
    else:
        spec = importlib.util.find_spec("odoo")
        locations = list(spec.submodule_search_locations or []) if spec else []
        path, how = (Path(locations[0]).parent if locations else None), "an importable odoo package"
        if path is None or not _is_odoo_tree(path):
            sys.exit(
                "Odoo 18.0 Community was not found.\n"
                "    Point ODOO_PATH at an Odoo 18.0 source tree (the folder holding odoo-bin and odoo/), e.g.\n"
                "        export ODOO_PATH=/opt/odoo18\n"
                "    or install it at /opt/odoo18, or make 'import odoo' work. See README.md, 'Prerequisites'."
            )
    path = path.resolve()
    release = (path / "odoo" / "release.py").read_text(encoding="utf-8")
    match = re.search(r"^version_info = \((\d+), (\d+),", release, re.MULTILINE)
    version = f"{match.group(1)}.{match.group(2)}" if match else "unknown"
    if version != "18.0":
        sys.exit(f"Odoo at {path} is version '{version}'; these add-ons need 18.0.")
    if not (path / "odoo-bin").is_file():
        sys.exit(f"Odoo at {path} has no odoo-bin next to its odoo/ folder.")
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
    step(f"Odoo 18.0 at {path}, found through {how}")
    return path


ODOO_PATH = find_odoo()
ADDONS_PATH = f"{ODOO_PATH / 'odoo' / 'addons'},{PROJECT / 'addons'}"


def project_modules():
    """The installable add-ons of addons/, sorted."""
    names = []
    for manifest in sorted(PROJECT.glob("addons/*/__manifest__.py")):
        if ast.literal_eval(manifest.read_text(encoding="utf-8")).get("installable", True):
            names.append(manifest.parent.name)
    return names


# --- PostgreSQL and databases ---------------------------------------------------


def db_options():
    """Odoo options that connect to the server the PG* variables (or the local socket) reach."""
    opts = []
    for var, opt in (
        ("PGHOST", "db_host"),
        ("PGPORT", "db_port"),
        ("PGUSER", "db_user"),
        ("PGPASSWORD", "db_password"),
    ):
        if os.environ.get(var):
            opts.append(f"--{opt}={os.environ[var]}")
    return opts


def psql(sql, db="postgres"):
    """The output of one query (rows on lines, columns separated by |)."""
    return subprocess.run(["psql", "-d", db, "-Atqc", sql], check=True, capture_output=True, text=True).stdout.strip()


def gather_statistics(db):
    """VACUUM ANALYZE the database after its data was generated in bulk: the planner's statistics
    a production server's autovacuum keeps (this machine's PostgreSQL runs with autovacuum off,
    and without statistics it estimates 2 rows for 10,000 products and picks nested loops)."""
    psql("VACUUM ANALYZE", db=db)


def filestore(db):
    data_dir = Path(os.environ.get("B2B_DATA_DIR") or Path.home() / ".local" / "share" / "Odoo")
    return data_dir / "filestore" / db


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_cmd(db, *args):
    """An odoo-bin command line on that database with the project's add-ons path."""
    return [sys.executable, str(ODOO_PATH / "odoo-bin"), *db_options(), "-d", db, f"--addons-path={ADDONS_PATH}", *args]


def template(name=None):
    """The template database to copy: NAME, else the newest b2b_tmpl_nodemo_* of scripts/test."""
    found = name or psql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'b2b\\_tmpl\\_nodemo\\_%' "
        "AND datname NOT LIKE '%\\_building' ORDER BY oid DESC LIMIT 1"
    )
    if not found:
        sys.exit("No template database b2b_tmpl_nodemo_*: run scripts/test once first.")
    return found


def create_database(db, extra_modules=(), template_name=None):
    """Copy the template (and its file store) into DB and install the project's add-ons there
    without demo data, with EXTRA_MODULES of Odoo's besides. Returns the modules installed."""
    source = template(template_name)
    subprocess.run(["createdb", "-T", source, db], check=True)
    if filestore(source).is_dir():
        filestore(db).parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(filestore(source), filestore(db), symlinks=True)
    modules = [*project_modules(), *extra_modules]
    start = time.time()
    step(f"database {db} from {source}: installing {', '.join(modules)} ...")
    subprocess.run(
        odoo_cmd(
            db,
            "-i",
            ",".join(modules),
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads=0",
            "--log-level=warn",
        ),
        check=True,
        cwd=PROJECT,
    )
    step("installed", start)
    return modules


def drop_database(db):
    """Close this process's connections to DB, then drop it and its file store."""
    close_connections(db)
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    shutil.rmtree(filestore(db), ignore_errors=True)


def close_connections(db=None):
    """Close the connections Odoo's pool holds in this process (to DB, or to all databases)."""
    if "odoo.sql_db" in sys.modules:
        sql_db = sys.modules["odoo.sql_db"]
        if db:
            sql_db.close_db(db)
        else:
            sql_db.close_all()


@contextlib.contextmanager
def bench_database(prefix, keep=False, existing=None, extra_modules=(), template_name=None):
    """A throwaway database for one run: yields its name. EXISTING (a database kept by an earlier
    run) is used as it is and never dropped; otherwise a new ``<prefix>_<pid>`` is made with
    create_database() and dropped at the end unless KEEP."""
    db = existing or f"{prefix}_{os.getpid()}"
    created = False
    try:
        if not existing:
            created = True
            create_database(db, extra_modules, template_name)
        yield db
    finally:
        if created and not keep:
            drop_database(db)
        else:
            close_connections()
            step(f"kept database {db} (with its file store {filestore(db)}; drop both when done)")


# --- Odoo in this process -------------------------------------------------------

_CONFIGURED = []


def registry(db):
    """Odoo's registry of DB, loaded in this process (configuration as odoo_cmd gives it)."""
    import odoo

    if not _CONFIGURED:  # Odoo's configuration can be parsed once per process
        odoo.tools.config.parse_config([*db_options(), f"--addons-path={ADDONS_PATH}", "-d", db, "--log-level=warn"])
        _CONFIGURED.append(db)
    return odoo.modules.registry.Registry(db)


@contextlib.contextmanager
def environment(db, context=None):
    """An environment as superuser on a new cursor of DB (committed by the caller)."""
    import odoo

    with registry(db).cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, context or {})


def portal_user(env, client, login, name, role="buyer", password=None):
    """A portal user of the client company CLIENT with that B2B role (email login@example.com)."""
    values = {
        "name": name,
        "login": login,
        "email": f"{login}@example.com",
        "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
    }
    if password:
        values["password"] = password
    user = env["res.users"].create(values)
    user.partner_id.write({"parent_id": client.id, "b2b_role": role})
    return user


# --- Timing and output ----------------------------------------------------------


def timed(func):
    """(wall seconds, result) of one call."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def repeat(func, runs, warmup=0):
    """Wall seconds of RUNS calls of func after WARMUP untimed ones, and the last result."""
    result = None
    for _ in range(warmup):
        result = func()
    times = []
    for _ in range(runs):
        seconds, result = timed(func)
        times.append(seconds)
    return times, result


def spread(values):
    """(min, median, max) of timings over rounds."""
    return min(values), statistics.median(values), max(values)
