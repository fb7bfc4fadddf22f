/** @odoo-module **/

import { registry } from "@web/core/registry";

// A buyer goes round the cabinet with its navigation bar (dashboard → catalog → current order →
// orders → invoices) and follows the dashboard's links.
registry.category("web_tour.tours").add("b2b_cabinet_navigation", {
    url: "/my",
    steps: () => [
        {
            content: "the dashboard shows the current order",
            trigger: ".o_b2b_card_order .o_b2b_card_value",
        },
        {
            content: "the bar shows the current order's line count",
            trigger: ".o_b2b_nav_order .o_b2b_nav_badge:contains(1)",
        },
        {
            content: "open the catalog from the bar",
            trigger: ".o_b2b_nav a.o_b2b_nav_catalog",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the catalog is the current entry",
            trigger: ".o_b2b_nav a.o_b2b_nav_catalog.active",
        },
        {
            content: "the catalog lists the products",
            trigger: "tr.o_b2b_catalog_row",
        },
        {
            content: "open the current order",
            trigger: ".o_b2b_nav a.o_b2b_nav_order",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the current order shows its line",
            trigger: "tr[data-sku='T-A5']",
        },
        {
            content: "open the orders",
            trigger: ".o_b2b_nav a.o_b2b_nav_orders",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the back-office orders show their reservation",
            trigger: "td.o_b2b_order_reservation span[data-state='pending']",
        },
        {
            content: "open the invoices",
            trigger: ".o_b2b_nav a.o_b2b_nav_invoices",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the invoices are the current entry",
            trigger: ".o_b2b_nav a.o_b2b_nav_invoices.active",
        },
        {
            content: "back to the dashboard by the breadcrumb",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "follow the «waiting for reservation» card",
            trigger: ".o_b2b_card_orders_pending a.o_b2b_card_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the list is filtered to the orders waiting for reservation",
            trigger: ".dropdown-menu a.dropdown-item.active[href*='filterby=pending']:not(:visible)",
        },
        {
            content: "only the waiting order is listed",
            trigger: "td.o_b2b_order_reservation span[data-state='pending']",
            run() {
                const states = [...document.querySelectorAll("td.o_b2b_order_reservation span")].map(
                    (el) => el.dataset.state
                );
                if (!states.length || states.some((state) => state !== "pending")) {
                    throw new Error(`unexpected states: ${states}`);
                }
            },
        },
        {
            content: "back to the dashboard",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "follow the «unpaid invoices» card",
            trigger: ".o_b2b_card_invoices_unpaid a.o_b2b_card_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the invoice list is filtered to the unpaid invoices",
            trigger: ".dropdown-menu a.dropdown-item.active[href*='filterby=b2b_unpaid']:not(:visible)",
        },
        {
            content: "back to the dashboard",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "follow the current order's card",
            trigger: ".o_b2b_card_order a.o_b2b_card_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the current order opens",
            trigger: ".o_b2b_nav a.o_b2b_nav_order.active",
        },
    ],
});
