"""Web: the base layout, navigation, login, home page and health check."""
