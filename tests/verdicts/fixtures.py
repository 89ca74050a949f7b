#!/usr/bin/python3
"""Writes the CSV fixtures of tests/verdicts.sh (issue 11: evidence against
chance, bare identifiers under a telling name, one value one meaning,
review flags) into the directory given as the only argument. Every value
comes from a published rule (Luhn and IIN ranges, NHS modulus 11, NPI Luhn
over 80840, SSA and IRS number rules, MBI position classes) with a fixed
seed: no real person's data."""
import os
import random
import sys

rng = random.Random(20261205)


def d(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        x = int(ch)
        if i % 2 == 0:
            x = x * 2 - 9 if x * 2 > 9 else x * 2
        total += x
    return str((10 - total % 10) % 10)


def card():
    """A 16-digit Visa or Mastercard number with a Luhn check digit."""
    body = rng.choice(["4", "51", "52", "53", "54", "55"])
    body += d(15 - len(body))
    return body + luhn_digit(body)


def ref16():
    return str(rng.randint(10 ** 15, 10 ** 16 - 1))


def nhs_ok(s):
    total = sum(int(c) * (10 - i) for i, c in enumerate(s[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(s[9])


def ssn_bare():
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            return "%03d%02d%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))


def itin_bare():
    group = rng.choice(list(range(50, 66)) + list(range(70, 89)))
    return "9%02d%02d%04d" % (rng.randint(0, 99), group, rng.randint(0, 9999))


def sin_bare():
    body = str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9])) + d(7)
    return body + luhn_digit(body)


def nino_bare():
    first = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + d(6) + rng.choice("ABCD")


def mbi_bare():
    letters = "ACDEFGHJKMNPQRTUVWXY"
    pos = "CAXNAXNAANN"
    out = ""
    for p in pos:
        if p == "C":
            out += str(rng.randint(1, 9))
        elif p == "N":
            out += str(rng.randint(0, 9))
        elif p == "A":
            out += rng.choice(letters)
        else:
            out += rng.choice(letters + "0123456789")
    return out


def write(dirname, name, cols, rows):
    with open(os.path.join(dirname, name + ".csv"), "w") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    # 1. Cards in free text among random 16-digit order ids (143 of 1,000),
    # and bare cards among random 16-digit references at 5% and 15%.
    notes = ["Customer read card %s over the phone" % card() if i < 143 else ref16()
             for i in range(1000)]
    rng.shuffle(notes)
    r5 = [card() if i < 50 else ref16() for i in range(1000)]
    r15 = [card() if i < 150 else ref16() for i in range(1000)]
    rng.shuffle(r5)
    rng.shuffle(r15)
    refs = [ref16() for _ in range(1000)]
    write(out, "card_notes", ["notes", "reference_5", "reference_15", "order_ref"],
          zip(notes, r5, r15, refs))
    # 1b. File sizes: 10-digit integers, a few sizes repeated many times
    # (the same files stored again and again), some of which pass the NHS
    # modulus 11 by chance.
    sizes, valid = [], 0
    while len(sizes) < 12:
        s = str(rng.randint(1000000000, 9999999999))
        ok = nhs_ok(s)
        if ok and valid < 4:
            valid += 1
            sizes.append(s)
        elif not ok and len(sizes) - valid < 8:
            sizes.append(s)
    # About 30% of the rows hold a size that passes: near where a fixed
    # ratio rule tips, so a ratio over the rows changes with the sample.
    weights = [3.3 if nhs_ok(s) else 3.5 for s in sizes]
    rows = [(str(i + 1), rng.choices(sizes, weights)[0]) for i in range(3000)]
    write(out, "file_store", ["file_no", "size_bytes"], rows)
    # 2. Bare identifiers under telling names, and random 9-digit ids.
    rows = [(ssn_bare(), ssn_bare(), ssn_bare(), str(rng.randint(10 ** 8, 10 ** 9 - 1)),
             str(rng.randint(10 ** 8, 10 ** 9 - 1)), itin_bare(), nino_bare(), mbi_bare())
            for _ in range(400)]
    write(out, "staff_ids", ["ssn", "employee_ssn", "social_security_number", "customer_id",
                             "account_id", "itin", "nino", "mbi"], rows)
    write(out, "tiny_sin", ["employee", "sin"], [("a", sin_bare()), ("b", sin_bare()),
                                                 ("c", sin_bare())])
    # Four valid SINs and one mistyped: the name decides (p = 5e-4).
    typo = sin_bare()
    typo = typo[:-1] + str((int(typo[-1]) + 1) % 10)
    write(out, "sin_typo", ["sin"], [(sin_bare(),) for _ in range(4)] + [(typo,)])
    # 4. Dotted phone numbers (Danish 8-digit form), many also IPv4; 10-digit
    # NANP phones, some of which pass the NHS or NPI check.
    def dotted():
        return "%02d.%02d.%02d.%02d" % (rng.randint(20, 99), rng.randint(10, 99),
                                        rng.randint(10, 99), rng.randint(0, 99))

    def nanp():
        return "%d%02d%d%02d%04d" % (rng.randint(2, 9), rng.randint(0, 99), rng.randint(2, 9),
                                     rng.randint(0, 99), rng.randint(0, 9999))
    write(out, "contacts_dk", ["phone", "mobile"], [(dotted(), nanp()) for _ in range(600)])
    # 5. Five valid cards and three of the shape that fail, no name, no
    # context: more than chance, not enough to fire: Public with a review
    # flag.
    def bad_card():
        c = card()
        return c[:-1] + str((int(c[-1]) + rng.randint(1, 9)) % 10)
    write(out, "scraps", ["value"], [(card(),) for _ in range(5)] +
          [(bad_card(),) for _ in range(3)])


if __name__ == "__main__":
    main()
