"""Gold-question evaluation: run a set of questions with known answers and score the system."""
