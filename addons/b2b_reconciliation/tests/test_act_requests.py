import threading
import time
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import B2bActCommon

RETRYABLE = (pg_errors.LockNotAvailable, pg_errors.SerializationFailure)


@tagged("post_install", "-at_install")
class TestActRequests(B2bActCommon, TransactionCase):
    """The cap on a client's waiting acts, one waiting act per period in the database, and the
    job's attempts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._b2b_make_client("ООО «Заявитель»")
        cls.user = cls._b2b_make_user(cls.client, "accountant")
        cls.Act = cls.env["b2b.reconciliation.act"].sudo()
        cls.today = fields.Date.context_today(cls.env["b2b.reconciliation.act"])
        cls.company = cls.env.company

    def _period(self, n):
        end = self.today - timedelta(days=10 * n + 1)
        return end - timedelta(days=5), end

    def _request(self, n=0, client=None):
        start, end = self._period(n)
        return self.Act._b2b_request(client or self.client, self.company, start, end, self.user)

    def test_same_period_twice_queues_one_act(self):
        act, created = self._request()
        self.assertTrue(created)
        again, created_again = self._request()
        self.assertEqual((again, created_again), (act, False))
        self.assertEqual(self.Act.search_count([("partner_id", "=", self.client.id)]), 1)

    def test_database_refuses_a_second_waiting_act_for_the_period(self):
        act, _created = self._request()
        vals = {
            "partner_id": self.client.id,
            "company_id": self.company.id,
            "date_from": act.date_from,
            "date_to": act.date_to,
        }
        # the back office is told so
        with self.assertRaisesRegex(ValidationError, "already|уже"):
            self.Act.create(vals)
        # and the database refuses it even when nothing checks first (two requests racing)
        with mute_logger("odoo.sql_db"), self.assertRaises(pg_errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                SQL(
                    """INSERT INTO b2b_reconciliation_act
                       (partner_id, company_id, date_from, date_to, state, requested_by_id)
                       VALUES (%s, %s, %s, %s, 'requested', %s)""",
                    self.client.id,
                    self.company.id,
                    act.date_from,
                    act.date_to,
                    self.user.id,
                )
            )
        # a done or failed act does not block a new request for the same period
        act.write({"state": "failed"})
        act.flush_recordset()
        self.assertTrue(self.Act.create(vals))

    def test_init_keeps_the_first_of_older_duplicates(self):
        # a database from before the index: two waiting acts for one period
        act, _created = self._request()
        self.env.cr.execute(SQL("DROP INDEX b2b_reconciliation_act_open_unique"))
        self.env.cr.execute(
            SQL(
                """INSERT INTO b2b_reconciliation_act
                   (partner_id, company_id, date_from, date_to, state, requested_by_id)
                   VALUES (%s, %s, %s, %s, 'requested', %s) RETURNING id""",
                self.client.id,
                self.company.id,
                act.date_from,
                act.date_to,
                self.user.id,
            )
        )
        duplicate = self.Act.browse(self.env.cr.fetchone()[0])
        self.Act.init()
        self.env.invalidate_all()
        self.assertEqual((act.state, duplicate.state), ("requested", "failed"))
        self.assertTrue(duplicate.failure_reason)
        self.env.cr.execute(SQL("SELECT 1 FROM pg_class WHERE relname = 'b2b_reconciliation_act_open_unique'"))
        self.assertTrue(self.env.cr.fetchone())

    def test_cap_on_waiting_acts(self):
        self.env["ir.config_parameter"].sudo().set_param("b2b_reconciliation.max_open_requests", "2")
        self._request(0)
        self._request(1)
        with self.assertRaisesRegex(ValidationError, r"\b2\b"):
            self._request(2)
        # another client is not held back by this one's queue
        other = self._b2b_make_client()
        self.assertTrue(self._request(2, client=other)[1])
        # once an act is done, the client may ask for another
        self.Act.search([("partner_id", "=", self.client.id)], limit=1).write({"state": "done"})
        self.assertTrue(self._request(2)[1])

    def test_default_cap(self):
        self.env["ir.config_parameter"].sudo().set_param("b2b_reconciliation.max_open_requests", "")
        for n in range(5):
            self._request(n)
        with self.assertRaises(ValidationError):
            self._request(5)


@tagged("post_install", "-at_install")
class TestActAttempts(B2bActCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup_books()
        cls._b2b_portal_users()

    def test_job_counts_attempts_and_fails_an_act_interrupted_three_times(self):
        act = self.env["b2b.reconciliation.act"].create(
            {
                "partner_id": self.client.id,
                "company_id": self.entity.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "requested_by_id": self.users["accountant"].id,
            }
        )
        stuck = act.copy({"date_to": self.date_to - timedelta(days=1)})
        # three runs started on it and were killed before they finished: the state is still requested
        stuck.generation_attempts = 3
        self.env["b2b.reconciliation.act"]._cron_generate_acts(batch_size=10)
        self.assertEqual((act.state, act.generation_attempts), ("done", 1))
        self.assertEqual(stuck.state, "failed")
        self.assertIn("3", stuck.failure_reason)
        self.assertFalse(stuck.sudo().pdf_attachment_id)
        # the job leaves it alone from now on; a manager's retry gives it fresh attempts
        self.assertFalse(self.env["b2b.reconciliation.act"]._cron_generate_acts(batch_size=10))
        stuck.action_retry()
        self.assertEqual((stuck.state, stuck.generation_attempts), ("requested", 0))
        self.env["b2b.reconciliation.act"]._cron_generate_acts(batch_size=10)
        self.assertEqual((stuck.state, stuck.generation_attempts), ("done", 1))


@tagged("post_install", "-at_install")
class TestActRequestRace(TransactionCase):
    """Parallel requests in real transactions (they must see each other's commits): the data is
    committed and removed afterwards."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            world = B2bActCommon._b2b_on(env)
            client = world._b2b_make_client("ООО «Гонка актов»")
            self.client_id = client.id
            self.company_id = env.company.id
            self.user_id = env.ref("base.user_admin").id
            env["ir.config_parameter"].set_param("b2b_reconciliation.max_open_requests", "3")
            self.today = env.cr.now().date()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["b2b.reconciliation.act"].search([("partner_id", "=", self.client_id)]).unlink()
            env["ir.config_parameter"].set_param("b2b_reconciliation.max_open_requests", "")
            client = env["res.partner"].browse(self.client_id)
            client.write({"b2b_is_client": False})
            client.active = False

    def _acts(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            acts = env["b2b.reconciliation.act"].search([("partner_id", "=", self.client_id)])
            return sorted((act.date_to.isoformat(), act.state) for act in acts)

    def _race(self, periods):
        """One thread per period, all starting at once, retrying like Odoo's request dispatcher."""
        barrier = threading.Barrier(len(periods))
        outcome = {}

        def run(index, period):
            barrier.wait()
            for _attempt in range(20):
                with self.registry.cursor() as cr:
                    if cr.transaction is None:
                        cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    Act = env["b2b.reconciliation.act"]
                    try:
                        _act, created = Act._b2b_request(
                            env["res.partner"].browse(self.client_id),
                            env["res.company"].browse(self.company_id),
                            *period,
                            env["res.users"].browse(self.user_id),
                        )
                        time.sleep(0.1)  # hold the transaction while the others try
                        cr.commit()  # pylint: disable=invalid-commit
                        outcome[index] = "created" if created else "existing"
                        return
                    except RETRYABLE:
                        cr.rollback()
                        time.sleep(0.05)
                    except ValidationError:
                        cr.rollback()
                        outcome[index] = "refused"
                        return
            outcome[index] = "gave up"

        threads = [threading.Thread(target=run, args=item) for item in enumerate(periods)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse([t for t in threads if t.is_alive()], "a request never finished")
        return sorted(outcome.values())

    @mute_logger("odoo.sql_db")
    def test_parallel_requests_for_one_period_queue_one_act(self):
        period = (self.today - timedelta(days=40), self.today - timedelta(days=10))
        outcome = self._race([period] * 6)
        self.assertEqual(outcome, ["created"] + ["existing"] * 5)
        self.assertEqual(self._acts(), [(period[1].isoformat(), "requested")])

    @mute_logger("odoo.sql_db")
    def test_parallel_requests_respect_the_cap(self):
        periods = [(self.today - timedelta(days=40), self.today - timedelta(days=10 + n)) for n in range(6)]
        outcome = self._race(periods)
        self.assertEqual(outcome, ["created"] * 3 + ["refused"] * 3)
        self.assertEqual(len(self._acts()), 3)
