"""A second outlet's version of a BBC report, written for these tests (the original is read from
../shared/data/bbc-news-full/politics/015.txt)."""

GIBRALTAR_SECOND_TITLE = "Britain, Spain and Gibraltar open forum talks at Chevening"
GIBRALTAR_SECOND_TEXT = (
    "British, Spanish and Gibraltarian officials meet on Wednesday at Chevening, the Kent "
    "country house of Foreign Secretary Jack Straw, for two days of discussions about the Rock. "
    "Gibraltar's chief minister Peter Caruana is attending on behalf of the territory's "
    "residents, and Dominick Chilcott, the Foreign Office's Europe director, leads the British "
    "side. Spain has sent Jose Maria Pons, its director general for Europe. The Spanish foreign "
    "minister, Miguel Moratinos, is not taking part in this round. The meeting is meant to set "
    "up a new forum giving Gibraltarians a say in their future, as agreed by Mr Straw and Mr "
    "Moratinos in October. Madrid's socialist government has shelved its sovereignty claim for "
    "now, and voters in Gibraltar have previously rejected shared sovereignty between London "
    "and Madrid in a referendum."
)

# A third outlet contradicts the second about the Spanish foreign minister.
GIBRALTAR_THIRD_TITLE = "Moratinos joins Gibraltar talks at Chevening"
GIBRALTAR_THIRD_TEXT = (
    "Spain's Foreign Minister Miguel Moratinos attended the talks on Gibraltar's future at "
    "Chevening on Wednesday, officials said. Gibraltar's Chief Minister Peter Caruana also "
    "attended the two-day summit at Foreign Secretary Jack Straw's Kent residence. The meeting "
    "will plan a new forum giving Gibraltarians a voice in the Rock's future, after Mr Straw "
    "and Mr Moratinos agreed in October to set one up."
)
