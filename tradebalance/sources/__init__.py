"""One parser per official file format (MOF, Census, FRED) and the Census API client."""
