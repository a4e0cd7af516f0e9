"""The policy pages: documents and versions, and the crisis plan's contact roster."""
