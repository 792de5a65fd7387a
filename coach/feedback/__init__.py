"""coach/feedback."""
