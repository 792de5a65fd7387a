"""coach/llm."""
