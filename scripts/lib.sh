# shellcheck shell=bash
# Shared by scripts/run and scripts/test: find Odoo, prepare Python, reach PostgreSQL.
# Sourced, not executed.

set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B2B_MODULES="b2b_portal,b2b_pricing,b2b_sale,b2b_demo_invoice,b2b_waybill,b2b_reconciliation,b2b_exchange_1c"
B2B_CACHE="${B2B_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/b2b-portal}"
mkdir -p "$B2B_CACHE"

say() { printf '[b2b] %s\n' "$*" >&2; }
die() { printf '[b2b] ERROR: %s\n' "$*" >&2; exit 2; }

# --- Odoo -------------------------------------------------------------------
# ODOO_PATH (a folder holding odoo-bin and odoo/), else /opt/odoo18, else an importable odoo.
find_odoo() {
    local how
    if [ -n "${ODOO_PATH:-}" ]; then
        [ -f "$ODOO_PATH/odoo/release.py" ] && [ -d "$ODOO_PATH/odoo/addons/portal" ] \
            || die "ODOO_PATH=$ODOO_PATH does not hold an Odoo source tree (expected $ODOO_PATH/odoo/release.py and $ODOO_PATH/odoo/addons/portal)."
        how="ODOO_PATH"
    elif [ -f /opt/odoo18/odoo/release.py ] && [ -d /opt/odoo18/odoo/addons/portal ]; then
        ODOO_PATH=/opt/odoo18
        how="the conventional path /opt/odoo18 (ODOO_PATH is not set)"
    else
        ODOO_PATH="$(cd / && python3 -c 'import os, odoo; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)"
        [ -n "$ODOO_PATH" ] && [ -d "$ODOO_PATH/odoo/addons/portal" ] || die "Odoo 18.0 Community was not found.
    Point ODOO_PATH at an Odoo 18.0 source tree (the folder holding odoo-bin and odoo/), e.g.
        export ODOO_PATH=/opt/odoo18
    or install it at /opt/odoo18, or make 'import odoo' work. See README.md, 'Prerequisites'."
        how="an importable odoo package"
    fi
    ODOO_PATH="$(cd "$ODOO_PATH" && pwd)"
    local version
    version="$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$ODOO_PATH/odoo/release.py")"
    [ "$version" = "18.0" ] || die "Odoo at $ODOO_PATH is version '$version'; these add-ons need 18.0."
    [ -f "$ODOO_PATH/odoo-bin" ] || die "Odoo at $ODOO_PATH has no odoo-bin next to its odoo/ folder."
    export ODOO_PATH
    ODOO_ADDONS_PATH="$ODOO_PATH/odoo/addons,$PROJECT_DIR/addons"
    say "Odoo 18.0 at $ODOO_PATH, found through $how"
}

# --- Python -----------------------------------------------------------------
# A virtualenv per version of requirements.txt, shared by every clone on the machine.
ensure_python() {
    local req_hash venv
    req_hash="$(sha1sum "$PROJECT_DIR/requirements.txt" | cut -c1-12)"
    venv="${B2B_VENV:-$B2B_CACHE/venv-$req_hash}"
    if [ ! -f "$venv/.complete" ]; then
        say "Installing Python packages into $venv (once per requirements.txt version)"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q -r "$PROJECT_DIR/requirements.txt" >"$B2B_CACHE/pip.log" 2>&1 \
            || { grep -v "^WARNING: Location" "$B2B_CACHE/pip.log" | tail -20 >&2; die "pip install failed (log: $B2B_CACHE/pip.log)"; }
        touch "$venv/.complete"
    fi
    PYTHON="$venv/bin/python"
    VENV_BIN="$venv/bin"
    export PATH="$VENV_BIN:$PATH"
}

odoo_bin() {
    (cd "$PROJECT_DIR" && "$PYTHON" "$ODOO_PATH/odoo-bin" "$@")
}

# --- PostgreSQL -------------------------------------------------------------
# Use the server that PG* variables or the local socket reach; else start a project-local
# cluster under .pgdata/ (unix socket only) and stop it when the script exits.
LOCAL_PG=""
ensure_postgres() {
    if [ -z "${B2B_LOCAL_PG:-}" ] && pg_isready -q 2>/dev/null && psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        say "PostgreSQL: using the server at ${PGHOST:-local socket}"
        return
    fi
    local bindir datadir sockdir pg_user=""
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -x "$bindir/initdb" ] || die "No PostgreSQL server is reachable and initdb was not found: install PostgreSQL (Debian: postgresql)."
    datadir="$PROJECT_DIR/.pgdata/data"
    sockdir="$PROJECT_DIR/.pgdata/socket"
    mkdir -p "$sockdir"
    if [ "$(id -u)" = 0 ]; then
        pg_user=postgres   # initdb and postgres refuse to run as root
        chown -R "$pg_user" "$PROJECT_DIR/.pgdata"
    fi
    as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
    if [ ! -f "$datadir/PG_VERSION" ]; then
        say "PostgreSQL: creating a project-local cluster in $datadir"
        as_pg "$bindir/initdb" -D "$datadir" -U "$(id -un)" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    say "PostgreSQL: starting the project-local cluster (socket in $sockdir)"
    as_pg "$bindir/pg_ctl" -D "$datadir" -l "$PROJECT_DIR/.pgdata/server.log" -w \
        -o "-k $sockdir -c listen_addresses=''" start >/dev/null
    LOCAL_PG="$bindir/pg_ctl -D $datadir"
    LOCAL_PG_USER="$pg_user"
    export PGHOST="$sockdir" PGUSER="$(id -un)"
    unset PGPORT PGPASSWORD
    trap stop_local_postgres EXIT
}

stop_local_postgres() {
    if [ -n "$LOCAL_PG" ]; then
        say "PostgreSQL: stopping the project-local cluster"
        if [ -n "${LOCAL_PG_USER:-}" ]; then runuser -u "$LOCAL_PG_USER" -- $LOCAL_PG -m fast stop >/dev/null || true
        else $LOCAL_PG -m fast stop >/dev/null || true; fi
    fi
}

# Odoo options that connect to the PostgreSQL chosen above.
db_options() {
    local opts=()
    [ -n "${PGHOST:-}" ] && opts+=("--db_host=$PGHOST")
    [ -n "${PGPORT:-}" ] && opts+=("--db_port=$PGPORT")
    [ -n "${PGUSER:-}" ] && opts+=("--db_user=$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && opts+=("--db_password=$PGPASSWORD")
    [ ${#opts[@]} -eq 0 ] || printf '%s\n' "${opts[@]}"
}

filestore_dir() { echo "${B2B_DATA_DIR:-$HOME/.local/share/Odoo}/filestore/$1"; }
