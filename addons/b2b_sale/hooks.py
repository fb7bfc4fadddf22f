# Odoo's portal rules as sale and account define them, put back when b2b_sale is uninstalled
# (security/ir_rules.xml narrows them to the user's order scope).
ODOO_PORTAL_RULE_DOMAINS = {
    "sale.sale_order_rule_portal": "[('message_partner_ids','child_of',[user.commercial_partner_id.id])]",
    "sale.sale_order_line_rule_portal": "[('order_id.message_partner_ids','child_of',[user.commercial_partner_id.id])]",
    "account.account_invoice_rule_portal": "[('state', 'not in', ('cancel', 'draft')), "
    "('move_type', 'in', ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')), "
    "('message_partner_ids','child_of',[user.commercial_partner_id.id])]",
    "account.account_invoice_line_rule_portal": "[('parent_state', 'not in', ('cancel', 'draft')), "
    "('move_id.move_type', 'in', ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')), "
    "('move_id.message_partner_ids','child_of',[user.commercial_partner_id.id])]",
}


def uninstall_hook(env):
    for xmlid, domain in ODOO_PORTAL_RULE_DOMAINS.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
