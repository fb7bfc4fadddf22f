"""Benchmark of reconciliation acts: a client with N receivable/payable move lines in the period.

Prints the time to build the act's data, to write the XLSX and the PDF, and the time of the
ledger query (Odoo's own read_group over the same journal items) that the act must agree with.
Asserts nothing timed; it only checks that the act and the ledger agree.

Run from the repository root, with the project's virtualenv (scripts/test creates it) and after
one run of scripts/test (which builds the template database b2b_tmpl_nodemo_<key>); Odoo is
found as README.md says (ODOO_PATH, else /opt/odoo18, else an importable odoo):

    ~/.cache/b2b-portal/venv-*/bin/python bench/bench_reconciliation.py \
        [--lines 50000] [--no-pdf] [--keep | --db bench_reconciliation_<pid>]

It copies the template into a throwaway database (bench_reconciliation_<pid>), installs the
project's add-ons there, generates the journal items with bulk SQL (copies of one real posted
invoice), measures, and drops the database unless --keep is given.
"""

import argparse
import sys
import time

from _common import bench_database, environment

from odoo import Command, fields
from odoo.tools import SQL


def columns(cr, table, skip):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> ALL(%s)",
            table,
            list(skip),
        )
    )
    return [row[0] for row in cr.fetchall()]


def generate(env, lines):
    """A legal entity, a client, and `lines` posted receivable lines in the period (a quarter of
    them credits, like payments), each in its own journal entry with its counterpart line."""
    rub = env.ref("base.RUB")
    rub.active = True
    entity = env["res.company"].create({"name": "ООО «Бенчмарк»", "currency_id": rub.id})
    env.user.company_ids |= entity
    env["account.chart.template"].try_loading("generic_coa", company=entity, install_demo=False)
    entity.currency_id = rub
    client = env["res.partner"].create({"name": "ООО «Большой клиент»", "is_company": True, "b2b_is_client": True})
    today = fields.Date.context_today(env.user)
    date_from = today.replace(day=1, month=1) if today.month > 1 else today.replace(year=today.year - 1, day=1)
    template = (
        env["account.move"]
        .with_company(entity)
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": client.id,
                "invoice_date": date_from,
                "invoice_line_ids": [Command.create({"name": "Блоки", "price_unit": 100.0, "tax_ids": []})],
            }
        )
    )
    template.action_post()
    env.flush_all()
    cr = env.cr
    days = max((today - date_from).days, 1)
    move_cols = columns(cr, "account_move", ("id", "name", "date", "invoice_date", "payment_reference"))
    cr.execute(
        SQL(
            """
            INSERT INTO account_move (%(cols)s, name, date, invoice_date)
            SELECT %(cols)s, 'BENCH/' || lpad(g::text, 7, '0'), %(start)s::date + mod(g, %(days)s),
                   %(start)s::date + mod(g, %(days)s)
              FROM account_move, generate_series(1, %(n)s) g
             WHERE account_move.id = %(tmpl)s
            RETURNING id, date
            """,
            cols=SQL(", ").join(SQL.identifier(c) for c in move_cols),
            start=date_from,
            days=days,
            n=lines,
            tmpl=template.id,
        )
    )
    new_moves = cr.fetchall()
    line_cols = columns(
        cr,
        "account_move_line",
        (
            "id",
            "move_id",
            "date",
            "move_name",
            "debit",
            "credit",
            "balance",
            "amount_currency",
            "amount_residual",
            "amount_residual_currency",
        ),
    )
    cr.execute(
        SQL(
            """
            WITH new_moves AS (
                SELECT ids.id, ids.date, ord,
                       (100 + mod(ord, 1000))::numeric * (CASE WHEN mod(ord, 4) = 0 THEN -1 ELSE 1 END) AS amount
                  FROM unnest(%(ids)s::int[], %(dates)s::date[]) WITH ORDINALITY AS ids(id, date, ord)
            )
            INSERT INTO account_move_line (%(cols)s, move_id, date, move_name, debit, credit, balance,
                                           amount_currency, amount_residual, amount_residual_currency)
            SELECT %(cols_l)s, nm.id, nm.date, 'BENCH/' || nm.ord,
                   GREATEST(SIGN(l.balance) * nm.amount, 0), GREATEST(-SIGN(l.balance) * nm.amount, 0),
                   SIGN(l.balance) * nm.amount, SIGN(l.balance) * nm.amount,
                   CASE WHEN l.account_id = %(receivable)s THEN SIGN(l.balance) * nm.amount ELSE 0 END,
                   CASE WHEN l.account_id = %(receivable)s THEN SIGN(l.balance) * nm.amount ELSE 0 END
              FROM account_move_line l, new_moves nm
             WHERE l.move_id = %(tmpl)s
            """,
            cols=SQL(", ").join(SQL.identifier(c) for c in line_cols),
            cols_l=SQL(", ").join(SQL.identifier("l", c) for c in line_cols),
            ids=[m[0] for m in new_moves],
            dates=[m[1] for m in new_moves],
            receivable=template.line_ids.filtered(lambda line: line.account_type == "asset_receivable").account_id.id,
            tmpl=template.id,
        )
    )
    cr.execute("ANALYZE account_move_line")
    cr.execute("ANALYZE account_move")
    env.invalidate_all()
    return entity, client, date_from, today


def timed(label, func):
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<48} {wall:8.3f} s wall {cpu:8.3f} s CPU (this process)", flush=True)
    return result


def existing(env):
    client = env["res.partner"].search([("name", "=", "ООО «Большой клиент»")], limit=1)
    entity = env["res.company"].search([("name", "=", "ООО «Бенчмарк»")], limit=1)
    if not client or not entity:
        sys.exit("This database holds no benchmark data (run once with --keep).")
    today = fields.Date.context_today(env.user)
    date_from = today.replace(day=1, month=1) if today.month > 1 else today.replace(year=today.year - 1, day=1)
    return entity, client, date_from, today


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50000)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database for another run with --db")
    parser.add_argument("--db", help="measure again on a database kept by --keep (no new data)")
    args = parser.parse_args()
    with (
        bench_database("bench_reconciliation", keep=args.keep, existing=args.db) as db,
        environment(db, {"lang": "ru_RU"}) as env,
    ):
        cr = env.cr
        if args.db:
            entity, client, date_from, date_to = existing(env)
        else:
            entity, client, date_from, date_to = timed(
                f"generate {args.lines} journal items (bulk SQL)", lambda: generate(env, args.lines)
            )
            cr.commit()  # the data stays for --db runs; the act below is rolled back
        act = (
            env["b2b.reconciliation.act"]
            .with_context(lang="ru_RU")
            .create({"partner_id": client.id, "company_id": entity.id, "date_from": date_from, "date_to": date_to})
        )
        domain = [
            ("partner_id", "child_of", client.id),
            ("company_id", "=", entity.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "in", ("asset_receivable", "liability_payable")),
            ("date", "<=", date_to),
        ]
        ledger = timed(
            "ledger query (read_group sum of balance)",
            lambda: env["account.move.line"]._read_group(domain, [], ["balance:sum"])[0][0],
        )
        timed("act totals query (one aggregated SQL)", act._b2b_query_totals)
        data = timed("build the act's data (totals + rows)", act._b2b_build_data)
        print(f"{'  rows in the act':<48} {len(data['rows']):8d}")
        print(f"{'  closing balance / ledger balance':<48} {data['closing_balance']:.2f} / {ledger:.2f}")
        if abs(data["closing_balance"] - ledger) > 0.005:
            sys.exit("The act does not agree with the ledger!")
        xlsx = timed("write the XLSX", lambda: act._b2b_render_xlsx(data))
        print(f"{'  XLSX size':<48} {len(xlsx) / 1e6:8.2f} MB")
        html = timed(
            "render the PDF's HTML (QWeb)",
            lambda: env["ir.actions.report"]._render_qweb_html(
                "b2b_reconciliation.b2b_reconciliation_act_report", act.ids, data={"b2b_act_data": {act.id: data}}
            )[0],
        )
        print(f"{'  HTML size':<48} {len(html) / 1e6:8.2f} MB")
        if not args.no_pdf:
            pdf = timed("render the PDF (QWeb + wkhtmltopdf)", lambda: act._b2b_render_pdf(data))
            print(f"{'  PDF size':<48} {len(pdf) / 1e6:8.2f} MB, starts with {pdf[:4]!r}")
        cr.rollback()


if __name__ == "__main__":
    main()
