"""The Redis broker transport, with the one fix that keeps a worker alive when Redis restarts.

Celery 5.7 (celery/celery#10242) answers a lost broker connection with `connection.collect()`
and then `connection.close()`. With kombu 5.7's Redis transport the first step fails half-way:
the channel, blocked in BRPOP on the dead socket, raises the connection error while closing and
stays open; `collect()` then detaches the transport, and the second step closes that channel
again. Closing requeues the unacknowledged messages, which needs the detached transport's
address, and the worker dies of `AttributeError: 'NoneType' object has no attribute 'hostname'`.

A channel whose BRPOP socket died has nothing left to read: it closes at once, while its
transport can still reach Redis (when Redis is already back, the unacknowledged messages go
back to their queues; when it is not, they wait in Redis's unacked hash for kombu's visibility
timeout, and the sending engine's sweeper never waited for either: docs/sending.md).
"""

import contextlib
from queue import Empty

from kombu import transport
from kombu.transport import redis


class Channel(redis.Channel):
    def close(self):
        if self._in_poll:
            with contextlib.suppress(Empty, *self.connection_errors):
                self._brpop_read()
        super().close()


class Transport(redis.Transport):
    Channel = Channel


def install():
    """Make every `redis://`, `rediss://` and `redis+socket://` broker URL use this transport."""
    transport.TRANSPORT_ALIASES.update(redis=f"{__name__}:Transport", rediss=f"{__name__}:Transport")
