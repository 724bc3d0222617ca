"""The HTTP server: Voucherify's paths and headers over the JSON API, on uvicorn.

`app.HttpApp` is the ASGI application (auth, limits, one log line and metrics per request,
`/health`, `/metrics`, `/v1/events`); `server.serve_http` runs it with the gRPC server
alongside when asked (`redemption-core serve --http HOST:PORT`).
"""
