import io
import re

from PIL import Image

from odoo import fields
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

CSRF = re.compile(r'csrf_token: "([^"]+)"')


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestClaims(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls._b2b_make_distributor()
        cls.buyer = cls.client_users["buyer"]
        cls.manager = cls._b2b_make_staff("manager")
        cls.order = cls._b2b_make_order(cls.client, [(cls.product_a, 10), (cls.product_b, 40)])
        picking = cls.order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        cls.line_a, cls.line_b = cls.order.order_line.sorted("id")

    # --- helpers -------------------------------------------------------------------

    def _form(self, user, order=None):
        self.authenticate(user.login, user.login)
        order = order or self.order
        response = self.url_open(f"/my/b2b/claims/new/{order.id}", allow_redirects=False)
        return response

    def _post(self, user, data, files=None, order=None, token=None):
        response = self._form(user, order)
        self.assertEqual(response.status_code, 200, response.text[:300])
        if token is None:
            token = re.search(r'name="request_token" value="(\w+)"', response.text).group(1)
        payload = {"csrf_token": CSRF.search(response.text).group(1), "request_token": token, **data}
        return self.url_open(
            f"/my/b2b/claims/new/{(order or self.order).id}", data=payload, files=files, allow_redirects=False
        )

    def _claims(self):
        return self.env["b2b.claim"].search([("sale_order_id", "=", self.order.id)])

    def _file(self, lines, user=None):
        """A claim filed directly through the model, as the portal's route does."""
        Claim = self.env["b2b.claim"].with_user(user or self.buyer)
        return Claim._b2b_file(self.order, [(line, kind, qty, "") for line, kind, qty in lines])

    # --- filing ----------------------------------------------------------------------

    def test_file_over_http_with_photos(self):
        response = self._post(
            self.buyer,
            {"qty_%s" % self.line_b.id: "3", "kind_%s" % self.line_b.id: "damage", "text_%s" % self.line_b.id: "Мятые"},
            files=[("photos", ("IMG_1.png", png_bytes(), "image/png"))],
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        claim = self._claims()
        self.assertEqual(len(claim), 1)
        self.assertEqual(response.headers["Location"].rsplit("/", 1)[-1], str(claim.id))
        self.assertEqual(
            [(l.sale_line_id, l.kind, l.quantity, l.description) for l in claim.line_ids],
            [(self.line_b, "damage", 3.0, "Мятые")],
        )
        self.assertEqual((claim.state, claim.user_id, claim.partner_id), ("submitted", self.buyer, self.client))
        self.assertEqual(claim.photo_ids.mapped("name"), ["photo-1.png"])
        self.assertTrue(claim.activity_ids, "the manager gets a to-do")
        mail = self.env["mail.mail"].search([("model", "=", "b2b.claim"), ("res_id", "=", claim.id)])
        self.assertEqual(mail.recipient_ids, self.buyer.partner_id)
        self.assertIn(claim.name, mail.subject)
        page = self.url_open(f"/my/b2b/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(claim.name, page.text)
        photo = self.url_open(f"/web/image/{claim.photo_ids.id}")
        self.assertEqual(photo.status_code, 200, "the client sees its own photos")
        # a replayed form (same one-time token) files nothing more
        token = claim.request_token
        again = self._post(
            self.buyer, {"qty_%s" % self.line_b.id: "3", "kind_%s" % self.line_b.id: "damage"}, token=token
        )
        self.assertEqual(again.status_code, 303)
        self.assertEqual(len(self._claims()), 1)

    def test_quantity_limits(self):
        over = self._post(self.buyer, {"qty_%s" % self.line_a.id: "11", "kind_%s" % self.line_a.id: "shortage"})
        self.assertEqual(over.status_code, 200)
        self.assertIn("o_b2b_claim_error", over.text)
        self.assertFalse(self._claims())
        first = self._file([(self.line_a, "shortage", 6)])
        with self.assertRaisesRegex(UserError, "4"):
            self._file([(self.line_a, "quality", 5)])
        second = self._file([(self.line_a, "quality", 4)])
        self.assertEqual(self.line_a._b2b_qty_claimable()[self.line_a.id], 0.0)
        # a rejected claim frees what it held; an accepted one holds what was accepted
        second.with_user(self.manager).reject_reason = "Брак не подтверждён"
        second.with_user(self.manager).action_reject()
        first.line_ids.quantity_accepted = 2
        first.with_user(self.manager).action_accept()
        self.assertEqual(self.line_a._b2b_qty_claimable()[self.line_a.id], 8.0)

    def test_bad_input_changes_nothing(self):
        qty, kind, text = "qty_%s" % self.line_a.id, "kind_%s" % self.line_a.id, "text_%s" % self.line_a.id
        bad_posts = [
            {qty: "-1", kind: "shortage"},
            {qty: "nan", kind: "shortage"},
            {qty: "1e309", kind: "shortage"},
            {qty: "9" * 400, kind: "shortage"},
            {qty: "1\x00", kind: "shortage"},
            {qty: "1", kind: "theft"},
            {qty: "1", kind: "shortage", text: "a\x00b"},
            {qty: "1", kind: "shortage", text: "x" * 5000},
            {"qty_999999999999": "1", kind: "shortage"},
            {"qty_%s" % self.other_line().id: "1", "kind_%s" % self.other_line().id: "shortage"},
            {},
        ]
        for data in bad_posts:
            response = self._post(self.buyer, data)
            self.assertEqual(response.status_code, 200, data)
            self.assertIn("o_b2b_claim_error", response.text, data)
        bad_files = [
            [("photos", ("x.png", b"not a picture", "image/png"))],
            [("photos", ("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"))],
            [("photos", ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"))],
            [("photos", (f"p{i}.png", png_bytes(), "image/png")) for i in range(6)],
        ]
        for files in bad_files:
            response = self._post(self.buyer, {qty: "1", kind: "shortage"}, files=files)
            self.assertIn("o_b2b_claim_error", response.text)
        self.assertFalse(self._claims())
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "b2b.claim")]))

    def other_line(self):
        other = self._b2b_make_order(self.other_client, [(self.product_a, 1)], confirm=False)
        return other.order_line

    # --- decisions -------------------------------------------------------------------

    def test_partial_acceptance_makes_the_documents(self):
        claim = self._file([(self.line_a, "shortage", 2), (self.line_b, "damage", 3)])
        claim.line_ids.filtered(lambda l: l.kind == "damage").quantity_accepted = 1
        claim.with_user(self.manager).action_accept()
        self.assertEqual(claim.state, "partial")
        # the damaged pack comes back; the missing goods are only credited
        [receipt] = claim.return_picking_ids
        self.assertEqual(receipt.picking_type_id.code, "incoming")
        self.assertEqual([(m.product_id, m.product_uom_qty) for m in receipt.move_ids], [(self.product_b, 1.0)])
        credit = claim.credit_note_id
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(credit.commercial_partner_id, self.client)
        self.assertAlmostEqual(credit.amount_untaxed, 2 * self.line_a.price_unit + 1 * self.line_b.price_unit)
        self.assertAlmostEqual(claim.amount_accepted, credit.amount_untaxed)
        self.assertFalse(claim.activity_ids, "the to-do is done")
        mails = self.env["mail.mail"].search([("model", "=", "b2b.claim"), ("res_id", "=", claim.id)])
        self.assertEqual(len(mails), 2, "received, then decided")
        # the discrepancy act, for the client, with the figures
        self.authenticate(self.buyer.login, self.buyer.login)
        page = self.url_open(f"/my/b2b/claims/{claim.id}/act")  # HTML in test mode, as Odoo renders it
        self.assertEqual(page.status_code, 200)
        self.assertIn(claim.name, page.text)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = Report._render_qweb_pdf("b2b_claim.action_report_b2b_discrepancy_act", claim.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with open("/tmp/b2b_claim_act.pdf", "wb") as file:
            file.write(pdf)
        html = Report._render_qweb_html("b2b_claim.action_report_b2b_discrepancy_act", claim.ids)[0].decode()
        self.assertIn("Discrepancy act", html)
        self.assertIn(claim.name, html)
        self.assertIn(self.product_b.name, html)
        self.assertIn(credit.name, html)
        # the credit shows in the client's reconciliation act when b2b_reconciliation is there
        if "b2b.reconciliation.act" in self.env:
            today = fields.Date.context_today(credit)
            act = self.env["b2b.reconciliation.act"].create(
                {"partner_id": self.client.id, "company_id": credit.company_id.id, "date_from": today, "date_to": today}
            )
            data = act._b2b_build_data()
            self.assertAlmostEqual(data["credit_total"], credit.amount_total, places=2)
        # decided once
        with self.assertRaises(UserError):
            claim.with_user(self.manager).action_reject()

    def test_rejection_needs_a_reason(self):
        claim = self._file([(self.line_a, "quality", 1)])
        with self.assertRaises(UserError):
            claim.with_user(self.manager).action_reject()
        with self.assertRaises(UserError):
            claim.line_ids.quantity_accepted = 0
            claim.with_user(self.manager).action_accept()
        claim.reject_reason = "Товар принят без замечаний"
        claim.with_user(self.manager).action_reject()
        self.assertEqual(claim.state, "rejected")
        self.assertFalse(claim.credit_note_id or claim.return_picking_ids)
        self.authenticate(self.buyer.login, self.buyer.login)
        self.assertIn("Товар принят без замечаний", self.url_open(f"/my/b2b/claims/{claim.id}").text)
        self.assertEqual(self.url_open(f"/my/b2b/claims/{claim.id}/act").status_code, 404)

    # --- who sees what -----------------------------------------------------------------

    def test_roles_other_clients_and_rpc(self):
        claim = self._file([(self.line_a, "shortage", 1)])
        for role in ("accountant", "viewer"):
            user = self.client_users[role]
            self.authenticate(user.login, user.login)
            self.assertEqual(self.url_open(f"/my/b2b/claims/{claim.id}").status_code, 200, role)
            self.assertEqual(self._form(user).status_code, 403, role)
            self.assertEqual(self.env["b2b.claim"].with_user(user).search([]), claim.with_user(user))
        intruder = self.other_users["admin"]
        self.authenticate(intruder.login, intruder.login)
        self.assertEqual(self.url_open(f"/my/b2b/claims/{claim.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/b2b/claims/{claim.id}/act").status_code, 404)
        self.assertEqual(self._form(intruder).status_code, 404)
        self.assertFalse(self.env["b2b.claim"].with_user(intruder).search([]))
        with self.assertRaises(AccessError):
            self.env["b2b.claim"].with_user(intruder).browse(claim.id).read(["name"])
        with self.assertRaises(AccessError):
            claim.with_user(self.buyer).write({"state": "accepted"})
        with self.assertRaises(AccessError):
            claim.line_ids.with_user(self.buyer).write({"quantity_accepted": 1})
        with self.assertRaises(AccessError):
            self.env["b2b.claim"].with_user(self.buyer).create({"sale_order_id": self.order.id})
        self.authenticate(None, None)
        response = self.url_open(f"/my/b2b/claims/{claim.id}", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))
