"""The open-loop generator: every request on its schedule, whatever the server does."""

import asyncio

from scripts.tools import openloop


def test_every_endpoint_comes_round_once_per_round_in_a_seeded_order():
    endpoints = [(f"e{i}", f"/{i}") for i in range(5)]
    planned = openloop.schedule(endpoints, 12)
    assert len(planned) == 12
    assert sorted(planned[:5]) == sorted(planned[5:10]) == endpoints
    assert planned == openloop.schedule(endpoints, 12) and planned[:5] != planned[5:10]


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert openloop.percentile(values, 0.95) == 95 and openloop.percentile(values, 0.5) == 50
    assert openloop.percentile([7.0], 0.99) == 7.0


def test_a_slow_server_gets_more_requests_in_flight_not_fewer_requests():
    """A closed loop would wait for each answer; the open loop keeps sending, so answers overlap."""
    in_flight, most = 0, 0

    async def slow(reader, writer):
        nonlocal in_flight, most
        await reader.readuntil(b"\r\n\r\n")
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.4)
        in_flight -= 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        writer.close()

    async def run():
        server = await asyncio.start_server(slow, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            return await openloop.drive(f"http://127.0.0.1:{port}", [("a", "/a"), ("b", "/b")], rate=20, seconds=1)
        finally:
            server.close()

    figures = asyncio.run(run())
    assert figures["requests"] == 20 and figures["failures"] == 0
    assert {name: e["requests"] for name, e in figures["endpoints"].items()} == {"a": 10, "b": 10}
    assert most > 1
