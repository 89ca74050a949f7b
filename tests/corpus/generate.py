#!/usr/bin/python3
"""Writes the labeled evaluation corpus: tests/corpus/*.csv and truth.tsv.

Deterministic (seed 20261128): running it again rewrites the same bytes, so
the committed CSVs can be regrown and reviewed as diffs. Standard library
only: /usr/bin/python3 tests/corpus/generate.py
`--seed N --out DIR` writes a fresh corpus of the same shape with other
values (`make eval-holdout`): a detector tuned to the committed values
rather than to the rules shows up there.

Nothing here is real people's data. Every value is drawn at random inside the
published rules of its identifier (Luhn and IIN ranges, NHS mod-11, IBAN
mod-97, the MBI position classes, the DEA checksum, NPI Luhn over 80840, the
ITIN groups, the NINO prefix rules, SIN Luhn), or is a published test value
(processors' test cards, NHS 999 test range, NANP 555-01xx, Ofcom, ACMA and
ARCEP fiction numbers, RFC 5737 / RFC 3849 documentation addresses, example.com domains).
Documentation examples (078-05-1120, 123-45-6789, AKIAIOSFODNN7EXAMPLE,
QQ 12 34 56 C) appear only as negatives.

Each column is one `Col`: its values, the detector ids that should fire on
it, and its kind (clean, mixed, buried2/10/50, hard_negative, name_decoy,
name_only, negative). truth.tsv is written from the same table, so data and
truth cannot drift apart. To grow the corpus with a false positive or
negative you met, add a column (or a table) below and rerun.
"""
import argparse
import base64
import csv
import hashlib
import json
import os
import string
import sys
import random
import uuid

import names_tables

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261128
OUT = HERE
rng = random.Random(SEED)
SEED_USED = SEED

# Detector -> label in the default policy; the expected label of a column is
# the highest label among its detectors, Public when there are none.
LABEL = {
    "credit_card": "Secret", "us_mbi": "Secret", "us_hicn": "Secret",
    "uk_nhs_number": "Secret", "icd10_code": "Secret", "aws_access_key": "Secret",
    "private_key": "Secret",
    "us_ssn": "Protected", "us_itin": "Protected", "uk_nino": "Protected",
    "ca_sin": "Protected", "iban": "Protected", "password_hash": "Protected", "jwt": "Protected",
    "email": "Confidential", "phone_number": "Confidential", "person_name": "Confidential",
    "street_address": "Confidential", "date_of_birth": "Confidential",
    "ip_address": "Confidential", "credit_card_masked": "Confidential",
    "us_npi": "Confidential", "us_dea": "Confidential",
}
RANK = {"Public": 0, "Confidential": 1, "Protected": 2, "Secret": 3}

DIGITS = string.digits
UPPER = string.ascii_uppercase

# ---------------------------------------------------------------- word lists
# Common given names and surnames (US SSA / Census top lists, UK ONS, and a
# few international ones): the kind of names any name dictionary holds.
GIVEN = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy
Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna
Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald
Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas
Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon
Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Patrick Rachel Frank
Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Olivia Jose
Julie Adam Joyce Nathan Victoria Henry Ruth Zachary Virginia Douglas Lauren Peter Kelly Kyle
Christina Noah Joan Ethan Evelyn Jeremy Judith Walter Megan Christian Andrea Keith Cheryl Roger
Hannah Terry Jacqueline Austin Martha Sean Gloria Gerald Teresa Carl Ann Harold Sara Dylan Madison
Arthur Frances Lawrence Kathryn Jordan Janice Jesse Jean Bryan Abigail Billy Alice Bruce Judy
Gabriel Sophia Joe Grace Logan Denise Alan Amber Juan Doris Albert Marilyn Willie Danielle Elijah
Beverly Wayne Isabella Randy Theresa Vincent Diana Mason Natalie Roy Brittany Ralph Charlotte
Bobby Marie Russell Kayla Bradley Alexis Philip Lori Eugene Oliver Amelia Harry Isla Aisha
Mohammed Wei Priya Olga Fatima Hiroshi Yuki Carlos Sofia Lucas Chloe Liam Ava Mateo Leila Omar
Ananya Ravi Mei Chen Ines Pierre Camille Lars Ingrid Sven Anja Jakub Zofia Dmitri Elena""".split()
SURNAMES = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans
Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez
Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks
Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long
Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes
Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin
Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford
Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen
Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw
Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar
Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner
Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Khan Novak Kowalski Muller Schneider Dubois
Rossi Yamamoto Tanaka Singh Kumar Ahmed Ali Okafor Mensah Larsen Jensen Nielsen Ivanova""".split()
CITIES = """Springfield Riverside Franklin Greenville Bristol Clinton Fairview Salem Madison
Georgetown Arlington Ashland Dover Oxford Jackson Burlington Manchester Milton Newport Auburn
Dayton Lexington Milford Winchester Hudson Kingston Austin Charlotte Florence Eugene Lincoln
Lafayette Columbia Marion Chester Denver Portland Seattle Boston Phoenix Houston Toronto Leeds
Glasgow Cardiff Calgary Ottawa Berlin Hamburg Lyon Dublin""".split()
STATES = "AL AK AZ CA CO CT FL GA IL IN MA MD MI MN MO NC NJ NY OH OR PA TX VA WA WI".split()
STREET_NAMES = """Main Oak Maple Elm Pine Cedar Washington Lake Hill Park Walnut Sunset Willow
Church Mill River Spring Highland Forest Chestnut Ridge Meadow Valley Franklin Cherry Jefferson
Lincoln Madison Adams Center Prospect Poplar Birch Dogwood Magnolia Hickory Laurel Orchard""".split()
STREET_TYPES = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln",
                "Drive", "Dr", "Court", "Ct", "Place", "Pl", "Way", "Terrace", "Parkway"]
UK_STREET_TYPES = ["Street", "Road", "Lane", "Close", "Gardens", "Crescent", "Avenue", "Way",
                   "Grove", "Terrace"]
COMPANIES = ["Acme Corp", "Globex Inc", "Initech LLC", "Umbrella Holdings", "Hooli",
             "Vandelay Industries", "Wayne Enterprises", "Stark Industries", "Soylent Co",
             "Cyberdyne Systems", "Wonka Foods", "Tyrell Corp", "Oceanic Airlines",
             "Smith & Sons Ltd", "Baker Brothers Bakery", "Miller Logistics", "Parker Tools",
             "Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Blue Sky Dental",
             "Green Valley Farms", "Summit Analytics", "Harbor Freight Partners"]
PRODUCTS = ["Steel Water Bottle 750ml", "Wireless Mouse M220", "USB-C Cable 2m",
            "Desk Lamp LED", "Notebook A5 Dotted", "Ceramic Mug 350ml", "Yoga Mat 6mm",
            "Bluetooth Speaker Mini", "Running Socks 3-pack", "Phone Stand Aluminium",
            "Backpack 20L", "Chef Knife 8in", "Garden Hose 15m", "Kettle 1.7L",
            "Screwdriver Set 24pc", "Board Game Classic", "Wool Scarf Grey"]
LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud "
         "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure "
         "in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur").split()
# Real ICD-10-CM codes (public classification, not personal data).
ICD10 = """E11.9 I10 J45.909 M54.5 F32.9 K21.9 E78.5 Z00.00 R51.9 J06.9 N39.0 I25.10 E66.9
G43.909 M17.11 S72.001A T14.90XA O80 Z23 F41.1 R10.9 H52.4 L40.0 C50.911 B34.9 A09 D64.9 E03.9
J18.9 I48.91 K58.9 M79.1 R05.9 G47.33 N18.30 E55.9 F17.210 Z79.4 I50.9 J44.9 M25.561 R07.9
K29.70 L03.115 S93.401A E87.6 F90.0 G89.29 H10.9 I63.9 J02.9 K59.00 M81.0 N40.0 R53.83 Z51.11
E11.65 I11.0 C34.90 F43.10 M19.90 S06.0X0A Z87.891 R73.03 E10.9 D50.9 G40.909 H40.9 J30.9
K76.0 L20.9 M06.9 N17.9 O24.419 Q21.0 R11.2 T78.40XA Z30.09 A41.9 B20 C61 D12.6""".split()
FIRST_CARDS = ["4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444",
               "5105105105105100", "2223003122003222", "378282246310005", "371449635398431",
               "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505",
               "30569309025904", "38520000023237", "4000056655665556", "5200828282828210",
               "4000002500003155", "4000000000003220", "5454545454545454", "6200000000000005"]


# ------------------------------------------------------------ small helpers
def d(n):
    return "".join(rng.choice(DIGITS) for _ in range(n))


def pick(seq):
    return rng.choice(seq)


def luhn_digit(body):
    """The check digit that makes body + digit pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        x = int(ch)
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return str((10 - total % 10) % 10)


def wrong_digit(right):
    return str((int(right) + rng.randint(1, 9)) % 10)


def group(s, sizes, sep):
    out, k = [], 0
    for n in sizes:
        out.append(s[k:k + n])
        k += n
    return sep.join(out)


def date_iso(y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def ts_iso():
    return "%sT%02d:%02d:%02dZ" % (date_iso(2025, 2026), rng.randint(0, 23), rng.randint(0, 59),
                                   rng.randint(0, 59))


def ts_log():
    return "%s %02d:%02d:%02d.%03d" % (date_iso(2026, 2026), rng.randint(0, 23),
                                       rng.randint(0, 59), rng.randint(0, 59),
                                       rng.randint(0, 999))


def b64(raw):
    return base64.b64encode(raw).decode()


def b64u(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def hexs(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


# ------------------------------------------------------------------ payment
def pan():
    """A card number: 30% processors' test numbers, the rest random digits in
    a brand's IIN range and length with a Luhn check digit."""
    if rng.random() < 0.3:
        return pick(FIRST_CARDS)
    brand = rng.random()
    if brand < 0.40:
        prefix, length = "4", pick([16] * 18 + [13, 19])
    elif brand < 0.60:
        prefix, length = pick([str(rng.randint(51, 55)), str(rng.randint(2221, 2720))]), 16
    elif brand < 0.72:
        prefix, length = pick(["34", "37"]), 15
    elif brand < 0.82:
        prefix, length = pick(["6011", "65", str(rng.randint(644, 649))]), 16
    elif brand < 0.90:
        prefix, length = str(rng.randint(3528, 3589)), 16
    elif brand < 0.95:
        prefix, length = pick(["36", str(rng.randint(300, 305))]), 14
    else:
        prefix, length = "62", pick([16, 16, 17, 18, 19])
    body = prefix + d(length - len(prefix) - 1)
    return body + luhn_digit(body)


def fmt_pan(p):
    style = rng.random()
    if style < 0.5 or len(p) in (17, 18):
        return p
    sep = " " if style < 0.8 else "-"
    sizes = {13: [4, 4, 5], 14: [4, 6, 4], 15: [4, 6, 5], 16: [4, 4, 4, 4],
             19: [4, 4, 4, 4, 3]}[len(p)]
    return group(p, sizes, sep)


def card():
    return fmt_pan(pan())


def card_luhn_fail():
    p = pan()
    return fmt_pan(p[:-1] + wrong_digit(p[-1]))


def card_masked():
    p = pan()
    style = rng.randint(0, 5)
    if style == 0:
        return p[:6] + "*" * (len(p) - 10) + p[-4:]
    if style == 1:
        return "*" * (len(p) - 4) + p[-4:]
    if style == 2:
        return "XXXX-XXXX-XXXX-" + p[-4:]
    if style == 3:
        return "**** **** **** " + p[-4:]
    if style == 4:
        return "#" * (len(p) - 4) + p[-4:]
    return p[:4] + " " + "X" * 4 + " " + "X" * 4 + " " + p[-4:]


# ------------------------------------------------------------------- health
MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"          # A-Z without S L O I B Z
MBI_CLASSES = ["123456789", MBI_ALPHA, MBI_ALPHA + DIGITS, DIGITS, MBI_ALPHA,
               MBI_ALPHA + DIGITS, DIGITS, MBI_ALPHA, MBI_ALPHA, DIGITS, DIGITS]


def mbi():
    s = "".join(pick(c) for c in MBI_CLASSES)
    return group(s, [4, 3, 4], "-") if rng.random() < 0.3 else s


def mbi_bad():
    """MBI shape with a letter the MBI never uses (S L O I B Z)."""
    s = [pick(c) for c in MBI_CLASSES]
    s[pick([1, 4, 7, 8])] = pick("SLOIBZ")
    return "".join(s)


HICN_BIC = ["A", "B", "B1", "B2", "B3", "B6", "C1", "C2", "D", "D1", "D6", "E", "E1", "F1",
            "F2", "HA", "J1", "K1", "M", "T", "W", "W1"]


def ssn_parts():
    while True:
        area = rng.randint(1, 899)
        s = "%03d%02d%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))
        if area != 666 and s not in ("078051120", "123456789", "219099999"):
            return s


def hicn():
    s = ssn_parts()
    if rng.random() < 0.25:
        s = group(s, [3, 2, 4], "-")
    return s + pick(HICN_BIC)


def nhs_body():
    while True:
        body = (pick(["999", "999", "4" + d(2), "6" + d(2), "7" + d(2)])) + d(6)
        check = 11 - sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return body, str(check)


def fmt_nhs(s):
    style = rng.random()
    if style < 0.5:
        return s
    return group(s, [3, 3, 4], " " if style < 0.85 else "-")


def nhs():
    body, check = nhs_body()
    return fmt_nhs(body + check)


def nhs_bad():
    body, check = nhs_body()
    return fmt_nhs(body + wrong_digit(check))


def icd10():
    return pick(ICD10)


def npi_body():
    return pick("12") + d(8)


def npi():
    b = npi_body()
    return b + luhn_digit("80840" + b)


def npi_bad():
    b = npi_body()
    return b + wrong_digit(luhn_digit("80840" + b))


def dea_parts():
    first = pick("ABFGMPR")
    second = pick(UPPER)
    ds = [rng.randint(0, 9) for _ in range(6)]
    check = (ds[0] + ds[2] + ds[4] + 2 * (ds[1] + ds[3] + ds[5])) % 10
    return first + second + "".join(map(str, ds)), str(check)


def dea():
    body, check = dea_parts()
    return body + check


def dea_bad():
    body, check = dea_parts()
    return body + wrong_digit(check)


# --------------------------------------------------------- national / bank
def ssn():
    s = ssn_parts()
    return group(s, [3, 2, 4], "-" if rng.random() < 0.85 else " ")


def ssn_bad():
    """SSN-shaped but outside the issued ranges (area 000/666, group 00,
    serial 0000)."""
    k = rng.randint(0, 3)
    area = pick(["000", "666"]) if k < 2 else "%03d" % rng.randint(1, 665)
    grp = "00" if k == 2 else "%02d" % rng.randint(1, 99)
    ser = "0000" if k == 3 else "%04d" % rng.randint(1, 9999)
    return "%s-%s-%s" % (area, grp, ser)


def itin():
    grp = pick(list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92] + list(range(94, 100)))
    return "9%s-%02d-%s" % (d(2), grp, d(4))


NINO_FIRST = [c for c in UPPER if c not in "DFIQUV"]
NINO_SECOND = [c for c in UPPER if c not in "DFIOQUV"]
NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "OO", "CR", "FY", "MW", "NC",
                   "PP", "PY", "PZ"}


def nino():
    while True:
        prefix = pick(NINO_FIRST) + pick(NINO_SECOND)
        if prefix not in NINO_BAD_PREFIX:
            break
    num, suffix = d(6), pick("ABCD")
    if rng.random() < 0.4:
        return "%s %s %s %s %s" % (prefix, num[:2], num[2:4], num[4:], suffix)
    return prefix + num + suffix


def sin_body():
    return pick("12345679") + d(7)


def sin():
    b = sin_body()
    s = b + luhn_digit(b)
    if s == "046454286":
        return sin()
    style = rng.random()
    if style < 0.4:
        return s
    return group(s, [3, 3, 3], " " if style < 0.8 else "-")


def sin_bad():
    b = sin_body()
    return group(b + wrong_digit(luhn_digit(b)), [3, 3, 3], " ")


IBAN_BBAN = {
    "GB": lambda: "".join(pick(UPPER) for _ in range(4)) + d(14),
    "DE": lambda: d(18),
    "FR": lambda: d(23),
    "NL": lambda: "".join(pick(UPPER) for _ in range(4)) + d(10),
    "ES": lambda: d(20),
    "IT": lambda: pick(UPPER) + d(22),
    "BE": lambda: d(12),
    "CH": lambda: d(17),
    "IE": lambda: "".join(pick(UPPER) for _ in range(4)) + d(14),
    "PL": lambda: d(24),
}


def iban_check(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return "%02d" % (98 - int(num) % 97)


def fmt_iban(s):
    if rng.random() < 0.5:
        return s
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban_raw(cc=None):
    cc = cc or pick(sorted(IBAN_BBAN))
    bban = IBAN_BBAN[cc]()
    return cc + iban_check(cc, bban) + bban


def iban(cc=None):
    return fmt_iban(iban_raw(cc))


def iban_bad():
    s = iban_raw()
    check = int(s[2:4])
    wrong = "%02d" % ((check + rng.randint(1, 90)) % 97 + 2)
    if wrong == s[2:4]:
        wrong = "%02d" % ((check + 1) % 97 + 2)
    return fmt_iban(s[:2] + wrong + s[4:])


# ------------------------------------------------------------------ contact
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com",
           "corp.example.org", "shop.test", "acme.test"]


def email(first=None, last=None):
    first = (first or pick(GIVEN)).lower()
    last = (last or pick(SURNAMES)).lower()
    style = rng.randint(0, 4)
    local = [first + "." + last, first[0] + last, first + "_" + last + str(rng.randint(1, 99)),
             first + "+" + pick(["news", "shop", "work"]), last + str(rng.randint(1, 999))][style]
    return local + "@" + pick(DOMAINS)


def us_area():
    while True:
        a = str(rng.randint(2, 9)) + d(2)
        if a[1:] != "11" and a[1] != "9":
            return a


def phone():
    """E.164 and national formats; US lines in the 555-01xx fictional range,
    UK numbers in Ofcom's drama ranges."""
    k = rng.randint(0, 9)
    a, line = us_area(), "01" + d(2)
    if k == 0:
        return "(%s) 555-%s" % (a, line)
    if k == 1:
        return "%s-555-%s" % (a, line)
    if k == 2:
        return "%s.555.%s" % (a, line)
    if k == 3:
        return "+1 %s 555 %s" % (a, line)
    if k == 4:
        return "+1%s555%s" % (a, line)
    if k == 5:
        return "+44 7700 900%s" % d(3)
    if k == 6:
        return "07700 900%s" % d(3)
    if k == 7:
        return "020 7946 0%s" % d(3)
    if k == 8:
        return "+44 20 7946 0%s" % d(3)
    # French ARCEP fiction ranges (01 99 00, 06 39 98) and Australia's 0491 570;
    # the unused digits keep the random stream, so later values stay put.
    de, fr = d(4) + d(4), d(2) + d(2) + d(2) + d(2)
    return pick(["+33 1 99 00 %s %s" % (de[:2], de[2:4]), "+33 6 39 98 %s %s" % (fr[:2], fr[2:4]),
                 "+61 491 570 %s" % d(3)])


def person():
    return pick(GIVEN) + " " + pick(SURNAMES)


def us_zip():
    return "%05d" % rng.randint(1001, 99950)


def uk_postcode():
    return "%s%s%d %d%s%s" % (pick("BEGLMNS"), pick(["", "W", "E", "N"]), rng.randint(1, 20),
                              rng.randint(1, 9), pick("ABDEFGHJLNPQRSTUWXYZ"),
                              pick("ABDEFGHJLNPQRSTUWXYZ"))


def address():
    k = rng.randint(0, 9)
    num = rng.randint(1, 9899)
    street = "%s %s" % (pick(STREET_NAMES), pick(STREET_TYPES))
    if k <= 2:
        return "%d %s" % (num, street)
    if k <= 4:
        unit = pick(["Apt %d%s" % (rng.randint(1, 30), pick(["", "A", "B"])),
                     "Suite %d" % rng.randint(100, 900), "Unit %d" % rng.randint(1, 40),
                     "#%d" % rng.randint(1, 99)])
        return "%d %s %s, %s, %s %s" % (num, street, unit, pick(CITIES), pick(STATES), us_zip())
    if k == 5:
        return "%d %s, %s, %s %s" % (num, street, pick(CITIES), pick(STATES), us_zip())
    if k == 6:
        return "Flat %d, %d %s %s, %s %s" % (rng.randint(1, 12), rng.randint(1, 200),
                                             pick(STREET_NAMES), pick(UK_STREET_TYPES),
                                             pick(["London", "Leeds", "Bristol", "Glasgow"]),
                                             uk_postcode())
    if k == 7:
        return "%d %s %s, %s %s" % (rng.randint(1, 200), pick(STREET_NAMES),
                                    pick(UK_STREET_TYPES), pick(["Leeds", "Bristol", "Cardiff"]),
                                    uk_postcode())
    if k == 8:
        return "%d %s %s, Unit %d, %s, %s" % (rng.randint(10, 3000), pick(STREET_NAMES),
                                             pick(["St W", "St E", "Ave", "Rd"]),
                                             rng.randint(100, 2500), pick(["Toronto", "Ottawa",
                                                                          "Calgary"]),
                                             pick(["ON", "AB", "BC"]))
    return pick(["%s %d, %05d Berlin" % (pick(["Hauptstraße", "Lindenweg", "Gartenstraße",
                                                "Bahnhofstraße"]), rng.randint(1, 120),
                                          rng.randint(10115, 14199)),
                 "%d rue %s, %05d Paris" % (rng.randint(1, 120),
                                            pick(["de la Paix", "Victor Hugo", "du Bac"]),
                                            rng.randint(75001, 75020))])


def dob(fmt="iso"):
    y, m, day = rng.randint(1930, 2008), rng.randint(1, 12), rng.randint(1, 28)
    if fmt == "us":
        return "%02d/%02d/%04d" % (m, day, y)
    if fmt == "text":
        return "%d %s %d" % (day, "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[m - 1],
                             y)
    return "%04d-%02d-%02d" % (y, m, day)


def ipv4():
    k = rng.randint(0, 5)
    if k == 0:
        return "192.0.2.%d" % rng.randint(1, 254)
    if k == 1:
        return "198.51.100.%d" % rng.randint(1, 254)
    if k == 2:
        return "203.0.113.%d" % rng.randint(1, 254)
    if k == 3:
        return "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    if k == 4:
        return "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254))
    return "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))


def ipv6():
    g = ["%x" % rng.getrandbits(16) for _ in range(6)]
    k = rng.randint(0, 3)
    if k == 0:
        return "2001:db8:%s:%s::%s" % (g[0], g[1], g[2])
    if k == 1:
        return "2001:db8:" + ":".join(g)
    if k == 2:
        return "fe80::%s:%s:%s:%s" % tuple(g[:4])
    return "2001:db8::%s" % g[0]


def ip():
    return ipv6() if rng.random() < 0.25 else ipv4()


# -------------------------------------------------------------- credentials
B32 = UPPER + "234567"
B64CH = string.ascii_letters + DIGITS + "+/"


def aws_key_id():
    return pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + "".join(pick(B32) for _ in range(16))


def aws_secret():
    return "".join(pick(B64CH) for _ in range(40))


def der_len(n):
    if n < 128:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(nbytes):
    raw = rbytes(nbytes)
    if raw[0] & 0x80:
        raw = b"\x00" + raw
    return der(0x02, raw)


def pem(kind, raw):
    body = b64(raw)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(lines), kind)


def private_key():
    """A PEM private key block with a well-formed DER structure and random
    contents (not a usable key): EC, PKCS#8 Ed25519, RSA (1024-bit sized) or
    OpenSSH."""
    k = pick([0, 0, 1, 1, 1, 2, 3, 3])
    if k == 0:
        curve = der(0xA0, der(0x06, bytes.fromhex("2a8648ce3d030107")))
        point = der(0xA1, der(0x03, b"\x00\x04" + rbytes(64)))
        return pem("EC PRIVATE KEY", der(0x30, der(0x02, b"\x01") + der(0x04, rbytes(32)) +
                                         curve + point))
    if k == 1:
        alg = der(0x30, der(0x06, bytes.fromhex("2b6570")))
        return pem("PRIVATE KEY", der(0x30, der(0x02, b"\x00") + alg +
                                      der(0x04, der(0x04, rbytes(32)))))
    if k == 2:
        rsa = der(0x30, der(0x02, b"\x00") + der_int(128) + der(0x02, b"\x01\x00\x01") +
                  der_int(128) + der_int(64) + der_int(64) + der_int(64) + der_int(64) +
                  der_int(64))
        return pem("RSA PRIVATE KEY", rsa)

    def sshstr(b):
        return len(b).to_bytes(4, "big") + b
    pub = sshstr(b"ssh-ed25519") + sshstr(rbytes(32))
    check = rbytes(4)
    priv = check + check + pub + sshstr(rbytes(64)) + sshstr(b"deploy") + b"\x01\x02\x03"
    raw = (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") +
           (1).to_bytes(4, "big") + sshstr(pub) + sshstr(priv))
    return pem("OPENSSH PRIVATE KEY", raw)


def public_key():
    if rng.random() < 0.5:
        return "ssh-ed25519 " + b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" +
                                    rbytes(32)) + " deploy@" + pick(["ci", "build", "laptop"])
    alg = der(0x30, der(0x06, bytes.fromhex("2a8648ce3d0201")) +
              der(0x06, bytes.fromhex("2a8648ce3d030107")))
    return pem("PUBLIC KEY", der(0x30, alg + der(0x03, b"\x00\x04" + rbytes(64))))


def certificate():
    return pem("CERTIFICATE", der(0x30, der(0x30, der(0xA0, der(0x02, b"\x02")) +
                                            der_int(16) + rbytes(180)) + rbytes(72)))


def jwt():
    alg = pick(["HS256", "HS256", "HS256", "ES256", "ES256", "HS512", "RS256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256" and rng.random() < 0.5:
        header["kid"] = hexs(16)
    t = rng.randint(1767225600, 1798761600)
    payload = {"sub": "usr_" + hexs(12), "iat": t, "exp": t + 3600,
               "scope": pick(["read", "read write", "admin"])}
    sig = rbytes({"HS256": 32, "HS512": 64, "ES256": 64, "RS256": 128}[alg])
    return ".".join([b64u(json.dumps(header, separators=(",", ":")).encode()),
                     b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)])


BCRYPT64 = "./" + string.ascii_uppercase + string.ascii_lowercase + DIGITS
CRYPT64 = "./" + DIGITS + string.ascii_uppercase + string.ascii_lowercase


def password_hash():
    """Random values in the published formats: bcrypt, argon2, scrypt,
    sha-crypt, PBKDF2 (Django and passlib)."""
    k = rng.randint(0, 7)
    if k <= 2:
        return "$2%s$%02d$%s" % (pick("aby"), pick([10, 11, 12]),
                                 "".join(pick(BCRYPT64) for _ in range(53)))
    if k == 3:
        return "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (b64(rbytes(16)).rstrip("="),
                                                         b64(rbytes(32)).rstrip("="))
    if k == 4:
        return "$scrypt$ln=16,r=8,p=1$%s$%s" % (b64(rbytes(16)).rstrip("="),
                                                b64(rbytes(32)).rstrip("="))
    if k == 5:
        return pick(["$6$%s$%s" % ("".join(pick(CRYPT64) for _ in range(16)),
                                   "".join(pick(CRYPT64) for _ in range(86))),
                     "$5$rounds=535000$%s$%s" % ("".join(pick(CRYPT64) for _ in range(16)),
                                                 "".join(pick(CRYPT64) for _ in range(43)))])
    if k == 6:
        return "pbkdf2_sha256$600000$%s$%s" % ("".join(pick(string.ascii_letters + DIGITS)
                                                       for _ in range(22)), b64(rbytes(32)))
    return "$pbkdf2-sha256$29000$%s$%s" % (b64(rbytes(16)).rstrip("=").replace("+", "."),
                                           b64(rbytes(32)).rstrip("=").replace("+", "."))


# ----------------------------------------------------------- hard negatives
def order_id16():
    return str(rng.randint(10 ** 15, 10 ** 16 - 1))


def imei():
    body = pick(["35", "86", "01"]) + d(12)
    return body + luhn_digit(body)


def uuid4():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def sku():
    return pick(["SKU-%05d-%s" % (rng.randint(0, 99999), pick("ABCDEF")),
                 "%s-%04d-%s" % ("".join(pick(UPPER) for _ in range(2)), rng.randint(0, 9999),
                                 pick(["S", "M", "L", "XL"]))])


def ean_digit(body):
    s = sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(body))
    return str((10 - s % 10) % 10)


def isbn13():
    body = pick(["978", "979"]) + d(9)
    s = body + ean_digit(body)
    return s if rng.random() < 0.6 else "%s-%s-%s-%s-%s" % (s[:3], s[3], s[4:7], s[7:12], s[12])


def ean13_de():
    body = str(rng.randint(400, 440)) + d(9)
    return body + ean_digit(body)


def tracking():
    k = rng.randint(0, 3)
    if k == 0:
        return "1Z" + "".join(pick(UPPER + DIGITS) for _ in range(6)) + d(10)
    if k == 1:
        return d(12)
    if k == 2:
        return "9400 " + " ".join(d(4) for _ in range(4)) + " " + d(2)
    return "9205" + d(18)


def price():
    return "%.2f" % rng.uniform(0.5, 2500)


def epoch_ms():
    return str(rng.randint(1735689600000, 1798761599999))


def epoch_s():
    return str(rng.randint(1735689600, 1798761599))


def customer_id9():
    return str(rng.randint(100000000, 999999999))


def sha256hex():
    return hashlib.sha256(rbytes(32)).hexdigest()


def version4():
    return "%d.%d.%d.%d" % (rng.randint(1, 12), rng.randint(0, 20), rng.randint(0, 9),
                            rng.randint(0, 250))


def lorem(n=None):
    words = [pick(LOREM) for _ in range(n or rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def user_agent():
    return pick(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                 "Gecko) Chrome/%d.0.0.0 Safari/537.36" % rng.randint(110, 131),
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
                 "like Gecko) Version/17.%d Safari/605.1.15" % rng.randint(0, 6),
                 "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0"
                 % ((rng.randint(115, 133),) * 2),
                 "okhttp/4.%d.%d" % (rng.randint(0, 12), rng.randint(0, 9)),
                 "curl/8.%d.%d" % (rng.randint(0, 11), rng.randint(0, 3))])


def isbn10():
    body = pick(["0", "1"]) + d(8)
    check = (11 - sum((10 - i) * int(c) for i, c in enumerate(body)) % 11) % 11
    s = body + ("X" if check == 10 else str(check))
    return s if rng.random() < 0.6 else "%s-%s-%s-%s" % (s[0], s[1:4], s[4:9], s[9])


def repo_url():
    team, repo = pick(["payments", "data", "platform", "web"]), pick(["api", "etl", "site",
                                                                     "infra", "mobile"])
    return pick(["git@git.example.com:%s/%s.git", "ssh://git@git.example.com/%s/%s.git",
                 "https://git.example.com/%s/%s.git"]) % (team, repo)


HELP = ["Enter your SSN in the form 123-45-6789.", "Example SSN: 078-05-1120 (never issued).",
        "NI numbers look like QQ 12 34 56 C.", "Use a test key such as AKIAIOSFODNN7EXAMPLE.",
        "The secret looks like wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY."]
SNIPPETS = ["aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE",
            "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE",
            "curl -H 'Accept: application/json' https://api.example.com/v1/items"]


INTL_GIVEN = ["José", "Zoë", "Łukasz", "Søren", "François", "Jürgen", "Agnieszka", "Björn",
              "Renée", "Ñusta", "Siobhán", "Dagný", "Matías", "Ana-María", "Jean-Luc"]
INTL_SURNAMES = ["Müller", "García", "Núñez", "Øvergaard", "Dvořák", "O'Brien", "Lefèvre",
                 "Kowalczyk", "Sánchez", "Jónsdóttir", "van der Berg", "Da Silva", "Nowak",
                 "MacDonald", "Çelik"]


def intl_name():
    if rng.random() < 0.5:
        return person()
    return pick(INTL_GIVEN + GIVEN) + " " + pick(INTL_SURNAMES)


def intl_phone():
    """Numbers in published fiction ranges only: NANP 555-01xx, Ofcom drama,
    ACMA 0491 570, ARCEP 01 99 00 / 06 39 98; E.164 and national forms."""
    return pick(["+1 (%s) 555-01%s" % (us_area(), d(2)), "+1-%s-555-01%s" % (us_area(), d(2)),
                 "+44 7700 900%s" % d(3), "+44 113 496 0%s" % d(3),
                 "+61 491 570 %s" % d(3), "0491 570 %s" % d(3),
                 "+33 1 99 00 %s %s" % (d(2), d(2)), "06 39 98 %s %s" % (d(2), d(2))])


def mac():
    return ":".join("%02x" % rng.getrandbits(8) for _ in range(6))


def ndc():
    return pick(["%s-%s-%s" % (d(4), d(4), d(2)), "%s-%s-%s" % (d(5), d(3), d(2)),
                 "%s-%s-%s" % (d(5), d(4), d(1))])


def ods_code():
    return pick(UPPER[:16]) + "%05d" % rng.randint(81000, 89999)


def seat():
    return pick("ABCDEFGHJK") + "%02d" % rng.randint(1, 45)


# ---------------------------------------------------------------- free text
SUBJ = ["Customer", "The client", "Caller", "User", "Agent", "Team", "Warehouse", "Billing"]
VERB = ["asked about", "confirmed", "reported", "escalated", "followed up on", "closed",
        "updated", "requested", "complained about", "approved"]
OBJ = ["the delayed shipment", "a refund for order #{n}", "the invoice from last month",
       "a damaged box", "the delivery window", "the subscription renewal", "ticket {n}",
       "the missing item", "the login problem", "a price match", "the warranty claim",
       "the return label", "batch {n}", "the appointment", "the form"]
TAIL = ["", " today", " again", " by chat", " before noon", " on {date}", " after {k} days",
        " and is waiting for a reply", " for the second time"]


def filler():
    s = "%s %s %s%s." % (pick(SUBJ), pick(VERB), pick(OBJ), pick(TAIL))
    return s.format(n=rng.randint(1000, 999999), date=date_iso(2025, 2026), k=rng.randint(2, 9))


SENT = {
    "credit_card": ["Customer read card {v} over the phone.",
                    "Charge the backup card {v} if the first one fails.",
                    "Card number given: {v}"],
    "credit_card_masked": ["Paid with card {v} on the original order.", "Receipt shows {v}.",
                           "Refund goes back to {v}."],
    "us_mbi": ["Member MBI {v} verified with CMS.", "New Medicare card shows {v}."],
    "us_hicn": ["Old Medicare claim number {v} still on file.",
                "HICN {v} was replaced by the MBI."],
    "uk_nhs_number": ["NHS number {v} confirmed at check-in.",
                      "Referral for patient with NHS no. {v}."],
    "us_npi": ["Referring provider NPI {v}.", "Billing under NPI {v} from now on."],
    "us_dea": ["Prescriber DEA {v} verified.", "Controlled substance order, DEA number {v}."],
    "us_ssn": ["Caller gave SSN {v} to verify identity.", "SSN on the form is {v}."],
    "us_itin": ["Filer uses ITIN {v}.", "ITIN {v} renewed this year."],
    "uk_nino": ["Employee NI number {v} added to payroll.",
                "National Insurance number {v} checked."],
    "ca_sin": ["SIN {v} provided for the T4.", "Employee social insurance number {v}."],
    "iban": ["Please pay to IBAN {v}.", "Refund to account {v}."],
    "email": ["Reach them at {v} instead.", "Customer asked us to use {v} for invoices.",
              "Forwarded to {v}."],
    "phone_number": ["Call back on {v} after 5pm.", "Courier should ring {v} on arrival."],
    "street_address": ["Please ship to {v} instead.", "Customer moved to {v}."],
    "ip_address": ["Login came from {v}.", "Blocked requests from {v} for an hour."],
    "aws_access_key": ["Rotated the leaked key {v} today.", "Build used access key {v}."],
    "private_key": ["Key for the build box pasted below:\n{v}"],
    "jwt": ["User pasted their token {v} in the chat.", "Session token was {v}."],
    "password_hash": ["Old hash {v} migrated to the new store.", "Hash in the dump: {v}."],
}
KEY = {"credit_card": "card_number", "credit_card_masked": "masked_pan", "us_mbi": "mbi",
       "us_hicn": "hicn", "uk_nhs_number": "nhs_number", "us_npi": "npi", "us_dea": "dea",
       "us_ssn": "ssn", "us_itin": "itin", "uk_nino": "nino", "ca_sin": "sin", "iban": "iban",
       "email": "email", "phone_number": "phone", "street_address": "address",
       "ip_address": "client_ip", "aws_access_key": "aws_access_key_id",
       "private_key": "private_key", "jwt": "token", "password_hash": "password_hash"}
EVENTS = ["order.updated", "invoice.paid", "user.login", "ticket.closed", "shipment.created",
          "refund.issued", "profile.viewed", "export.finished"]
SERVICES = ["api", "worker", "billing", "auth", "gateway", "scheduler"]
MESSAGES = ["request completed", "job finished", "cache miss", "retrying upstream call",
            "payment captured", "record updated", "webhook delivered", "session refreshed"]


def positive(det):
    return {"credit_card": card, "credit_card_masked": card_masked, "us_mbi": mbi,
            "us_hicn": hicn, "uk_nhs_number": nhs, "us_npi": npi, "us_dea": dea,
            "us_ssn": ssn, "us_itin": itin, "uk_nino": nino, "ca_sin": sin, "iban": iban,
            "email": email, "phone_number": phone, "street_address": address,
            "ip_address": ip, "aws_access_key": aws_key_id, "private_key": private_key,
            "jwt": jwt, "password_hash": password_hash}[det]()


def text_sentence(det):
    parts = [filler() for _ in range(rng.randint(1, 3))]
    if det:
        parts.insert(rng.randint(0, len(parts)), pick(SENT[det]).format(v=positive(det)))
    return " ".join(parts)


def text_json(det):
    pairs = [("event", pick(EVENTS)), ("id", rng.randint(1000, 999999)),
             ("status", pick(["ok", "pending", "failed"])), ("ts", ts_iso()),
             ("items", rng.randint(1, 9)), ("note", filler())]
    if det == "private_key":
        pairs.insert(1, ("credentials", {"type": "service_account", "project_id": "demo-%d" %
                                         rng.randint(100, 999), "private_key_id": hexs(40),
                                         "private_key": private_key() + "\n"}))
    elif det:
        pairs.insert(rng.randint(1, len(pairs)), (KEY[det], positive(det)))
    return json.dumps(dict(pairs), separators=(",", ":"), ensure_ascii=False)


def text_log(det):
    line = "%s %s [%s-%d] %s req=%s ms=%d" % (ts_log(), pick(["INFO", "INFO", "WARN", "DEBUG"]),
                                              pick(SERVICES), rng.randint(1, 8), pick(MESSAGES),
                                              hexs(8), rng.randint(1, 900))
    if det == "private_key":
        return line + " key material follows:\n" + private_key()
    if det == "jwt":
        return line + " Authorization: Bearer " + jwt()
    if det:
        v = positive(det)
        line += " %s=%s" % (KEY[det], '"%s"' % v if " " in v else v)
    return line


def text(style, det):
    return {"sentence": text_sentence, "json": text_json, "log": text_log}[style](det)


# ------------------------------------------------------------------ columns
class Col:
    """One corpus column: name, the detector ids that should fire, its kind,
    a factory (rows -> function(row index, row context) -> value) and a note
    saying what it holds."""

    def __init__(self, name, dets, kind, factory, note):
        self.name, self.kind, self.factory, self.note = name, kind, factory, note
        self.dets = sorted(x for x in dets.split(",") if x)


def each(f):
    return lambda n: (lambda i, row: f())


def in_row(f):
    return lambda n: (lambda i, row: f(row))


def mixed(f, null=0.4, junk=0.0):
    def make(n):
        def value(i, row):
            r = rng.random()
            if r < null:
                return ""
            if r < null + junk:
                return pick(["unknown", "N/A", "none", "-"])
            return f()
        return value
    return make


def buried(det, p, style):
    def make(n):
        hit = set(rng.sample(range(n), max(2, round(p * n))))
        return lambda i, row: text(style, det if i in hit else None)
    return make


def buried_many(shares):
    """Several detectors in one sentence column, each in its own share of
    the rows (a chat transcript holds e-mails, phones and now and then a
    card)."""
    def make(n):
        hits = [(det, set(rng.sample(range(n), max(2, round(p * n))))) for det, p in shares]

        def value(i, row):
            parts = [filler() for _ in range(rng.randint(1, 2))]
            for det, hit in hits:
                if i in hit:
                    parts.insert(rng.randint(0, len(parts)),
                                 pick(SENT[det]).format(v=positive(det)))
            return " ".join(parts)
        return value
    return make


def seq(fmt, start=1):
    return lambda n: (lambda i, row: fmt % (start + i))


def first(row):
    return row.setdefault("first", pick(GIVEN))


def last(row):
    return row.setdefault("last", pick(SURNAMES))


def clean(name, det, f, note):
    return Col(name, det, "clean", each(f), note)


def mix(name, det, f, note, null=0.4, junk=0.0):
    return Col(name, det, "mixed", mixed(f, null, junk), note + " (%d%% NULL)" % (null * 100))


def bur(name, det, pct, style):
    return Col(name, det, "buried%d" % pct, buried(det, pct / 100.0, style),
               "%s in %d%% of rows, %s free text" % (det, pct, style))


def hard(name, f, note):
    return Col(name, "", "hard_negative", each(f), note)


def neg(name, f, note):
    return Col(name, "", "negative", each(f), note)


def decoy(name, f, note):
    return Col(name, "", "name_decoy", each(f), note)


TABLES = []


def table(name, n, cols):
    TABLES.append((name, n, cols))


def define_tables():
    """The corpus: every detector clean, mixed with NULLs and (where the
    detector applies to free text) buried at 2%, 10% and 50%; the hard
    negatives; and columns whose name suggests a detector their values fail."""
    table("customers", 1200, [
        hard("customer_id", customer_id9, "9-digit customer ids"),
        Col("first_name", "person_name", "clean", in_row(first), "given names"),
        Col("last_name", "person_name", "clean", in_row(last), "surnames"),
        Col("email", "email", "clean", in_row(lambda r: email(first(r), last(r))), "e-mail"),
        clean("phone", "phone_number", phone, "US/UK/intl phone formats"),
        mix("alt_phone", "phone_number", phone, "phone"),
        mix("secondary_email", "email", email, "e-mail", null=0.6),
        clean("date_of_birth", "date_of_birth", dob, "ISO birth dates"),
        hard("signup_date", lambda: date_iso(2015, 2026), "dates that are not birth dates"),
        hard("city", lambda: pick(CITIES), "city names, some also given names"),
        hard("zip_code", lambda: us_zip() if rng.random() < 0.7 else us_zip() + "-" + d(4),
             "US zip codes alone"),
        neg("loyalty_tier", lambda: pick(["gold", "silver", "bronze", "none"]), "low cardinality"),
    ])
    table("payments", 1100, [
        hard("payment_id", uuid4, "UUIDs"),
        hard("order_id", order_id16, "random 16-digit order ids"),
        clean("card_number", "credit_card", card, "card numbers, test and generated"),
        clean("card_display", "credit_card_masked", card_masked, "masked card numbers"),
        mix("backup_card", "credit_card", card, "card numbers", null=0.5),
        mix("saved_card_mask", "credit_card_masked", card_masked, "masked cards", null=0.3),
        hard("amount", price, "prices"),
        neg("currency", lambda: pick(["USD", "EUR", "GBP", "CAD"]), "currency codes"),
        hard("created_at", ts_iso, "ISO timestamps"),
        hard("created_ms", epoch_ms, "13-digit epoch-millisecond timestamps"),
        bur("notes", "credit_card", 2, "sentence"),
    ])
    table("payment_events", 1000, [
        hard("event_id", uuid4, "UUIDs"),
        bur("payload", "credit_card", 50, "json"),
        bur("gateway_log", "credit_card_masked", 10, "log"),
        hard("received_at", ts_iso, "ISO timestamps"),
    ])
    table("card_vault", 1000, [
        Col("vault_id", "", "negative", seq("VLT%08d"), "ids"),
        decoy("card_number", card_luhn_fail, "card-shaped numbers that all fail Luhn"),
        hard("card_token", lambda: "tok_" + "".join(pick(string.ascii_letters + DIGITS)
                                                     for _ in range(24)), "opaque tokens"),
        hard("pan_encrypted", lambda: b64(rbytes(rng.choice([48, 64, 80]))),
             "base64 ciphertext blobs"),
        hard("card_last4", lambda: d(4), "last four digits alone"),
        neg("expiry", lambda: "%02d/%02d" % (rng.randint(1, 12), rng.randint(26, 32)), "MM/YY"),
        clean("cardholder_name", "person_name", lambda: person().upper(),
              "names as embossed on cards"),
        hard("card_fingerprint", sha256hex, "SHA-256 hex digests"),
    ])
    table("orders", 1300, [
        hard("order_id", order_id16, "random 16-digit order ids"),
        hard("order_uuid", uuid4, "UUIDs"),
        hard("sku", sku, "SKUs"),
        neg("quantity", lambda: str(rng.randint(1, 12)), "small integers"),
        hard("unit_price", price, "prices"),
        clean("shipping_address", "street_address", address, "US/UK/CA/DE/FR addresses"),
        mix("billing_address", "street_address", address, "addresses"),
        hard("tracking_number", tracking, "UPS/FedEx/USPS tracking numbers"),
        bur("receipt_text", "credit_card_masked", 50, "sentence"),
        bur("delivery_instructions", "phone_number", 2, "sentence"),
        bur("gift_message", "street_address", 10, "sentence"),
        neg("status", lambda: pick(["new", "paid", "shipped", "delivered", "returned"]),
            "status"),
    ])
    table("inventory", 1000, [
        hard("sku", sku, "SKUs"),
        hard("isbn13", isbn13, "ISBN-13, bare and hyphenated"),
        hard("barcode_ean13", ean13_de, "EAN-13 starting 400-440 (13 digits from 4)"),
        neg("product_name", lambda: pick(PRODUCTS), "product names"),
        hard("description", lorem, "lorem-ipsum descriptions"),
        hard("price", price, "prices"),
        hard("warehouse_zip", us_zip, "zip codes alone"),
        hard("version", version4, "four-part version strings like 10.2.3.4"),
        neg("weight_kg", lambda: "%.3f" % rng.uniform(0.05, 40), "decimals"),
    ])
    table("devices", 1000, [
        hard("device_id", uuid4, "UUIDs"),
        hard("imei", imei, "Luhn-valid 15-digit IMEIs"),
        neg("serial_number", lambda: "SN" + "".join(pick(UPPER + DIGITS) for _ in range(10)),
            "serials"),
        hard("mac_address", mac, "MAC addresses"),
        hard("version", version4, "four-part version strings like 10.2.3.4"),
        hard("firmware_sha256", sha256hex, "SHA-256 hex digests"),
        hard("last_seen_ms", epoch_ms, "13-digit epoch-millisecond timestamps"),
        clean("mgmt_ip", "ip_address", ipv4, "IPv4 documentation and private ranges"),
        mix("mgmt_ipv6", "ip_address", ipv6, "IPv6 incl. compressed forms"),
    ])
    table("patients", 1100, [
        Col("mrn", "", "negative", seq("MRN%07d", 20000), "medical record numbers"),
        clean("full_name", "person_name", person, "given name + surname"),
        clean("dob", "date_of_birth", lambda: dob("us"), "MM/DD/YYYY birth dates"),
        clean("nhs_number", "uk_nhs_number", nhs, "NHS numbers, bare/spaced/dashed"),
        mix("ssn", "us_ssn", ssn, "SSNs", null=0.3),
        clean("address", "street_address", address, "addresses"),
        hard("device_imei", imei, "Luhn-valid 15-digit IMEIs"),
        hard("gp_practice_code", ods_code, "ODS practice codes (letter + 5 digits)"),
        neg("visit_notes", lambda: " ".join(filler() for _ in range(2)), "plain notes"),
        mix("emergency_phone", "phone_number", phone, "phone", null=0.5),
    ])
    table("claims", 1200, [
        Col("claim_id", "", "hard_negative", seq("CLM%010d", 4000000000),
            "claim ids with a 10-digit run"),
        clean("mbi", "us_mbi", mbi, "Medicare Beneficiary Identifiers"),
        mix("hicn", "us_hicn", hicn, "legacy HICNs", null=0.6),
        clean("billing_npi", "us_npi", npi, "NPIs"),
        clean("diagnosis_code", "icd10_code", icd10, "ICD-10-CM codes"),
        mix("secondary_diagnosis", "icd10_code", icd10, "ICD-10-CM codes", null=0.5),
        hard("procedure_code", lambda: str(rng.randint(10000, 99499)), "CPT codes"),
        hard("total_charge", price, "prices"),
        hard("service_date", lambda: date_iso(2024, 2026), "dates that are not birth dates"),
        bur("claim_notes", "us_mbi", 2, "sentence"),
        bur("remittance_json", "us_hicn", 50, "json"),
        bur("edi_log", "us_npi", 10, "log"),
    ])
    table("medicare_members", 1000, [
        Col("member_id", "", "negative", seq("M%08d", 1000), "ids"),
        mix("mbi", "us_mbi", mbi, "MBIs", null=0.3),
        clean("hicn", "us_hicn", hicn, "HICNs"),
        neg("plan_code", lambda: "H%04d-%03d" % (rng.randint(1000, 9999), rng.randint(1, 30)),
            "plan codes"),
        bur("enrollment_notes", "us_mbi", 10, "sentence"),
        bur("legacy_notes", "us_hicn", 2, "sentence"),
        hard("effective_date", lambda: date_iso(2020, 2026), "dates"),
    ])
    table("eligibility_checks", 1000, [
        hard("check_id", uuid4, "UUIDs"),
        bur("response_json", "us_mbi", 50, "json"),
        bur("request_log", "us_hicn", 10, "log"),
        hard("checked_at", ts_iso, "ISO timestamps"),
    ])
    table("prescriptions", 1100, [
        Col("rx_id", "", "negative", seq("RX%07d", 500000), "ids"),
        clean("patient_name", "person_name", person, "names"),
        mix("prescriber_npi", "us_npi", npi, "NPIs", null=0.3),
        clean("dea_number", "us_dea", dea, "DEA registration numbers"),
        mix("supervising_dea", "us_dea", dea, "DEA numbers", null=0.6),
        hard("drug_ndc", ndc, "NDC product codes"),
        neg("quantity", lambda: str(rng.choice([7, 14, 28, 30, 60, 90])), "quantities"),
        bur("pharmacist_notes", "us_npi", 2, "sentence"),
        bur("fill_log", "us_dea", 2, "log"),
        bur("rx_json", "us_dea", 50, "json"),
    ])
    table("provider_directory", 1000, [
        Col("provider_id", "", "negative", seq("PRV%06d"), "ids"),
        clean("npi", "us_npi", npi, "NPIs"),
        bur("profile_json", "us_npi", 50, "json"),
        bur("notes", "us_dea", 10, "sentence"),
        neg("specialty", lambda: pick(["cardiology", "family medicine", "dermatology",
                                       "pediatrics", "oncology"]), "specialties"),
        clean("practice_phone", "phone_number", phone, "phones"),
        clean("practice_address", "street_address", address, "addresses"),
    ])
    table("nhs_appointments", 1000, [
        Col("appointment_id", "", "negative", seq("APT%07d"), "ids"),
        mix("nhs_number", "uk_nhs_number", nhs, "NHS numbers", null=0.3),
        hard("gp_practice_code", ods_code, "ODS practice codes"),
        hard("appointment_date", lambda: date_iso(2025, 2026), "dates that are not birth dates"),
        bur("referral_letter", "uk_nhs_number", 2, "sentence"),
        bur("booking_log", "uk_nhs_number", 10, "log"),
        bur("gp_message_json", "uk_nhs_number", 50, "json"),
    ])
    table("employees", 1100, [
        Col("employee_id", "", "negative", seq("E%06d", 100), "ids"),
        Col("first_name", "person_name", "clean", in_row(first), "given names"),
        Col("last_name", "person_name", "clean", in_row(last), "surnames"),
        Col("work_email", "email", "clean", in_row(lambda r: "%s.%s@corp.example.com" % (
            first(r).lower(), last(r).lower())), "work e-mail"),
        mix("home_address", "street_address", address, "addresses", null=0.2),
        clean("birth_date", "date_of_birth", dob, "ISO birth dates"),
        hard("hire_date", lambda: date_iso(2000, 2026), "dates that are not birth dates"),
        neg("salary", lambda: str(rng.randint(30, 250) * 1000), "salaries"),
        clean("ssn", "us_ssn", ssn, "SSNs"),
        Col("spouse_ssn", "us_ssn", "name_only", each(lambda: ""),
            "all NULL: the name alone should yield a finding"),
        bur("onboarding_json", "us_ssn", 10, "json"),
        hard("manager_id", customer_id9, "9-digit ids"),
    ])
    table("hr_cases", 1000, [
        Col("case_id", "", "negative", seq("HR-%05d"), "ids"),
        bur("case_log", "us_ssn", 50, "log"),
        bur("uk_payroll_log", "uk_nino", 50, "log"),
        hard("opened_at", ts_iso, "timestamps"),
        neg("category", lambda: pick(["leave", "payroll", "benefits", "conduct"]), "category"),
    ])
    table("uk_staff", 1000, [
        Col("staff_number", "", "negative", seq("S%05d"), "ids"),
        clean("full_name", "person_name", person, "names"),
        clean("ni_number", "uk_nino", nino, "National Insurance numbers"),
        mix("previous_ni_number", "uk_nino", nino, "NINOs", null=0.7),
        clean("bank_iban", "iban", lambda: iban("GB"), "GB IBANs"),
        clean("mobile", "phone_number", lambda: pick(["+44 7700 900%s", "07700 900%s"]) % d(3),
              "UK drama-range mobiles"),
        mix("date_of_birth", "date_of_birth", lambda: dob("text"), "birth dates '14 Mar 1985'",
            null=0.3),
        hard("postcode", uk_postcode, "UK postcodes alone"),
        bur("hr_notes", "uk_nino", 2, "sentence"),
        bur("payroll_json", "uk_nino", 10, "json"),
    ])
    table("ca_payroll", 1000, [
        Col("employee_no", "", "negative", seq("CA%06d"), "ids"),
        clean("sin", "ca_sin", sin, "Social Insurance Numbers"),
        mix("spouse_sin", "ca_sin", sin, "SINs", null=0.5),
        neg("province", lambda: pick(["ON", "QC", "BC", "AB", "MB", "NS"]), "provinces"),
        bur("notes", "ca_sin", 2, "sentence"),
        bur("t4_json", "ca_sin", 10, "json"),
        bur("import_log", "ca_sin", 50, "log"),
        hard("gross_pay", price, "amounts"),
    ])
    table("tax_filers", 1000, [
        hard("filer_id", customer_id9, "9-digit ids"),
        clean("itin", "us_itin", itin, "ITINs"),
        mix("itin_prior", "us_itin", itin, "ITINs", null=0.5),
        neg("filing_status", lambda: pick(["single", "married_joint", "head_of_household"]),
            "status"),
        bur("preparer_notes", "us_itin", 2, "sentence"),
        bur("efile_log", "us_itin", 10, "log"),
        bur("form_json", "us_itin", 50, "json"),
        hard("refund_amount", price, "amounts"),
    ])
    table("transfers", 1100, [
        hard("transfer_id", uuid4, "UUIDs"),
        clean("debtor_iban", "iban", iban, "IBANs, 10 countries, compact or grouped"),
        mix("creditor_iban", "iban", iban, "IBANs", null=0.3),
        hard("bic", lambda: "".join(pick(UPPER) for _ in range(4)) + pick(["GB", "DE", "FR"]) +
             "".join(pick(UPPER + DIGITS) for _ in range(2)) + pick(["", "XXX"]), "BIC codes"),
        hard("amount", price, "amounts"),
        hard("value_date", lambda: date_iso(2025, 2026), "dates"),
        bur("remittance_info", "iban", 2, "sentence"),
        bur("swift_log", "iban", 10, "log"),
        bur("payload_json", "iban", 50, "json"),
    ])
    table("users", 1200, [
        Col("user_id", "", "negative", seq("%d", 10001), "integers"),
        neg("username", lambda: (pick(GIVEN)[0] + pick(SURNAMES)).lower() +
            str(rng.randint(1, 99)), "user names"),
        clean("email", "email", email, "e-mail"),
        clean("password_hash", "password_hash", password_hash,
              "bcrypt/argon2/scrypt/sha-crypt/PBKDF2"),
        mix("old_password_hash", "password_hash", password_hash, "password hashes", null=0.6),
        hard("password_reset_token", lambda: hexs(32), "random hex tokens"),
        clean("last_login_ip", "ip_address", ip, "IPv4 and IPv6"),
        bur("migration_notes", "password_hash", 2, "sentence"),
        bur("profile_json", "password_hash", 10, "json"),
        neg("mfa_enabled", lambda: pick(["true", "false"]), "booleans"),
    ])
    table("sessions", 1100, [
        hard("session_id", lambda: b64u(rbytes(24)), "random base64url ids"),
        Col("user_id", "", "negative", seq("%d", 10001), "integers"),
        clean("access_token", "jwt", jwt, "JWTs (HS256/RS256/ES256)"),
        mix("id_token", "jwt", jwt, "JWTs", null=0.4),
        hard("refresh_token", lambda: "rt_" + b64u(rbytes(32)), "opaque tokens"),
        hard("user_agent", user_agent, "user agents with Chrome/120.0.0.0 style versions"),
        mix("client_ip", "ip_address", ip, "IPs", null=0.2),
        bur("auth_log", "ip_address", 10, "log"),
        bur("debug_log", "jwt", 50, "log"),
        hard("created_at", ts_iso, "timestamps"),
    ])
    table("web_logs", 1300, [
        hard("ts", ts_iso, "timestamps"),
        neg("request_line", lambda: "%s /api/v%d/%s/%d HTTP/1.1" % (
            pick(["GET", "POST", "PUT"]), rng.randint(1, 3), pick(["orders", "items", "users"]),
            rng.randint(1, 99999)), "request lines"),
        neg("status", lambda: pick(["200", "200", "201", "304", "404", "500"]), "status"),
        neg("bytes", lambda: str(rng.randint(0, 99999)), "sizes"),
        neg("referrer", lambda: "https://www.example.com/%s?page=%d" % (
            pick(["search", "cart", "help"]), rng.randint(1, 40)), "URLs"),
        hard("user_agent", user_agent, "user agents"),
        bur("app_log", "email", 50, "log"),
        bur("request_headers", "jwt", 2, "log"),
        bur("error_json", "ip_address", 50, "json"),
    ])
    table("audit_events", 1000, [
        hard("event_id", uuid4, "UUIDs"),
        Col("actor_id", "", "negative", seq("%d", 10001), "integers"),
        bur("event_json", "email", 10, "json"),
        bur("details", "ip_address", 2, "sentence"),
        bur("request_json", "jwt", 10, "json"),
        bur("db_dump_line", "password_hash", 50, "log"),
        hard("occurred_at", ts_iso, "timestamps"),
    ])
    table("support_tickets", 1200, [
        Col("ticket_id", "", "negative", seq("T-%06d", 1000), "ids"),
        neg("subject", lambda: pick(OBJ).format(n=rng.randint(1000, 99999)).capitalize(),
            "subjects"),
        bur("description", "email", 2, "sentence"),
        bur("customer_message", "credit_card", 10, "sentence"),
        bur("agent_notes", "credit_card_masked", 2, "sentence"),
        bur("internal_note", "us_ssn", 2, "sentence"),
        bur("resolution", "street_address", 2, "sentence"),
        bur("call_log", "phone_number", 50, "log"),
        neg("priority", lambda: pick(["low", "normal", "high"]), "priority"),
    ])
    table("marketing_leads", 1000, [
        Col("lead_id", "", "negative", seq("L%06d"), "ids"),
        mix("full_name", "person_name", person, "names", null=0.3),
        clean("email", "email", email, "e-mail"),
        mix("phone", "phone_number", phone, "phones", null=0.4, junk=0.05),
        hard("company", lambda: pick(COMPANIES), "company names, some with surnames"),
        hard("city", lambda: pick(CITIES), "city names"),
        bur("form_json", "phone_number", 10, "json"),
        bur("raw_form", "street_address", 50, "json"),
        hard("notes", lorem, "lorem ipsum"),
    ])
    table("api_keys", 1000, [
        hard("key_id", uuid4, "UUIDs"),
        clean("aws_access_key_id", "aws_access_key", aws_key_id, "AKIA/ASIA key ids"),
        clean("aws_secret_access_key", "aws_access_key", aws_secret,
              "40-character secrets in a column so named"),
        mix("backup_access_key_id", "aws_access_key", aws_key_id, "key ids", null=0.6),
        neg("owner_team", lambda: pick(["payments", "data", "platform", "growth"]), "teams"),
        hard("description", lorem, "lorem ipsum"),
        decoy("example_key", lambda: "AKIAIOSFODNN7EXAMPLE",
              "AWS documentation example key only"),
        hard("kms_ciphertext", lambda: b64(b"\x01\x02\x02\x00x" + rbytes(rng.choice([90, 120]))),
             "KMS ciphertext blobs (base64)"),
        hard("created_at", ts_iso, "timestamps"),
    ])
    table("deploy_keys", 1000, [
        Col("id", "", "negative", seq("%d"), "integers"),
        neg("host", lambda: "build-%02d.internal.example" % rng.randint(1, 40), "host names"),
        clean("ssh_private_key", "private_key", private_key, "PEM/OpenSSH private keys"),
        mix("escrow_key", "private_key", private_key, "private keys", null=0.7),
        hard("public_key", public_key, "public keys (ssh-ed25519 and PEM)"),
        hard("tls_certificate", certificate, "PEM certificates"),
        hard("fingerprint", lambda: "SHA256:" + b64(rbytes(32)).rstrip("="),
             "key fingerprints"),
        bur("config_json", "private_key", 10, "json"),
        bur("provision_log", "private_key", 50, "log"),
        bur("ci_log", "aws_access_key", 2, "log"),
    ])
    table("app_config", 1000, [
        neg("config_key", lambda: pick(["feature.", "limits.", "ui."]) + pick(
            ["max_items", "timeout_ms", "theme", "retry"]), "keys"),
        bur("value", "aws_access_key", 10, "sentence"),
        bur("env_dump", "aws_access_key", 50, "log"),
        bur("notes", "private_key", 2, "sentence"),
        hard("updated_at", ts_iso, "timestamps"),
    ])
    table("legacy_import", 1000, [
        Col("row_id", "", "negative", seq("%d"), "integers"),
        decoy("card_number", card_luhn_fail, "card-shaped, all fail Luhn"),
        decoy("ssn", ssn_bad, "SSN-shaped, area 000/666, group 00 or serial 0000"),
        decoy("test_ssn", lambda: pick(["078-05-1120", "123-45-6789"]),
              "published example SSNs only"),
        decoy("nhs_number", nhs_bad, "NHS-shaped, all fail mod-11"),
        decoy("npi", npi_bad, "NPI-shaped, all fail Luhn over 80840"),
        decoy("dea_number", dea_bad, "DEA-shaped, all fail the DEA checksum"),
        decoy("sin", sin_bad, "SIN-shaped, all fail Luhn"),
        decoy("iban", iban_bad, "IBAN-shaped, all fail mod-97"),
        decoy("mbi", mbi_bad, "MBI-shaped with letters S/L/O/I/B/Z"),
        decoy("ni_number", lambda: pick(["QQ123456A", "QQ 12 34 56 C"]),
              "HMRC example NINOs only"),
        decoy("aws_access_key_id", lambda: "AKIAIOSFODNN7EXAMPLE", "AWS documentation example"),
        decoy("email", lambda: pick(["n/a", "unknown", "none", "-", "no email"]),
              "placeholders in an email column"),
    ])
    table("event_bookings", 1000, [
        Col("booking_id", "", "negative", seq("BK%07d"), "ids"),
        hard("seat", seat, "seats like F23 (ICD-10 shape, no health context)"),
        neg("section", lambda: pick(["stalls", "circle", "balcony"]), "sections"),
        hard("ticket_price", price, "prices"),
        hard("booked_at", ts_iso, "timestamps"),
        neg("confirmation_code", lambda: "".join(pick(UPPER + DIGITS) for _ in range(6)),
            "codes"),
    ])
    table("repositories", 1000, [
        Col("repo_id", "", "negative", seq("%d"), "integers"),
        hard("repo_url", repo_url, "git@host:path URLs (e-mail shaped)"),
        neg("default_branch", lambda: pick(["main", "master", "develop"]), "branches"),
        hard("commit_sha", lambda: hexs(40), "40-hex commit ids (AWS-secret length)"),
        neg("commit_message", filler, "plain text"),
        hard("committed_at", ts_iso, "timestamps"),
        neg("release_tag", lambda: "v%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30),
                                                   rng.randint(0, 20)), "tags"),
    ])
    table("books", 1000, [
        Col("book_id", "", "negative", seq("B%06d"), "ids"),
        hard("isbn10", isbn10, "ISBN-10, bare and hyphenated (10 digits)"),
        hard("isbn13", isbn13, "ISBN-13"),
        clean("author", "person_name", person, "author names"),
        hard("publication_date", lambda: date_iso(1930, 2010),
             "dates in the birth-date range, not birth dates"),
        neg("page_count", lambda: str(rng.randint(48, 900)), "integers"),
    ])
    table("help_texts", 1000, [
        Col("topic_id", "", "negative", seq("%d"), "integers"),
        hard("form_hint", lambda: pick(HELP) if rng.random() < 0.5 else filler(),
             "documentation example SSN/NINO/AWS values in help text"),
        hard("docs_snippet", lambda: pick(SNIPPETS), "AWS documentation example keys"),
        hard("updated_at", ts_iso, "timestamps"),
    ])
    table("chat_transcripts", 1000, [
        hard("chat_id", uuid4, "UUIDs"),
        Col("transcript", "credit_card,email,phone_number", "buried2",
            buried_many([("email", 0.10), ("phone_number", 0.10), ("credit_card", 0.02)]),
            "e-mail 10%, phone 10% and card 2% of rows in one free-text column"),
        neg("channel", lambda: pick(["web", "ios", "android"]), "channels"),
        hard("started_at", ts_iso, "timestamps"),
    ])
    table("contacts_intl", 1000, [
        Col("contact_id", "", "negative", seq("C%06d"), "ids"),
        clean("full_name", "person_name", intl_name, "names incl. accented and multi-part"),
        clean("phone", "phone_number", intl_phone, "US/UK/AU/FR numbers, E.164 and national"),
        clean("client_ip", "ip_address", lambda: pick(["::ffff:" + ipv4(), ipv6(), ipv4()]),
              "IPv4, IPv6 and IPv4-mapped IPv6"),
        hard("ssn_masked", lambda: "***-**-" + d(4), "masked SSNs (last four only)"),
        hard("phone_masked", lambda: "(***) ***-" + d(4), "masked phone numbers"),
        neg("country", lambda: pick(["US", "GB", "AU", "FR"]), "countries"),
    ])
    table("new_patients", 0, [
        Col("patient_id", "", "name_only", each(str), "empty table"),
        Col("ssn", "us_ssn", "name_only", each(str), "empty table: name alone"),
        Col("email", "email", "name_only", each(str), "empty table: name alone"),
        Col("date_of_birth", "date_of_birth", "name_only", each(str),
            "empty table: name alone"),
    ])
    names_tables.define(table, Col, GIVEN, SURNAMES, SEED_USED)


# ------------------------------------------- issue 11: evidence against chance
def among_refs(p, value, other):
    """value() in a share p of the rows, other() in the rest."""
    def make(n):
        hit = set(rng.sample(range(n), max(2, round(p * n))))
        return lambda i, row: value() if i in hit else other()
    return make


def read_card():
    return "Customer read card %s over the phone" % pan()


def dk_phone_dotted():
    """A Danish 8-digit number written in dotted pairs; most are also a
    valid IPv4 address."""
    return "%02d.%02d.%02d.%02d" % (rng.randint(20, 99), rng.randint(10, 99),
                                    rng.randint(10, 99), rng.randint(0, 99))


def fr_phone_dotted():
    return "0%d.%s.%s.%s.%s" % (rng.randint(1, 9), d(2), d(2), d(2), d(2))


def file_size10():
    return str(rng.randint(1000000000, 9999999999))


def repeated_sizes():
    """10-digit sizes of a few files stored again and again."""
    def make(n):
        sizes = [file_size10() for _ in range(12)]
        return lambda i, row: pick(sizes)
    return make


def define_verdict_tables():
    """Columns where a fixed ratio rule went wrong (issue 11): cards among
    random ids, bare identifiers under telling names, dotted phone numbers
    that look like IPv4 addresses, 10-digit integers that pass the NHS
    modulus 11 by chance."""
    table("billing_notes", 1000, [
        Col("note_id", "", "negative", seq("N%06d"), "ids"),
        Col("notes", "credit_card", "buried14", among_refs(0.143, read_card, order_id16),
            "cards read out in 14% of rows, random 16-digit order ids in the rest"),
        Col("reference", "credit_card", "buried5", among_refs(0.05, pan, order_id16),
            "bare cards in 5% of rows among random 16-digit references"),
        Col("alt_reference", "credit_card", "buried15", among_refs(0.15, pan, order_id16),
            "bare cards in 15% of rows among random 16-digit references"),
        hard("batch_ref", order_id16, "random 16-digit references"),
    ])
    table("staff_records", 1000, [
        hard("customer_id", customer_id9, "random 9-digit customer ids"),
        hard("account_id", customer_id9, "random 9-digit account ids"),
        clean("ssn", "us_ssn", ssn_parts, "bare 9-digit SSNs"),
        clean("employee_ssn", "us_ssn", ssn_parts, "bare 9-digit SSNs"),
        mix("social_security_number", "us_ssn", ssn_parts, "bare 9-digit SSNs", null=0.3),
        clean("itin", "us_itin", lambda: itin().replace("-", "").replace(" ", ""),
              "bare ITINs"),
    ])
    table("dk_contacts", 1000, [
        Col("contact_id", "", "negative", seq("K%06d"), "ids"),
        clean("phone", "phone_number", dk_phone_dotted,
              "dotted Danish numbers, most also valid IPv4 addresses"),
        clean("fax", "phone_number", fr_phone_dotted, "dotted French numbers"),
    ])
    table("file_store", 1000, [
        Col("file_no", "", "negative", seq("%d"), "sequence"),
        hard("size_bytes", file_size10, "random 10-digit file sizes"),
        Col("archive_bytes", "", "hard_negative", repeated_sizes(),
            "12 distinct 10-digit sizes repeated"),
    ])


def expected_label(dets):
    best = "Public"
    for x in dets:
        if RANK[LABEL[x]] > RANK[best]:
            best = LABEL[x]
    return best


def write_table(name, n, cols):
    makers = [c.factory(n) for c in cols]
    with open(os.path.join(OUT, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c.name for c in cols])
        for i in range(n):
            row = {}
            w.writerow([m(i, row) for m in makers])


def write_truth():
    with open(os.path.join(OUT, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("# Written by generate.py: do not edit by hand, edit the generator and rerun.\n"
                "# table\tcolumn\tdetectors that should fire\texpected label\tkind\tnote\n")
        for name, _, cols in TABLES:
            for c in cols:
                f.write("\t".join([name, c.name, ",".join(c.dets), expected_label(c.dets),
                                   c.kind, c.note]) + "\n")


def main():
    global OUT
    ap = argparse.ArgumentParser(description="Write the labeled corpus and truth.tsv.")
    ap.add_argument("--seed", type=int, default=SEED, help="random seed (default %d)" % SEED)
    ap.add_argument("--out", default=HERE, help="output directory (default: beside this file)")
    args = ap.parse_args()
    global SEED_USED
    rng.seed(args.seed)
    SEED_USED = args.seed
    OUT = args.out
    os.makedirs(OUT, exist_ok=True)
    define_tables()
    define_verdict_tables()
    for x in (d for _, _, cols in TABLES for c in cols for d in c.dets):
        assert x in LABEL, x
    for name, n, cols in TABLES:
        write_table(name, n, cols)
    write_truth()
    ncols = sum(len(c) for _, _, c in TABLES)
    print("wrote %d tables, %d columns, truth.tsv" % (len(TABLES), ncols), file=sys.stderr)


if __name__ == "__main__":
    main()
