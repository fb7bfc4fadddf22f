/** @odoo-module **/

import { registry } from "@web/core/registry";

// A consignment client's buyer issues a waybill for part of an order's reserved goods.
registry.category("web_tour.tours").add("b2b_waybill_issue", {
    url: "/my/b2b/waybills",
    steps: () => [
        {
            content: "the order with reserved goods is listed",
            trigger: "tr.o_b2b_waybill_order:contains(WBTOUR)",
        },
        {
            content: "issue a waybill for it",
            trigger: "tr.o_b2b_waybill_order:contains(WBTOUR) a.o_b2b_waybill_issue",
            run: "click",
        },
        {
            content: "collect only 3 of the reserved blocks now",
            trigger: "tr.o_b2b_waybill_new_line:contains(Tour block) input",
            run: "edit 3",
        },
        {
            content: "issue",
            trigger: "button.o_b2b_waybill_submit",
            run: "click",
        },
        {
            content: "the issued waybill is shown with its number",
            trigger: ".o_b2b_waybill_state[data-state=issued]",
        },
        {
            content: "with its PDF",
            trigger: "a.o_b2b_waybill_pdf",
        },
        {
            content: "and the quantity",
            trigger: ".o_b2b_waybill_lines td:contains(Tour block)",
        },
    ],
});
