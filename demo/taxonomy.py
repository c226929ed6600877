"""The countries, topics and organisations the seed texts name, in the source language.

Only what the texts state, or what is certain about a named organisation (its full name,
country, website), is recorded; everything else is left empty for the network to fill in.
"""

from home.models import Country, Organisation, Topic

KOSOVO_FOOTNOTE = (
    "This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)

# The European Commission's standard wording for what it funds.
EU_DISCLAIMER = (
    "Funded by the European Union. Views and opinions expressed are however those of the "
    "author(s) only and do not necessarily reflect those of the European Union. Neither the "
    "European Union nor the granting authority can be held responsible for them."
)

# (code, name, designation footnote)
COUNTRIES = [
    ("AL", "Albania", ""),
    ("BA", "Bosnia and Herzegovina", ""),
    ("XK", "Kosovo", KOSOVO_FOOTNOTE),
    ("ME", "Montenegro", ""),
    ("MK", "North Macedonia", ""),
    ("RS", "Serbia", ""),
    ("BE", "Belgium", ""),
    ("BG", "Bulgaria", ""),
    ("HR", "Croatia", ""),
    ("NO", "Norway", ""),
    ("RO", "Romania", ""),
    ("SI", "Slovenia", ""),
]

# (slug, name)
TOPICS = [
    ("civic-space", "Civic space"),
    ("local-democracy", "Local democracy"),
    ("organised-crime-and-corruption", "Organised crime and corruption"),
    ("good-governance", "Good governance"),
    ("crisis-management", "Crisis management"),
    ("eu-integration", "EU integration"),
    ("regional-cooperation", "Regional cooperation"),
    ("advocacy", "Advocacy"),
    ("civil-society-development", "Civil society development"),
]

FUNDER = Organisation.Relationship.FUNDER
MEMBER = Organisation.Relationship.MEMBER
PARTNER = Organisation.Relationship.PARTNER

# key: (name, acronym, relationship, country code, website, disclaimer)
# Where a text gives only an acronym, the acronym is the name.
ORGANISATIONS = {
    # Funders
    "sida": (
        "Swedish International Development Cooperation Agency",
        "Sida",
        FUNDER,
        "",
        "https://www.sida.se/",
        "",
    ),
    "eu": ("European Union", "EU", FUNDER, "", "https://european-union.europa.eu/", EU_DISCLAIMER),
    "norway-mfa": (
        "Norwegian Ministry of Foreign Affairs",
        "",
        FUNDER,
        "NO",
        "https://www.regjeringen.no/en/dep/ud/",
        "",
    ),
    "btd": ("Balkan Trust for Democracy", "BTD", FUNDER, "", "", ""),
    # The network (Organisation has no relationship for the network itself) and its members,
    # as seed 004 lists them by country.
    "bcsdn": (
        "Balkan Civil Society Development Network",
        "BCSDN",
        PARTNER,
        "",
        "https://www.balkancsd.net/",
        "",
    ),
    "acsf": ("ACSF", "", MEMBER, "AL", "", ""),
    "da": ("DA", "", MEMBER, "AL", "", ""),
    "mcic": (
        "Macedonian Center for International Cooperation",
        "MCIC",
        MEMBER,
        "MK",
        "https://www.mcms.mk/",
        "",
    ),
    "pf": ("PF", "", MEMBER, "BG", "", ""),
    "wad": ("WAD", "", MEMBER, "BG", "", ""),
    "nit": ("NIT", "", MEMBER, "HR", "", ""),
    "eos": ("EOS", "", MEMBER, "HR", "", ""),
    "eho": ("Ecumenical Humanitarian Organization", "EHO", MEMBER, "RS", "https://www.eho.org.rs/", ""),
    "aidrom": ("Ecumenical Association of Churches in Romania", "AIDRom", MEMBER, "RO", "", ""),
    "oar": ("OAR", "", MEMBER, "RO", "", ""),
    "waws": ("WAWS", "", MEMBER, "XK", "", ""),
    "crnvo": (
        "Centre for Development of Non-Governmental Organisations",
        "CRNVO",
        MEMBER,
        "ME",
        "https://www.crnvo.me/",
        "",
    ),
    # Partners in the projects and events
    "ecas": ("European Citizen Action Service", "ECAS", PARTNER, "BE", "https://ecas.org/", ""),
    "cnvos": (
        "Centre for Information Service, Co-operation and Development of NGOs",
        "CNVOS",
        PARTNER,
        "SI",
        "https://www.cnvos.si/",
        "",
    ),
    "bnld": ("BNLD", "", PARTNER, "", "", ""),
    "gi-toc": (
        "Global Initiative Against Transnational Organized Crime",
        "GI-TOC",
        PARTNER,
        "",
        "https://globalinitiative.net/",
        "",
    ),
    "crpm": ("Center for Research and Policy Making", "CRPM", PARTNER, "MK", "https://www.crpm.org.mk/", ""),
    # The organisations from Serbia awarded SMART Balkans National Intervention grants (seed 003),
    # in the order the text lists them.
    "creativity": ("Association for Development of Creativity", "", PARTNER, "RS", "", ""),
    "fenomena": ("Fenomena Association", "", PARTNER, "RS", "", ""),
    "astra": ("Anti Trafficking Action", "ASTRA", PARTNER, "RS", "https://www.astra.rs/", ""),
    "curuvija": ("Slavko Curuvija Foundation", "", PARTNER, "RS", "", ""),
    "cesid": (
        "Center for Free Elections and Democracy",
        "CeSID",
        PARTNER,
        "RS",
        "https://www.cesid.rs/",
        "",
    ),
    "da-se-zna": ("Da se zna!", "", PARTNER, "RS", "", ""),
    "uzice-center": ("Association Uzice Center for Human Rights and Democracy", "", PARTNER, "RS", "", ""),
    "civic-initiatives": ("Civic Initiatives", "", PARTNER, "RS", "https://www.gradjanske.org/", ""),
    "koms": ("National Youth Council of Serbia", "KOMS", PARTNER, "RS", "https://koms.rs/", ""),
    "zajecar-initiative": ("Zaječar Initiative", "", PARTNER, "RS", "", ""),
    "partners-serbia": (
        "Partners for Democratic Change Serbia",
        "Partners Serbia",
        PARTNER,
        "RS",
        "https://www.partners-serbia.org/",
        "",
    ),
}

SMART_BALKANS_GRANTEES = [
    "creativity",
    "fenomena",
    "astra",
    "curuvija",
    "cesid",
    "da-se-zna",
    "uzice-center",
    "civic-initiatives",
    "koms",
    "zajecar-initiative",
    "partners-serbia",
]


class Taxonomy:
    """The demo's snippets in the source locale, by country code, topic slug and key."""

    def __init__(self, countries, topics, organisations):
        self.countries = countries
        self.topics = topics
        self.organisations = organisations

    def country(self, *codes):
        return [self.countries[code] for code in codes]

    def topic(self, *slugs):
        return [self.topics[slug] for slug in slugs]

    def organisation(self, *keys):
        return [self.organisations[key] for key in keys]

    def all(self):
        return [*self.countries.values(), *self.topics.values(), *self.organisations.values()]


def create_taxonomy(locale):
    """Create the countries, topics and organisations in `locale`; return them as a Taxonomy."""
    countries = {
        code: Country.objects.create(locale=locale, code=code, name=name, designation_footnote=footnote)
        for code, name, footnote in COUNTRIES
    }
    topics = {slug: Topic.objects.create(locale=locale, slug=slug, name=name) for slug, name in TOPICS}
    organisations = {
        key: Organisation.objects.create(
            locale=locale,
            name=name,
            acronym=acronym,
            relationship=relationship,
            country=countries.get(country),
            website=website,
            disclaimer=disclaimer,
        )
        for key, (name, acronym, relationship, country, website, disclaimer) in ORGANISATIONS.items()
    }
    return Taxonomy(countries, topics, organisations)
