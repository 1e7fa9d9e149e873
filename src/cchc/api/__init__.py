"""The HTTP API under /api/v1/ (U-5): OpenAPI 3 at /api/openapi.json, Bearer tokens, the pages' policy."""
