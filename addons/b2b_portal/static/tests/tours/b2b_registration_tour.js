/** @odoo-module **/

import { registry } from "@web/core/registry";

// A visitor registers a company: a wrong INN is refused next to the field, the fix goes through.
registry.category("web_tour.tours").add("b2b_portal_registration", {
    url: "/b2b/register",
    steps: () => [
        { content: "company name", trigger: "input[name=company_name]", run: "edit ООО «Тур»" },
        { content: "an INN with a wrong check digit", trigger: "input[name=inn]", run: "edit 7736050004" },
        { content: "KPP", trigger: "input[name=kpp]", run: "edit 773601001" },
        { content: "OGRN", trigger: "input[name=ogrn]", run: "edit 1027736050000" },
        { content: "address", trigger: "input[name=address]", run: "edit г. Москва, ул. Тура, д. 1" },
        { content: "BIK", trigger: "input[name=bik]", run: "edit 044525225" },
        { content: "account", trigger: "input[name=account]", run: "edit 40702810800000054321" },
        { content: "name", trigger: "input[name=contact_name]", run: "edit Туров Тур Турович" },
        { content: "e-mail", trigger: "input[name=email]", run: "edit tour-admin@client.example.com" },
        { content: "phone", trigger: "input[name=phone]", run: "edit +7 495 111-22-33" },
        { content: "send", trigger: "button.o_b2b_register_submit", run: "click", expectUnloadPage: true },
        { content: "the INN is refused next to the field", trigger: ".o_b2b_error_inn" },
        { content: "what was typed is kept", trigger: "input[name=account]:value(40702810800000054321)" },
        { content: "fix the INN", trigger: "input[name=inn]", run: "edit 7736050003" },
        { content: "send again", trigger: "button.o_b2b_register_submit", run: "click", expectUnloadPage: true },
        { content: "registered", trigger: ".o_b2b_register_done:contains(tour-admin@client.example.com)" },
    ],
});
