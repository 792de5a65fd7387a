"""coach/goals."""
