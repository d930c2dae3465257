from __future__ import annotations

from collections.abc import Iterator

import pytest

from lms.testing import webhook_receiver as receiver_module


@pytest.fixture
def receiver() -> Iterator[receiver_module.Receiver]:
    r = receiver_module.start()
    yield r
    r.server.shutdown()
    r.server.server_close()
