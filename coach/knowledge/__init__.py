"""coach/knowledge."""
