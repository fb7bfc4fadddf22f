/** @odoo-module **/

// The catalog has one add-to-order form for all its rows: Enter in a row's quantity box adds
// that row's product (the form's own default button does nothing).
document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key !== "Enter" || !input.matches?.(".o_b2b_catalog_row input.o_b2b_quantity")) {
        return;
    }
    event.preventDefault();
    input.closest(".o_b2b_catalog_row").querySelector("button.o_b2b_add")?.click();
});
