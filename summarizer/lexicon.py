"""Closed word lists the rules rely on: English function and reporting vocabulary only.

Nothing here names a person, a place or an article; world knowledge (countries, capitals,
parties) lives in `data/gazetteer.json`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Courtesy titles: dropped from canonical names, but they tell a person's gender.
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dr": None,
    "dr.": None,
    "prof": None,
    "prof.": None,
    "professor": None,
    "rev": None,
    "rev.": None,
    "revd": None,
    "reverend": None,
    "rt": None,
    "rt.": None,
}

# Styles that belong to a name ("Lord Holme", "Sir Menzies Campbell", "Prince Edward").
NAME_STYLES: dict[str, str | None] = {
    "sir": "m",
    "lord": "m",
    "lady": "f",
    "dame": "f",
    "baroness": "f",
    "baron": "m",
    "prince": "m",
    "princess": "f",
    "king": "m",
    "queen": "f",
    "duke": "m",
    "duchess": "f",
    "pope": "m",
    "cardinal": "m",
    "archbishop": None,
    "bishop": None,
    "rabbi": None,
    "imam": "m",
    "ayatollah": "m",
    "sultan": "m",
    "emir": "m",
    "sheikh": "m",
    "sheikha": "f",
}

# Styles that name one person on their own, with "the": "the Queen", "the Pope".
UNIQUE_STYLES = _words("queen king pope")

# Nouns naming a person's post ("Foreign Minister X", "X, party chairman").
PERSON_TITLES = _words(
    """
    president presidents minister ministers secretary secretaries chancellor premier leader
    leaders chairman chairmen chairwoman chairperson chair co-chair co-chairman vice-chairman
    deputy-chairman vice-president deputy-leader spokesman spokeswoman spokesperson spokesmen
    governor senator senators mayor ambassador envoy commissioner chief-executive director
    commander officer official officials adviser advisor aide representative rep mp mps mep
    meps msp msps congressman congresswoman judge speaker secretary-general general-secretary
    undersecretary under-secretary manager founder owner boss coach captain editor
    correspondent analyst economist professor dr attorney head chief cardinal archbishop bishop
    constable inspector sergeant superintendent detective gen general col colonel lt major maj
    capt admiral brigadier lawyer solicitor barrister farmer doctor businessman author writer
    journalist presenter broadcaster actor actress singer campaigner activist councillor mla
    backbencher alderman peer frontman frontwoman striker midfielder defender goalkeeper
    winger referee agent
    """
)

# Words that go with those in a title ("Deputy Foreign", "Shadow Home", "Trade and Industry").
TITLE_MODIFIERS = _words(
    """
    vice prime deputy foreign defence defense interior home justice health education finance
    trade industry culture shadow general attorney acting first former state affairs economic
    economy environment transport work pensions employment energy agriculture interim junior
    senior assistant party committee policy international development constitutional veteran
    security intelligence communities local government cabinet office treasury sport media
    science technology ex executive lord
    """
)
TITLE_WORDS = PERSON_TITLES | TITLE_MODIFIERS

# Title words that are also names of institutions on their own ("the Treasury said").
INSTITUTION_WORDS = _words("treasury cabinet office government party committee executive")

# Letters after a name, dropped from it ("Guy Mansfield QC").
POST_NOMINALS = _words("qc kc mp mep msp am obe mbe cbe jr jr.")

# Things that are named but neither speak nor attend ("the ... Bill proposes").
DOCUMENT_NOUNS = _words(
    """
    bill act report law treaty constitution directive paper budget manifesto guidelines
    survey study poll review convention charter agreement accord plan strategy scheme
    """
)

# Heads of institution names the NER may miss ("the Scottish Executive").
ORG_HEADS = _words(
    """
    executive government assembly parliament council office party commission committee
    ministry department authority agency union association society trust federation
    institute bank court foundation confederation congress senate cabinet lords
    """
)

# A country's government speaks for the country ("the British government" -> UK).
GOVERNMENT_NOUNS = _words("government administration authorities regime ministry")
# A mission that speaks for its country when unnamed ("the Russian embassy said").
MISSION_NOUNS = _words("embassy consulate")

# Role nouns for a person whose name is given elsewhere ("the prime minister").
PERSON_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson spokesmen spokeswomen official officials source sources
    aide aides adviser advisers advisor advisors minister ministers secretary representative
    representatives chairman chairwoman chair leader leaders head chief director executive
    president premier chancellor envoy ambassador diplomat diplomats officer negotiator
    negotiators mp mps member members lawyer lawyers statement delegates delegate watchdog
    regulator board office judges justices lawmakers legislators senators councillors
    councilors
    """
)

# Of those, the ones who speak *for* a body, so an unnamed one stands for the body
# ("a Home Office spokeswoman" -> Home Office); a president or a chairman speaks as a person.
REPRESENTATIVE_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson spokesmen spokeswomen official officials source sources
    aide aides adviser advisers advisor advisors ministers representative representatives
    envoy diplomats negotiator negotiators lawyer lawyers statement delegates delegate mps
    members officers watchdog regulator board office judges justices lawmakers legislators
    senators councillors councilors
    """
)

# The press, which speaks as the title it prints ("The Mirror newspaper said", "the paper").
MEDIA_NOUNS = _words("newspaper paper tabloid magazine broadsheet")

# People one meets: "met his EU counterparts", not "met his fiscal rules".
PEOPLE_NOUNS = PERSON_NOUNS | _words(
    """
    counterpart counterparts colleague colleagues parent parents family families union unions
    supporter supporters activist activists resident residents worker workers group groups
    victim victims survivor survivors student students pupil pupils leader leaders
    president king queen prince pope delegation delegations team teams negotiators envoys
    """
)

# Family: meeting one's future wife is courtship, not a meeting ("met his wife at college").
KIN_NOUNS = _words(
    """
    wife wives husband husbands partner girlfriend boyfriend fiancee fiance son daughter
    mother father brother sister relatives family
    """
)

# Nouns standing for an unnamed person or group: never an actor by themselves.
UNNAMED_NOUNS = _words(
    """
    critic critics observer observers analyst analysts expert experts commentator commentators
    insider insiders witness witnesses resident residents people campaigner campaigners
    someone somebody anyone everyone many some others voter voters
    """
)

# Reporting and stance verbs (lemmas): who said, demanded, rejected ... what.
SPEECH_VERBS = _words(
    """
    say tell add claim insist demand reject oppose refuse urge warn vow acknowledge hint
    dismiss accuse deny argue suggest state announce admit concede criticise criticize
    condemn welcome propose pledge promise agree disagree explain maintain stress emphasise
    emphasize question ask threaten describe brand complain note reply respond confirm
    declare predict defend blame praise protest caution recommend reveal comment assert
    contend allege dispute reiterate repeat signal write believe fear hope want attack
    slam lambast accept back support call favour favor apologise apologize label dub challenge
    rule decide conclude liken reaffirm post tweet indicate thank cite report
    """
)

# Speech verbs that need a content (a clause, an object) to count as a statement.
NEEDS_CONTENT = _words(
    "believe fear hope want accept back support call favour favor challenge liken reaffirm thank"
    " cite"
)

# Speech verbs that state something only with a that-clause ("agreed that ...", not
# "agreed to set up a body", which reports a decision).
# Courts and panels "rule", "decide" or "conclude" that ...: a finding, stated as such.
NEEDS_CLAUSE = _words("agree rule decide conclude post tweet indicate report")

# Speech nouns: "its demand that ...", "Syria's denials", "Mr Blair's promise".
SPEECH_NOUNS = _words(
    """
    demand demands call calls warning warnings claim claims criticism pledge pledges promise
    promises proposal proposals accusation accusations denial denials statement statements
    insistence refusal rejection appeal appeals threat threats vow vows comments remarks plea
    condolence condolences congratulation congratulations apology apologies announcement
    objection objections
    """
)

# Stances a light verb voices ("expressed concern", "voiced support"), which as nouns alone
# ("his support") would not report speech.
VOICED_NOUNS = _words(
    "concern concerns hope hopes regret support confidence doubt doubts reservations"
    " disappointment frustration solidarity gratitude opposition dismay"
)

# Light verbs that carry a speech noun ("repeated its demand", "issued a warning").
LIGHT_VERBS = _words("repeat make issue renew reiterate restate voice offer express send")

# Events people attend, skip or boycott.
EVENT_NOUNS = _words(
    """
    talks talk summit summits meeting meetings conference conferences negotiations negotiation
    ceremony ceremonies funeral wedding session sessions debate debates hearing hearings rally
    rallies congress convention forum gathering event events celebration celebrations
    reception dinner launch opening inauguration commemoration commemorations memorial
    festival awards premiere vigil march protest demonstration parade briefing discussions
    race races heat heats contest luncheon lunch banquet seminar workshop symposium screening
    retreat coronation commencement graduation plenary hustings synod conclave
    jubilee procession investiture enthronement roundtable
    consultations round games tournament championship match final proceedings anniversary
    address speech lecture vote ballot
    concert concerts gig gigs show shows gala exhibition expo fair keynote tribunal tribunals
    game fixture fixtures cup semi-final quarter-final play-off olympics paralympics
    """
)

# A "service" is an event only as a rite ("a memorial service", not "public services").
RITE_WORDS = _words("memorial church remembrance thanksgiving funeral religious")

# Quantifiers that make a people an unnamed crowd ("many Britons believe").
QUANTIFIERS = _words("many some most few several all more other")

# Where something was said, not an event attended ("a news conference").
NOT_EVENT_COMPOUNDS = _words("news press media telephone phone")

# Shows a performer gives, plays or stages ("gave a concert", "played a sell-out gig").
PERFORMANCE_NOUNS = _words("concert concerts gig gigs show shows recital recitals")

# What one gives at an event: "delivered a speech to the conference", "an address from X".
SPEECH_EVENT_NOUNS = _words("speech address lecture keynote sermon eulogy homily oration")

# Those one speaks to at an event ("told delegates", "speaking to pupils").
AUDIENCE_NOUNS = _words(
    """
    delegates delegate audience audiences crowd crowds supporters activists pupils students
    conference rally graduates congregation constituents gathering faithful fans spectators
    mourners guests
    """
)

# Groups an attendee belongs to ("members of the delegation include X").
DELEGATION_NOUNS = _words("delegation delegations entourage contingent mission")

# Predicates of staying away (lemmas), their phrasal forms, and nouns.
ABSENT_VERBS = _words("skip miss boycott snub shun")
ABSENT_PHRASAL = {
    "stay": "away",
    "pull": "out",
    "drop": "out",
    "beg": "off",
    "back": "out",
    "bow": "out",
    "opt": "out",
}
ABSENT_NOUNS = _words("absence boycott non-attendance exclusion")
# Nouns of being there: "his attendance", "made an appearance", "her presence at the talks".
PRESENCE_NOUNS = _words("attendance presence participation appearance appearances arrival")
# Rites whose subject is there by definition: "his induction", "the induction of X".
INDUCTION_NOUNS = _words("induction inauguration investiture swearing-in enthronement")
# Verbs that call off a planned appearance ("cancelled an appearance at the premiere").
CANCEL_VERBS = _words("cancel scrap abandon")
PRESENCE_ADJ = {"present": True, "absent": False}

# Nouns for the countries of a bloc: "the member countries of A and B".
NATION_NOUNS = _words("country nation state member")

# Governors that make their complement an expectation, or a refusal.
EXPECT_VERBS = _words("expect schedule due set slate plan likely poise thought bill")
REFUSAL_VERBS = _words("refuse decline fail")
# Adverbs that make a statement habitual, not about one event ("does not usually attend").
HABITUAL_ADVERBS = _words(
    "usually normally often always generally rarely seldom typically ordinarily"
)

# Pronouns by the kind of actor they can stand for.
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = _words("it its they them their")
