"""The search box of every page and the sort and facet choices of the catalogue, product line and search pages, as
Oscar's templates name them (``q``, ``sort_by``, ``selected_facets=<facet>:<value>``)."""

from collections import defaultdict

from django import forms

from catalogue import search


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    """What a browse or search page is asked for: words, an order and facet values. Anything odd in them is left
    out, so a bad address still gives a normal page."""

    q = forms.CharField(required=False, label="Search",
                        widget=SearchInput({"placeholder": "Search", "class": "form-control"}))
    sort_by = forms.ChoiceField(label="Sort by", choices=search.ORDERS, required=False)

    @property
    def words(self):
        return search.plain_words(self.data.get("q"))

    @property
    def order(self):
        return (self.is_valid() and self.cleaned_data["sort_by"]) or search.RELEVANCE

    @property
    def selected_facets(self):
        """{facet: values} from the address; a choice of an unknown facet is left out."""
        chosen = defaultdict(set)
        for item in self.data.getlist("selected_facets"):
            key, _, value = item.partition(":")
            if key in search.FACETS and value:
                chosen[key].add(value)
        return dict(chosen)

