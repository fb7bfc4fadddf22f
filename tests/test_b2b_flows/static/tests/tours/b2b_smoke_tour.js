/** @odoo-module **/

import { registry } from "@web/core/registry";

// The portal home of a client's user renders in the browser and is in Russian.
registry.category("web_tour.tours").add("b2b_portal_smoke", {
    url: "/my",
    steps: () => [
        {
            content: "the portal home is shown",
            trigger: ".o_portal_my_home",
        },
        {
            content: "in Russian",
            trigger: ".o_portal_my_home:contains(Безопасность)",
        },
    ],
});
