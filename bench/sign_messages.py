"""Benchmark the ways of DKIM-signing a newsletter message, per message, on this machine.

One language's message of about 30 KB (as the send benchmark's) is built as the fast path
builds it, and each way of signing it is timed over the same messages, each recipient's own:

- unsigned: the fast path's per-recipient join, the baseline;
- engine: what the fast path does (newsletter/sending/wire.py): constant parts canonicalised
  and the body hashed up to the first recipient gap once per language; per message the rest of
  the body hash, the three recipient headers and one RSA signature (OpenSSL);
- whole message: parse and canonicalise each finished message, then sign (home.dkim.DkimKey.sign,
  what the Django path does);
- dkimpy.sign: the library as it comes (its RSA is pure Python);
- and the RSA signature alone, for 2048- and 1024-bit keys.

Each way's output is verified with dkimpy. Figures are CPU time, steady on a busy machine.
Environment: BENCH_SIGN_MESSAGES (default 2000).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-3b9f0c2e7d1a4f6b8c5e0a9d2f7b1c4e")

MESSAGES = int(os.environ.get("BENCH_SIGN_MESSAGES", "2000"))
PURE_PYTHON_MESSAGES = 50
PARAGRAPH = (
    "Мрежата на граѓанските организации од регионот ја објавува новата програма за мали грантови. "
    "The network's members meet in Skopje, Tirana and Podgorica to plan the campaign for clean air. "
)


def build(signer):
    from newsletter.sending import markers, wire
    from newsletter.sending.headers import ListId, Mailbox, issue_headers

    headers = issue_headers(
        sender=Mailbox("Balkan Civic Network", "news@example.org"),
        recipient=markers.marker("to"),
        subject="Регионален билтен: нова програма за мали грантови",
        message_id=markers.marker("message_id"),
        language="mk",
        list_id=ListId("Регионален билтен", "regional.example.org"),
        list_unsubscribe=markers.marker("list_unsubscribe"),
        feedback_id="1:regional:example.org",
    )
    links = [markers.marker("unsubscribe_url"), markers.marker("preferences_url")]
    footer = " ".join(f'<a href="{link}">{index}</a>' for index, link in enumerate(links))
    html = "\n".join(f'<p style="margin:0 0 16px">{PARAGRAPH}</p>' for _ in range(75)) + footer
    text = "\n\n".join(PARAGRAPH for _ in range(25)) + f"\n{markers.marker('unsubscribe_url')}\n"
    return wire.build_template(headers, html_body=html, text_body=text, signer=signer)


def recipients(count):
    from newsletter.sending import wire

    return [
        wire.recipient_values(
            email=f"reader{number}@example.net",
            name=f"Reader {number}",
            message_id=f"<1.abc.{number}@example.org>",
            unsubscribe_url=f"https://example.org/newsletter/unsubscribe/{number:08d}.Zm9vYmFyYmF6cXV4/",
            preferences_url=f"https://example.org/newsletter/preferences/{number:08d}.cXV4YmF6YmFyZm9v/",
            mailto=f"unsubscribe+{number}@example.org",
        )
        for number in range(count)
    ]


def timed(function, items):
    """Microseconds of this process's CPU per item: what other load on the machine leaves out."""
    started = time.process_time()
    results = [function(item) for item in items]
    return (time.process_time() - started) / len(items) * 1e6, results


def main():
    import django

    django.setup()
    import dkim
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

    from home.dkim import DkimKey, generate_key, public_key_record

    key = generate_key(2048)
    signer = DkimKey("bench", "example.org", key)
    record = public_key_record(key).encode()

    def verified(message):
        return dkim.verify(message, dnsfunc=lambda name, timeout=5: record)

    values = recipients(MESSAGES)
    plain, signed = build(None), build(signer)
    figures = {}
    figures["unsigned (baseline)"], unsigned = timed(plain.render, values)
    figures["engine: per-language precomputation + OpenSSL RSA"], engine = timed(signed.render, values)
    figures["whole message parsed and signed (Django path)"], whole = timed(
        lambda message: signer.sign(message) + message, unsigned
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    # The fast path's bytes are dot-stuffed for SMTP; dkimpy gets them as a receiver would.
    undotted = [message.replace(b"\r\n..", b"\r\n.") for message in unsigned[:PURE_PYTHON_MESSAGES]]
    figures["dkimpy.sign (pure-Python RSA)"], pure = timed(
        lambda message: (
            dkim.sign(message, b"bench", b"example.org", pem, canonicalize=(b"relaxed", b"relaxed")) + message
        ),
        undotted,
    )
    digest = b"\x00" * 32
    for bits in (2048, 1024):
        other = key if bits == 2048 else generate_key(1024)
        figures[f"RSA-{bits} signature alone (OpenSSL)"], _ = timed(
            lambda _item, other=other: other.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256())),
            range(MESSAGES),
        )
    undot = lambda message: message.replace(b"\r\n..", b"\r\n.")  # noqa: E731
    correct = {
        "engine": all(verified(undot(message)) for message in engine[:20]),
        "whole message": all(verified(undot(message)) for message in whole[:20]),
        "dkimpy.sign": all(verified(message) for message in pure[:5]),
    }
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"DKIM signing, {len(unsigned[0]):,}-byte message, {MESSAGES:,} recipients; load average {load}")
    print("(CPU time of this process per message, so other load on the machine counts little)")
    base = figures["unsigned (baseline)"]
    for name, micros in figures.items():
        extra = (
            f"  (+{micros - base:,.0f} µs over unsigned)"
            if not name.startswith("RSA") and micros > base
            else ""
        )
        print(f"  {name:<55} {micros:>9,.1f} µs/message{extra}")
    print(
        "  verified by dkimpy: "
        + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in correct.items())
    )
    if not all(correct.values()):
        raise SystemExit("a way of signing made signatures that do not verify")


if __name__ == "__main__":
    main()
