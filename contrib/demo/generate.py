#!/usr/bin/env python3
"""Generates the demo tables in contrib/demo/ deterministically (seed 20261127).

Nothing here is real people's data: names are drawn from short lists of
common given names and surnames, e-mail domains are the reserved
example.com/.net/.org, card numbers are the payment processors' published
test numbers, SSNs are random numbers in the valid AAA-GG-SSSS ranges, and
the hard negatives (order ids, IMEI-like numbers, SKUs) are random. IP
addresses come from the documentation ranges (RFC 5737 192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24; RFC 3849 2001:db8::/32).
Run it from anywhere: python3 contrib/demo/generate.py
"""
import csv
import hashlib
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261127)

GIVEN = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
         "Thomas", "Sarah", "Charles", "Karen", "Aisha", "Mohammed", "Wei", "Priya", "Olga"]
SURNAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor",
            "Thomas", "Moore", "Jackson", "Martin", "Lee", "Khan", "Chen", "Patel", "Novak"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
# Published test card numbers (Stripe, Adyen, PayPal developer docs).
TEST_CARDS = ["4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444",
              "5105105105105100", "2223003122003222", "378282246310005", "371449635398431",
              "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505",
              "30569309025904", "38520000023237", "4000056655665556", "5200828282828210"]
STREETS = ["Main St", "Oak Avenue", "Maple Rd", "Elm Street", "High Street", "Park Lane"]
WORDS = ("order shipped delayed customer called about invoice refund requested box damaged "
         "delivery window updated address confirmed follow up next week priority normal "
         "warehouse restock item returned exchange approved").split()


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def fmt_card(pan):
    style = rng.choice(["bare", "space", "dash"])
    if style == "bare":
        return pan
    sep = " " if style == "space" else "-"
    if len(pan) == 15:
        return sep.join([pan[:4], pan[4:10], pan[10:]])
    return sep.join(pan[i:i + 4] for i in range(0, len(pan), 4))


def ssn():
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return "%03d-%02d-%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))


def email(first, last):
    return "%s.%s%d@%s" % (first.lower(), last.lower(), rng.randint(1, 99), rng.choice(DOMAINS))


def phone():
    return "+1 (%03d) 555-%04d" % (rng.randint(201, 989), rng.randint(100, 199))


def ip_address():
    if rng.random() < 0.2:
        return "2001:db8:%x::%x" % (rng.randint(0, 0xffff), rng.randint(1, 0xffff))
    net = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return "%s.%d" % (net, rng.randint(1, 254))


def sentence(n=8):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def date(y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def write(name, header, rows):
    with open(os.path.join(HERE, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def customers(n=300):
    rows = []
    for i in range(n):
        first, last = rng.choice(GIVEN), rng.choice(SURNAMES)
        note = sentence()
        if rng.random() < 0.05:
            note += " Reach them at " + email(first, last) + " instead."
        rows.append([100000000 + rng.randint(0, 899999999), first, last, email(first, last),
                     phone(), ssn(), date(2015, 2026), rng.choice(["gold", "silver", "bronze"]),
                     note, ip_address()])
    write("customers", ["customer_id", "first_name", "last_name", "email", "phone", "ssn",
                        "signup_date", "tier", "notes", "last_login_ip"], rows)


def payments(n=400):
    rows = []
    for i in range(n):
        # A random 16-digit order id: about 1 in 10 passes Luhn by chance.
        order_id = str(rng.randint(10 ** 15, 10 ** 16 - 1))
        pan = rng.choice(TEST_CARDS)
        masked = rng.choice(["************", "XXXX-XXXX-XXXX-", "**** **** **** "]) + pan[-4:]
        note = sentence(6)
        if i % 50 == 7:    # 2% of the notes mention a card number
            note = "Customer read card " + fmt_card(rng.choice(TEST_CARDS)) + " over the phone."
        # A protected copy: the SHA-256 of the number, as a vault would keep it.
        digest = hashlib.sha256(pan.encode()).hexdigest()
        rows.append([i + 1, order_id, fmt_card(pan), masked, "%.2f" % rng.uniform(1, 900),
                     rng.choice(["USD", "EUR", "GBP"]), date(2024, 2026) + "T%02d:%02d:00Z" % (
                         rng.randint(0, 23), rng.randint(0, 59)), note, digest])
    write("payments", ["payment_id", "order_id", "card_number", "card_display", "amount",
                       "currency", "created_at", "notes", "card_number_sha256"], rows)


def patients(n=250):
    rows = []
    for i in range(n):
        first, last = rng.choice(GIVEN), rng.choice(SURNAMES)
        imei = "35" + "".join(rng.choice("0123456789") for _ in range(12))
        imei += luhn_digit(imei)      # a Luhn-valid 15-digit IMEI: not a card
        rows.append(["MRN%07d" % rng.randint(0, 9999999), first + " " + last, date(1930, 2010),
                     ssn() if rng.random() < 0.9 else "", "%d %s" % (rng.randint(1, 999),
                     rng.choice(STREETS)), imei, sentence(10)])
    write("patients", ["mrn", "full_name", "date_of_birth", "ssn", "street", "device_imei",
                       "visit_notes"], rows)


def products(n=200):
    rows = []
    for i in range(n):
        isbn = "978" + "".join(rng.choice("0123456789") for _ in range(9))
        s = sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(isbn))
        isbn += str((10 - s % 10) % 10)
        uuid = "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                                rng.getrandbits(12), rng.getrandbits(16) | 0x8000,
                                                rng.getrandbits(48))
        # Four-part build numbers look like IPv4 addresses: the name says version.
        build = "%d.%d.%d.%d" % (rng.randint(1, 12), rng.randint(0, 9), rng.randint(0, 30),
                                 rng.randint(1, 250))
        rows.append(["SKU-%05d-%s" % (rng.randint(0, 99999), rng.choice("ABCDEF")), isbn, uuid,
                     "%.2f" % rng.uniform(1, 300), str(rng.randint(1, 9)) + "." +
                     str(rng.randint(0, 20)) + "." + str(rng.randint(0, 9)), sentence(12), build])
    write("products", ["sku", "isbn13", "uuid", "price", "firmware_version", "description",
                       "build_version"], rows)


customers()
payments()
patients()
products()
