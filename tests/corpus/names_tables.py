"""Corpus tables for person_name (issue 11, item 3): tiny staff tables of two
or three rows whose columns are named first_name, last_name, surname or
given_name, in capitals, in lowercase, with the trailing digits of generated
test data and with accents, apostrophes and hyphens (all Confidential); and
generic `name` / `title` columns in tables of things: song titles, album
titles, product names, categories and companies, many of which read like a
person's name ("Penny Lane", "Jack Daniels") and all of which are Public.

Own random stream (seeded from the corpus seed), so these tables come out
the same whatever other tables are added to generate.py before or after
them. Names are common given names and surnames (the same kind of lists as
generate.py), never real people's records; song and album titles are short
made-up or generic phrases of the kind music catalogues hold."""
import random

MODERN_GIVEN = ["Nevaeh", "Jaxon", "Kinsley", "Brantley", "Zainab", "Thiago", "Ezra",
                "Maeve", "Rowan", "Sloane", "Bodhi", "Kehlani", "Araceli", "Declan"]
ACCENTED_GIVEN = ["Zo\u00eb", "Jos\u00e9", "Ren\u00e9e", "Anne-Marie", "Jean-Luc",
                  "Bj\u00f6rn", "Chlo\u00e9", "Andr\u00e9", "In\u00e9s", "J\u00fcrgen"]
ACCENTED_SURNAMES = ["O'Brien", "Garc\u00eda", "Smith-Jones", "M\u00fcller", "D'Angelo",
                     "L\u00f3pez", "Mart\u00ednez", "O\u2019Connor", "Pe\u00f1a", "Fran\u00e7ois"]
# Song titles that read like names, and ones that don't.
SONGS = ["Penny Lane", "Billie Jean", "Sweet Caroline", "Jolene", "Mary Jane", "Peggy Sue",
         "Hey Jude", "Roxanne", "Layla", "Angie", "Gloria", "Rosanna", "Jessie", "Valerie",
         "Michelle", "Delilah", "Lola", "Sara Smile", "Along Came Mary", "Jack and Diane",
         "Johnny Angel", "Ruby Tuesday", "Amber Waves", "Hunter Green", "Rose Gold",
         "Summer Rain", "Grace Street", "Madison Avenue", "Lincoln Park", "Mason Jar",
         "Morning Light", "Blue Horizon", "Paper Planes", "Into the Night", "Golden Hour",
         "River Song", "Northern Lights", "Slow Dance", "City of Stars", "Runaway Train"]
ALBUMS = ["Abbey Road", "Grace", "Jagged Little Pill", "Kelly Clarkson", "Taylor Swift",
          "Madison Square", "Penny Lane Sessions", "The Mary Martin Collection",
          "Frank Sinatra Live", "Rose Garden", "Hunter Brown", "Billie Holiday Best Of",
          "Greatest Hits", "Live at Leeds", "Blue", "Ocean Drive", "Summer Songs"]
PRODUCTS = ["Jack Daniels Old No. 7", "Tommy Hilfiger Polo", "Calvin Klein Jeans",
            "Ralph Lauren Oxford", "Victoria Sponge Mix", "Jasmine Rice 1kg",
            "Rose Gold Watch", "Hunter Green Scarf", "Ginger Brown Boots", "Amber Glass Jar",
            "Marie Biscuits", "Mason Jar 500ml", "Grace Kelly Handbag", "Ruby Red Grapefruit",
            "Olive Green Parka", "Steel Water Bottle 750ml", "Desk Lamp LED"]
CATEGORIES = ["Rose Gold", "Hunter Green", "Amber", "Ruby", "Jade", "Pearl White"]
COMPANIES = ["Johnson & Johnson", "Morgan Stanley", "Wells Fargo", "Charles Schwab",
             "Goldman Sachs", "Marks and Spencer", "Ford Motor", "John Lewis", "Ralph Lauren",
             "Harley Davidson", "Tiffany", "Martin Marietta", "Edward Jones"]
ROLES = ["Engineer", "Manager", "Analyst", "Nurse", "Driver", "Clerk"]


def define(table, Col, GIVEN, SURNAMES, seed):
    """Adds the tables through generate.py's table() and Col."""
    r = random.Random(seed * 31 + 11)

    def vals(n, f):
        values = [f() for _ in range(n)]
        return lambda _n: (lambda i, row: values[i])

    def given():
        return r.choice(GIVEN + MODERN_GIVEN)

    def sur():
        return r.choice(SURNAMES)

    # Two-row and three-row staff tables: today's Public, tomorrow's
    # Confidential.
    table("staff", 2, [
        Col("staff_id", "", "negative", vals(2, lambda: "S%04d" % r.randint(1, 9999)), "ids"),
        Col("first_name", "person_name", "clean", vals(2, lambda: given().upper()),
            "2 rows: given names in capitals"),
        Col("last_name", "person_name", "clean", vals(2, lambda: sur().upper()),
            "2 rows: surnames in capitals"),
        Col("role", "", "negative", vals(2, lambda: r.choice(ROLES)), "job titles"),
    ])
    table("team_roster", 3, [
        Col("given_name", "person_name", "clean", vals(3, lambda: given().lower()),
            "3 rows: given names in lowercase"),
        Col("surname", "person_name", "clean", vals(3, lambda: sur().lower()),
            "3 rows: surnames in lowercase"),
        Col("shift", "", "negative", vals(3, lambda: r.choice(["early", "late", "night"])),
            "shifts"),
    ])
    table("qa_test_users", 3, [
        Col("first_name", "person_name", "clean",
            vals(3, lambda: given() + str(r.randint(1, 99))),
            "3 rows: generated test names with trailing digits (Mary3)"),
        Col("last_name", "person_name", "clean",
            vals(3, lambda: "%s_%d" % (sur().lower(), r.randint(1, 99))),
            "3 rows: generated test surnames (smith_12)"),
    ])
    table("eu_staff", 3, [
        Col("first_name", "person_name", "clean", vals(3, lambda: r.choice(ACCENTED_GIVEN)),
            "3 rows: accented and hyphenated given names"),
        Col("last_name", "person_name", "clean", vals(3, lambda: r.choice(ACCENTED_SURNAMES)),
            "3 rows: apostrophised, accented and hyphenated surnames"),
    ])
    table("club_members", 3, [
        Col("member_no", "", "negative", vals(3, lambda: str(r.randint(100, 999))), "numbers"),
        Col("name", "person_name", "clean",
            vals(3, lambda: (given() + " " + sur()).lower()),
            "3 rows: lowercase full names under a generic `name`; the table says people"),
    ])
    # Generic columns in tables of things: Public, however name-like.
    table("music_tracks", 400, [
        Col("track_id", "", "negative", vals(400, lambda: str(r.randint(1, 99999))), "ids"),
        Col("name", "", "hard_negative", vals(400, lambda: r.choice(SONGS)),
            "song titles, many of them names (Penny Lane, Billie Jean)"),
        Col("milliseconds", "", "negative",
            vals(400, lambda: str(r.randint(90000, 420000))), "durations"),
    ])
    table("record_albums", 200, [
        Col("title", "", "hard_negative", vals(200, lambda: r.choice(ALBUMS)),
            "album titles, some of them a singer's name"),
    ])
    table("store_products", 300, [
        Col("sku", "", "negative", vals(300, lambda: "P-%05d" % r.randint(0, 99999)), "skus"),
        Col("name", "", "hard_negative", vals(300, lambda: r.choice(PRODUCTS)),
            "product names with given names and surnames in them"),
    ])
    table("product_categories", 3, [
        Col("name", "", "hard_negative", vals(3, lambda: r.choice(CATEGORIES)),
            "3 rows: colour categories that are given names (Rose Gold, Amber)"),
    ])
    table("partner_companies", 300, [
        Col("name", "", "hard_negative", vals(300, lambda: r.choice(COMPANIES)),
            "company names made of people's names"),
    ])
