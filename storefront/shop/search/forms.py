"""What the catalogue, product line and search pages are asked for, in Oscar's parameter names: ``q`` (the search box
of every page), ``sort_by`` and ``selected_facets=<facet>:<value>``."""

from collections import defaultdict
from dataclasses import dataclass

from catalogue import search

ORDER_VALUES = frozenset(value for value, _ in search.ORDERS)


@dataclass(frozen=True)
class Asked:
    """The words, order and facet values of a browse page's address. Anything odd in them is left out, so a bad
    address still gives a normal page. (Not a Django form: nothing is shown back in form fields, and a form copies
    its fields for every request, which cost a browse page more than reading the three parameters.)"""

    query: str  # as typed, to show back
    words: str  # the words searched for (``search.plain_words``)
    order: str
    selected_facets: dict  # {facet: {values}}; a choice of an unknown facet is left out

    @classmethod
    def of(cls, params):
        query = params.get("q", "")
        order = params.get("sort_by")
        chosen = defaultdict(set)
        for item in params.getlist("selected_facets"):
            key, _, value = item.partition(":")
            if key in search.FACETS and value:
                chosen[key].add(value)
        return cls(query=query, words=search.plain_words(query),
                   order=order if order in ORDER_VALUES else search.RELEVANCE, selected_facets=dict(chosen))
