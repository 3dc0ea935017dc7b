"""Search queries are cut to a length a person types, before any view echoes them into links and headings."""

MAX_QUERY = 200


class LimitSearchQuery:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.get("q")
        if query is not None and len(query) > MAX_QUERY:
            params = request.GET.copy()
            params["q"] = query[:MAX_QUERY]
            request.GET = params
            request.META["QUERY_STRING"] = params.urlencode()
        return self.get_response(request)
