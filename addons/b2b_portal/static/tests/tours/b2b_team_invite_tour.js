/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client's admin invites an accountant from the portal home.
registry.category("web_tour.tours").add("b2b_portal_team_invite", {
    url: "/my",
    steps: () => [
        { content: "open the team", trigger: "a[href='/my/b2b/team']", run: "click", expectUnloadPage: true },
        { content: "the team is listed", trigger: ".o_b2b_team_table" },
        { content: "name", trigger: "input#b2b_invite_name", run: "edit Бухова Анна" },
        { content: "e-mail", trigger: "input#b2b_invite_email", run: "edit buhova@client.example.com" },
        { content: "role", trigger: "select#b2b_invite_role", run: "select accountant" },
        { content: "invite", trigger: "button.o_b2b_team_invite_submit", run: "click", expectUnloadPage: true },
        { content: "invitation sent", trigger: ".o_b2b_team_done" },
        { content: "the colleague is on the team", trigger: ".o_b2b_team_table td:contains(buhova@client.example.com)" },
    ],
});
