"""A TCP proxy that holds every chunk a client sends for a fixed delay before passing it on.

Loopback answers in well under a millisecond; S3 itself takes tens of milliseconds a request.
Put this between a client and the sandbox S3 server to see how a command behaves when round
trips cost that much:

    python3 bench/lib/latency_proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_SECONDS

Replies pass at once, so each request costs about one delay, as one round trip would.
"""
import asyncio
import sys


async def pipe(reader, writer, delay):
    try:
        while data := await reader.read(65536):
            if delay:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(listen_port, upstream_port, delay):
    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
        await asyncio.gather(pipe(client_reader, server_writer, delay), pipe(server_reader, client_writer, 0))

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: latency_proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_SECONDS")
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
