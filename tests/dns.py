"""A real DNS server for tests: answers over UDP on 127.0.0.1 from the records a test gives it."""

import socket
import threading

import dkim
import dns.flags
import dns.message
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.resolver
import dns.rrset


class DnsServer:
    """Serve `records` ({(name, type): [text of each record]}); every other name does not exist.

    Names are absolute or relative to the root ("example.org"); types are "TXT", "MX", "A",
    "PTR" and so on; values are in zone-file syntax (a TXT value's quotes may be left out).
    """

    def __init__(self, records=None):
        self.records = {}
        for (name, rdtype), values in (records or {}).items():
            self.add(name, rdtype, *values)
        self.queries = []
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        # Woken every so often to see whether the test is over: closing does not wake recvfrom.
        self.socket.settimeout(0.1)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def add(self, name, rdtype, *values):
        key = (name.lower().rstrip(".") + ".", rdtype.upper())
        self.records.setdefault(key, []).extend(values)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join(timeout=5)
        self.socket.close()

    @property
    def nameserver(self):
        """The server as SENDER_CHECK_NAMESERVERS names it."""
        return f"127.0.0.1:{self.port}"

    def resolver(self):
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = ["127.0.0.1"]
        resolver.port = self.port
        resolver.lifetime = 5
        return resolver

    def get_txt(self, name, timeout=5):
        """dkimpy's DNS function (its `dnsfunc`), asking this server."""
        try:
            answer = self.resolver().resolve(name.decode().rstrip("."), "TXT")
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return None
        return b"".join(b"".join(record.strings) for record in answer)

    def verify(self, message):
        """Whether dkimpy verifies the DKIM signature of `message` (bytes) with the key served here."""
        return dkim.verify(message, dnsfunc=self.get_txt)

    def _serve(self):
        while not self._stopped.is_set():
            try:
                data, address = self.socket.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            question = query.question[0]
            name = question.name.to_text().lower()
            rdtype = dns.rdatatype.to_text(question.rdtype)
            self.queries.append((name, rdtype))
            values = self.records.get((name, rdtype))
            if values:
                rdatas = [
                    dns.rdata.from_text(dns.rdataclass.IN, question.rdtype, _zone(rdtype, v)) for v in values
                ]
                response.answer.append(dns.rrset.from_rdata_list(question.name, 300, rdatas))
            elif not any(known == name for known, _type in self.records):
                response.set_rcode(dns.rcode.NXDOMAIN)
            try:
                self.socket.sendto(response.to_wire(), address)
            except OSError:
                return


def _zone(rdtype, value):
    """A TXT value as zone-file text: quoted, split into strings of at most 255 octets."""
    if rdtype != "TXT" or value.startswith('"'):
        return value
    return " ".join(f'"{value[start : start + 255]}"' for start in range(0, len(value), 255))


def signing_with_a_served_key(settings, key_path, private_key, selector):
    """Configure DKIM signing with `private_key` (written to `key_path`); return a DnsServer serving it.

    The caller enters the server (`with`); the public key is at <selector>._domainkey.example.org.
    """
    from home.dkim import public_key_record, write_private_key

    write_private_key(private_key, key_path)
    settings.DKIM_SELECTOR = selector
    settings.DKIM_PRIVATE_KEY = str(key_path)
    return DnsServer({(f"{selector}._domainkey.example.org", "TXT"): [public_key_record(private_key)]})
