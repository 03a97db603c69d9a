"""Scale-out: extraction in worker processes on one machine, or on Spark across many."""
