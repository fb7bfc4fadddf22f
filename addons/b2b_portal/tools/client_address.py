"""Who is asking: the bucket a visitor's address counts in for rate limits, and e-mail keys.

Pure functions, no database: tested in tests/test_client_address.py."""

import ipaddress
import re

IPV6_PREFIX = 64  # one subscriber gets a /64 and may rotate freely inside it

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](-?[A-Za-z0-9])*)(\.[A-Za-z0-9](-*[A-Za-z0-9])*)*\.[A-Za-z]{2,63}$")


def address_bucket(address):
    """The rate-limit bucket of a remote address: an IPv4 address as it is, an IPv6 address by
    its /64 network, an IPv4-mapped IPv6 address as its IPv4; anything else as «unknown»."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def clean_email(value, max_length=120):
    """The address in lower case when it is a plain mailbox (local@domain.tld, no display name,
    no markup, no quoting, no IP literal), else None."""
    value = (value or "").strip()
    if not value or len(value) > max_length or value.count("@") != 1:
        return None
    local, domain = value.rsplit("@", 1)
    if len(local) > 64 or not _LOCAL.match(local) or not _DOMAIN.match(domain):
        return None
    return f"{local}@{domain}".lower()


def email_key(email):
    """The mailbox an address delivers to, for counting: `user+tag@x` and `User@X` count as
    `user@x`. `email` is a cleaned address (see `clean_email`)."""
    local, __, domain = (email or "").lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else ""
