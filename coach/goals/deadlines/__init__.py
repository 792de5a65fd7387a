"""coach/goals/deadlines."""
