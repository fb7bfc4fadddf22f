from datetime import date

from lxml import html

from odoo import http
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestLegalEntities(B2bTestCommon, HttpCase):
    """One login, several client legal entities: the current one decides prices, the draft
    order, orders, invoices, waybills, acts, lists, the team and the feed, through pages and
    through JSON-RPC; nothing of one entity shows while another is current; a switch to a
    company the user does not work for is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.alpha, cls.beta = cls.client, cls.other_client
        cls.third = cls._b2b_make_client("ООО «Гамма»")
        cls.third_admin = cls._b2b_make_user(cls.third, "admin")
        cls._b2b_make_contract(cls.alpha, contract_type="consignment", discount_percent=10)
        cls._b2b_make_contract(cls.beta, contract_type="consignment", discount_percent=30)
        # the buyer of «Альфа» works for «Бета» too, as its administrator
        cls.user = cls.client_users["buyer"]
        cls.link = cls.beta._b2b_link_user(cls.user, "admin")
        cls.orders = {
            cls.alpha: cls._b2b_make_order(cls.alpha, [(cls.product_a, 2)]),
            cls.beta: cls._b2b_make_order(cls.beta, [(cls.product_a, 3)]),
        }
        cls.invoices = {client: order._create_invoices() for client, order in cls.orders.items()}
        for invoice in cls.invoices.values():
            invoice.action_post()
        Act, List = cls.env["b2b.reconciliation.act"], cls.env["b2b.sale.list"]
        cls.acts, cls.lists = {}, {}
        for client in (cls.alpha, cls.beta):
            cls.acts[client] = Act.create(
                {
                    "partner_id": client.id,
                    "company_id": cls.env.company.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
            cls.lists[client] = List.create({"name": f"Список {client.name}", "partner_id": client.id})

    def setUp(self):
        super().setUp()
        self.user.b2b_entity_id = False

    # ------------------------------------------------------------------ helpers

    def _switch(self, entity_id, redirect="/my/orders"):
        return self.url_open(
            "/my/b2b/entity",
            data={"entity_id": entity_id, "redirect": redirect, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def _ids(self, user, model):
        return set(self.env[model].with_user(user).search([]).ids)

    def _rpc_ids(self, model):
        records = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": "search_read", "args": [[], ["id"]], "kwargs": {}},
        )
        return {record["id"] for record in records}

    def _documents(self, client):
        return {
            "sale.order": {self.orders[client].id},
            "account.move": {self.invoices[client].id},
            "b2b.sale.list": {self.lists[client].id},
        }

    # ------------------------------------------------------------------ the model

    def test_entities_and_roles_per_entity(self):
        self.assertEqual(self.user._b2b_entities(), self.alpha | self.beta)
        self.assertEqual((self.user._b2b_client(), self.user._b2b_role()), (self.alpha, "buyer"))
        self.assertFalse(self.user._b2b_has_right("team"))
        self.user._b2b_switch_entity(self.beta)
        self.assertEqual((self.user._b2b_client(), self.user._b2b_role()), (self.beta, "admin"))
        self.assertEqual(self.user.b2b_contact_id, self.link)
        self.assertTrue(self.user._b2b_has_right("team", write=True))
        self.user._b2b_switch_entity(self.alpha)
        self.assertFalse(self.user.b2b_entity_id)  # the own company is stored as none
        self.assertEqual(self.user._b2b_client(), self.alpha)

    def test_switch_to_a_foreign_company_is_refused(self):
        for entity in (self.third, self.env["res.partner"].create({"name": "Частное лицо"})):
            with self.subTest(entity=entity.name), self.assertRaises(UserError):
                self.user.with_user(self.user)._b2b_switch_entity(entity)
            # over JSON-RPC the user may write the field of its own record, and is refused too
            with self.subTest(entity=entity.name), self.assertRaises(ValidationError):
                self.user.with_user(self.user).write({"b2b_entity_id": entity.id})
        self.assertFalse(self.user.b2b_entity_id)
        self.authenticate(self.user.login, self.user.login)
        for value in (self.third.id, "abc", "-1", "99999999999", ""):
            with self.subTest(value=value):
                response = self._switch(value)
                self.assertEqual(response.status_code, 403)
                self.assertIn("o_b2b_refused", response.text)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "res.users",
                    "method": "write",
                    "args": [[self.user.id], {"b2b_entity_id": self.third.id}],
                    "kwargs": {},
                },
            )
        self.user.invalidate_recordset()
        self.assertEqual(self.user._b2b_client(), self.alpha)

    def test_record_rules_follow_the_current_entity(self):
        for current, other in ((self.alpha, self.beta), (self.beta, self.alpha)):
            self.user._b2b_switch_entity(current)
            self.env.invalidate_all()
            for model, ids in self._documents(current).items():
                with self.subTest(current=current.name, model=model):
                    visible = self._ids(self.user, model)
                    self.assertLessEqual(ids, visible)
                    self.assertFalse(visible & self._documents(other)[model])
            with self.assertRaises(AccessError):
                self.orders[other].with_user(self.user).read(["name"])
        # acts follow the role of each entity too: none as «Альфа»'s buyer, «Бета»'s as its admin
        self.user._b2b_switch_entity(self.alpha)
        self.assertFalse(self._ids(self.user, "b2b.reconciliation.act"))
        self.user._b2b_switch_entity(self.beta)
        self.assertEqual(
            self._ids(self.user, "b2b.reconciliation.act") & set(self.acts[self.alpha].ids + self.acts[self.beta].ids),
            {self.acts[self.beta].id},
        )
        # a colleague of «Альфа» only never sees «Бета», whatever the linked user does
        colleague = self.client_users["admin"]
        self.assertFalse(self._ids(colleague, "sale.order") & {self.orders[self.beta].id})

    def test_json_rpc_follows_the_switch(self):
        self.authenticate(self.user.login, self.user.login)
        for current, other in ((self.alpha, self.beta), (self.beta, self.alpha), (self.alpha, self.beta)):
            self.assertEqual(self._switch(current.id).status_code, 303)
            for model, ids in self._documents(current).items():
                with self.subTest(current=current.name, model=model):
                    visible = self._rpc_ids(model)
                    self.assertLessEqual(ids, visible)
                    self.assertFalse(visible & self._documents(other)[model])

    # ------------------------------------------------------------------ pages

    def test_pages_follow_the_switch(self):
        self.authenticate(self.user.login, self.user.login)
        prices = {  # each entity's contract price, as the catalog formats it
            client: "%.2f" % client._b2b_get_catalog_prices(self.product_a)[self.product_a.id]
            for client in (self.alpha, self.beta)
        }
        self.assertNotEqual(prices[self.alpha], prices[self.beta])
        prices = {client: price.replace(".", ",") for client, price in prices.items()}
        for current, other in ((self.alpha, self.beta), (self.beta, self.alpha)):
            response = self._switch(current.id, redirect=f"/my/orders/{self.orders[other].id}?x=1")
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my/orders"))  # not the other's record
            orders = self.url_open("/my/orders").text
            self.assertIn(self.orders[current].name, orders)
            self.assertNotIn(self.orders[other].name, orders)
            invoices = self.url_open("/my/invoices").text
            self.assertIn(self.invoices[current].name, invoices)
            self.assertNotIn(self.invoices[other].name, invoices)
            page = self.url_open(f"/my/orders/{self.orders[other].id}")
            self.assertNotIn(self.orders[other].name, page.text)
            catalog = html.fromstring(self.url_open("/my/b2b/catalog?search=T-A5").content)
            row = catalog.xpath(f"//*[@id='b2b-product-{self.product_a.id}']")[0]
            self.assertIn(prices[current], row.text_content())
            switch = catalog.xpath("//*[contains(@class, 'o_b2b_entity_current')]")[0]
            self.assertEqual(switch.text_content().strip(), current.name)
            lists = self.url_open("/my/b2b/lists").text
            self.assertIn(self.lists[current].name, lists)
            self.assertNotIn(self.lists[other].name, lists)
            self.assertEqual(self.url_open("/my/b2b/waybills").status_code, 200)
        # the team page: «Бета»'s, where the user is admin; refused in «Альфа», where it buys
        self._switch(self.beta.id)
        team = self.url_open("/my/b2b/team")
        self.assertEqual(team.status_code, 200)
        self.assertIn(self.other_users["admin"].name, team.text)
        linked = html.fromstring(team.content).xpath("//*[contains(@class, 'o_b2b_team_linked')]")
        self.assertEqual([node.text_content().split()[-1] for node in linked], [self.alpha.name.split()[-1]])
        self.assertNotIn(self.client_users["viewer"].name, team.text)
        self.assertEqual(self.url_open("/my/b2b/acts").status_code, 200)
        self._switch(self.alpha.id)
        self.assertEqual(self.url_open("/my/b2b/team").status_code, 403)

    def test_waybills_claims_and_feed_follow_the_switch(self):
        """The lists of waybills and claims, their own pages and the feed addresses show the current
        entity's records only, and the other's again after switching back."""
        admins = {self.alpha: self.client_users["admin"], self.beta: self.other_users["admin"]}
        waybills, claims, tokens = {}, {}, {}
        for client in (self.alpha, self.beta):
            waybills[client] = (
                self.orders[client]
                .sudo()
                ._b2b_issue_waybill({self.orders[client].order_line.id: 1}, user=admins[client])
            )
            delivered = self._b2b_make_order(client, [(self.product_b, 4)])
            picking = delivered.picking_ids
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.button_validate()
            claims[client] = (
                self.env["b2b.claim"]
                .with_user(admins[client])
                ._b2b_file(delivered, [(delivered.order_line, "damage", 1, "")])
            )
            client._b2b_regenerate_feed_token()
            tokens[client] = client.sudo().b2b_feed_token
        self.assertEqual(len({w.name for w in waybills.values()} | {c.name for c in claims.values()}), 4)

        def rows(url, css):
            page = html.fromstring(self.url_open(url).content)
            return {node.text_content() for node in page.xpath(f"//*[contains(@class, '{css}')]")}

        self.authenticate(self.user.login, self.user.login)
        for current, other in ((self.beta, self.alpha), (self.alpha, self.beta), (self.beta, self.alpha)):
            self.assertEqual(self._switch(current.id).status_code, 303)
            with self.subTest(current=current.name):
                listed = " ".join(rows("/my/b2b/waybills", "o_b2b_waybill_row"))
                self.assertIn(waybills[current].name, listed)
                self.assertNotIn(waybills[other].name, listed)
                listed = " ".join(rows("/my/b2b/claims", "o_b2b_claim_row"))
                self.assertIn(claims[current].name, listed)
                self.assertNotIn(claims[other].name, listed)
                own = self.url_open(f"/my/b2b/waybills/{waybills[current].id}")
                self.assertEqual(own.status_code, 200)
                self.assertIn(waybills[current].name, own.text)
                for url in (f"/my/b2b/waybills/{waybills[other].id}", f"/my/b2b/claims/{claims[other].id}"):
                    foreign = self.url_open(url, allow_redirects=False)
                    self.assertIn(foreign.status_code, (303, 403, 404), url)
                    self.assertNotIn(waybills[other].name, foreign.text)
                    self.assertNotIn(claims[other].name, foreign.text)
                for url in (f"/my/b2b/waybills/{waybills[other].id}/pdf", f"/my/b2b/claims/{claims[other].id}/act"):
                    foreign = self.url_open(url, allow_redirects=False)
                    self.assertNotEqual(foreign.headers.get("Content-Type"), "application/pdf", url)
                feed = self.url_open("/my/b2b/feed", allow_redirects=False)
                if current == self.beta:  # the user is «Бета»'s admin: its addresses, not «Альфа»'s
                    self.assertEqual(feed.status_code, 200)
                    self.assertIn(tokens[self.beta], feed.text)
                    self.assertNotIn(tokens[self.alpha], feed.text)
                else:  # «Альфа»'s buyer does not manage the feed
                    self.assertEqual(feed.status_code, 403)
                    self.assertNotIn(tokens[self.alpha], feed.text)
                    self.assertNotIn(tokens[self.beta], feed.text)

    def test_one_draft_order_per_entity(self):
        SaleOrder = self.env["sale.order"]
        drafts = {}
        for client in (self.alpha, self.beta):
            self.user._b2b_switch_entity(client)
            draft = SaleOrder._b2b_draft_for_user(self.user, create=True)
            draft._b2b_add_product(self.product_a, 1)
            drafts[client] = draft
            self.assertEqual(draft.partner_id.commercial_partner_id, client)
            self.assertEqual(draft.sudo().pricelist_id, client._b2b_catalog_pricelist())
        self.assertNotEqual(drafts[self.alpha], drafts[self.beta])
        # the user's own contact (of «Альфа») follows no order of «Бета»
        self.assertNotIn(self.user.partner_id, drafts[self.beta].sudo().message_partner_ids)
        self.assertEqual(SaleOrder._b2b_draft_for_user(self.user), drafts[self.beta])
        self.user._b2b_switch_entity(self.alpha)
        self.assertEqual(SaleOrder._b2b_draft_for_user(self.user), drafts[self.alpha])
        self.assertEqual(SaleOrder._b2b_draft_summary(self.user)[0], 1)
        colleague = self.client_users["admin"]
        self.assertNotIn(drafts[self.beta], SaleOrder.with_user(colleague).search([]))

    # ------------------------------------------------------------------ linking

    def test_admin_links_a_colleague_of_another_company(self):
        admin = self.client_users["admin"]  # «Альфа»'s admin, made admin of «Гамма» by a manager
        self.third._b2b_link_user(admin, "admin")
        admin._b2b_switch_entity(self.third)
        self.assertIn(self.client_users["viewer"], self.third._b2b_link_candidates(admin))
        self.assertNotIn(self.other_users["admin"], self.third._b2b_link_candidates(admin))
        self.authenticate(admin.login, admin.login)
        form = self.url_open("/my/b2b/team").text
        self.assertIn("o_b2b_team_link", form)
        # a user of a company the admin does not administer is refused, nothing is made
        contacts = self.env["res.partner"].search_count([])
        response = self.url_open(
            "/my/b2b/team/link",
            data={
                "user_id": self.other_users["admin"].id,
                "role": "viewer",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["res.partner"].search_count([]), contacts)
        for user_id in ("abc", "0", str(2**40)):
            response = self.url_open(
                "/my/b2b/team/link",
                data={"user_id": user_id, "role": "viewer", "csrf_token": http.Request.csrf_token(self)},
            )
            self.assertEqual(response.status_code, 400, user_id)
        viewer = self.client_users["viewer"]
        response = self.url_open(
            "/my/b2b/team/link",
            data={"user_id": viewer.id, "role": "viewer", "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(viewer._b2b_entities(), self.alpha | self.third)

    def test_removed_link_sends_the_user_home(self):
        self.user._b2b_switch_entity(self.beta)
        self.assertIn(self.orders[self.beta], self.env["sale.order"].with_user(self.user).search([]))
        self.beta._b2b_remove_access(self.link)
        self.assertFalse(self.user.b2b_entity_id)
        self.assertEqual(self.user._b2b_client(), self.alpha)
        self.assertNotIn(self.orders[self.beta], self.env["sale.order"].with_user(self.user).search([]))
        with self.assertRaises(UserError):
            self.user._b2b_switch_entity(self.beta)

    def test_only_managers_link(self):
        clerk = self._b2b_make_staff("clerk")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(clerk).create(
                {"name": "Чужой", "parent_id": self.third.id, "b2b_role": "admin", "b2b_linked_user_id": self.user.id}
            )
        with self.assertRaises(UserError):  # never the user's own company twice
            self.alpha._b2b_link_user(self.client_users["viewer"], "admin")
