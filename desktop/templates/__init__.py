"""Layout files (resources/templates/*.toml): loading and checking them."""
