"""The coach as an MCP server (Model Context Protocol), for AI assistants and HR tools.

An adapter beside the HTTP routes, not a separate package: each tool takes its route's request
model and returns its route's response model (api/schemas.py, coach/), and over HTTP it is the
`/mcp` route of the same app, behind the same key check, rate limit and body limit. `server`
builds it, `http` mounts it, `stdio` serves it for `mus-coach mcp`. The package is not named
`mcp` at the top level, which would shadow the SDK.
"""
