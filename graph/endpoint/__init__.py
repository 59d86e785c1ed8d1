"""The SPARQL 1.1 endpoint: protocol, guard, query worker pool, linked data and example queries.

``mount.register_endpoint`` puts it on a Flask server.
"""
