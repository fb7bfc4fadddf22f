# pylint: disable=consider-merging-classes-inherited
# (in its own file: the row lock that ordering, reservation and waybills share)
from odoo import models
from odoo.tools import SQL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _b2b_lock_rows(self, mode):
        if not self:
            return
        self.env.cr.execute(SQL("SELECT id FROM sale_order WHERE id IN %s ORDER BY id %s", tuple(self.ids), mode))
        self.invalidate_recordset()  # the values read before the lock may be stale

    def _b2b_lock(self):
        """Wait for, then hold until the end of the transaction, the orders' rows; their fields are
        read again afterwards, so a state checked after the lock is the committed one."""
        self._b2b_lock_rows(SQL("FOR NO KEY UPDATE"))

    def _b2b_lock_nowait(self, touch=False):
        """Hold the orders' rows or fail at once (LockNotAvailable: Odoo retries a web request).

        ``touch``: rewrite the rows too, so that a transaction whose snapshot is older than a
        committed change guarded by this lock fails to serialize instead of reading stale figures
        (under REPEATABLE READ, locking alone does not make it see the change).
        """
        self._b2b_lock_rows(SQL("FOR NO KEY UPDATE NOWAIT"))
        if touch and self:
            self.env.cr.execute(SQL("UPDATE sale_order SET write_date = write_date WHERE id IN %s", tuple(self.ids)))
