"""Real processes for the tests, the benchmark and the drills: gunicorn servers
(production settings), a tiny HTTP client and a TCP proxy that can cut a
server off from its database. Neither the tests nor bench/ import each other;
both use this."""
