/** @odoo-module **/

import { registry } from "@web/core/registry";

// A buyer saves the current order as a list, changes a quantity on the list and adds the list
// to the order again.
registry.category("web_tour.tours").add("b2b_sale_list_save", {
    url: "/my/b2b/order",
    steps: () => [
        {
            content: "the draft holds the product added from the catalog",
            trigger: "tr[data-sku='T-A5']",
        },
        {
            content: "name the list",
            trigger: "input#b2b_list_name",
            run: "edit Еженедельный заказ",
        },
        {
            content: "save the order as a list",
            trigger: "button.o_b2b_save_list",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the list page shows the saved line",
            trigger: ".o_b2b_list_name:contains(Еженедельный заказ)",
        },
        {
            content: "change the quantity on the list",
            trigger: "tr.o_b2b_list_line[data-sku='T-A5'] input[name^='qty_']",
            run: "edit 7",
        },
        {
            content: "save the list",
            trigger: "button.o_b2b_list_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the list keeps the new quantity",
            trigger: "tr.o_b2b_list_line[data-sku='T-A5'] input[value='7']",
        },
        {
            content: "add the list to the order",
            trigger: "button.o_b2b_list_add_to_order",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the order now holds 2 + 7",
            trigger: "tr[data-sku='T-A5'] input[value='9']",
        },
    ],
});

// A buyer repeats a past order from its page: its goods land on the current order.
registry.category("web_tour.tours").add("b2b_sale_list_repeat", {
    steps: () => [
        {
            content: "repeat the order",
            trigger: "button.o_b2b_repeat",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the current order holds the goods of the past one",
            trigger: "tr[data-sku='T-SP6'] input[value='40']",
        },
        {
            content: "and says so",
            trigger: ".alert-success",
        },
    ],
});
