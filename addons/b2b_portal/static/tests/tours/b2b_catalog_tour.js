/** @odoo-module **/

import { registry } from "@web/core/registry";

// A buyer searches the catalog by SKU and adds a product to the order from the result row.
registry.category("web_tour.tours").add("b2b_catalog_search_and_add", {
    url: "/my/b2b/catalog",
    steps: () => [
        {
            content: "type the SKU in the search box",
            trigger: ".o_b2b_catalog_search input[name=search]",
            run: "edit TOUR-SP6",
        },
        {
            content: "search",
            trigger: ".o_b2b_search_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the matching product is listed",
            trigger: ".o_b2b_catalog_row .o_b2b_sku:contains(TOUR-SP6)",
        },
        {
            content: "enter the quantity",
            trigger: ".o_b2b_catalog_row:has(.o_b2b_sku:contains(TOUR-SP6)) input.o_b2b_quantity",
            run: "edit 7",
        },
        {
            content: "add it to the order",
            trigger: ".o_b2b_catalog_row:has(.o_b2b_sku:contains(TOUR-SP6)) button.o_b2b_add",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the catalog confirms it, still on the search result",
            trigger: ".o_b2b_notice.alert-success",
        },
        {
            content: "the search is kept",
            trigger: ".o_b2b_catalog_search input[name=search]:value(TOUR-SP6)",
        },
    ],
});
