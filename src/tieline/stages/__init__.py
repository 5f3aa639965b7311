"""Built-in stages, one module each. ``tieline.registry`` registers them."""
