"""The reminder engine: providers say what is due, the sweep writes the outbox, digests send it."""
