"""One parser per official file format (MOF, Census, FRED), the Census API client, and the table of sources."""
