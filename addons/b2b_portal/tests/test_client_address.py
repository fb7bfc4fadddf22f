"""Rate-limit buckets of remote addresses and mailbox keys (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..tools.client_address import address_bucket, clean_email, email_key

HYPOTHESIS = settings(max_examples=200, deadline=None, database=None, derandomize=True)


@tagged("post_install", "-at_install")
class TestClientAddress(BaseCase):
    def test_ipv4_is_its_own_bucket(self):
        self.assertEqual(address_bucket("203.0.113.7"), "203.0.113.7")
        self.assertNotEqual(address_bucket("203.0.113.7"), address_bucket("203.0.113.8"))

    def test_ipv6_counts_by_its_64_network(self):
        one, two = address_bucket("2001:db8:1:2::1"), address_bucket("2001:db8:1:2:ffff:eeee:dddd:cccc")
        self.assertEqual(one, two)
        self.assertEqual(one, "2001:db8:1:2::/64")
        self.assertNotEqual(one, address_bucket("2001:db8:1:3::1"))
        self.assertEqual(address_bucket("::ffff:203.0.113.7"), "203.0.113.7")

    @given(st.integers(min_value=0, max_value=2**64 - 1))
    @HYPOTHESIS
    def test_any_interface_id_falls_in_the_same_bucket(self, interface):
        prefix = 0x20010DB8_00010002 << 64
        from ipaddress import IPv6Address

        self.assertEqual(address_bucket(str(IPv6Address(prefix | interface))), "2001:db8:1:2::/64")

    def test_garbage_addresses(self):
        for value in ("", None, "unknown", "1.2.3", "1.2.3.4\n", "::g", "1.2.3.4\x00"):
            with self.subTest(value=value):
                self.assertIn(address_bucket(value), ("unknown", "1.2.3.4"))
        self.assertEqual(address_bucket("1.2.3.4\x00"), "unknown")

    def test_clean_email(self):
        self.assertEqual(clean_email(" Ivan.Petrov@Example.COM "), "ivan.petrov@example.com")
        self.assertEqual(clean_email("user+tag@example.ru"), "user+tag@example.ru")
        for bad in (
            "<script>@x",
            "<script>alert(1)</script>@example.com",
            "a@b",
            "a@@example.com",
            "Ivan <ivan@example.com>",
            '"a b"@example.com',
            "a@[127.0.0.1]",
            "a@example.com\nbcc@example.com",
            "a\x00@example.com",
            "a..b@example.com",
            ".a@example.com",
            "a@-example.com",
            "x" * 65 + "@example.com",
            "a@" + "b" * 120 + ".com",
            "",
            None,
        ):
            with self.subTest(value=bad):
                self.assertIsNone(clean_email(bad))

    def test_email_key_ignores_the_tag_and_the_case(self):
        self.assertEqual(email_key(clean_email("User+promo@Example.com")), "user@example.com")
        self.assertEqual(email_key("user@example.com"), "user@example.com")
        self.assertEqual(email_key("user+a+b@example.com"), "user@example.com")
        self.assertNotEqual(email_key("user1@example.com"), email_key("user@example.com"))

    @given(st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True), st.from_regex(r"[a-z0-9]{0,10}", fullmatch=True))
    @HYPOTHESIS
    def test_every_tag_counts_as_the_mailbox(self, local, tag):
        self.assertEqual(email_key(clean_email(f"{local}+{tag}@example.com")), f"{local}@example.com")
