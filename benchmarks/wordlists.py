"""The fixed text a synthetic corpus is assembled from: templates, word lists, name forms.

No template may produce text that the Markdown typographer rewrites (straight quotes, `--`,
`...`, `(c)`), or quotes copied from the text would no longer match it.
"""

from __future__ import annotations

# Sentence templates. Slots: an entity kind, `actor` (person, organization or place), `num` (a
# figure unique in the article), `weekday`, `month`.
TEMPLATES = (
    "{actor} said on {weekday} that {actor} had moved {num} tonnes of equipment towards {place} "
    "over the past month.",
    "Satellite images reviewed by {organization} showed {num} vehicles parked near {place}, "
    "close to where the {system} was last tested.",
    "The {event} drew {num} delegates, among them {person} and a team sent by {organization}.",
    "{person} told reporters in {place} that the {term} would top the agenda, citing {num} "
    "pending requests from {actor}.",
    "According to {organization}, spending on the {term} rose to {num} million dollars, most of "
    "it routed through {place}.",
    "Analysts at {organization} estimate that {actor} could field {num} units of the {system} "
    "before the end of the decade.",
    "{actor} has denied supplying the {term} to {actor}, despite a leaked report listing {num} "
    "separate shipments.",
    "In a statement issued in {month}, {organization} described the talks with {person} as frank "
    "and said {num} agreements were under review.",
    "Officials in {place} confirmed that {num} engineers linked to the {system} programme had "
    "arrived for consultations with {organization}.",
    "{person}, who attended the {event}, said {num} proposals on the {term} had been tabled but "
    "none had been agreed.",
    "Diplomats noted that {actor} had not commented on the {num} page dossier that "
    "{organization} circulated in {month}.",
    "A convoy of {num} trucks left {place} for {place} on {weekday}, according to monitors "
    "working with {organization}.",
    "{person} and {person} spent {num} minutes discussing the {term} on the sidelines of the "
    "{event}.",
    "Records seen by reporters show that {organization} paid {num} thousand dollars to "
    "contractors near {place} for work on the {term}.",
    "Since the {event}, {actor} has flown {num} sorties near {place}, prompting protests from "
    "{actor}.",
    "{person} warned that the {system} could reach {place} within {num} seconds of launch, a "
    "claim that {organization} disputed.",
)
CLOSERS = (
    "Independent verification was not possible.",
    "Neither side released a transcript.",
    "The figures could not be confirmed.",
    "Further talks are expected.",
    "Officials declined to give details.",
    "Markets showed little reaction.",
    "The account could not be checked independently.",
    "No timetable was announced.",
)
HEADINGS = ("Background", "The talks", "Reactions", "What comes next", "Military dimension",
            "Economic stakes", "Regional response", "Outlook", "The money", "Open questions")
TITLES = (
    "{a} and {b} weigh closer ties",
    "{a} under scrutiny after talks with {b}",
    "What the meeting of {a} and {b} means",
    "{a} presses {b} on arms and money",
    "Questions mount over {a} and {b}",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
PUBLISHERS = (("Meridian Wire", "Meridian"), ("Northern Dispatch", "Dispatch"),
              ("Harbour Press Agency", "HPA"), ("The Continental Ledger", "Ledger"),
              ("Eastern Bulletin", "Bulletin"))

FIRST_NAMES = ("Anya", "Boris", "Chen", "Dara", "Elif", "Farid", "Goran", "Hana", "Ilya", "Jin",
               "Katya", "Lev", "Mira", "Nadir", "Olga", "Pavel", "Rina", "Sanjar", "Tae",
               "Umar", "Vera", "Yuri", "Zara", "Mikhail", "Soo", "Aziz", "Irina", "Oleg")
ROLES = ("Defence minister", "Foreign minister", "Deputy premier", "Chief of staff",
         "Director of procurement", "Senior researcher", "Special envoy", "Navy commander",
         "Head of the space programme", "Trade negotiator")
PLACE_FORMS = (("country", "Republic of {w}", "{w}"), ("city", "{w} City", "{w}"),
               ("port", "Port {w}", "{w}"), ("region", "{w} Province", "{w}"),
               ("air base", "{w} Air Base", "{w} base"))
SYSTEM_TYPES = ("Ballistic missile", "Cruise missile", "Space launch vehicle",
                "Reconnaissance satellite", "Attack submarine", "Air defence system",
                "Multiple rocket launcher")
ORG_FORMS = (("Defence Directorate", "Government agency"), ("Space Agency", "Space agency"),
             ("Institute for Strategic Studies", "Think tank"),
             ("Trading Company", "State trading company"), ("Naval Command", "Military command"),
             ("Security Council", "Government body"), ("News Agency", "State news agency"),
             ("Arms Bureau", "Arms-industry bureau"))
EVENT_NOUNS = ("Summit", "Talks", "Accord", "Exercise", "Launch", "Conference", "Crisis")
TERM_NOUNS = ("cascade", "array", "corridor", "doctrine", "protocol", "relay", "reactor",
              "warhead", "launcher", "interceptor", "sensor", "booster", "envelope", "manifest",
              "turbine", "beacon", "uplink", "gantry")
TERM_GLOSSES = ("a technique", "an arrangement", "a class of hardware", "a working method",
                "a programme label", "an industry term")

# Relation types each kind uses, with the kind of their targets.
RELATION_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("member_of", "organization"), ("leads", "organization"),
               ("works_for", "organization"), ("participant_in", "event"),
               ("related_to", "person")),
    "place": (("located_in", "place"), ("part_of", "place")),
    "system": (("developed_by", "organization"), ("operated_by", "organization"),
               ("launched_from", "place"), ("derived_from", "system"), ("featured_in", "event")),
    "organization": (("located_at", "place"), ("part_of", "organization"),
                     ("related_to", "organization")),
    "event": (("located_at", "place"), ("related_to", "event")),
}

# Invented words are made of these syllables.
SYLLABLE_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
                   "dr", "gr", "kr", "tr", "st", "sk", "vr")
SYLLABLE_VOWELS = ("a", "e", "i", "o", "u", "ai", "ei")
SYLLABLE_CODAS = ("", "", "", "n", "r", "l", "s", "th", "sk", "m", "v")
