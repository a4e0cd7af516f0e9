"""Policies: who must read them (audience), how they are shown (rendering, diff), who may act."""
