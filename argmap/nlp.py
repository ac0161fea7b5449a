"""The spaCy pipeline: a blank one with rule-based sentences by default, a trained one on request.

spaCy is imported here and only here, and only when a pipeline is first needed, so that
``argmap --help`` does not pay for it.
"""

from __future__ import annotations

from functools import lru_cache

from .errors import ModelNotFound

__all__ = ["load_nlp", "DEFAULT_MODEL"]

DEFAULT_MODEL = "blank"
#: components argmap never reads (it needs sentence boundaries only): not even loaded. The tagger,
#: morphologizer and attribute ruler listen to the shared tok2vec but nothing listens to them.
_NOT_NEEDED = ("ner", "lemmatizer", "trainable_lemmatizer", "textcat", "textcat_multilabel", "entity_linker",
               "entity_ruler", "span_finder", "spancat", "tagger", "morphologizer", "attribute_ruler")


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, lang: str = "en"):
    """A pipeline that sets sentence boundaries, loaded once per process.

    ``model=None`` (or ``"blank"``) builds ``spacy.blank(lang)`` with a sentencizer: nothing is
    downloaded. Any other name is loaded with ``spacy.load`` with the components argmap does
    not use disabled; a missing pipeline raises ``ModelNotFound`` with the install command.
    """
    import spacy

    if model in (None, "", DEFAULT_MODEL):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        nlp.max_length = 50_000_000
        _keep_abbreviations(nlp, lang)
        return nlp
    try:
        nlp = spacy.load(model, exclude=list(_NOT_NEEDED))
    except OSError:
        raise ModelNotFound(
            f"the spaCy pipeline {model!r} is not installed: install it with "
            f"'python -m spacy download {model}' (or pip install its package), or leave out --model "
            "to use the built-in blank pipeline"
        ) from None
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    _keep_abbreviations(nlp, lang)
    return nlp


def _keep_abbreviations(nlp, lang: str) -> None:
    """A month's abbreviation with its full stop ends no sentence when a number follows it ("on JAN. 5,
    2025, the agency …", "am 3. Febr. 2025"), but does end one before anything else ("in DEC. The agency
    …"): a component after the sentence splitter joins the two. Kept whole by the tokenizer ("Jan."), it
    ends its sentence when a capitalised word that opens a clause follows ("in Jan. The agency …"), and
    not before a name ("in Jan. Smith said" could go either way); the words are the language pack's."""
    from .lang import pack_languages

    if lang not in pack_languages():
        return
    _register_month_dates()
    where = ({"before": "parser"} if nlp.has_pipe("parser")
             else {"after": next(n for n in ("senter", "sentencizer") if nlp.has_pipe(n))})
    nlp.add_pipe("argmap_month_dates", config={"lang": lang}, **where)


def _join_cut_sentences(doc) -> None:
    """Where the sentence splitter cut at a full stop that ends no sentence, the two pieces are one.

    - a word in lower case opens no sentence: what follows an abbreviation ("(i.e., contracts …",
      "30 U.S.C. §§1401 et seq.) as an interim measure") or an ellipsis inside a quotation ("a
      "formalized . . . hearing"") goes on with the sentence before;
    - a designation's abbreviation before its number ("S.Res. 331", "H.Res. 375"): a stop glued to a
      word that holds a stop of its own, with a number right after it ("… mention it. 5 Nor do …", a
      note's number after a plain word, still ends the sentence).
    """
    for token in doc[1:]:
        if not token.is_sent_start:
            continue
        first = token.text[:1]
        if first.isalpha() and first.islower() and _after_a_stop(doc, token.i):
            token.is_sent_start = False
            continue
        before = doc[token.i - 1]
        if token.like_num and before.text == "." and token.i >= 2 and not doc[token.i - 2].whitespace_:
            word = doc[token.i - 2].text
            if "." in word.strip("."):
                token.is_sent_start = False


_CLOSERS = frozenset(")]\"'”’»,;:")


def _after_a_stop(doc, i: int) -> bool:
    """Whether the cut before token ``i`` follows a full stop (past closing brackets, quotes and the
    comma of "i.e.,"); a question or an exclamation may run on in lower case."""
    i -= 1
    while i >= 0 and doc[i].text in _CLOSERS:
        i -= 1
    return i >= 0 and doc[i].text.endswith(".")


@lru_cache(maxsize=1)
def _register_month_dates() -> None:
    """Register the component once, on first use, so that importing this module does not import spaCy."""
    from spacy.language import Language

    from .dates import clause_openers, month_abbreviations

    @Language.factory("argmap_month_dates", default_config={"lang": "en"})
    def make(nlp, name, lang):
        months = frozenset(month_abbreviations(lang))
        openers = clause_openers(lang)

        def keep_dates(doc):
            parsed = doc.has_annotation("DEP")
            for token in doc[:-1]:
                # "in Jan. The agency …": the tokenizer keeps "Jan." whole, so no full stop of its own ends the
                # sentence; a capitalised word that opens a clause and names no one after it does
                after = doc[token.i + 1]
                if (not parsed and token.text.endswith(".") and token.lower_[:-1] in months
                        and after.lower_ in openers and after.text[:1].isupper() and token.whitespace_):
                    after.is_sent_start = True
            for token in doc[1:]:
                if not token.like_num:
                    continue
                before = doc[token.i - 1]
                if before.text == "." and token.i >= 2 and not doc[token.i - 2].whitespace_:
                    month = doc[token.i - 2].lower_
                elif before.text.endswith(".") and len(before.text) > 1:
                    month = before.lower_[:-1]
                else:
                    continue
                if month in months and token.is_sent_start and not doc.has_annotation("DEP"):
                    token.is_sent_start = False
            if not parsed:
                _join_cut_sentences(doc)
            return doc

        return keep_dates
