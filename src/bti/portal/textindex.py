"""Full-text indexes whose word map concurrent writers can merge.

A ZCTextIndex (Title, SearchableText, Description) keeps one IOBTree,
``_wordinfo``, from a word id to the documents with that word: a dict while a
word has fewer than ten documents, an IIBTree after. Every index of a document
writes its words back into that tree, even when the value is the same IIBTree,
and a bucket holding any dict cannot be merged (dicts have no order, so the
BTrees conflict resolution gives up). Every new item in a log indexes the same
title words ("Message 03.12.2026"), so concurrent adds to one log conflicted
on that bucket until Zope's retries ran out (tests/test_concurrent_writes).

ConflictFreeOkapiIndex keeps an IIBTree for every word from its first
document and writes the word map only for a new word: adding a document
writes the words' own IIBTrees, whose inserts of different documents merge.
``make_conflict_free`` switches a catalog's Okapi indexes to it in place.
"""

from Acquisition import aq_base
from BTrees.IIBTree import IIBTree
from Products.ZCTextIndex.OkapiIndex import OkapiIndex


class ConflictFreeOkapiIndex(OkapiIndex):
    """OkapiIndex with an IIBTree (never a dict) per word, written in place."""

    def _doc2score(self, wid) -> tuple[IIBTree, bool]:
        """The word's IIBTree and whether the word is new."""
        doc2score = self._wordinfo.get(wid)
        if doc2score is None:
            doc2score = self._wordinfo[wid] = IIBTree()
            return doc2score, True
        if isinstance(doc2score, dict):  # from before the switch
            doc2score = self._wordinfo[wid] = IIBTree(doc2score)
        return doc2score, False

    def _add_wordinfo(self, wid, f, docid):
        doc2score, new = self._doc2score(wid)
        doc2score[docid] = f
        if new:
            self.length.change(1)

    def _mass_add_wordinfo(self, wid2weight, docid):
        new_words = 0
        for wid, weight in wid2weight.items():
            doc2score, new = self._doc2score(wid)
            doc2score[docid] = weight
            new_words += new
        if new_words:
            self.length.change(new_words)

    def _del_wordinfo(self, wid, docid):
        doc2score, _new = self._doc2score(wid)
        del doc2score[docid]
        if not doc2score:
            del self._wordinfo[wid]
            self.length.change(-1)


def convert(index) -> bool:
    """Switch one ZCTextIndex's Okapi index to ConflictFreeOkapiIndex in place
    (its word dicts become IIBTrees); False when it is not a plain Okapi one."""
    okapi = aq_base(getattr(aq_base(index), "index", None))
    if okapi is None or type(okapi) not in (OkapiIndex, ConflictFreeOkapiIndex):
        return False
    if type(okapi) is OkapiIndex:
        okapi.__class__ = ConflictFreeOkapiIndex
        okapi._p_changed = True
    for wid, doc2score in list(okapi._wordinfo.items()):
        if isinstance(doc2score, dict):
            okapi._wordinfo[wid] = IIBTree(doc2score)
    # ZCTextIndex.clear() makes a new index from this factory.
    if getattr(aq_base(index), "_index_factory", None) is OkapiIndex:
        index._index_factory = ConflictFreeOkapiIndex
    return True


def make_conflict_free(catalog) -> list[str]:
    """Every Okapi ZCTextIndex of a catalog (portal_catalog); their ids."""
    converted = []
    for index_id in catalog.indexes():
        index = catalog._catalog.getIndex(index_id)
        if getattr(index, "meta_type", "") == "ZCTextIndex" and convert(index):
            converted.append(index_id)
    return converted
