from pathlib import Path

import polib

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

# every b2b add-on this test module depends on (its manifest lists them all)
B2B_MODULES = [name for name in get_manifest("test_b2b_flows")["depends"] if name.startswith("b2b_")]


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every string a user can see in the b2b add-ons has a Russian translation."""

    def test_ru_po_is_complete_and_pot_is_current(self):
        for module in B2B_MODULES:
            with self.subTest(module=module):
                terms = {
                    source
                    for mod, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                        self.env.cr, modules=[module]
                    )
                    if mod == module and source
                }
                i18n = Path(get_module_path(module)) / "i18n"
                pot = {entry.msgid for entry in polib.pofile(str(i18n / f"{module}.pot"))}
                missing_in_pot = sorted(terms - pot)
                self.assertFalse(missing_in_pot, f"{module}.pot is out of date, missing: {missing_in_pot[:10]}")
                ru = {
                    entry.msgid: entry.msgstr
                    for entry in polib.pofile(str(i18n / "ru.po"))
                    if not entry.obsolete and "fuzzy" not in entry.flags
                }
                untranslated = sorted(term for term in terms if not ru.get(term))
                self.assertFalse(untranslated, f"{module}/i18n/ru.po lacks: {untranslated[:10]}")

    def test_russian_is_served(self):
        """A Russian-speaking user gets Russian labels (the .po files are loaded)."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(B2B_MODULES, ["ru_RU"], overwrite=True)
        fields_ru = self.env["res.partner"].with_context(lang="ru_RU").fields_get(["b2b_kpp", "b2b_role"])
        self.assertEqual(fields_ru["b2b_kpp"]["string"], "КПП")
        self.assertEqual(dict(fields_ru["b2b_role"]["selection"])["buyer"], "Закупщик")
