"""Small request and response rules that hold for whole URL spaces rather than single views."""

from django.utils.cache import patch_cache_control

MAX_QUERY = 200
# Every page under these is about one person or the co-op's private business (orders, statements, makers' private
# fields, payout CSVs): no browser, proxy or shared cache may keep a copy.
PRIVATE_PREFIXES = ("/dashboard/", "/shop/accounts/")


class LimitSearchQuery:
    """Search queries are cut to a length a person types, before any view echoes them into links and headings."""

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


class PrivatePagesNotStored:
    """``Cache-Control: no-store, private`` on every response under ``PRIVATE_PREFIXES``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, no_store=True, private=True)
        return response
