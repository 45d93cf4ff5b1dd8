"""podium.schemas: the official OASIS Akoma Ntoso 3.0 XSD (``akn/``) and podium's own rules."""
