# shellcheck shell=bash
# Shared by the scripts in scripts/: the project's add-ons, find Odoo, prepare Python, reach
# PostgreSQL, throwaway databases and the cached template databases. Sourced, not executed.

set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --- The project's add-ons ----------------------------------------------------
# manifests installable|depends FOLDER...: the installable add-ons in those folders (each a
# sub-folder with a __manifest__.py), or the modules they depend on that are not among them;
# sorted and comma-separated. Reads the manifests, so a new add-on is picked up by itself.
manifests() {
    python3 - "$@" <<'PY'
import ast, pathlib, sys
what, folders = sys.argv[1], sys.argv[2:]
ours = {}
for folder in folders:
    for path in pathlib.Path(folder).glob("*/__manifest__.py"):
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        if manifest.get("installable", True):
            ours[path.parent.name] = manifest
if what == "depends":
    names = {dep for manifest in ours.values() for dep in manifest.get("depends", []) if dep not in ours}
else:
    names = set(ours)
print(",".join(sorted(names)))
PY
}
B2B_MODULES="$(manifests installable "$PROJECT_DIR/addons")"
[ -n "$B2B_MODULES" ] || { echo "[b2b] ERROR: no add-on found in $PROJECT_DIR/addons" >&2; exit 2; }
TEST_MODULES="$(manifests installable "$PROJECT_DIR/tests")"
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

db_exists() { psql -d postgres -Atqc "select 1 from pg_database where datname='$1'" | grep -q 1; }

new_db_from() {  # $1 template, $2 new name: the database and its file store
    createdb -T "$1" "$2"
    if [ -d "$(filestore_dir "$1")" ]; then
        mkdir -p "$(dirname "$(filestore_dir "$2")")"
        cp -a "$(filestore_dir "$1")" "$(filestore_dir "$2")"
    fi
}

drop_db() {  # the database and its file store
    dropdb --if-exists "$1" >/dev/null 2>&1 || true
    rm -rf "$(filestore_dir "$1")"
}

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

LOG_DIR="$PROJECT_DIR/.test-logs"

# --- Template databases -----------------------------------------------------
# b2b_tmpl_<nodemo|demo>_<key>: Odoo's modules that ours depend on (read from the manifests of
# addons/ and tests/), installed once and copied for every test run. The key changes with the
# dependencies, Odoo's release and requirements.txt, and then the template is rebuilt.
template_key() {
    BASE_MODULES="$(manifests depends "$PROJECT_DIR/addons" "$PROJECT_DIR/tests")"
    TEMPLATE_KEY="$( (echo "$BASE_MODULES"; cat "$ODOO_PATH/odoo/release.py" "$PROJECT_DIR/requirements.txt"; echo v3) | sha1sum | cut -c1-10)"
}

# An existing template of that kind (the newest), or nothing; never builds one.
existing_template() {  # $1 = nodemo|demo
    psql -d postgres -Atqc "select datname from pg_database where datname like 'b2b\_tmpl\_${1}\_%' and datname not like '%\_building' order by oid desc limit 1"
}

# Sets TEMPLATE to the template of the current key, building it first when missing (needs
# find_odoo, ensure_python, ensure_postgres and DB_OPTS).
ensure_template() {  # $1 = nodemo|demo
    template_key
    local name="b2b_tmpl_${1}_$TEMPLATE_KEY" demo_opt=()
    [ "$1" = nodemo ] && demo_opt=(--without-demo=all)
    mkdir -p "$LOG_DIR"
    exec 9>"$B2B_CACHE/template.lock"
    flock 9
    if ! db_exists "$name"; then
        say "Building template database $name with $BASE_MODULES (once; about 2 minutes)"
        local building="${name}_building"
        drop_db "$building"
        odoo_bin "${DB_OPTS[@]}" -d "$building" --addons-path="$ODOO_ADDONS_PATH" -i "$BASE_MODULES" \
            "${demo_opt[@]}" --load-language=ru_RU --stop-after-init --log-level=warn \
            --max-cron-threads=0 --http-port="$(free_port)" >"$LOG_DIR/template-$1.log" 2>&1 \
            || { tail -30 "$LOG_DIR/template-$1.log"; die "building the template failed (log: $LOG_DIR/template-$1.log)"; }
        psql -d postgres -qc "ALTER DATABASE \"$building\" RENAME TO \"$name\""
        rm -rf "$(filestore_dir "$name")"
        if [ -d "$(filestore_dir "$building")" ]; then mv "$(filestore_dir "$building")" "$(filestore_dir "$name")"; fi
        # drop templates of older dependency sets, keeping the three newest: several checkouts
        # (branches with other dependencies) may share this machine and must not rebuild in turn
        psql -d postgres -Atqc "select datname from pg_database where datname like 'b2b\_tmpl\_${1}\_%' and datname not like '%\_building' order by oid desc offset 3" \
            | while read -r old; do drop_db "$old"; done
    fi
    flock -u 9
    TEMPLATE="$name"
}
