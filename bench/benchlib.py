"""What the benchmarks share: a throwaway database copied from the test command's template."""

import contextlib
import os
import pathlib
import subprocess
import sys

PROJECT = pathlib.Path(__file__).resolve().parent.parent
ODOO_PATH = pathlib.Path(os.environ.get("ODOO_PATH", "/opt/odoo18"))
ADDONS = f"{ODOO_PATH}/odoo/addons,{PROJECT}/addons"


def psql(sql):
    result = subprocess.run(["psql", "-d", "postgres", "-Atqc", sql], check=True, capture_output=True, text=True)
    return result.stdout.split()


def newest_template(name=None):
    """The template database to copy: `name`, else the newest b2b_tmpl_nodemo_* (exits if none)."""
    template = name or next(
        iter(
            psql(
                "SELECT datname FROM pg_database WHERE datname LIKE 'b2b\\_tmpl\\_nodemo\\_%' ORDER BY oid DESC LIMIT 1"
            )
        ),
        None,
    )
    if not template:
        sys.exit("No template database b2b_tmpl_nodemo_*: run scripts/test once first.")
    return template


@contextlib.contextmanager
def throwaway_db(prefix, module, template=None, keep=False):
    """A copy of the template with `module` installed, dropped at the end unless `keep`."""
    template = newest_template(template)
    db = f"{prefix}_{os.getpid()}"
    subprocess.run(["createdb", "-T", template, db], check=True)
    try:
        print(f"database {db} (from {template}): installing {module} ...", flush=True)
        subprocess.run(
            [sys.executable, f"{ODOO_PATH}/odoo-bin", "-d", db, f"--addons-path={ADDONS}", "-i", module,
             "--without-demo=all", "--stop-after-init", "--log-level=warn", "--max-cron-threads=0", "--http-port=0"],
            check=True,
        )  # fmt: skip
        yield db
    finally:
        if not keep:
            subprocess.run(["dropdb", "--if-exists", db], check=False)
