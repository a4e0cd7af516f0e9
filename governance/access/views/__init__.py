"""The access pages: grants, requests, people, the matrix, the Access home."""
