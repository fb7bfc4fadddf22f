/** @odoo-module **/

import { registry } from "@web/core/registry";

// A buyer pastes a list with a bad line, sets its reference and sends the order for
// reservation; the order page then shows it as sent for reservation.
registry.category("web_tour.tours").add("b2b_portal_order", {
    url: "/my/b2b/order",
    steps: () => [
        {
            content: "the draft has the product added from the catalog",
            trigger: "tr[data-sku='T-A5']",
        },
        {
            content: "paste a list with one unknown SKU",
            trigger: "textarea[name='lines_text']",
            run() {
                document.querySelector("textarea[name='lines_text']").value = "T-SP6\t40\nNOPE-9\t1";
            },
        },
        {
            content: "add the list",
            trigger: "button.o_b2b_import_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the known line is added",
            trigger: "tr[data-sku='T-SP6'] input[value='40']",
        },
        {
            content: "the unknown one is listed and given back",
            trigger: ".o_b2b_import_errors li:contains(NOPE-9)",
        },
        {
            content: "give the order our own reference",
            trigger: "input[name='reference']",
            run: "edit SHOP-4242",
        },
        {
            content: "save",
            trigger: "button.o_b2b_order_update",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "send for reservation",
            trigger: "button.o_b2b_order_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the order is sent for reservation",
            trigger: ".o_b2b_order_status .o_b2b_reservation_pending",
        },
    ],
});
