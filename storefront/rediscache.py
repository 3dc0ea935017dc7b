"""The shared cache on Redis: Django's own backend, keeping one redis-py client per connection pool.

Django's backend builds a new redis-py client object for every command, about five hundred Python calls each; a browse
page sends two or three commands, so that was as much work as drawing its facets. A redis-py client is safe to share
between threads and holds nothing but its pool, which redis-py itself renews in a forked process.
"""

from django.core.cache.backends import redis
from django.utils.functional import cached_property


class _Client(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    @cached_property
    def _cache(self):
        return _Client(self._servers, **self._options)
