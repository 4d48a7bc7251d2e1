"""Key points of a news article: who attends, who is absent, who says what, and a summary.

A pure library (text in, `KeyPoints` out): no I/O, no network, no database.

    from summarizer import extract
    points = extract(article_text, title="...", url="...")
    points.to_dict()  # the JSON of `briefbot extract --format json`
"""

from summarizer.extract import Extractor, extract, extract_many
from summarizer.model import Actor, Attendance, Event, KeyPoints, Position, Statement
from summarizer.nlp import ModelNotFoundError

__all__ = [
    "Actor",
    "Attendance",
    "Event",
    "Extractor",
    "KeyPoints",
    "ModelNotFoundError",
    "Position",
    "Statement",
    "extract",
    "extract_many",
]
