from odoo import _
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.http import request
from odoo.osv import expression

from .orders import B2bOrderPortal

SEARCH_MAX_CHARS = 64


class B2bOrderListPortal(B2bOrderPortal):
    """Odoo's order list (`/my/orders`) for a client company's staff: filters by reservation,
    payment and shipment, a search by number or the client's own reference; and the
    dashboard's order cards on `/my`."""

    # --- the list's filters and search --------------------------------------------

    def _get_sale_searchbar_filters(self):
        """{key: {label, domain}} of the order list's «Filter by» menu."""
        SaleOrder = request.env["sale.order"]
        to_pay = [("state", "=", "sale"), ("b2b_payment_state", "in", ("not_paid", "partial"))]
        return {
            "all": {"label": _("All"), "domain": []},
            "pending": {
                "label": _("Waiting for reservation"),
                "domain": SaleOrder._b2b_reservation_state_domain(("pending",)),
            },
            "reserved": {
                "label": _("Reserved"),
                "domain": SaleOrder._b2b_reservation_state_domain(("reserved", "partial")),
            },
            "refused": {"label": _("Not reserved"), "domain": [("b2b_reservation_state", "=", "refused")]},
            "to_pay": {
                "label": _("Reserved, to pay"),
                "domain": expression.AND([to_pay, SaleOrder._b2b_reservation_state_domain(("reserved", "partial"))]),
            },
            "paid": {"label": _("Paid"), "domain": [("b2b_payment_state", "=", "paid"), ("state", "=", "sale")]},
            "to_ship": {
                "label": _("Not shipped yet"),
                "domain": [("state", "=", "sale"), ("delivery_status", "in", ("pending", "started", "partial"))],
            },
            "shipped": {"label": _("Shipped"), "domain": [("delivery_status", "=", "full")]},
        }

    def _get_sale_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Order number or your reference")},
            "name": {"input": "name", "label": _("Order number")},
            "ref": {"input": "ref", "label": _("Your reference")},
        }

    def _get_sale_search_domain(self, search_in, search):
        if not search:
            return []
        by_name = [("name", "ilike", search)]
        by_ref = [("client_order_ref", "ilike", search)]
        return {"name": by_name, "ref": by_ref}.get(search_in) or expression.OR([by_name, by_ref])

    def _get_sale_searchbar_sortings(self):
        sortings = super()._get_sale_searchbar_sortings()
        if request.env.user._b2b_client():
            sortings["name"] = {"label": _("Number"), "order": "name desc, id desc"}
        return sortings

    def _prepare_orders_domain(self, partner):
        domain = super()._prepare_orders_domain(partner)
        # the list's filter and search (see _prepare_sale_portal_rendering_values); the
        # home page's counters come without them
        context = request.env.context
        extra = []
        if context.get("b2b_orders_filter"):
            extra.append(self._get_sale_searchbar_filters()[context["b2b_orders_filter"]]["domain"])
        if context.get("b2b_orders_search"):
            extra.append(
                self._get_sale_search_domain(context.get("b2b_orders_search_in"), context["b2b_orders_search"])
            )
        return expression.AND([domain, *extra]) if extra else domain

    def _prepare_sale_portal_rendering_values(
        self, page=1, date_begin=None, date_end=None, sortby=None, quotation_page=False, **kwargs
    ):
        if quotation_page or not request.env.user._b2b_client():
            return super()._prepare_sale_portal_rendering_values(
                page=page,
                date_begin=date_begin,
                date_end=date_end,
                sortby=sortby,
                quotation_page=quotation_page,
                **kwargs,
            )
        filters = self._get_sale_searchbar_filters()
        inputs = self._get_sale_searchbar_inputs()
        filterby = kwargs.pop("filterby", None)
        filterby = filterby if filterby in filters else "all"
        search_in = kwargs.pop("search_in", None)
        search_in = search_in if search_in in inputs else "all"
        # a search box's text as a filter: without NUL (PostgreSQL refuses it), of a sane length
        search = str(kwargs.pop("search", None) or "").replace("\x00", "").strip()[:SEARCH_MAX_CHARS]
        sortings = self._get_sale_searchbar_sortings()
        if sortby not in sortings:
            sortby = None
        request.update_context(
            b2b_orders_filter=filterby if filterby != "all" else False,
            b2b_orders_search=search,
            b2b_orders_search_in=search_in,
        )
        values = super()._prepare_sale_portal_rendering_values(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, **kwargs
        )
        url_args = {"date_begin": date_begin, "date_end": date_end, "sortby": sortby}
        url_args.update(filterby=filterby if filterby != "all" else None, search_in=search_in if search else None)
        url_args["search"] = search or None
        if values["pager"]["page_count"] > 1:
            # Odoo's pager forgets the filter and the search: its page links again, with them
            partner = request.env.user.partner_id
            values["pager"] = portal_pager(
                url="/my/orders",
                total=request.env["sale.order"].search_count(self._prepare_orders_domain(partner)),
                page=page,
                step=self._items_per_page,
                url_args={key: value for key, value in url_args.items() if value},
            )
        values.update(
            {
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
                "searchbar_sortings": sortings,
                "sortby": sortby or "date",
            }
        )
        return values

    # --- dashboard ------------------------------------------------------------------

    def _prepare_b2b_dashboard_cards(self):
        cards = super()._prepare_b2b_dashboard_cards()
        user = request.env.user
        if not user._b2b_client() or not user._b2b_has_right("orders"):
            return cards
        if user._b2b_has_right("orders", write=True):
            cards.append(self._b2b_dashboard_draft_card(user))
        cards += self._b2b_dashboard_order_cards(user)
        return cards

    def _b2b_dashboard_draft_card(self, user):
        count, total, currency = request.env["sale.order"]._b2b_draft_summary(user)
        return {
            "key": "order",
            "sequence": 10,
            "title": _("Current order"),
            "value": self._b2b_dashboard_amount(total, currency) if count else _("Empty"),
            "text": _("%(count)s lines", count=count) if count else _("Add products from the catalog"),
            "url": "/my/b2b/order" if count else "/my/b2b/catalog",
        }

    def _b2b_paid_on_orders(self, order_ids):
        """What is already paid on the posted customer invoices of these orders (one grouped
        query): an order paid in part owes only the rest."""
        if not order_ids:
            return 0.0
        # under the user's rules: the invoices it may read of its own orders
        [(total, residual)] = request.env["account.move"]._read_group(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_line_ids.sale_line_ids.order_id", "in", list(order_ids)),
            ],
            aggregates=["amount_total:sum", "amount_residual:sum"],
        )
        return (total or 0.0) - (residual or 0.0)

    def _b2b_dashboard_order_cards(self, user):
        """Orders waiting for reservation, and reserved orders to pay: one grouped query each,
        on the list's own domain (what the links open)."""
        SaleOrder = request.env["sale.order"]
        filters = self._get_sale_searchbar_filters()
        listed = self._prepare_orders_domain(user.partner_id)
        [(pending,)] = SaleOrder._read_group(
            expression.AND([listed, filters["pending"]["domain"]]), aggregates=["__count"]
        )
        [(to_pay, to_pay_ids, to_pay_total)] = SaleOrder._read_group(
            expression.AND([listed, filters["to_pay"]["domain"]]),
            aggregates=["__count", "id:array_agg", "amount_total:sum"],
        )
        # an invoice shared with other orders may hold payments for them too: never below zero
        to_pay_total = max((to_pay_total or 0.0) - self._b2b_paid_on_orders(to_pay_ids or []), 0.0)
        return [
            {
                "key": "orders_pending",
                "sequence": 20,
                "title": _("Waiting for reservation"),
                "value": str(pending),
                "text": _("with the warehouse, awaiting the result") if pending else _("No order is waiting"),
                "url": "/my/orders?filterby=pending",
                "tone": "info" if pending else None,
            },
            {
                "key": "orders_to_pay",
                "sequence": 30,
                "title": _("Reserved, to pay"),
                "value": self._b2b_dashboard_amount(to_pay_total),
                "text": _("%(count)s orders to pay", count=to_pay) if to_pay else _("Nothing to pay"),
                "url": "/my/orders?filterby=to_pay",
                "tone": "warning" if to_pay else None,
            },
        ]
