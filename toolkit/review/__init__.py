"""The post-editing loop: a run's translations reviewed, approved into the memory, and checked again."""
