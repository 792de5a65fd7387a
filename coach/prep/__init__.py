"""coach/prep."""
