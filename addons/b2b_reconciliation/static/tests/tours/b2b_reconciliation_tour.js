/** @odoo-module **/

import { registry } from "@web/core/registry";

// A client's accountant requests a reconciliation act in the portal (in Russian).
registry.category("web_tour.tours").add("b2b_reconciliation_request_act", {
    url: "/my/b2b/acts",
    steps: () => [
        {
            content: "the acts page is in Russian and offers the request form",
            trigger: "form.o_b2b_act_request:contains(Заказать акт сверки)",
        },
        {
            content: "the only legal entity is preselected",
            trigger: "select[name=company_id]:has(option:selected:contains(Поставщик-Тест))",
        },
        {
            content: "request the act",
            trigger: "form.o_b2b_act_request button[type=submit]",
            run: "click",
        },
        {
            content: "the request is confirmed",
            trigger: ".o_b2b_notice:contains(Акт заказан)",
        },
        {
            content: "the act is listed as being prepared",
            trigger: "tr.o_b2b_act_row:contains(Формируется)",
        },
    ],
});

// Once the background job has generated it, the act can be downloaded as XLSX and PDF.
registry.category("web_tour.tours").add("b2b_reconciliation_download_act", {
    url: "/my/b2b/acts",
    steps: () => [
        {
            content: "the act is ready",
            trigger: "tr.o_b2b_act_row:contains(Готов)",
        },
        {
            content: "download the XLSX",
            trigger: "tr.o_b2b_act_row a.o_b2b_act_xlsx",
            async run() {
                const response = await fetch(this.anchor.href);
                const type = response.headers.get("Content-Type") || "";
                const body = new Uint8Array(await response.arrayBuffer());
                // an XLSX is a zip archive: "PK"
                if (!response.ok || !type.includes("spreadsheetml") || body[0] !== 0x50 || body[1] !== 0x4b) {
                    throw new Error(`XLSX download failed: ${response.status} ${type}`);
                }
                document.body.classList.add("o_b2b_xlsx_downloaded");
            },
        },
        {
            content: "download the PDF",
            trigger: "body.o_b2b_xlsx_downloaded tr.o_b2b_act_row a.o_b2b_act_pdf",
            async run() {
                const response = await fetch(this.anchor.href);
                const disposition = response.headers.get("Content-Disposition") || "";
                if (!response.ok || !disposition.includes(".pdf")) {
                    throw new Error(`PDF download failed: ${response.status}`);
                }
                document.body.classList.add("o_b2b_pdf_downloaded");
            },
        },
        {
            content: "both files were downloaded",
            trigger: "body.o_b2b_pdf_downloaded",
        },
    ],
});
